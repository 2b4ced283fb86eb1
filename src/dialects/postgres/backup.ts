/** PostgreSQL data backups: `pg_dump` of a server, the data directory of an embedded database. */
import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { SchemaguardError } from '../../errors.js';
import { decodeLeniently } from '../../redact.js';
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
    async data(ref, base, open): Promise<BackupResult> {
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
      return dumpServer(ref, `${base}.dump`);
    },
  };
}

async function dumpServer(ref: string, path: string): Promise<BackupResult> {
  const url = new URL(ref);
  const password = decodeLeniently(url.password);
  url.password = '';
  const result = await new Promise<{ code: number | null; stderr: string } | 'missing'>((resolve, reject) => {
    const child = spawn('pg_dump', ['--format=custom', '--no-password', `--file=${path}`, `--dbname=${url.href}`], {
      env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? resolve('missing') : reject(error)));
    child.on('close', (code) => resolve({ code, stderr }));
  });
  if (result === 'missing') {
    return { warning: 'WARNING: backup.data is set but pg_dump is not installed: the data was NOT backed up.' };
  }
  if (result.code !== 0) {
    await rm(path, { force: true });
    const reason =
      result.stderr
        .trim()
        .split('\n')
        .at(-1)
        ?.replace(/^pg_dump: (error: )?/, '') ?? `exit code ${result.code}`;
    throw new SchemaguardError(`pg_dump failed: ${reason}`);
  }
  return { path };
}
