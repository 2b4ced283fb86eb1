import { cpSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliResult, isOneSentenceError, runCli, runCliProcess } from '../helpers/cli.js';
import { SERVER_URL, hasServer } from '../helpers/databases.js';

/** Cold model builds take tens of seconds on a busy 2-core machine. */
const BUILD_TIMEOUT = 240_000;

const REPO = join(import.meta.dirname, '..', '..');
// The debug lines these tests read go to the run's stderr, in-process as in a real process.
const DEBUG = { SCHEMAGUARD_DEBUG: '1' };

const SCHEMA = `datasource db {
  provider = "postgresql"
}

model Author {
  id    Int    @id @default(autoincrement())
  email String @unique
}
`;

/** The migration Prisma writes for SCHEMA. */
const MIGRATION = `CREATE TABLE "Author" ("id" SERIAL NOT NULL, "email" TEXT NOT NULL, CONSTRAINT "Author_pkey" PRIMARY KEY ("id"));
CREATE UNIQUE INDEX "Author_email_key" ON "Author"("email");
`;

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A project with one migration, a Prisma schema matching it and the given config. */
function project(config: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-model-cache-'));
  folders.push(dir);
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(join(dir, 'migrations', '0001_author.sql'), MIGRATION);
  writeFileSync(join(dir, 'schema.prisma'), SCHEMA);
  writeFileSync(join(dir, 'schemaguard.config.json'), JSON.stringify({ migrations: { dir: 'migrations' }, ...config }));
  return dir;
}

/** The debug lines of a run, and the rest of its stderr as a result of its own. */
function splitDebug(result: CliResult): { debug: string[]; result: CliResult } {
  const lines = result.stderr.split('\n');
  const debug = lines.filter((l) => l.startsWith('schemaguard debug:'));
  const rest = lines.filter((l) => !l.startsWith('schemaguard debug:')).join('\n');
  return { debug, result: { ...result, stderr: rest } };
}

const shadows = [
  { name: 'PGlite', server: undefined, run: true },
  { name: 'PostgreSQL server', server: SERVER_URL, run: hasServer() },
];

describe.each(shadows)('migrate check with prisma: models, $name shadow', ({ server, run }) => {
  it.runIf(run)(
    'builds the models once: a warm run starts no database and runs no engine',
    async () => {
      const dir = project({ models: 'prisma:./schema.prisma', ...(server ? { shadow: server } : {}) });
      const cold = splitDebug(await runCli(['migrate', 'check'], { cwd: dir, env: DEBUG }));
      expect(cold.result.code, cold.result.stderr).toBe(0);
      expect(cold.result.stdout).toContain('they match the models');
      expect(cold.debug.some((l) => l.includes('Prisma schema engine'))).toBe(true);

      const warm = splitDebug(await runCli(['migrate', 'check'], { cwd: dir, env: DEBUG }));
      expect(warm.result.code, warm.result.stderr).toBe(0);
      expect(warm.result.stdout).toContain('they match the models');
      expect(warm.debug.filter((l) => /Prisma schema engine|database started/.test(l))).toEqual([]);
      expect(warm.debug.some((l) => l.includes('DDL of the Prisma models') && l.includes('from the cache'))).toBe(true);
    },
    BUILD_TIMEOUT,
  );
});

/** Asserts a run failed with one sentence and started no shadow database; returns the sentence. */
function failedFast(run: CliResult): string {
  const { debug, result } = splitDebug(run);
  expect(isOneSentenceError(result), result.stderr).toBe(true);
  expect(debug.filter((l) => l.includes('database started'))).toEqual([]);
  return result.stderr.trim();
}

describe('refs that cannot be loaded fail before any replay', () => {
  it('migrate check: models that do not exist, before the migrations are replayed', async () => {
    const dir = project({ models: 'prisma:./missing.prisma' });
    const message = failedFast(await runCli(['migrate', 'check'], { cwd: dir, env: DEBUG }));
    expect(message).toBe(`schemaguard: The Prisma schema ${join(realpathSync(dir), 'missing.prisma')} does not exist.`);
  });

  it('compare and a combined ref: a missing Prisma schema next to a migrations folder', async () => {
    const dir = project({});
    for (const args of [
      ['compare', 'migrations:./migrations', 'prisma:./missing.prisma'],
      ['dump', 'migrations:./migrations + prisma:./missing.prisma'],
    ]) {
      const message = failedFast(await runCli(args, { cwd: dir, env: DEBUG }));
      expect(message).toMatch(/^schemaguard: The Prisma schema .*missing\.prisma does not exist\.$/);
    }
  });
});

/**
 * A copy of the built CLI whose node_modules lack `missing`: the install of a user who did not
 * add those optional peers. Every other package is linked to this checkout's.
 */
function installWithout(missing: readonly string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'sg-install-'));
  folders.push(root);
  cpSync(join(REPO, 'dist'), join(root, 'dist'), { recursive: true });
  cpSync(join(REPO, 'package.json'), join(root, 'package.json'));
  const modules = realpathSync(join(REPO, 'node_modules'));
  const link = (name: string) => {
    if (!missing.includes(name)) symlinkSync(join(modules, name), join(root, 'node_modules', name));
  };
  mkdirSync(join(root, 'node_modules'));
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith('.')) continue;
    if (!entry.startsWith('@')) {
      link(entry);
      continue;
    }
    mkdirSync(join(root, 'node_modules', entry));
    for (const scoped of readdirSync(join(modules, entry))) link(`${entry}/${scoped}`);
  }
  return join(root, 'dist', 'cli', 'main.js');
}

describe('missing optional peers are named before any replay', () => {
  const prismaPeers = '@prisma/schema-engine-wasm @prisma/driver-adapter-utils pglite-prisma-adapter';

  it.each(['pglite-prisma-adapter', '@prisma/schema-engine-wasm', '@prisma/driver-adapter-utils'])(
    'prisma: models without %s',
    async (peer) => {
      const dir = project({});
      const cli = installWithout([peer]);
      const message = failedFast(
        await runCliProcess(['compare', 'migrations:./migrations', 'prisma:./schema.prisma'], {
          cwd: dir,
          env: DEBUG,
          cli,
        }),
      );
      expect(message).toBe(
        `schemaguard: Reading Prisma models needs ${peer}, which is not installed: npm i -D ${prismaPeers}.`,
      );
    },
  );

  it.each(['drizzle-kit', 'drizzle-orm'])('drizzle: models without %s', async (peer) => {
    const dir = project({});
    writeFileSync(join(dir, 'schema.ts'), "export const nothing = 'the peer check comes before loading';\n");
    const cli = installWithout([peer]);
    const message = failedFast(
      await runCliProcess(['migrate', 'check', '--models', 'drizzle:./schema.ts'], { cwd: dir, env: DEBUG, cli }),
    );
    expect(message).toBe(
      `schemaguard: Reading drizzle models needs ${peer}, which is not installed: npm i -D drizzle-kit drizzle-orm.`,
    );
  });
});
