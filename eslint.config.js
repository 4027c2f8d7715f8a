// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'state/', '.scratch/', 'dist/', 'tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: [
            'eslint.config.js',
            '.dependency-cruiser.cjs',
            'bin/*.js',
            'build.js',
            'src/render/*.mjs',
            'src/extract/*.mjs',
          ],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'off',
    },
  },
  {
    // The archive's own html tag also takes bidi controls out of page text; Hono's alone does not.
    files: ['src/archive/**/*.ts'],
    ignores: ['src/archive/pages/html.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'hono/html', importNames: ['html'], message: 'use html from src/archive/pages/html.ts' }] },
      ],
    },
  },
  {
    // Node's globals, which ESLint's own list for plain JavaScript lacks.
    files: ['bin/*.js', 'build.js'],
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
);
