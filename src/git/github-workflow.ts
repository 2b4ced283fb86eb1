import { dirname, relative } from 'node:path';
import type { ResolvedConfig } from '../config/load.js';
import type { CiService } from '../dialects/dialect.js';
import { dialectByName } from '../dialects/index.js';
import { refParts } from '../sources/ref.js';

/** What the generated workflow is built from, besides the config. */
export interface WorkflowOptions {
  /** The repository's top folder: the workflow's paths are relative to it. */
  readonly repositoryRoot: string;
  /** The engine's service container (the engine's image the project uses: MySQL's or MariaDB's), or SQLite's file. */
  readonly service: CiService;
  /** The version of its image. */
  readonly serviceVersion: string;
  readonly node: string;
  /** The workflow file itself, so that a change to it runs it. */
  readonly workflowPath: string;
  /** The migration folder's format, as read (the config may leave it to detection). */
  readonly migrationFormat?: string;
  /** The branches whose pushes run the workflow: those the environments deploy from. */
  readonly pushBranches: readonly string[];
  /** A Django project: Python is set up and Django's own migration check runs. */
  readonly django?: DjangoWorkflow;
}

/** What the workflow of a Django project needs beyond the config. Paths are absolute. */
export interface DjangoWorkflow {
  /** The project's `manage.py`. */
  readonly manage: string;
  /** The Python version of `actions/setup-python`. */
  readonly python: string;
  /** The project's `requirements.txt`, when it has one. */
  readonly requirements?: string;
  /** The settings module's file, or its package folder (whose modules all count). */
  readonly settings?: string;
}

/** The packages installed when a Django project has no requirements.txt: Django and its driver for the engine. */
const DJANGO_PACKAGES: Readonly<Record<string, string>> = {
  postgres: 'Django psycopg2-binary',
  mysql: 'Django mysqlclient',
  sqlite: 'Django',
};

/**
 * The branches the config's environments deploy from (each one's `branch`), in config order
 * without repeats; `fallback` (the repository's default branch) when none names one.
 */
export function environmentBranches(config: ResolvedConfig, fallback: string): string[] {
  const branches = Object.values(config.environments).flatMap((e) => (e.branch ? [e.branch] : []));
  return branches.length > 0 ? [...new Set(branches)] : [fallback];
}

/** The paths of a models ref's files (`drizzle:./src/db/schema.ts`, `prisma:…`, `sql:…`, each part of `A + B`). */
function refPaths(ref: string | undefined): string[] {
  return (ref ? refParts(ref) : []).flatMap((part) => {
    const match = /^(?:drizzle|prisma|sql|migrations):(.+)$/.exec(part);
    return match?.[1] ? [match[1]] : [];
  });
}

/**
 * A step that reports twice from one command: a markdown table into the job summary
 * (never failing the step), then GitHub annotations (failing it on a finding). The
 * second run reads the shadow cache the first one filled.
 */
function reportingStep(name: string, command: string, always: boolean): Record<string, unknown> {
  return {
    name,
    ...(always ? { if: '${{ !cancelled() }}' } : {}),
    run: `${command} --format markdown >> "$GITHUB_STEP_SUMMARY" || true\n${command} --format github\n`,
  };
}

/** What a Django project's pull requests touch when they change its schema: models, migrations, settings, requirements. */
function djangoPaths(django: DjangoWorkflow, fromRoot: (path: string) => string): string[] {
  const base = fromRoot(dirname(django.manage));
  const under = base === '.' ? '' : `${base}/`;
  const settings = django.settings && fromRoot(django.settings);
  return [
    `${under}**/models.py`,
    `${under}**/models/**`,
    `${under}**/migrations/**`,
    ...(settings ? [django.settings?.endsWith('.py') ? settings : `${settings}/**`] : []),
    ...(django.requirements ? [fromRoot(django.requirements)] : []),
  ];
}

/**
 * Python with the project's requirements, then the seeds' migration check: Django's own
 * `makemigrations --check --dry-run`, which fails on model changes without a migration and on
 * conflicting migrations (two leaves of one app), with an annotation that says so.
 */
function djangoSteps(
  django: DjangoWorkflow,
  packages: string,
  fromRoot: (path: string) => string,
  fromProject: (path: string) => string,
): Record<string, unknown>[] {
  const requirements = django.requirements && fromProject(django.requirements);
  const manage = fromProject(django.manage);
  return [
    {
      uses: 'actions/setup-python@v5',
      with: {
        'python-version': django.python,
        ...(django.requirements ? { cache: 'pip', 'cache-dependency-path': fromRoot(django.requirements) } : {}),
      },
    },
    { run: requirements ? `pip install -r ${requirements}` : `pip install ${packages}` },
    {
      name: 'Django migrations: no conflicts and no missing migration',
      run: [
        `python ${manage} makemigrations --check --dry-run || {`,
        `  echo "::error title=makemigrations --check::The models have changes without a migration, or conflicting migrations (listed above): run python ${manage} makemigrations and commit the files it writes."`,
        '  exit 1',
        '}',
        '',
      ].join('\n'),
    },
  ];
}

/**
 * The seeds' `.github/workflows/schema-verification.yml`, for this project: on pull
 * requests that touch the models, migrations or snapshots and on pushes to the branches
 * the environments deploy from, against the engine's service container — `migrate check` (for a
 * Django project: Python set up and `makemigrations --check`), the migrations applied, `verify`
 * against the models, the schema assertions and `compare` with the baseline, each with
 * annotations and a summary. Returns the YAML text.
 */
export async function schemaVerificationWorkflow(config: ResolvedConfig, options: WorkflowOptions): Promise<string> {
  const { service } = options;
  const fromRoot = (path: string) => relative(options.repositoryRoot, path).split('\\').join('/') || '.';
  const projectFolder = fromRoot(config.root);
  // Commands run in the config's folder: paths in them are relative to it.
  const fromProject = (path: string) => relative(config.root, path).split('\\').join('/') || '.';
  const modelsPaths = refPaths(config.models);
  const { django } = options;
  const watched = [
    ...(config.migrations && !django ? [`${fromRoot(config.migrations.dir)}/**`] : []),
    `${fromRoot(config.snapshotDir)}/**`,
    ...(django ? djangoPaths(django, fromRoot) : []),
    ...modelsPaths.map(fromRoot),
    ...(config.file ? [fromRoot(config.file)] : []),
    options.workflowPath,
  ];
  const runnable = config.migrations && (options.migrationFormat === 'plain' || config.migrations.command);
  const steps: Record<string, unknown>[] = [
    { uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } },
    {
      uses: 'actions/setup-node@v4',
      with: { 'node-version': options.node, cache: 'npm' },
    },
    { run: 'npm ci' },
  ];
  if (django) {
    steps.push(...djangoSteps(django, DJANGO_PACKAGES[config.dialect] ?? 'Django', fromRoot, fromProject));
  } else if (config.migrations) {
    steps.push(
      reportingStep(
        'Migrations load, with no conflicts and no missing migration',
        'npx schemaguard migrate check --base-ref "origin/$BASE_REF"',
        false,
      ),
    );
  }
  if (service.prepare !== undefined) {
    steps.push({ name: `The job's empty ${service.title} database`, run: `${service.prepare}\n` });
  }
  if (runnable) {
    steps.push({
      name: 'Apply the migrations to the service database, through the safety protocol',
      run: 'npx schemaguard migrate apply --db "$DATABASE_URL" --yes --allow-data-loss\n',
    });
  }
  if (config.models) {
    steps.push(reportingStep('The database matches the models', 'npx schemaguard verify --db "$DATABASE_URL"', true));
  }
  if (config.assertions.length > 0) {
    steps.push(reportingStep('Schema assertions', 'npx schemaguard check --schema "$DATABASE_URL"', true));
  }
  steps.push(
    reportingStep(
      'The database matches the committed baseline',
      `npx schemaguard compare ${fromProject(config.baseline)} "$DATABASE_URL"`,
      true,
    ),
  );
  const workflow = {
    name: 'Schema verification',
    on: {
      pull_request: { paths: watched },
      push: { branches: [...options.pushBranches] },
    },
    jobs: {
      'schema-verification': {
        'runs-on': 'ubuntu-latest',
        ...(service.container === false
          ? {}
          : {
              services: {
                [service.name]: {
                  image: service.image(options.serviceVersion),
                  env: { ...service.env },
                  ports: [...service.ports],
                  options: service.options,
                },
              },
            }),
        env: {
          // The throwaway database (a service's password is the container's).
          DATABASE_URL: service.url,
          // An engine with no embedded database replays migrations and models on the service's
          // server, unless the config names a shadow server of its own.
          ...(dialectByName(config.dialect).capabilities.embedded || config.shadow !== undefined
            ? {}
            : { SCHEMAGUARD_SHADOW_URL: service.url }),
          BASE_REF: '${{ github.base_ref || github.event.repository.default_branch }}',
        },
        ...(projectFolder === '.' ? {} : { defaults: { run: { 'working-directory': projectFolder } } }),
        steps,
      },
    },
  };
  const header = [
    '# Written by `schemaguard ci github`: the schema checks of every pull request that touches',
    '# the models, the migrations or the snapshots. Rerun the command after changing the config.',
  ];
  // Loaded here, not with the CLI: only this command writes YAML (it takes about 25 ms to load).
  const { stringify } = await import('yaml');
  return `${header.join('\n')}\n${stringify(workflow, { lineWidth: 0 })}`;
}
