/** PostgreSQL data backups: `pg_dump` of a server, the data directory of an embedded database. */
import { rm, writeFile } from 'node:fs/promises';
import { SchemaguardError } from '../../errors.js';
import { decodeLeniently } from '../../redact.js';
import { ProgramNotFoundError, type RunResult, runProgram } from '../../subprocess.js';
import type { Backup, BackupResult, Connection } from '../dialect.js';

/** The whole embedded database as a tarball, when the connection is to one. */
export type SaveImage = (connection: Connection) => Promise<Blob> | undefined;

/**
 * Backs up an embedded database (`pglite:`) as its data directory's tarball (`.tar.gz`),
 * a server with `pg_dump`'s custom format (`.dump`; its password never reaches a command
 * line). A missing `pg_dump` is a warning, not a failure.
 */
export function postgresBackup(saveImage: SaveImage): Backup {
  return {
    async data(ref, base, open, schema): Promise<BackupResult> {
      if (ref.startsWith('pglite:')) {
        const connection = await open();
        try {
          const image = await saveImage(connection);
          if (!image) return {};
          await writeFile(`${base}.tar.gz`, Buffer.from(await image.arrayBuffer()), { flag: 'wx' });
          return { path: `${base}.tar.gz` };
        } finally {
          await connection.close();
        }
      }
      return dumpServer(ref, `${base}.dump`, schema);
    },
  };
}

async function dumpServer(ref: string, path: string, schema: string | undefined): Promise<BackupResult> {
  const url = new URL(ref);
  const password = decodeLeniently(url.password);
  url.password = '';
  let result: RunResult;
  try {
    result = await runProgram(
      'pg_dump',
      [
        '--format=custom',
        '--no-password',
        `--file=${path}`,
        `--dbname=${url.href}`,
        // A pattern in double quotes names the schema exactly (no wildcards, case kept).
        ...(schema === undefined ? [] : [`--schema="${schema.replaceAll('"', '""')}"`]),
      ],
      { env: password ? { PGPASSWORD: password } : {}, output: 'stderr-only' },
    );
  } catch (error) {
    if (!(error instanceof ProgramNotFoundError)) throw error;
    return { warning: 'WARNING: backup.data is set but pg_dump is not installed: the data was NOT backed up.' };
  }
  if (result.exitCode !== 0) {
    await rm(path, { force: true });
    const reason =
      result.stderr
        .trim()
        .split('\n')
        .at(-1)
        ?.replace(/^pg_dump: (error: )?/, '') ?? `exit code ${result.exitCode}`;
    throw new SchemaguardError(`pg_dump failed: ${reason}`);
  }
  return { path };
}
