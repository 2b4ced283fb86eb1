import { dirname, join, relative } from 'node:path';
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
  /** Pull requests get one comment with the schema change, updated on each run. */
  readonly prComment: boolean;
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

/** The report's file, written in the project's folder, and the artifact that carries it. */
const REPORT_FILE = 'schemaguard-report.html';
const REPORT_ARTIFACT = 'schemaguard-report';

/** The first line of the pull-request comment: how the next run finds the comment to update. */
const COMMENT_MARKER = '<!-- schemaguard -->';

/**
 * The most bytes of compare's markdown that the comment keeps, cut at a line's end: GitHub takes
 * up to 65,536 characters. Only the table is ever cut: the Mermaid diagram before it draws at most 30 tables.
 */
const COMMENT_LIMIT = 60_000;

/**
 * Shell lines that set `$against` to the base branch's baseline (the schema the change under
 * review starts from), or to this commit's when the base branch has none yet (the pull request
 * that adds schemaguard). `baseline` is relative to the project's folder, where commands run.
 */
function againstBaseLines(baseline: string): string[] {
  return [
    'against="git:origin/$BASE_REF"',
    `if ! git cat-file -e "origin/$BASE_REF:./${baseline}" 2>/dev/null; then`,
    `  echo "origin/$BASE_REF has no ${baseline} yet: comparing with this commit's."`,
    `  against=${baseline}`,
    'fi',
  ];
}

/**
 * The HTML report of the change under review (the migrated database against the base branch's
 * baseline), and its upload as an artifact; `uploadPath` is the file's path from the repository
 * root, which is where actions/upload-artifact starts.
 */
function reportSteps(baseline: string, uploadPath: string): Record<string, unknown>[] {
  return [
    {
      name: 'The HTML report of the change',
      if: '${{ !cancelled() }}',
      run: [
        ...againstBaseLines(baseline),
        `npx schemaguard report "$DATABASE_URL" --against "$against" -o ${REPORT_FILE}`,
        '',
      ].join('\n'),
    },
    {
      name: 'Upload the report',
      if: '${{ !cancelled() }}',
      uses: 'actions/upload-artifact@v4',
      with: { name: REPORT_ARTIFACT, path: uploadPath, 'if-no-files-found': 'ignore' },
    },
  ];
}

/**
 * On pull requests, one comment with compare's markdown (its summary, its Mermaid diagram of the
 * changed tables, its table) of the change under review, found again by {@link COMMENT_MARKER}
 * and updated, through the runner's `gh`. A change-free pull request gets no new comment; a
 * token that cannot write (a fork's) leaves a warning, not a failure.
 */
function commentStep(baseline: string): Record<string, unknown> {
  const unwritable =
    "The comment could not be written (a pull request from a fork gets a read-only token): the change is in this run's report.";
  return {
    name: 'Comment on the pull request',
    if: "${{ !cancelled() && github.event_name == 'pull_request' }}",
    env: { GH_TOKEN: '${{ secrets.GITHUB_TOKEN }}', PR_NUMBER: '${{ github.event.pull_request.number }}' },
    run: [
      // Says why there is no comment, without failing the step.
      'skip() { echo "::warning title=Pull-request comment::$1"; exit 0; }',
      ...againstBaseLines(baseline),
      'markdown=$(mktemp)',
      'status=0',
      'npx schemaguard compare "$against" "$DATABASE_URL" --strict --format markdown > "$markdown" || status=$?',
      '[ "$status" -le 1 ] || skip "compare could not run (its error is above): no comment."',
      'body=$(mktemp)',
      '{',
      `  echo '${COMMENT_MARKER}'`,
      `  LC_ALL=C awk -v limit=${COMMENT_LIMIT} '`,
      '    { size += length($0) + 1 }',
      '    size > limit { print ""; print "_Cut short: the whole change is in the report._"; exit }',
      '    { print }',
      `  ' "$markdown"`,
      '  echo',
      `  echo "The HTML report (the schema, its diagrams, the change and its SQL plan) is the ${REPORT_ARTIFACT} artifact of [this run]($GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID)."`,
      '} > "$body"',
      '[ -n "$GH_TOKEN" ] || skip "GH_TOKEN is empty: no comment."',
      'comments="repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments"',
      `ids=$(gh api --paginate "$comments" --jq '.[] | select(.body | startswith("${COMMENT_MARKER}")) | .id') ||`,
      `  skip "The pull request's comments could not be read: no comment."`,
      'id=$(printf \'%s\\n\' "$ids" | head -n 1)',
      'if [ -n "$id" ]; then',
      `  gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" -F "body=@$body" > /dev/null || skip "${unwritable}"`,
      '  echo "Updated comment $id."',
      'elif [ "$status" -eq 1 ]; then',
      `  gh api --method POST "$comments" -F "body=@$body" > /dev/null || skip "${unwritable}"`,
      '  echo "Commented on the pull request."',
      'else',
      '  echo "No schema change, and no comment to update: none posted."',
      'fi',
      '',
    ].join('\n'),
  };
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
 * annotations and a summary; then the HTML report of the change, uploaded as an artifact, and
 * on pull requests a comment with the change (unless `prComment` is false). Returns the YAML text.
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
  const baseline = fromProject(config.baseline);
  steps.push(
    reportingStep(
      'The database matches the committed baseline',
      `npx schemaguard compare ${baseline} "$DATABASE_URL"`,
      true,
    ),
    ...reportSteps(baseline, fromRoot(join(config.root, REPORT_FILE))),
    ...(options.prComment ? [commentStep(baseline)] : []),
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
        // The token reads the code; with the comment, it writes on pull requests too.
        permissions: { contents: 'read', ...(options.prComment ? { 'pull-requests': 'write' } : {}) },
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
