// One flat ESLint config: TypeScript and Vue rules, and the fences between the layers: what each folder may import
// and which runtime's globals it may use (shared/ runs in both, server/ in Node, web/, client/, display/ in browsers;
// test/ and the root config files are free). test/unit/fences.test.ts shows each fence failing on a violation.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import globals from 'globals';

const both = globals['shared-node-browser'];
/** Globals only a browser has (Node's experimental web storage and navigator counted as the browser's). */
const DOM_GLOBALS = [
  ...Object.keys(globals.browser).filter((name) => !(name in both)),
  'localStorage', 'sessionStorage', 'Storage', 'navigator', 'Navigator',
];
/** Globals only Node has: process, Buffer, require, __dirname, … */
const NODE_GLOBALS = Object.keys(globals.node).filter((name) => !(name in both));

/** The layers a folder may not import, each with the reason shown. */
const LAYERS = {
  server: 'the server runs in Node, behind the socket: reach it through the contract in shared/',
  client: 'client/ holds the apps people act in: what two sides need goes to shared/ (pure) or web/ (browser)',
  display: 'display/ holds the watching screens: what two sides need goes to shared/ (pure) or web/ (browser)',
  web: 'web/ is the browser code of the apps: what the server or shared/ need from it belongs in shared/',
};

/** The rules of a folder that may not import `layers` (nor Node's modules unless `node`) nor use `banned` globals. */
function fence({ files, layers, node, banned, runsIn }) {
  const noNode = `${runsIn}: no Node module here`;
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', {
        paths: node ? [] : builtinModules.filter((name) => !name.startsWith('node:')).map((name) => ({ name, message: noNode })),
        patterns: [
          ...layers.map((layer) => ({ regex: `(^|/)${layer}(/|$)`, message: LAYERS[layer] })),
          ...(node ? [] : [{ regex: '^node:', message: noNode }]),
        ],
      }],
      'no-restricted-globals': ['error', ...banned.map((name) => ({ name, message: `${runsIn}: pass it in, or move the code` }))],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  { files: ['server/**', 'test/**', '*.config.*'], languageOptions: { globals: { ...globals.node } } },
  { files: ['client/**', 'display/**', 'web/**'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['shared/**'], languageOptions: { globals: { ...globals.es2022 } } },
  fence({
    files: ['shared/**'], layers: ['server', 'client', 'display', 'web'], node: false, banned: [...DOM_GLOBALS, ...NODE_GLOBALS],
    runsIn: 'shared/ runs in Node and in browsers',
  }),
  fence({ files: ['server/**'], layers: ['client', 'display', 'web'], node: true, banned: DOM_GLOBALS, runsIn: 'server/ runs in Node' }),
  fence({ files: ['web/**'], layers: ['server', 'client', 'display'], node: false, banned: NODE_GLOBALS, runsIn: 'web/ runs in browsers' }),
  fence({ files: ['client/**'], layers: ['server'], node: false, banned: NODE_GLOBALS, runsIn: 'client/ runs in browsers' }),
  fence({ files: ['display/**'], layers: ['server', 'client'], node: false, banned: NODE_GLOBALS, runsIn: 'display/ runs in browsers' }),
);
