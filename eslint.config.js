// typescript-eslint's type-checked recommendations for the whole tree, and Temporal's determinism guard for workflows/.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const SANDBOX = 'Workflow code runs in a deterministic sandbox without Node built-ins.';
const NO_IO = 'Workflow code must not do I/O: do it in an activity.';
const TYPES_ONLY = 'Workflow code may import only types from here (`import type`).';

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));
const ioModules = [
  'pg',
  '@electric-sql/pglite',
  'drizzle-orm',
  '@temporalio/activity',
  '@temporalio/client',
  '@temporalio/worker',
  'fastify',
];

const workflowRules = {
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      paths: [
        ...nodeBuiltins.map((name) => ({ name, message: SANDBOX })),
        ...ioModules.map((name) => ({ name, message: NO_IO, allowTypeImports: true })),
      ],
      patterns: [
        { group: ['node:*'], message: SANDBOX },
        { group: ioModules.map((name) => `${name}/*`), message: NO_IO, allowTypeImports: true },
        { group: ['**/src/db', '**/src/db/*', '**/activities', '**/activities/*'], message: TYPES_ONLY, allowTypeImports: true },
      ],
    },
  ],
  'no-restricted-globals': [
    'error',
    ...['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate'].map((name) => ({
      name,
      message: "Use `sleep` or a timer from '@temporalio/workflow'.",
    })),
    ...['process', 'Buffer', 'require', 'fetch'].map((name) => ({ name, message: SANDBOX })),
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'Use `workflowInfo()` for the run and start times.' },
    { object: 'Math', property: 'random', message: "Use a seeded generator, or `uuid4` from '@temporalio/workflow'." },
  ],
  'no-restricted-syntax': [
    'error',
    { selector: 'NewExpression[callee.name="Date"][arguments.length=0]', message: 'Use `workflowInfo()` for the run and start times.' },
    { selector: 'ImportExpression', message: 'Workflow code is bundled ahead of time: import statically.' },
  ],
};

export default defineConfig(
  globalIgnores([
    'web/dist/',
    'test/fixtures/lint/',
    'src/client/api-types.ts',
    '.data/',
    'migrations/meta/',
    'coverage/',
    'bench/results/',
    'test-artifacts/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // Fastify handlers and plugins and Temporal activities are async by contract, with or without an await.
      '@typescript-eslint/require-await': 'off',
      // Services here are closures returning object literals whose methods never use `this`: every destructuring is flagged.
      '@typescript-eslint/unbound-method': 'off',
      // Forwarding a reason we did not create (an AbortSignal's) is not rejecting with a non-Error.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
    },
  },
  {
    // Tests and benchmarks read untyped JSON responses and assert on them: the assertions are the check.
    files: ['test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // The few plain-JS entry points are in no tsconfig.
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  { files: ['workflows/**'], rules: workflowRules },
);
