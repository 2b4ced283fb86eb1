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
);
