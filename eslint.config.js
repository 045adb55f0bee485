// Type-aware linting for every workspace: `npm run lint` lints them all in one process (one
// TypeScript service for the whole repository); `eslint .` in a package lints that package.
import tseslint from 'typescript-eslint'
import { coreLayers } from './tools/eslint/core-layers.js'

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '**/*.config.*', '**/bench/**', '**/.tmp/**', '**/.blocks/**', 'packages/admin/assets/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/only-throw-error': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // The public entry points only: `@gino-ts/core` and `@gino-ts/core/integration`.
              group: ['@gino-ts/core/*', '!@gino-ts/core/integration', '**/core/src/**', '**/core/dist/**'],
              message: 'Import @gino-ts/core through its public entries: @gino-ts/core or @gino-ts/core/integration.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/test/**', '**/*.test.ts', '**/*.test-d.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  ...coreLayers,
)
