import { relative, sep } from 'node:path';
import type { MigrationFolder } from './formats.js';

/** A path as one shell word. */
function shellWord(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}

/**
 * The command with which the tool that owns a folder's format applies its pending migrations,
 * as `migrations.command` runs it: in the config's folder `root`, with `DATABASE_URL` set.
 * Undefined for plain folders: schemaguard's own runner applies them.
 */
export function toolApplyCommand(
  migrations: Pick<MigrationFolder, 'format' | 'path'>,
  root: string,
): string | undefined {
  const folder = shellWord(relative(root, migrations.path).split(sep).join('/') || '.');
  switch (migrations.format) {
    case 'plain':
      return undefined;
    case 'prisma':
      return 'npx prisma migrate deploy';
    case 'diesel':
      return `diesel migration run --migration-dir ${folder}`;
    case 'drizzle':
      return 'npx drizzle-kit migrate';
    case 'golang-migrate':
      return `migrate -path ${folder} -database "$DATABASE_URL" up`;
    case 'flyway':
      return `flyway -locations=filesystem:${folder} migrate`;
    case 'dbmate':
      return `dbmate --migrations-dir ${folder} up`;
    case 'sequelize':
      return `npx sequelize-cli db:migrate --migrations-path ${folder}`;
    case 'liquibase':
      // The changelog and the database come from liquibase.properties (or LIQUIBASE_* variables).
      return 'liquibase update';
  }
}
