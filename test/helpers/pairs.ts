import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** One pair of the diff corpus: two complete schemas, and the tags of its header. */
export interface Pair {
  readonly name: string;
  readonly a: string;
  readonly b: string;
  readonly tags: ReadonlySet<string>;
  /** `--rename` values for A→B, from `-- rename: OLD=NEW` header lines. */
  readonly renames: readonly string[];
  /**
   * Queries whose rows a plan must keep, from `-- rows: SELECT …` header lines of either side:
   * each gives the same rows before and after the plan, in both directions.
   */
  readonly rows: readonly string[];
}

/**
 * Every `test/<folder>/NNN_name/{a,b}.sql`, in name order: the PostgreSQL corpus is
 * `diff-pairs`, another dialect's has a folder of its own (`diff-pairs-mysql`).
 */
export function loadPairs(folder = 'diff-pairs'): Pair[] {
  const PAIRS_DIR = join(import.meta.dirname, '..', folder);
  return readdirSync(PAIRS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const a = readFileSync(join(PAIRS_DIR, name, 'a.sql'), 'utf8');
      const b = readFileSync(join(PAIRS_DIR, name, 'b.sql'), 'utf8');
      const tags = new Set<string>();
      const renames: string[] = [];
      const rows = [...a.split('\n'), ...b.split('\n')]
        .map((line) => /^--\s*rows:\s*(.+)$/.exec(line)?.[1]?.trim())
        .filter((query): query is string => query !== undefined);
      for (const line of a.split('\n')) {
        const rename = /^--\s*rename:\s*(\S+)/.exec(line);
        if (rename?.[1]) renames.push(rename[1]);
        const match = /^--\s*requires:\s*(.*)$/.exec(line);
        if (match?.[1]) {
          const [flags] = match[1].split(/extensions?:/);
          for (const tag of (flags ?? '').split(',')) if (tag.trim()) tags.add(tag.trim());
          if (/extensions?:/.test(match[1])) tags.add('extensions');
        }
        if (/^--.*\bno-diff\b/.test(line)) tags.add('no-diff');
      }
      return { name, a, b, tags, renames, rows: [...new Set(rows)] };
    });
}
