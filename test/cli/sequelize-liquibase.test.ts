import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { isOneSentenceError, runCli } from '../helpers/cli.js';
import { folderWith } from '../helpers/folder.js';
import { postgres } from '../helpers/databases.js';
import { type TargetDatabase, embeddedTarget } from '../helpers/migration-project.js';

/** A project whose config points `production` at the database and names the migration folder. */
function project(url: string, files: Record<string, string>): string {
  return folderWith(
    {
      'schemaguard.config.json': JSON.stringify({
        environments: { production: { url } },
        migrations: { dir: 'migrations' },
      }),
      ...files,
    },
    'sg-tools-',
  );
}

const CHANGELOG = `--liquibase formatted sql

--changeset ana:1
CREATE TABLE projects (id integer PRIMARY KEY, name text NOT NULL);
--rollback DROP TABLE projects;

--changeset ana:2
ALTER TABLE projects ADD COLUMN archived boolean NOT NULL DEFAULT false;

--changeset ana:3
CREATE INDEX projects_name_idx ON projects (name);
`;

/** The row Liquibase writes for a changeset it ran. */
const changelogRow = (id: string, order: number) =>
  `INSERT INTO databasechangelog (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE, MD5SUM, DESCRIPTION, LIQUIBASE, DEPLOYMENT_ID)
   VALUES ('${id}', 'ana', 'db/changelog/changelog.sql', now(), ${order}, 'EXECUTED', '9:1f2e3d4c5b6a79881f2e3d4c5b6a7988', 'sql', '4.29.2', '1234567890');`;

const SEQUELIZE_MIGRATION = `'use strict';
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('teams', { id: { type: Sequelize.INTEGER, primaryKey: true } });
  },
  async down(queryInterface) {
    await queryInterface.dropTable('teams');
  },
};
`;

describe('migrate status with the history of sequelize and Liquibase', { timeout: 300_000 }, () => {
  const targets: TargetDatabase[] = [];
  const fresh = async () => {
    const target = await embeddedTarget();
    targets.push(target);
    return target;
  };
  afterAll(async () => {
    await Promise.all(targets.map((t) => t.drop()));
  });

  it('Liquibase: changesets matched by id, author and file, and their replay has no drift', async () => {
    const db = await fresh();
    const dir = project(db.url, { 'migrations/changelog.sql': CHANGELOG });
    await db.use(async (c) => {
      await c.exec(postgres.history.toolTableSql('liquibase') ?? '');
      await c.exec('CREATE TABLE projects (id integer PRIMARY KEY, name text NOT NULL);');
      await c.exec('ALTER TABLE projects ADD COLUMN archived boolean NOT NULL DEFAULT false;');
      await c.exec(changelogRow('1', 1) + changelogRow('2', 2));
    });
    const status = await runCli(['migrate', 'status', '--env', 'production'], { cwd: dir });
    expect(status.stdout, status.stderr).toMatch(/History: public\.databasechangelog \(liquibase\)/);
    expect(status.stdout).toMatch(/applied +changelog\.sql::1::ana 1 {2}\(changelog\.sql\)/);
    expect(status.stdout).toMatch(/pending +changelog\.sql::3::ana 3 {2}\(changelog\.sql\)/);
    expect(status.stdout).toMatch(/No drift: the database matches the migrations it has applied\./);
    expect(status.stdout).toMatch(/2 applied, 1 pending, 0 interrupted, 0 failed, 0 changed, 0 unknown, 0 drifted/);
    expect(status.code).toBe(1);

    const apply = await runCli(['migrate', 'apply', '--env', 'production'], { cwd: dir });
    expect(isOneSentenceError(apply), apply.stderr).toBe(true);
    expect(apply.stderr).toMatch(
      /is a liquibase folder: set "migrations\.command" in the config \(e\.g\. "liquibase update"\)/,
    );
  });

  it('sequelize: its migrations are listed from SequelizeMeta as not replayed (code)', async () => {
    const db = await fresh();
    const dir = project(db.url, {
      'migrations/20240101120000-create-teams.js': SEQUELIZE_MIGRATION,
      'migrations/20240102120000-add-name.js': SEQUELIZE_MIGRATION.replace("createTable('teams'", "addColumn('teams'"),
    });
    await db.use(async (c) => {
      await c.exec(postgres.history.toolTableSql('sequelize') ?? '');
      await c.exec(
        `INSERT INTO "SequelizeMeta" (name) VALUES ('20240101120000-create-teams.js'), ('20231201000000-removed.js');`,
      );
    });
    const status = await runCli(['migrate', 'status', '--env', 'production'], { cwd: dir });
    expect(status.stdout, status.stderr).toMatch(/History: public\."SequelizeMeta" \(sequelize\)/);
    expect(status.stdout).toMatch(
      /applied +20240101120000-create-teams\.js create-teams {2}\(20240101120000-create-teams\.js\) {2}not replayed \(code\)/,
    );
    expect(status.stdout).toMatch(/pending +20240102120000-add-name\.js add-name .* not replayed \(code\)/);
    expect(status.stdout).toMatch(/unknown +20231201000000-removed\.js/);
    expect(status.stdout).toMatch(/0 applied, 0 pending, .* 1 unknown, 0 drifted, 2 not replayed \(code\)/);
    expect(status.code).toBe(1);
  });
});

/** A git repository with the given files, where `schemaguard` resolves (as after `npm i -D schemaguard`). */
function initProject(files: Record<string, string>): string {
  const dir = folderWith(files, 'sg-init-tools-');
  spawnSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(join(import.meta.dirname, '..', '..'), join(dir, 'node_modules', 'schemaguard'));
  return dir;
}

/** The config file init wrote. */
const configOf = (dir: string) => readFileSync(join(dir, 'schemaguard.config.ts'), 'utf8');

describe('init finds sequelize and Liquibase projects', { timeout: 120_000 }, () => {
  it("sequelize: the migrations-path of .sequelizerc, or migrations/ with queryInterface's migrations", async () => {
    const rc = initProject({
      '.sequelizerc':
        "const path = require('path');\nmodule.exports = {\n  'config': path.resolve('config', 'config.json'),\n  'migrations-path': path.resolve('database', 'sequelize-migrations'),\n};\n",
      'database/sequelize-migrations/20240101120000-create-teams.js': SEQUELIZE_MIGRATION,
    });
    const found = await runCli(['init'], { cwd: rc });
    expect(found.code, found.stderr).toBe(0);
    expect(found.stdout).toMatch(/Found: sequelize migrations in database\/sequelize-migrations\./);
    expect(configOf(rc)).toMatch(
      /\n {2}migrations: \{ dir: 'database\/sequelize-migrations', format: 'sequelize' \},\n/,
    );

    const bare = initProject({ 'migrations/20240101120000-create-teams.js': SEQUELIZE_MIGRATION });
    expect((await runCli(['init'], { cwd: bare })).stdout).toMatch(/Found: sequelize migrations in migrations\./);
  });

  it('Liquibase: the folder of changeLogFile in liquibase.properties, or where Spring Boot keeps changelogs', async () => {
    const properties = initProject({
      'liquibase.properties':
        'changeLogFile=database/lb/db.changelog-master.xml\nurl=jdbc:postgresql://localhost/app\n',
      'database/lb/db.changelog-master.xml':
        '<databaseChangeLog><include file="changelog-1.sql" relativeToChangelogFile="true"/></databaseChangeLog>\n',
      'database/lb/changelog-1.sql': '--liquibase formatted sql\n--changeset ana:1\nCREATE TABLE t (id int);\n',
    });
    const found = await runCli(['init'], { cwd: properties });
    expect(found.code, found.stderr).toBe(0);
    expect(found.stdout).toMatch(/Found: liquibase migrations in database\/lb\./);
    expect(configOf(properties)).toMatch(/\n {2}migrations: \{ dir: 'database\/lb', format: 'liquibase' \},\n/);

    const spring = initProject({
      'src/main/resources/db/changelog/db.changelog-master.yaml':
        'databaseChangeLog:\n  - changeSet:\n      id: 1\n      author: ana\n',
    });
    expect((await runCli(['init'], { cwd: spring })).stdout).toMatch(
      /Found: liquibase migrations in src\/main\/resources\/db\/changelog\./,
    );
  });
});
