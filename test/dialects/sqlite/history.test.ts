/** schemaguard's history table on SQLite files, and backups with VACUUM INTO. */
import { describe, expect, it } from 'vitest';
import { dialectByName } from '../../../src/dialects/index.js';
import { rowsOf, sqliteFileWith, tempFolder } from './helpers.js';

const sqlite = dialectByName('sqlite');

describe('SQLite history table', () => {
  it('records runs, reads them back, marks them rolled back', async () => {
    const file = sqliteFileWith('SELECT 1');
    const connection = await sqlite.connect(`sqlite:${file}`);
    try {
      const table = sqlite.history.table();
      expect(table).toBe('schemaguard_migrations');
      await connection.exec(sqlite.history.createSql());
      await connection.exec(sqlite.history.createSql());
      const entry = {
        version: '0001',
        name: 'author',
        checksum: 'abc',
        appliedBy: 'ana@host',
        success: false,
        statementsDone: 1,
        skippedVerification: false,
        kind: 'migration' as const,
      };
      await sqlite.history.record(connection, table, entry);
      expect(await sqlite.history.readProgress(connection, table, '0001')).toBe(1);
      await sqlite.history.recordSuccess(connection, table, '0001', 12);
      await sqlite.history.record(connection, table, { ...entry, version: '0002', name: 'book', success: true });
      await sqlite.history.setChecksum(connection, table, '0002', 'def');
      expect([...(await sqlite.history.readRuns(connection, table)).values()]).toEqual([
        { version: '0001', checksum: 'abc', success: true, statementsDone: 1 },
        { version: '0002', checksum: 'def', success: true, statementsDone: 1 },
      ]);
      const [history] = await sqlite.history.readHistories(connection);
      expect(history?.tool).toBe('schemaguard');
      expect(history?.applied.map((a) => [a.version, a.success, a.appliedBy])).toEqual([
        ['0001', true, 'ana@host'],
        ['0002', true, 'ana@host'],
      ]);
      expect(history?.applied[0]?.appliedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      await sqlite.history.markRolledBack(connection, table, ['0002']);
      expect([...(await sqlite.history.readRuns(connection, table)).keys()]).toEqual(['0001']);
    } finally {
      await connection.close();
    }
  });

  it("leaves out a table with a tool's name but not its columns", async () => {
    const connection = await sqlite.connect(`sqlite:${sqliteFileWith('CREATE TABLE _prisma_migrations (id TEXT)')}`);
    try {
      expect(await sqlite.history.readHistories(connection)).toEqual([]);
    } finally {
      await connection.close();
    }
  });
});

describe('SQLite backups', () => {
  it('copies the whole database to a file that opens on its own', async () => {
    const file = sqliteFileWith("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'kept')");
    const base = `${tempFolder()}/backups/before-0002`;
    const result = await sqlite.backup.data(`sqlite:${file}`, base, () => sqlite.connect(`sqlite:${file}`));
    expect(result).toEqual({ path: `${base}.db` });
    expect(rowsOf(`${base}.db`, 'SELECT * FROM t')).toEqual([{ id: 1, v: 'kept' }]);
    expect(await sqlite.backup.data('sqlite:memory', base, () => sqlite.connect('sqlite:memory'))).toEqual({
      warning: 'An in-memory SQLite database has nothing to back up.',
    });
  });
});
