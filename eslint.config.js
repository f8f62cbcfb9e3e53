import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // The client's schema.d.ts is generated (npm run client:generate): linted by nobody, edited by nobody.
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.data/', 'clients/*/dist/', 'clients/*/src/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Configuration is read in one place only (src/config); everything else gets it injected.
    files: ['src/**/*.ts'],
    ignores: ['src/config/**', 'src/main.ts', 'src/cluster.ts', 'src/scripts/**'],
    rules: { 'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through AppConfig.' }] },
  },
  {
    files: ['scripts/**', 'test/**'],
    languageOptions: { globals: globals.node },
    rules: { 'no-console': 'off', 'no-redeclare': ['error', { builtinGlobals: false }] },
  },
);
