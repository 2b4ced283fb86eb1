import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The dialect boundary: outside `src/dialects/`, code reaches an engine only through the
 * registry (`dialects/index.js`) and the contract (`dialects/dialect.js`), never a
 * dialect's own folder, so that a new engine is one folder plus one registry line.
 */
const dialectBoundary = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          regex: '(^|/)dialects/(?!(index|dialect)\\.js$)',
          message:
            "Reach an engine through the registry (src/dialects/index.ts: dialectByName, dialectForUrl, connect) and the contract (src/dialects/dialect.ts), not a dialect's folder.",
        },
      ],
    },
  ],
};

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
  { files: ['src/**/*.ts', 'test/**/*.ts'], ignores: ['src/dialects/**', 'test/dialects/**'], rules: dialectBoundary },
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
