// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', '.data/**', 'docs/**', 'dist/**', 'build/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': 'off',
    },
  },
  {
    // The domain is pure: the rules must not depend on Teams, HTTP or the store.
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['botbuilder*', 'restify*', 'lowdb*', 'steno', 'node:fs*', 'fs', 'fs/*', '../bot/*', '../storage/*', '../cards/*', '../../bot/*', '../../storage/*', '../../cards/*'], message: 'domain/ is pure: no Teams, HTTP, file or storage imports.' },
        ],
      }],
    },
  },
);
