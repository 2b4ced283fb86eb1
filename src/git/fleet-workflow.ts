/**
 * The GitHub Actions workflow of a fleet: a matrix of N jobs, each running a fleet command
 * on one shard of the targets (`--shard I/N`), then a job that merges their reports into one
 * summary and exit code. Daily it checks the fleet; run by hand, any fleet command, and
 * `apply` runs shard 1 first with a canary before the other shards start.
 */
import { relative } from 'node:path';
import type { ResolvedConfig } from '../config/load.js';
import type { FleetConfig } from '../config/schema.js';
import { parseRef } from '../sources/ref.js';

/** What the fleet workflow is built from, besides the config. */
export interface FleetWorkflowOptions {
  /** The repository's top folder: the workflow's paths are relative to it. */
  readonly repositoryRoot: string;
  readonly fleet: string;
  readonly shards: number;
  readonly node: string;
}

/**
 * Where the reports go: the runner's temporary folder, outside the checkout, so that the
 * working tree stays clean for `check`'s git items.
 */
const REPORTS = '$RUNNER_TEMP/fleet-reports';
const REPORTS_EXPRESSION = '${{ runner.temp }}/fleet-reports';

/**
 * The environment variables a fleet reads its targets' URLs from, each given to the jobs as
 * the secret of the same name; and the globs of `urlEnv`, whose variables cannot be listed here.
 */
export function fleetVariables(config: ResolvedConfig, fleet: FleetConfig): { names: string[]; globs: string[] } {
  const names = new Set<string>();
  const ofRef = (ref: string) => {
    const parsed = parseRef(ref);
    const variable = parsed.kind === 'environment' ? config.environments[parsed.name]?.urlEnv : undefined;
    if (variable) names.add(variable);
  };
  for (const target of fleet.targets ?? []) {
    if (typeof target === 'string') ofRef(target);
    else if (target.urlEnv) names.add(target.urlEnv);
  }
  if (fleet.query) ofRef(fleet.query.database);
  if (fleet.schemas) ofRef(fleet.schemas.database);
  return { names: [...names].sort(), globs: fleet.urlEnv ? [fleet.urlEnv] : [] };
}

/** The fleet workflow's YAML text. */
export async function fleetWorkflow(config: ResolvedConfig, options: FleetWorkflowOptions): Promise<string> {
  const { fleet: name, shards } = options;
  const fleet = config.fleets[name] as FleetConfig;
  const projectFolder = relative(options.repositoryRoot, config.root).split('\\').join('/') || '.';
  const variables = fleetVariables(config, fleet);
  const env = Object.fromEntries(variables.names.map((v) => [v, `\${{ secrets.${v} }}`]));
  // Fresh objects for each job: the YAML writer would otherwise share them as anchors.
  const setup = () => [
    { uses: 'actions/checkout@v4' },
    { uses: 'actions/setup-node@v4', with: { 'node-version': options.node, cache: 'npm' } },
    { run: 'npm ci' },
  ];
  const upload = (shard: string, condition: string) => ({
    name: 'Upload the report',
    if: condition,
    uses: 'actions/upload-artifact@v4',
    with: {
      name: `fleet-report-${shard}`,
      path: `${REPORTS_EXPRESSION}/shard-${shard}.jsonl`,
      'if-no-files-found': 'error',
    },
  });
  const defaults = projectFolder === '.' ? {} : { defaults: { run: { 'working-directory': projectFolder } } };
  const isApply = "inputs.command == 'apply'";
  const job = (rest: Record<string, unknown>) => ({ 'runs-on': 'ubuntu-latest', ...defaults, ...rest });
  const workflow = {
    name: `schemaguard fleet ${name}`,
    on: {
      schedule: [{ cron: '17 6 * * *' }],
      workflow_dispatch: {
        inputs: {
          command: {
            description: 'The fleet command to run on every target',
            type: 'choice',
            options: ['check', 'status', 'compare', 'apply'],
            default: 'check',
          },
        },
      },
    },
    permissions: { contents: 'read' },
    // One run of the fleet at a time: an apply never overlaps another.
    concurrency: { group: `schemaguard-fleet-${name}`, 'cancel-in-progress': false },
    env: {
      FLEET_COMMAND: "${{ inputs.command || 'check' }}",
      ...env,
    },
    jobs: {
      canary: job({
        name: `apply: shard 1/${shards}, its first target alone`,
        if: `\${{ ${isApply} }}`,
        steps: [
          ...setup(),
          {
            name: `fleet apply, shard 1/${shards}, canary first`,
            run: `npx schemaguard fleet apply --fleet ${name} --shard 1/${shards} --canary 1 --yes --report ${REPORTS}/shard-1.jsonl\n`,
          },
          upload('1', '${{ !cancelled() }}'),
        ],
      }),
      shards: job({
        name: `\${{ inputs.command || 'check' }}: shard \${{ matrix.shard }}/${shards}`,
        needs: 'canary',
        // A failed canary stops the apply here; a skipped one (any other command) does not.
        if: "${{ !cancelled() && needs.canary.result != 'failure' }}",
        strategy: { 'fail-fast': false, matrix: { shard: Array.from({ length: shards }, (_, i) => i + 1) } },
        steps: [
          ...setup(),
          {
            name: 'fleet command on this shard',
            // Shard 1 of an apply ran in the canary job.
            if: `\${{ !(${isApply} && matrix.shard == 1) }}`,
            run: `npx schemaguard fleet "$FLEET_COMMAND" --fleet ${name} --shard \${{ matrix.shard }}/${shards} --report ${REPORTS}/shard-\${{ matrix.shard }}.jsonl \${{ ${isApply} && '--yes' || '' }}\n`,
          },
          upload('${{ matrix.shard }}', `\${{ !cancelled() && !(${isApply} && matrix.shard == 1) }}`),
        ],
      }),
      summary: job({
        name: 'The whole fleet',
        needs: ['canary', 'shards'],
        if: '${{ !cancelled() }}',
        steps: [
          ...setup(),
          {
            uses: 'actions/download-artifact@v4',
            with: {
              pattern: 'fleet-report-*',
              'merge-multiple': true,
              path: REPORTS_EXPRESSION,
            },
          },
          {
            name: 'Merge the shard reports',
            run: `summary="$RUNNER_TEMP/fleet-summary.txt"\nnpx schemaguard fleet merge ${REPORTS}/*.jsonl > "$summary" || status=$?\n{ echo '### schemaguard fleet ${name}'; echo '\`\`\`'; cat "$summary"; echo '\`\`\`'; } >> "$GITHUB_STEP_SUMMARY"\ncat "$summary"\nexit "\${status:-0}"\n`,
          },
        ],
      }),
    },
  };
  const header = [
    `# Written by \`schemaguard ci github --fleet ${name} --shards ${shards}\`: the fleet's targets checked`,
    `# daily in ${shards} shards (a job each), their reports merged into one summary; run it by hand`,
    '# (Actions → Run workflow) for status, compare or apply (shard 1 first, with a canary).',
    ...(variables.names.length > 0 ? [`# Add these repository secrets: ${variables.names.join(', ')}.`] : []),
    ...variables.globs.map(
      (glob) => `# The fleet reads every variable matching ${glob}: add each as a secret and to "env" below.`,
    ),
  ];
  const { stringify } = await import('yaml');
  return `${header.join('\n')}\n${stringify(workflow, { lineWidth: 0 })}`;
}
