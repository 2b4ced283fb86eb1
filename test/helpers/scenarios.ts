import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** One SQL file of the scenario corpus, with the tags of its `-- requires:` header. */
export interface Scenario {
  readonly name: string;
  readonly sql: string;
  readonly tags: ReadonlySet<string>;
}

/**
 * A scenario corpus: every `test/<folder>/*.sql`, in name order. PostgreSQL's is `scenarios`;
 * another dialect's has a folder of its own (`scenarios-sqlite`).
 */
export function loadScenarios(folder = 'scenarios'): Scenario[] {
  const SCENARIO_DIR = join(import.meta.dirname, '..', folder);
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(SCENARIO_DIR, file), 'utf8');
      const tags = new Set<string>();
      for (const line of sql.split('\n')) {
        const match = /^--\s*requires:\s*(.*)$/.exec(line);
        if (!match?.[1]) continue;
        // "pg16, superuser, extensions: citext, btree_gist": extension names are not tags.
        const [flags] = match[1].split(/extensions?:/);
        for (const tag of (flags ?? '').split(',')) if (tag.trim()) tags.add(tag.trim());
        if (/extensions?:/.test(match[1])) tags.add('extensions');
      }
      return { name: file.replace(/\.sql$/, ''), sql, tags };
    });
}
