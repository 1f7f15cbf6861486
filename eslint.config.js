// Lint: typescript-eslint's type-aware rules plus the house rules of STYLE.md §3.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '.tools/**', 'k6/*.js', 'coverage/**', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'no enums: use const unions' },
      ],
    },
  },
  {
    files: ['*/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/handlers/**',
                '**/http/**',
                '**/db/**',
                'amqplib',
                'pg',
                'slonik',
                'fastify',
                'node:fs',
                '@switchyard/outbox',
                '@switchyard/infra',
              ],
              message: 'domain/ is pure: no I/O imports (STYLE.md §3.1)',
            },
          ],
        },
      ],
    },
  },
  // Layers (STYLE.md §4): contracts → infra → outbox → psp/switch/bank → tools/app. A workspace imports
  // only those below it; services never import each other. A separate rule name from the domain/ rule
  // above, so both apply to a service's domain/ files.
  ...[
    ['contracts/**', ['infra', 'outbox', 'psp', 'switch', 'bank', 'app', 'tools']],
    ['infra/**', ['outbox', 'psp', 'switch', 'bank', 'app', 'tools']],
    ['outbox/**', ['psp', 'switch', 'bank', 'app', 'tools']],
    ['psp/**', ['switch', 'bank', 'app', 'tools']],
    ['switch/**', ['psp', 'bank', 'app', 'tools']],
    ['bank/**', ['psp', 'switch', 'app', 'tools']],
    ['app/**', ['infra', 'outbox', 'switch', 'bank', 'tools']],
  ].map(([files, above]) => ({
    files: [files],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: above.flatMap((name) => [`@switchyard/${name}`, `@switchyard/${name}/*`]),
              message: 'a workspace imports only the layers below it (STYLE.md §4)',
            },
          ],
        },
      ],
    },
  })),
  {
    // The app talks to its PSP over HTTP: it may use the PSP's public types, never its code.
    files: ['app/src/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@switchyard/infra',
                '@switchyard/outbox',
                '@switchyard/switch',
                '@switchyard/bank',
                '@switchyard/tools',
              ],
              message: 'a workspace imports only the layers below it (STYLE.md §4)',
            },
            {
              group: ['@switchyard/psp', '@switchyard/psp/*'],
              allowTypeImports: true,
              message: 'the app may import only types from the PSP: it talks to it over HTTP',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**', 'tests/**'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
  prettier,
);
