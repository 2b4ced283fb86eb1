import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The dialect boundary: outside `src/dialects/`, code reaches an engine only through the
 * registry (`dialects/index.js`) and the contract (`dialects/dialect.js`), never a
 * dialect's own folder, so that a new engine is one folder plus one registry line.
 */
const dialectBoundaryPattern = {
  regex: '(^|/)dialects/(?!(index|dialect)\\.js$)',
  message:
    "Reach an engine through the registry (src/dialects/index.ts: dialectByName, dialectForUrl, connect) and the contract (src/dialects/dialect.ts), not a dialect's folder.",
};
const dialectBoundary = { 'no-restricted-imports': ['error', { patterns: [dialectBoundaryPattern] }] };

/**
 * The layers (docs/architecture.md): the engine-neutral logic and the model never import the
 * command line or the workflows above them. (One rule's options replace another's, so these
 * files get the dialect boundary again with it.)
 */
const layerBoundary = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        dialectBoundaryPattern,
        {
          regex: '^(\\.\\./)+(cli|workflows)/',
          message:
            'src/plan, src/diff and src/schema sit below the command line and the workflows: take what they need as arguments instead.',
        },
      ],
    },
  ],
};

/** The engines' folders, `src/dialects/<name>/`, whatever engines there are. */
const DIALECT_FOLDERS = readdirSync(join(import.meta.dirname, 'src', 'dialects'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/**
 * One engine's folder never imports another's (`../<other>/…`, at any depth): what engines
 * share belongs in the contract or in the engine-neutral code.
 */
const dialectIsolation = DIALECT_FOLDERS.flatMap((name) => {
  const others = DIALECT_FOLDERS.filter((other) => other !== name);
  if (others.length === 0) return [];
  return [
    {
      files: [`src/dialects/${name}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                regex: `^(\\.\\./)+(dialects/)?(${others.join('|')})/`,
                message: `src/dialects/${name} is one engine: it may not import another engine's folder (share through src/dialects/dialect.ts or the engine-neutral code).`,
              },
            ],
          },
        ],
      },
    },
  ];
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    // sequelize-cli's migrations are CommonJS modules, as it writes them.
    files: ['test/fixtures/migrations/sequelize/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  { files: ['src/**/*.ts', 'test/**/*.ts'], ignores: ['src/dialects/**', 'test/dialects/**'], rules: dialectBoundary },
  { files: ['src/plan/**/*.ts', 'src/diff/**/*.ts', 'src/schema/**/*.ts'], rules: layerBoundary },
  ...dialectIsolation,
  {
    // Other programs run through src/subprocess.ts: one timeout, one missing-program sentence.
    files: ['src/**/*.ts'],
    ignores: ['src/subprocess.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['node:child_process', 'child_process', 'tinyexec'].map((name) => ({
            name,
            message: 'Run other programs with runProgram or startProgram from src/subprocess.ts.',
          })),
        },
      ],
    },
  },
  {
    // Library code: the run's streams, working directory, environment and exit belong to the
    // caller (the CLI passes its own through a context), never to the process.
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['stdout', 'stderr', 'stdin', 'env', 'cwd', 'chdir', 'argv', 'exit', 'exitCode'].map((property) => ({
          object: 'process',
          property,
          message: "Library code takes these from its caller (a WorkflowContext, the config's cwd and env).",
        })),
      ],
    },
  },
  {
    // The workflows take everything from their context.
    files: ['src/workflows/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'A workflow takes its cwd, env, reporter and prompter from its WorkflowContext.' },
      ],
    },
  },
);
