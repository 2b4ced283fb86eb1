/**
 * Where a statement of the SQL generated from models comes from in the model files, so that
 * an error on the shadow database names the model file and its line, or says that the line
 * is in the generated SQL and shows the statement.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Model source files: `.ts`, `.js` (drizzle) and `.prisma` files, outside node_modules and hidden folders. */
const MODEL_FILE = /(?<!\.d)\.([cm]?[jt]s|prisma)$/;

/** The longest part of a statement shown in an error. */
const SHOWN = 160;

async function modelFiles(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const found: string[] = [];
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.'))
      found.push(...(await modelFiles(full)));
    else if (entry.isFile() && MODEL_FILE.test(entry.name)) found.push(full);
  }
  return found.sort();
}

/**
 * The names a statement creates or alters, most specific first: `CREATE INDEX i ON t` gives i, then t.
 * Names are bare, double-quoted (PostgreSQL) or backquoted (MySQL, whose views may carry
 * `ALGORITHM = …` and `SQL SECURITY …` before `VIEW`).
 */
function namesIn(statement: string): string[] {
  const part = String.raw`(?:"[^"]+"|\x60[^\x60]+\x60|\w+)`;
  const name = String.raw`(?:${part}\.)?(${part})`;
  const viewOptions = String.raw`(?:ALGORITHM\s*=\s*\w+\s+)?(?:SQL\s+SECURITY\s+\w+\s+)?`;
  const patterns = [
    new RegExp(
      String.raw`^\s*(?:CREATE|ALTER)\s+(?:UNIQUE\s+)?(?:MATERIALIZED\s+)?${viewOptions}(?:TABLE|TYPE|INDEX|SEQUENCE|VIEW|SCHEMA|POLICY)\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?(?:CONCURRENTLY\s+)?(?:ONLY\s+)?${name}`,
      'i',
    ),
    new RegExp(String.raw`\bCONSTRAINT\s+${name}`, 'i'),
    new RegExp(String.raw`\bON\s+(?:ONLY\s+)?${name}`, 'i'),
  ];
  return patterns
    .map((p) => p.exec(statement)?.[1])
    .filter((n): n is string => n !== undefined)
    .map((n) => n.replace(/^["\x60]|["\x60]$/g, ''));
}

/** `file, line N` (relative to `cwd`) of the first place a model file names `name` (as a string, or a Prisma model, enum or view). */
function placeOf(name: string, files: readonly { path: string; content: string }[], cwd: string): string | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = [
    new RegExp(`(["'\`])${escaped}\\1`),
    new RegExp(`^[ \\t]*(?:model|enum|view|type)[ \\t]+${escaped}\\b`, 'm'),
  ];
  for (const pattern of patterns) {
    for (const file of files) {
      const match = pattern.exec(file.content);
      if (match) {
        const line = file.content.slice(0, match.index).split('\n').length;
        return `${relative(cwd, file.path) || file.path}, line ${line}`;
      }
    }
  }
  return undefined;
}

/** The statement on one line, cut to a readable length. */
function shown(statement: string): string {
  const line = statement.replace(/\s+/g, ' ').trim();
  return line.length > SHOWN ? `${line.slice(0, SHOWN)}…` : line;
}

/**
 * Where a failing generated statement comes from: `the statement for "post" (schema.ts, line 12)
 * is: CREATE TABLE …`, or, when no model file names its object, that it is in the generated SQL.
 * Files are named relative to `cwd`.
 */
export async function locateGeneratedStatement(statement: string, modelsPath: string, cwd: string): Promise<string> {
  const files = await modelFiles(modelsPath)
    .then((paths) => Promise.all(paths.map(async (path) => ({ path, content: await readFile(path, 'utf8') }))))
    .catch(() => []);
  for (const name of namesIn(statement)) {
    const place = placeOf(name, files, cwd);
    if (place) return `the statement for "${name}" (${place}) is: ${shown(statement)}`;
  }
  return `the line is in the SQL generated from the models, in the statement: ${shown(statement)}`;
}
