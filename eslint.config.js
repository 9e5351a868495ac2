// ESLint: the recommended rules, typescript-eslint's type-aware ones, and two kept strictly: a
// promise nobody awaits (a write that fails unseen) and a `!` that tells the compiler to trust us.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'static/**', 'drizzle/**', 'tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      // A rest sibling leaves out what it names on purpose ({ end, ...finding }); `_` marks an unused one.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, varsIgnorePattern: '^_', argsIgnorePattern: '^_' }],
      // String(value) of a form or query value is meant: an array or object becomes text that fails its check.
      '@typescript-eslint/no-base-to-string': 'off',
      // It calls an assertion needed where tsc widens a literal inside an object literal (its --fix
      // broke the type-check four times here): tsc is the judge of which assertions are needed.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    // Tests read JSON answers and rows they have just made: `res.body.x` and `rows[0]!` are the
    // point there, and a wrong guess fails the test. Promises nobody awaits stay errors.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Fixtures are async generators and stubs that need no await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
