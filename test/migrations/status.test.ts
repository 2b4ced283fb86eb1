import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderWith } from '../helpers/folder.js';
import { SchemaguardError } from '../../src/errors.js';
import { readMigrationFolder } from '../../src/migrations/formats.js';
import type { AppliedMigration, MigrationHistory } from '../../src/migrations/history.js';
import { awaitsRun, migrationStatus } from '../../src/migrations/status.js';
import { writeNewMigration } from '../../src/migrations/writer.js';
import { parseRef } from '../../src/sources/ref.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function history(tool: MigrationHistory['tool'], applied: Omit<AppliedMigration, 'tool'>[]): MigrationHistory {
  return { tool, table: 'public.history', applied: applied.map((a) => ({ tool, ...a })) };
}

/** `state path` of each status, code ones marked. */
const states = (statuses: ReturnType<typeof migrationStatus>) =>
  statuses.map((s) => `${s.state} ${s.path ?? s.version}${s.code ? ' (code)' : ''}`);

describe('code migrations beside SQL ones', () => {
  it('plain: numbered scripts are listed, knex ones marked; declarations and unnumbered files are not', async () => {
    const folder = await readMigrationFolder(
      folderWith({
        '0001_init.sql': 'CREATE TABLE a (id int);',
        '0002_backfill.ts': 'export async function up() { /* data */ }',
        '0003_seed.js': 'exports.up = (knex) => knex("a").insert({ id: 1 });',
        '0004_more.sql': 'CREATE TABLE b (id int);',
        'helpers.ts': 'export const x = 1;',
        '0005_types.d.ts': 'export {};',
      }),
    );
    expect(folder.format).toBe('plain');
    expect(folder.migrations.map((m) => m.path)).toEqual(['0001_init.sql', '0004_more.sql']);
    expect(folder.code).toEqual([
      { version: '0002', name: 'backfill', path: '0002_backfill.ts' },
      { version: '0003', name: 'seed', path: '0003_seed.js', tool: 'knex' },
    ]);
  });

  it('migrate new numbers the next migration after the code ones too', async () => {
    const dir = folderWith({ '0001_init.sql': 'SELECT 1;', '0002_backfill.ts': 'export {};' });
    const paths = await writeNewMigration(await readMigrationFolder(dir), 'next', 'SELECT 2;', { transactional: true });
    expect(paths.map((p) => basename(p))).toEqual(['0003_next.sql']);
  });

  it('a folder of knex migrations only is a plain folder of code, not an unknown layout', async () => {
    const folder = await readMigrationFolder(folderWith({ '20240101120000_init.js': 'exports.up = (knex) => {};' }));
    expect(folder.migrations).toEqual([]);
    expect(folder.code.map((c) => c.path)).toEqual(['20240101120000_init.js']);
  });

  it('prisma: a data-migration folder with a script and no migration.sql is code, not refused', async () => {
    const folder = await readMigrationFolder(
      folderWith({
        '20240101000000_init/migration.sql': 'CREATE TABLE a (id int);',
        '20240102000000_backfill/backfill.ts': 'await prisma.a.updateMany({});',
        '20240103000000_more/migration.sql': 'CREATE TABLE b (id int);',
        '20240103000000_more/data.mjs': 'export default 1;',
      }),
    );
    expect(folder.migrations.map((m) => m.version)).toEqual(['20240101000000_init', '20240103000000_more']);
    expect(folder.code.map((c) => [c.version, c.path])).toEqual([
      ['20240102000000_backfill', '20240102000000_backfill/backfill.ts'],
      ['20240103000000_more', '20240103000000_more/data.mjs'],
    ]);
    // A folder with neither is still what prisma refuses.
    await expect(
      readMigrationFolder(folderWith({ '1_a/migration.sql': 'SELECT 1;', '2_b/README.md': '' })),
    ).rejects.toThrow(SchemaguardError);
  });

  it('flyway: Java-based migrations are listed with their version', async () => {
    const folder = await readMigrationFolder(
      folderWith({
        'sql/V1__init.sql': 'CREATE TABLE a (id int);',
        'java/db/migration/V1_1__Backfill.java': 'public class V1_1__Backfill extends BaseJavaMigration {}',
        'sql/V2__more.sql': 'CREATE TABLE b (id int);',
      }),
    );
    expect(folder.migrations.map((m) => m.version)).toEqual(['1', '2']);
    expect(folder.code).toEqual([{ version: '1.1', name: 'Backfill', path: 'java/db/migration/V1_1__Backfill.java' }]);
  });

  it('take their state from the history, never count as work to run, and are never unknown', async () => {
    const folder = await readMigrationFolder(
      folderWith({
        'V1__init.sql': 'SELECT 1;',
        'V2__Backfill.java': '',
        'V3__Fix.java': '',
        'V4__more.sql': 'SELECT 2;',
      }),
    );
    const statuses = migrationStatus(
      folder,
      history('flyway', [
        { version: '1', success: true },
        { version: '2', success: true },
        { version: '4', success: true },
      ]),
    );
    expect(states(statuses)).toEqual([
      'applied V1__init.sql',
      'applied V4__more.sql',
      'applied V2__Backfill.java (code)',
      'pending V3__Fix.java (code)',
    ]);
    expect(statuses.filter(awaitsRun)).toEqual([]);
  });
});

describe('drizzle: applied as its migrator decides, by created_at against the journal’s when', () => {
  const journal = (entries: [string, number][]) =>
    JSON.stringify({
      version: '7',
      dialect: 'postgresql',
      entries: entries.map(([tag, when], idx) => ({ idx, version: '7', when, tag, breakpoints: true })),
    });

  it('an edited old file is changed, not pending; a later entry is pending; a row of no entry is unknown', async () => {
    const first = 'CREATE TABLE a (id int);';
    const dir = folderWith({
      'meta/_journal.json': journal([
        ['0000_init', 1700000000000],
        ['0001_more', 1700000001000],
        ['0002_new', 1700000002000],
      ]),
      '0000_init.sql': `${first}\n-- edited after it ran\n`,
      '0001_more.sql': 'CREATE TABLE b (id int);',
      '0002_new.sql': 'CREATE TABLE c (id int);',
    });
    const folder = await readMigrationFolder(dir);
    expect(folder.migrations.map((m) => m.createdAt)).toEqual(['1700000000000', '1700000001000', '1700000002000']);
    const statuses = migrationStatus(
      folder,
      history('drizzle', [
        { version: '1700000000000', checksum: sha(first), success: true },
        { version: '1700000001000', checksum: sha('CREATE TABLE b (id int);'), success: true },
        { version: '1600000000000', checksum: sha('gone'), success: true },
      ]),
    );
    expect(states(statuses)).toEqual([
      'changed 0000_init.sql',
      'applied 0001_more.sql',
      'pending 0002_new.sql',
      'unknown 1600000000000',
    ]);
  });

  it('an entry at or before the last created_at is applied even without a row of its own, as drizzle skips it', async () => {
    const dir = folderWith({
      'meta/_journal.json': journal([
        ['0000_init', 1000],
        ['0001_late', 1500],
      ]),
      '0000_init.sql': 'SELECT 1;',
      '0001_late.sql': 'SELECT 2;',
    });
    const folder = await readMigrationFolder(dir);
    const statuses = migrationStatus(
      folder,
      history('drizzle', [{ version: '2000', checksum: sha('x'), success: true }]),
    );
    expect(states(statuses)).toEqual(['applied 0000_init.sql', 'applied 0001_late.sql', 'unknown 2000']);
  });
});

describe('a migration stopped part way', () => {
  it('is interrupted (continued by the next run) only where the runner ran it outside a transaction', async () => {
    const sql = 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);';
    const folder = await readMigrationFolder(folderWith({ '0001_two.sql': sql }));
    const stopped = history('schemaguard', [
      { version: '0001', checksum: sha(sql), success: false, statementsDone: 1 },
    ]);
    // In one transaction on an engine whose DDL rolls back: nothing of it stayed, and it is run again whole.
    expect(states(migrationStatus(folder, stopped))).toEqual(['failed 0001_two.sql']);
    // Statement by statement on an engine whose DDL does not: the next run continues it.
    const [status] = migrationStatus(folder, stopped, false);
    expect(status).toMatchObject({ state: 'interrupted', statementsDone: 1, statements: 2 });
  });
});

describe('migrations folder refs at a git revision', () => {
  it('parses migrations:git:REV[:FOLDER][@VERSION]', () => {
    expect(parseRef('migrations:git:main:db/migrations')).toEqual({
      kind: 'migrations',
      revision: 'main',
      path: 'db/migrations',
      version: undefined,
    });
    expect(parseRef('migrations:git:HEAD~2')).toEqual({ kind: 'migrations', revision: 'HEAD~2', version: undefined });
    expect(parseRef('migrations:git:v1.2:migrations@0003')).toEqual({
      kind: 'migrations',
      revision: 'v1.2',
      path: 'migrations',
      version: '0003',
    });
  });

  it('says how to write an incomplete one', () => {
    expect(() => parseRef('migrations:git:')).toThrow(/write migrations:git:REV:FOLDER/);
    expect(() => parseRef('migrations:git:main:')).toThrow(/write migrations:git:REV:FOLDER/);
  });
});
