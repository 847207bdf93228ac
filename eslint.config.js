// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

// The reference must run unchanged in a browser, a worker or a fuzzer: no Node APIs, no ambient
// randomness, no clock (docs/design.md, "The reference package"). Randomness and time are parameters.
const referencePurity = {
  files: ['packages/reference/src/**/*.ts'],
  rules: {
    'no-restricted-imports': 'off',
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: '^(?!@noble/(ciphers|hashes)/|\\.\\.?/)',
            message:
              'packages/reference/src may import only @noble/ciphers, @noble/hashes and its own files.',
          },
        ],
      },
    ],
    'no-restricted-globals': [
      'error',
      ...[
        'Buffer',
        'process',
        'require',
        'crypto',
        'performance',
        'Date',
        'setTimeout',
        'setInterval',
        'global',
        'globalThis',
      ].map((name) => ({ name, message: `the reference is pure: '${name}' is ambient state or a Node API` })),
    ],
    'no-restricted-properties': [
      'error',
      { object: 'Math', property: 'random', message: 'randomness is injected (an Rng parameter)' },
    ],
    'no-restricted-syntax': [
      'error',
      { selector: 'ImportExpression', message: 'no dynamic imports in the reference' },
    ],
  },
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/test-results/**', '.cache/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', 'scripts/**'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
  referencePurity,
);
