import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
