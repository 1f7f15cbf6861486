// Lint: typescript-eslint's type-aware rules plus the house rules of docs/architecture.md §2.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { builtinModules } from 'node:module';

/** Every node built-in, bare and `node:`-prefixed. */
const NODE_BUILTINS = ['node:*', ...builtinModules.flatMap((name) => [name, `${name}/*`])];
/** Syntax the house never uses, anywhere. */
const HOUSE_SYNTAX = [{ selector: 'TSEnumDeclaration', message: 'no enums: use const unions' }];
/** The workspaces, bottom to top (docs/architecture.md §1; psp, switch and bank side by side). */
const WORKSPACES = ['contracts', 'infra', 'outbox', 'psp', 'switch', 'bank', 'app', 'tools'];
/** A relative path into another workspace's sources: cross-workspace imports go through package names. */
const intoOtherWorkspace = (own) =>
  WORKSPACES.filter((name) => name !== own).flatMap((name) => [`**/${name}/src/**`, `**/${name}/src`]);

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '.tools/**',
      'k6/**/*.js',
      'coverage/**',
      'eslint.config.js',
      'tools/src/console/web/dist*/**',
      'app/dist/**',
      'reports/**',
    ],
  },
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
      'no-restricted-syntax': ['error', ...HOUSE_SYNTAX],
      // Only a config.ts reads the environment (docs/architecture.md §4.6); everything else is handed its
      // settings.
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'only config.ts reads the environment: take the setting from it',
        },
      ],
    },
  },
  // domain/ is pure: decisions take time, ids and everything they know as parameters (docs/architecture.md).
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
                '**/runtime/**',
                '**/upstream/**',
                '**/hsm/**',
                '**/config.ts',
                '**/metrics.ts',
                'amqplib',
                'pg',
                'slonik',
                'fastify',
                'pino',
                'env-schema',
                '@prometheus-io/client',
                '@switchyard/outbox',
                '@switchyard/infra',
                '@switchyard/infra/*',
              ],
              message: 'domain/ is pure: no I/O, runtime, config or metrics modules',
            },
            { group: NODE_BUILTINS, message: 'domain/ is pure: no node built-ins (I/O, clocks, randomness)' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...HOUSE_SYNTAX,
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'domain/ takes `now` as a parameter',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'domain/ takes `now` as a parameter',
        },
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: 'domain/ takes ids and randomness as parameters',
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'process',
          'crypto',
          'performance',
          'fetch',
          'setTimeout',
          'setInterval',
          'Buffer',
          'console',
        ].map((name) => ({
          name,
          message: 'domain/ is pure: I/O, clocks and randomness come in as parameters',
        })),
      ],
    },
  },
  // Layers (docs/architecture.md §1): contracts → infra → outbox → psp/switch/bank → tools/app. A workspace
  // imports only those below it; services never import each other. A separate rule name from the domain/ rule
  // above, so both apply to a service's domain/ files.
  ...[
    ['contracts/**', ['infra', 'outbox', 'psp', 'switch', 'bank', 'app', 'tools']],
    ['infra/**', ['outbox', 'psp', 'switch', 'bank', 'app', 'tools']],
    ['outbox/**', ['psp', 'switch', 'bank', 'app', 'tools']],
    ['psp/**', ['switch', 'bank', 'app', 'tools']],
    ['switch/**', ['psp', 'bank', 'app', 'tools']],
    ['bank/**', ['psp', 'switch', 'app', 'tools']],
    ['app/**', ['infra', 'outbox', 'switch', 'bank', 'tools']],
    ['tools/**', []],
  ].map(([files, above]) => ({
    files: [files],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            ...(above.length === 0
              ? []
              : [
                  {
                    group: above.flatMap((name) => [`@switchyard/${name}`, `@switchyard/${name}/*`]),
                    message: 'a workspace imports only the layers below it (docs/architecture.md §1)',
                  },
                ]),
            {
              group: intoOtherWorkspace(files.split('/')[0]),
              message: 'another workspace is imported by its package name, never by a relative path',
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
              message: 'a workspace imports only the layers below it (docs/architecture.md §1)',
            },
            {
              group: ['@switchyard/psp', '@switchyard/psp/*'],
              allowTypeImports: true,
              message: 'the app may import only types from the PSP: it talks to it over HTTP',
            },
            {
              group: intoOtherWorkspace('app'),
              message: 'another workspace is imported by its package name, never by a relative path',
            },
          ],
        },
      ],
    },
  },
  {
    // The app's page runs in a browser: no node built-ins, no server-side modules, and contracts only through
    // its browser-safe entry (docs/architecture.md §2).
    files: ['app/src/web/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@switchyard/contracts',
              message: 'the page imports @switchyard/contracts/client (no node built-ins behind it)',
            },
          ],
          patterns: [
            { group: NODE_BUILTINS, message: 'the page runs in a browser: no node built-ins' },
            {
              group: ['amqplib', 'fastify', '@fastify/*', 'ws', '**/server/**', '**/phone/**'],
              message: 'the page runs in a browser: server-side modules stay in the app server',
            },
          ],
        },
      ],
    },
  },
  {
    // End-to-end tests use the workspaces as their users do: through package names.
    files: ['tests/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: WORKSPACES.flatMap((name) => [`**/${name}/src/**`, `**/${name}/src`]),
              message: 'tests import the workspaces by package name',
            },
          ],
        },
      ],
    },
  },
  {
    // The environment is read in config.ts files only (the tools' and tests' settings included); a test
    // may hand its own environment on to a process it starts.
    files: ['**/src/config.ts', 'infra/src/testing/config.ts', '**/test/**', 'tests/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/test/**', 'tests/**'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
  prettier,
);
