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
);
