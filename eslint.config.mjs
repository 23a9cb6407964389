// Lint rules that hold the architecture in place (see DESIGN.md and STYLE.md):
// - apps never import other apps; libraries import only what their tag allows;
// - protocol and contract libraries stay free of framework, database and network modules;
// - only `persistence/` folders import TypeORM.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const infrastructure = [
  '@nestjs/*',
  'typeorm',
  'pg',
  'nats',
  '@electric-sql/*',
  'fastify',
  'pino',
  'prom-client',
  'argon2',
];
const network = [
  'node:net',
  'node:http',
  'node:https',
  'node:tls',
  'node:dgram',
  'net',
  'http',
  'https',
  'tls',
  'dgram',
];

export default [
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.nx/**', 'tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:runtime', 'type:contracts', 'type:protocol'],
            },
            {
              sourceTag: 'type:runtime',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:protocol'],
            },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:protocol'],
              bannedExternalImports: [...infrastructure, ...network],
            },
            {
              sourceTag: 'type:protocol',
              onlyDependOnLibsWithTags: ['type:protocol'],
              bannedExternalImports: [...infrastructure, ...network],
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['**/persistence/**', '**/*.spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'typeorm',
              message: 'Only persistence/ folders import TypeORM.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // Protocol and contract code is pure: bytes and values in, values out (STYLE.md).
    files: ['libs/wbxml/src/**/*.ts', 'libs/policy/src/**/*.ts', 'libs/contracts/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: network.map((name) => ({
            name,
            message: 'Protocol and contract libraries do no I/O.',
          })),
          patterns: [
            {
              group: infrastructure,
              message: 'Protocol and contract libraries import no framework, database or bus.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
