/**
 * Idempotent `.gitignore` management: schemaguard's rules live in one marked block, only
 * missing rules are ever added, and the user's own lines are never changed or removed.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { SchemaguardError } from '../errors.js';
import { describeFsError, writeFileAtomic } from '../write-file.js';

/** The first line of schemaguard's block. */
export const GITIGNORE_BEGIN = '# >>> schemaguard >>>';
/** The last line of schemaguard's block. */
export const GITIGNORE_END = '# <<< schemaguard <<<';

/** One rule to have in a `.gitignore`, with the comment written above it when it is added. */
export interface GitignoreRule {
  readonly pattern: string;
  readonly comment?: string;
}

/** What {@link mergeGitignore} did. */
export interface GitignoreMerge {
  /** The new text; equal to the old one when nothing was missing. */
  readonly text: string;
  /** The patterns added, in order. */
  readonly added: readonly string[];
  /** The patterns left out because the file un-ignores them (`!pattern`): the user's choice is kept. */
  readonly negated: readonly string[];
}

/**
 * A pattern as far as "is it already there" goes: trimmed, without the leading `/` (a
 * pattern with a slash before its end is anchored either way) and without the trailing `/`.
 */
function normalized(pattern: string): string {
  return pattern.trim().replace(/^\//, '').replace(/\/$/, '');
}

/**
 * Merges rules into the text of a `.gitignore` (undefined: no file yet). A rule whose
 * pattern is already there, anywhere in the file, is not added again; one the file
 * un-ignores (`!pattern`) is left out. Missing rules go into schemaguard's marked block,
 * which is appended when absent. Line endings (LF or CRLF) follow the file's.
 */
export function mergeGitignore(existing: string | undefined, rules: readonly GitignoreRule[]): GitignoreMerge {
  const text = existing ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const present = new Set(lines.filter((l) => !l.trim().startsWith('#')).map(normalized));
  const negated = rules.filter((r) => present.has(`!${normalized(r.pattern)}`)).map((r) => r.pattern);
  const missing: GitignoreRule[] = [];
  for (const rule of rules) {
    const key = normalized(rule.pattern);
    if (present.has(key) || negated.includes(rule.pattern)) continue;
    present.add(key);
    missing.push(rule);
  }
  if (missing.length === 0) return { text, added: [], negated };
  const withComments = missing.flatMap((r) => (r.comment ? [`# ${r.comment}`, r.pattern] : [r.pattern]));
  const begin = lines.findIndex((l) => l.trim() === GITIGNORE_BEGIN);
  const end = begin < 0 ? -1 : lines.findIndex((l, i) => i > begin && l.trim() === GITIGNORE_END);
  if (begin >= 0 && end > begin) {
    lines.splice(end, 0, ...withComments);
  } else {
    if (lines.length > 0 && lines.at(-1)?.trim() !== '') lines.push('');
    lines.push(GITIGNORE_BEGIN, ...withComments, GITIGNORE_END);
  }
  return { text: `${lines.join(eol)}${eol}`, added: missing.map((r) => r.pattern), negated };
}

/** What {@link ensureGitignore} did to the file. */
export interface GitignoreResult extends GitignoreMerge {
  /** True when the file did not exist before. */
  readonly created: boolean;
}

/** Adds the missing rules to a `.gitignore` file (created when absent); an unchanged file is not written. */
export async function ensureGitignore(file: string, rules: readonly GitignoreRule[]): Promise<GitignoreResult> {
  let existing: string | undefined;
  try {
    existing = existsSync(file) ? await readFile(file, 'utf8') : undefined;
  } catch (error) {
    throw new SchemaguardError(`Cannot read ${file}: ${describeFsError(error)}.`, { cause: error });
  }
  const merged = mergeGitignore(existing, rules);
  if (merged.added.length > 0) {
    // Whole or not at all: a failed write leaves the file as it was.
    await writeFileAtomic(file, merged.text);
  }
  return { ...merged, created: existing === undefined && merged.added.length > 0 };
}
