import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// The layers of src/, bottom to top (README, "Development"): a folder imports only folders before it.
// scheduling/ and core/ are the pure core; kube/ … daemon/ are the controller-manager's shell, so they never
// import the tools (cli/, bench/) above them. Cycles between folders are checked by scripts/code-shape.mjs.
export const layers = ['scheduling', 'core', 'kube', 'runtime', 'informers', 'members', 'controllers', 'daemon', 'cli', 'bench'];

const layerZones = layers.flatMap((layer, index) =>
  layers.slice(index + 1).map((higher) => ({
    target: `./src/${layer}`,
    from: `./src/${higher}`,
    message: `src/${layer}/ is below src/${higher}/ and must not import it (layers: ${layers.join(' → ')}).`,
  })),
);

/** layerBoundaries enforces the layers; test/unit/lint/layers.test.ts proves it fails on an import that runs up. */
export const layerBoundaries = {
  files: ['src/**/*.ts'],
  plugins: { 'import-x': importX },
  settings: { 'import-x/resolver-next': [createTypeScriptImportResolver()] },
  rules: { 'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: layerZones }] },
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.lab/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The bin shims, scripts and configs are plain Node ESM.
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // A caught error is `unknown`; passing it on unchanged is right, wrapping it would lose its type.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  layerBoundaries,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
    },
  },
);
