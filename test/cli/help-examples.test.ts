/**
 * Issue 7: every command's `--help` has examples that work as written. The examples are
 * read from the CLI's help (every command and subcommand, found from the top-level
 * help down, so a new command is covered without touching this file) and run as written
 * in one realistic project (test/helpers/help-project.ts), in an order that tells the
 * project's day: a clean checkout of main first, then a developer's changes to the models.
 * An example that uses the shell (redirections, command substitution, `cd`, `&&`) runs in bash,
 * with `schemaguard` on the PATH as `npm i -D schemaguard` puts it; a `schemaguard …` line of
 * plain words, quoted words and quoted variables runs in this process with the arguments bash
 * would pass, the same working directory and environment.
 *
 * Each example must run: exit code 0, or 1 when it finds differences or a check fails;
 * never 2, never a stack trace. An example that changes a database without `--yes` must
 * refuse with the "no terminal to confirm on" sentence (there is no terminal here), and then
 * run with `--dry-run` added. The examples of the story are also checked for doing what
 * they are there to show.
 */
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { type HelpProject, createHelpProject, modelsSource } from '../helpers/help-project.js';
import { postgres } from '../helpers/databases.js';

/** The lines of a help text's section (`Commands:`, `Examples:`), up to the next section. */
function section(help: string, title: string): string[] {
  const lines = help.split('\n');
  const start = lines.indexOf(`${title}:`);
  if (start < 0) return [];
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => /^\S/.test(line));
  return end < 0 ? rest : rest.slice(0, end);
}

/** One command of the CLI, with its help's examples. */
interface HelpCommand {
  /** `migrate status` */
  readonly name: string;
  readonly examples: readonly string[];
}

/** Every command and subcommand, from `schemaguard --help` down, each with the examples its help shows. */
async function helpCommands(): Promise<HelpCommand[]> {
  const commands: HelpCommand[] = [];
  const visit = async (path: readonly string[]) => {
    const result = await runCli([...path, '--help']);
    if (result.code !== 0) throw new Error(`schemaguard ${[...path, '--help'].join(' ')}: ${result.stderr}`);
    const subcommands = section(result.stdout, 'Commands')
      .map((line) => /^ {2}(\S+)/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined && name !== 'help');
    const examples = section(result.stdout, 'Examples')
      .map((line) => /^\s*\$ (.+)$/.exec(line)?.[1]?.trim())
      .filter((example): example is string => example !== undefined);
    commands.push({ name: path.join(' ') || 'schemaguard', examples });
    for (const name of subcommands) await visit([...path, name]);
  };
  await visit([]);
  return commands;
}

/** What an example must do in the story. */
type Outcome =
  | {
      /** 0, or 1 for differences found / a check failed. */
      readonly code: 0 | 1;
      /** Something its output (stdout and stderr) shows when it did its job. */
      readonly output?: RegExp;
    }
  | {
      /** It changes a database without --yes: refused without a terminal, then run with --dry-run. */
      readonly noTerminal: true;
      /** What the dry run shows. */
      readonly dryRun: RegExp;
    };

/** One example of the story, with what happens around it. */
interface Step {
  /** The example exactly as the help shows it, after `$ `. */
  readonly example: string;
  /** What the developer does first. */
  readonly before?: (project: HelpProject) => unknown;
  readonly outcome: Outcome;
  /** More checks afterwards. */
  readonly after?: (project: HelpProject) => unknown;
}

const BASELINE = 'database_schema/baseline_schema.json';
const NO_TERMINAL = /^schemaguard: There is no terminal to confirm on: pass --yes to change \w+ without asking\.$/;

/** The examples in the order of the project's day; an example not named here runs after them. */
const STORY: readonly Step[] = [
  // A clean checkout of main: production runs v1.4.0 (migration 0002 is pending), staging and
  // development have both migrations.
  {
    example: 'schemaguard check --env staging --allow-pending --format github',
    outcome: { code: 0, output: /PASSED/ },
  },
  {
    example: 'schemaguard check --env production',
    outcome: { code: 1, output: /migration status: 1 pending: 0002_asset_soft_delete\.sql/ },
  },
  { example: 'schemaguard check --schema drizzle:./src/db/schema.ts', outcome: { code: 0, output: /^PASSED/m } },
  { example: 'schemaguard init', outcome: { code: 0, output: /Kept schemaguard\.config\.json/ } },
  { example: 'schemaguard init --yes', outcome: { code: 0, output: /Kept schemaguard\.config\.json/ } },
  {
    example: 'schemaguard init --url-env APP_DATABASE_URL --models drizzle:./src/db/schema.ts --migrations drizzle',
    outcome: { code: 0, output: /Kept schemaguard\.config\.json/ },
  },
  { example: 'schemaguard ci github', outcome: { code: 0, output: /schema-verification\.yml is up to date/ } },
  { example: 'schemaguard hooks install', outcome: { code: 0, output: /Installed the pre-commit hook/ } },
  {
    example: 'cd packages/db && schemaguard hooks install',
    outcome: { code: 0, output: /Updated the pre-commit hook for this project folder/ },
  },
  {
    example: 'schemaguard hooks run pre-commit',
    outcome: { code: 0, output: /nothing staged touches .*; skipped/ },
    // Setting up again changed nothing that is committed.
    after: (project) => expect(project.git('status', '--porcelain')).toBe(''),
  },
  { example: 'schemaguard log', outcome: { code: 0, output: /Soft-delete assets {2}\+1 column, \+1 index/ } },
  { example: 'schemaguard log --table asset --patch', outcome: { code: 0, output: /\+ column deleted_at/ } },
  {
    example: 'schemaguard log --file database_schema/baseline_schema.json --max-count 5 --format json',
    outcome: { code: 0, output: /"subject": "Soft-delete assets"/ },
  },
  {
    example: `schemaguard compare git:HEAD~1:${BASELINE} git:HEAD:${BASELINE}`,
    outcome: { code: 0, output: /\+ column deleted_at/ },
  },
  { example: 'schemaguard compare --env development', outcome: { code: 0, output: /No differences/ } },
  // The two deployed databases as a fleet: staging has both migrations, production one.
  {
    example: 'schemaguard fleet status --fleet regions',
    outcome: {
      code: 1,
      output:
        /^Fleet regions, status: 2 targets\n {2}1 is up to date\n {6}\(staging\)\n {2}1 has pending migrations or drift:\n {6}migration 0002_asset_soft_delete\.sql pending\n {6}\(production\)/,
    },
  },
  { example: 'schemaguard fleet status --fleet regions --format json', outcome: { code: 1, output: /"ok": 1/ } },
  {
    example: 'schemaguard fleet check --fleet regions --allow-pending',
    outcome: { code: 0, output: /2 pass every check/ },
  },
  {
    example: 'schemaguard fleet compare --fleet regions --shard 2/4 --report reports/shard-2.jsonl',
    outcome: { code: 0, output: /Fleet regions, compare \(shard 2\/4\)/ },
    after: (project) => project.remove('reports'),
  },
  {
    example: 'schemaguard fleet merge reports/shard-*.jsonl',
    before: async (project) => {
      for (const shard of [1, 2, 3, 4]) {
        await project
          .schemaguard(
            'fleet',
            'status',
            '--fleet',
            'regions',
            '--shard',
            `${shard}/4`,
            '--report',
            `reports/shard-${shard}.jsonl`,
          )
          .catch(() => {});
      }
    },
    outcome: { code: 1, output: /^Fleet regions, status: 2 targets\n {2}1 is up to date/ },
    after: (project) => project.remove('reports'),
  },
  {
    example: 'schemaguard fleet apply --fleet regions --canary 1 --yes --dry-run',
    outcome: {
      code: 0,
      output: /1 would apply \(dry run\):\n {6}would run 0002_asset_soft_delete\.sql\n {6}\(production\)/,
    },
  },
  {
    example: 'schemaguard fleet rollback --fleet regions --to HEAD~1 --yes --dry-run',
    outcome: { code: 0, output: /Fleet regions, rollback: 2 targets/ },
  },
  {
    example: 'schemaguard ci github --fleet regions --shards 8',
    outcome: { code: 0, output: /Wrote \.github\/workflows\/schemaguard-fleet-regions\.yml: 8 shards/ },
    after: (project) => project.remove('.github/workflows/schemaguard-fleet-regions.yml'),
  },
  {
    example: 'schemaguard report --env development -o report.html',
    outcome: { code: 0, output: /Wrote report\.html/ },
    after: (project) => expect(project.read('report.html')).toMatch(/<svg[^]*id="table-public\.asset"/),
  },
  {
    example: 'schemaguard compare env:production env:staging --format markdown >> "$GITHUB_STEP_SUMMARY"',
    outcome: { code: 0 },
    after: (project) => expect(project.readSummary()).toMatch(/column `public\.asset\.deleted_at` \| extra/),
  },
  {
    example: 'schemaguard compare database_schema/pre_migration_schema.json database_schema/post_migration_schema.json',
    outcome: { code: 0, output: /\+ column deleted_at/ },
  },
  {
    example: 'schemaguard compare --baseline baseline.json --current current.json --strict',
    // Two snapshot files someone has: the baseline, and production's.
    before: (project) => {
      project.write('baseline.json', project.read(BASELINE));
      project.write('current.json', project.read('database_schema/production_schema.json'));
    },
    outcome: { code: 1, output: /- column deleted_at/ },
  },
  {
    example: `schemaguard diff --from env:production --to ${BASELINE} --format json`,
    outcome: { code: 1, output: /ADD COLUMN deleted_at/ },
  },
  {
    example:
      'schemaguard diff --from env:staging --to schema.json --rename public.asset.publishing_organization_id=resource_id --safe',
    // The schema prototyped in ./dev-db, where the column was renamed.
    before: (project) => project.schemaguard('dump', 'pglite:./dev-db', '--output', 'schema.json'),
    outcome: { code: 1, output: /RENAME COLUMN publishing_organization_id TO resource_id/ },
  },
  {
    example: 'schemaguard dump pglite:./dev-db --format sql --output schema.sql',
    outcome: { code: 0, output: /Wrote schema\.sql: 6 tables/ },
    after: (project) => expect(project.read('schema.sql')).toMatch(/resource_id integer NOT NULL/),
  },
  {
    example: `schemaguard dump --db "$DATABASE_URL" --schema content --include-data --data-tables 'content.*_type'`,
    outcome: { code: 0, output: /"document"/ },
  },
  {
    example: 'schemaguard dump --db "$DATABASE_URL" --format mermaid',
    outcome: { code: 0, output: /^erDiagram\n[^]*"public\.asset" \{\n/ },
  },
  {
    example: 'schemaguard dump --db "$DATABASE_URL" --format dot --output schema.dot',
    outcome: { code: 0, output: /Wrote schema\.dot: \d+ tables/ },
    after: (project) => expect(project.read('schema.dot')).toMatch(/^digraph schema \{\n[^]*subgraph cluster_0 \{/),
  },
  {
    example: 'schemaguard dump --env production --output database_schema/production_schema.json',
    outcome: { code: 0, output: /Wrote database_schema\/production_schema\.json/ },
  },
  {
    example: `schemaguard verify --env production --models drizzle:./src/db/schema.ts --table 'content.*'`,
    outcome: { code: 0, output: /No differences/ },
  },
  {
    example: 'schemaguard snapshot --env production',
    outcome: { code: 0, output: /database_schema\/snapshots\/production\// },
  },
  {
    example: 'schemaguard snapshot --db "$LEGACY_DATABASE_URL" --name legacy',
    outcome: { code: 0, output: /database_schema\/snapshots\/legacy\// },
  },
  { example: 'schemaguard snapshot --list --env production', outcome: { code: 0, output: /first snapshot/ } },
  { example: 'schemaguard snapshot --list --format json', outcome: { code: 0, output: /legacy/ } },
  {
    example: 'schemaguard migrate status --env production',
    outcome: { code: 1, output: /pending\s+0002 asset_soft_delete/ },
  },
  { example: 'schemaguard migrate plan --env production', outcome: { code: 0, output: /Pending migrations \(1\)/ } },
  {
    example: 'schemaguard migrate apply --env production --dry-run',
    outcome: { code: 0, output: /Dry run: stopped after the plan/ },
  },
  {
    example: 'schemaguard rollback --env staging --to HEAD~1 --dry-run',
    outcome: { code: 0, output: /DROP COLUMN deleted_at/ },
  },
  {
    // The backup the first migration run took: production before any migration.
    example: 'schemaguard rollback --env production --to "$(ls database_schema/backups/production/*.json | tail -n 1)"',
    outcome: { noTerminal: true, dryRun: /DROP TABLE public\.asset;/ },
  },

  // The developer adds course.level to the models.
  {
    example: 'schemaguard verify',
    before: (project) => project.write('src/db/schema.ts', modelsSource({ softDelete: true, courseLevel: true })),
    outcome: { code: 1, output: /\+ column level \[breaking\]\n\s+fix: create column, no hazard/ },
  },
  { example: 'schemaguard migrate check', outcome: { code: 1, output: /ADD COLUMN level integer/ } },
  {
    example: 'schemaguard migrate new add_course_level',
    outcome: { code: 0, output: /^migrations\/0003_add_course_level\.sql$/m },
    // An empty migration to write by hand; the developer has it written from the models instead.
    after: (project) => {
      expect(project.read('migrations/0003_add_course_level.sql')).toMatch(/^-- Write the statements/);
      project.remove('migrations/0003_add_course_level.sql');
    },
  },
  {
    example: 'schemaguard migrate new add_course_level --from-models',
    outcome: { code: 0, output: /^migrations\/0003_add_course_level\.sql$/m },
    after: (project) =>
      expect(project.read('migrations/0003_add_course_level.sql')).toMatch(/ADD COLUMN level integer/),
  },
  {
    example: 'schemaguard migrate new sync_models --from-models',
    outcome: { code: 0, output: /The migrations already match the models: no migration written/ },
  },
  {
    example: 'schemaguard migrate check --base-ref main',
    outcome: { code: 0, output: /hazard: 0003_add_course_level\.sql: long-lock/ },
  },
  {
    example: 'schemaguard migrate check --base-ref main --format github',
    outcome: { code: 0, output: /^::warning title=migrate check%3A hazard::/m },
  },
  {
    example: 'schemaguard migrate plan --env staging --format markdown >> "$GITHUB_STEP_SUMMARY"',
    outcome: { code: 0 },
    after: (project) => expect(project.readSummary()).toMatch(/0003_add_course_level/),
  },
  {
    example: 'schemaguard migrate apply --env staging',
    outcome: { noTerminal: true, dryRun: /Pending migrations \(1\):\s+0003_add_course_level\.sql/ },
  },
  {
    example: 'schemaguard migrate apply --db "$DATABASE_URL" --yes',
    outcome: { code: 0, output: /applied 0003_add_course_level\.sql/ },
  },
  {
    example: 'schemaguard migrate status --db "$DATABASE_URL" --dir migrations --format json',
    outcome: { code: 0, output: /"state": "applied"/ },
  },
  {
    example: `schemaguard diff --from ${BASELINE} --to env:development`,
    outcome: { code: 1, output: /ADD COLUMN level integer/ },
  },
  {
    example: 'schemaguard compare --db "$DATABASE_URL" --format sql',
    outcome: { code: 0, output: /DROP COLUMN level/ },
  },
  {
    example: 'schemaguard dump --baseline --db "$DATABASE_URL"',
    outcome: { code: 0, output: /Wrote database_schema\/baseline_schema\.json/ },
  },
  {
    example: `schemaguard compare git:main:${BASELINE} ${BASELINE}`,
    outcome: { code: 0, output: /\+ column level/ },
  },
  {
    example: `schemaguard report ${BASELINE} --against git:main:${BASELINE} -o report.html`,
    outcome: { code: 0, output: /Wrote report\.html/ },
    // The table the branch changed is coloured on the diagram, and the plan adds its column.
    after: (project) => expect(project.read('report.html')).toMatch(/ADD COLUMN level[^]*class="node t\d+ altered"/),
  },
  {
    example: `schemaguard diff --from git:main:${BASELINE} --to ${BASELINE} --concurrently`,
    outcome: { code: 1, output: /CREATE INDEX CONCURRENTLY course_level_idx/ },
  },

  // The developer adds asset.resource_id to the models.
  {
    example: 'schemaguard verify --fix --name add_resource_id',
    before: (project) =>
      project.write('src/db/schema.ts', modelsSource({ softDelete: true, courseLevel: true, assetResource: true })),
    outcome: { code: 1, output: /Wrote migrations\/0004_add_resource_id\.sql/ },
  },
  {
    example: 'schemaguard migrate check --fix --name add_resource_id',
    outcome: { code: 0, output: /they match the models/ },
  },
  {
    example: 'git add migrations/ src/db/schema.ts && schemaguard hooks run pre-commit',
    // The baseline still has the schema before asset.resource_id: the hook says so.
    outcome: { code: 1, output: /baseline: database_schema\/baseline_schema\.json is not the replay/ },
  },
  { example: 'schemaguard hooks uninstall', outcome: { code: 0, output: /Removed the pre-commit hook/ } },
  {
    example: 'schemaguard ci github --db-version 15 --force',
    outcome: { code: 0, output: /Wrote \.github\/workflows\/schema-verification\.yml/ },
  },
  {
    example: 'schemaguard rollback --db "$DATABASE_URL" --to v1.4.0 --yes --allow-data-loss',
    outcome: { code: 0, output: /6\. post-verify: passed/ },
  },

  // A run of 0003 on production failed, and its file has changed since: repair decides.
  {
    example: 'schemaguard migrate repair --env production --retry 0003',
    before: async (project) => {
      const db = await postgres.connect(project.env.PRODUCTION_DATABASE_URL as string);
      try {
        await db.exec(
          "INSERT INTO public.schemaguard_migrations (version, name, checksum, success) VALUES ('0003', 'add_course_level', 'an older file', false)",
        );
      } finally {
        await db.close();
      }
    },
    outcome: { noTerminal: true, dryRun: /Marking 0003_add_course_level\.sql for retry/ },
  },
  {
    example: 'schemaguard migrate repair --env production --rolled-back 0003 --yes',
    outcome: { code: 0, output: /Marking 0003_add_course_level\.sql as rolled back[\s\S]*Marked: next/ },
  },
];

interface RunResult {
  readonly code: number;
  readonly output: string;
  readonly stderr: string;
}

/**
 * A word bash passes as it is written (plain characters, not starting with `~`), a single-quoted
 * one (without the quotes), or a double-quoted variable (`"$NAME"`: the variable's value).
 */
const WORD = /^(?:[\w:./=,@+-][\w:./=,@+~-]*|'[^']*'|"\$\w+")$/;

/**
 * The arguments bash would pass the CLI for a line that is `schemaguard` and such words only;
 * undefined for any other line (redirections, command substitution, `&&`).
 */
function cliArguments(line: string, env: HelpProject['env']): string[] | undefined {
  const [command, ...words] = line.split(' ');
  if (command !== 'schemaguard' || words.length === 0 || !words.every((word) => WORD.test(word))) return undefined;
  return words.map((word) => {
    if (word.startsWith("'")) return word.slice(1, -1);
    if (word.startsWith('"')) return env[word.slice(2, -1)] ?? '';
    return word;
  });
}

/** Runs a command line as written in the project: a line of words in this process, any other with bash. */
async function runExample(project: HelpProject, line: string): Promise<RunResult> {
  const args = cliArguments(line, project.env);
  if (args) {
    const result = await runCli(args, { cwd: project.dir, env: project.env });
    return { code: result.code, output: `${result.stdout}${result.stderr}`, stderr: result.stderr };
  }
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-c', line],
      { cwd: project.dir, env: project.env, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, output: `${stdout}${stderr}`, stderr });
      },
    );
  });
}

/** The part of a run the failure message shows. */
function shown(line: string, result: RunResult): string {
  return `$ ${line}\n(exit code ${result.code})\n${result.output}`;
}

/** Asserts that a run ran: 0 or 1, and no stack trace anywhere. */
function expectRan(line: string, result: RunResult): void {
  expect([0, 1], `${shown(line, result)}\nexits with 0 or 1, not ${result.code}`).toContain(result.code);
  expect(result.output, `${shown(line, result)}\nshows no stack trace`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

const commands = await helpCommands();
/** Each example once, with the commands whose help shows it. */
const examples = new Map<string, string[]>();
for (const command of commands) {
  for (const example of command.examples) examples.set(example, [...(examples.get(example) ?? []), command.name]);
}
const unscripted = [...examples.keys()].filter((example) => !STORY.some((step) => step.example === example));
const runs: readonly Step[] = [
  ...STORY.filter((step) => examples.has(step.example)),
  ...unscripted.map((example) => ({ example, outcome: { code: 0 as const } })),
];

describe('the examples of every --help', () => {
  let project: HelpProject;

  beforeAll(async () => {
    project = await createHelpProject();
  }, 180_000);
  afterAll(async () => {
    await project?.drop();
  });

  it('are there: every command has examples, and the story names only examples of the help', () => {
    const without = commands.filter((c) => c.examples.length === 0).map((c) => c.name);
    expect(without, 'commands whose --help has no example').toEqual([]);
    const gone = STORY.map((step) => step.example).filter((example) => !examples.has(example));
    expect(gone, 'examples of the story that no --help shows any more: update the story').toEqual([]);
  });

  it.each(runs.map((step) => [`$ ${step.example}  (${examples.get(step.example)?.join(', ')})`, step] as const))(
    '%s',
    async (_title, step) => {
      await step.before?.(project);
      const result = await runExample(project, step.example);
      const scripted = STORY.includes(step);
      // An example outside the story that needs a terminal to confirm is held to the same rule.
      const refused = !scripted && result.code === 2 && NO_TERMINAL.test(result.stderr.trim());
      if ('noTerminal' in step.outcome || refused) {
        expect(result.code, `${shown(step.example, result)}\nrefuses with exit code 2`).toBe(2);
        expect(result.stderr.trim(), shown(step.example, result)).toMatch(NO_TERMINAL);
        const dryRun = `${step.example} --dry-run`;
        const dry = await runExample(project, dryRun);
        expectRan(dryRun, dry);
        if ('noTerminal' in step.outcome) expect(dry.output, shown(dryRun, dry)).toMatch(step.outcome.dryRun);
      } else {
        expectRan(step.example, result);
        if (scripted) {
          expect(result.code, `${shown(step.example, result)}\nexits with ${step.outcome.code}`).toBe(
            step.outcome.code,
          );
        }
        if (step.outcome.output) expect(result.output, shown(step.example, result)).toMatch(step.outcome.output);
      }
      await step.after?.(project);
    },
  );
});
