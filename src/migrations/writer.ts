import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SchemaguardError, errorMessage } from '../errors.js';
import { writeFileAtomic } from '../schema/snapshot.js';
import type { MigrationFolder } from './formats.js';

/** A migration name as file names can hold it: lower-case words joined by `_`. */
export function migrationSlug(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!slug) throw new SchemaguardError(`"${name}" is not a usable migration name: use letters and digits.`);
  return slug;
}

/** `YYYYMMDDHHMMSS` in UTC: the version prefix most migration tools use. */
export function timestampVersion(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * The version of the next migration: the next number, as wide as the others, in a
 * folder numbered 1, 2, 3 (or 0001, 0002); else a UTC timestamp.
 */
function nextVersion(folder: MigrationFolder, now: Date): string {
  // Numbered code migrations (`0003_backfill.ts`) hold versions too: the next one comes after theirs.
  const code = folder.code.filter((c) => /^\d+$/.test(c.version));
  const versions = [...folder.migrations, ...code].map((m) => m.version);
  if (versions.length > 0 && versions.every((v) => /^\d{1,6}$/.test(v))) {
    const width = Math.max(...versions.map((v) => v.length));
    const next = Math.max(...versions.map(Number)) + 1;
    return String(next).padStart(width, '0');
  }
  return timestampVersion(now);
}

interface DrizzleJournal {
  version: string;
  dialect: string;
  entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
}

/**
 * Writes a new migration into a folder, in that folder's format, and returns the paths
 * written. `sql` is the up migration. `transactional: false` marks it to run outside a
 * transaction where the format has a way to say so (a plan with `ALTER TYPE … ADD VALUE`
 * whose value is used later, or `CREATE INDEX CONCURRENTLY`).
 */
export async function writeNewMigration(
  folder: MigrationFolder,
  name: string,
  sql: string,
  options: { readonly transactional?: boolean; readonly now?: Date } = {},
): Promise<string[]> {
  const now = options.now ?? new Date();
  const slug = migrationSlug(name);
  const version = nextVersion(folder, now);
  const body = sql.endsWith('\n') ? sql : `${sql}\n`;
  const taken = (path: string) => {
    if (existsSync(path)) throw new SchemaguardError(`${path} already exists: choose another name.`);
    return path;
  };
  switch (folder.format) {
    case 'plain': {
      const path = taken(join(folder.path, `${version}_${slug}.sql`));
      await writeFileAtomic(path, body);
      return [path];
    }
    case 'dbmate': {
      const path = taken(join(folder.path, `${version}_${slug}.sql`));
      const transaction = options.transactional === false ? ' transaction:false' : '';
      await writeFileAtomic(path, `-- migrate:up${transaction}\n${body}\n-- migrate:down\n`);
      return [path];
    }
    case 'golang-migrate': {
      const up = taken(join(folder.path, `${version}_${slug}.up.sql`));
      const down = taken(join(folder.path, `${version}_${slug}.down.sql`));
      await writeFileAtomic(up, body);
      await writeFileAtomic(down, '-- Write the statements that undo this migration.\n');
      return [up, down];
    }
    case 'flyway': {
      const path = taken(join(folder.path, `V${version}__${slug}.sql`));
      await writeFileAtomic(path, body);
      return [path];
    }
    case 'liquibase': {
      // A formatted SQL changelog of one changeset, which a master changelog's `includeAll` picks up.
      const path = taken(join(folder.path, `${version}_${slug}.sql`));
      const transaction = options.transactional === false ? ' runInTransaction:false' : '';
      await writeFileAtomic(
        path,
        `--liquibase formatted sql\n\n--changeset schemaguard:${version}_${slug}${transaction}\n${body}`,
      );
      return [path];
    }
    case 'sequelize':
      throw new SchemaguardError(
        `${folder.path} holds sequelize migrations, which are JavaScript: write the migration with "npx sequelize-cli migration:generate --name ${slug}" and put the SQL in it (queryInterface.sequelize.query).`,
      );
    case 'prisma': {
      const path = taken(join(folder.path, `${version}_${slug}`, 'migration.sql'));
      await writeFileAtomic(path, body);
      return [path];
    }
    case 'diesel': {
      // diesel's own folder names: the UTC time as `YYYY-MM-DD-HHMMSS`.
      const stamp = now.toISOString().slice(0, 19).replace('T', '-').replaceAll(':', '');
      const up = taken(join(folder.path, `${stamp}_${slug}`, 'up.sql'));
      const down = join(folder.path, `${stamp}_${slug}`, 'down.sql');
      await writeFileAtomic(up, body);
      await writeFileAtomic(down, '-- Write the statements that undo this migration.\n');
      const files = [up, down];
      if (options.transactional === false) {
        const metadata = join(folder.path, `${stamp}_${slug}`, 'metadata.toml');
        await writeFileAtomic(metadata, 'run_in_transaction = false\n');
        files.push(metadata);
      }
      return files;
    }
    case 'drizzle': {
      const journalPath = join(folder.path, 'meta', '_journal.json');
      let journal: DrizzleJournal;
      try {
        journal = JSON.parse(await readFile(journalPath, 'utf8')) as DrizzleJournal;
      } catch (error) {
        throw new SchemaguardError(`Cannot read the drizzle journal ${journalPath}: ${errorMessage(error)}.`, {
          cause: error,
        });
      }
      const idx = journal.entries.length === 0 ? 0 : Math.max(...journal.entries.map((e) => e.idx)) + 1;
      const tag = `${String(idx).padStart(4, '0')}_${slug}`;
      const path = taken(join(folder.path, `${tag}.sql`));
      // drizzle runs a file statement by statement, split at its breakpoint lines; a file
      // without statements (the placeholder of a new migration) is written as it is.
      const statements = folder.lexer.split(body).map((x) => x.sql);
      await writeFileAtomic(
        path,
        statements.length === 0 ? body : `${statements.join(';\n--> statement-breakpoint\n')};\n`,
      );
      journal.entries.push({ idx, version: journal.version, when: now.getTime(), tag, breakpoints: true });
      await writeFileAtomic(journalPath, `${JSON.stringify(journal, null, 2)}\n`);
      return [path, journalPath];
    }
  }
}
