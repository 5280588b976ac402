// One flat ESLint config: TypeScript and Vue rules; Node globals only in server/ and test/, DOM only in client/ and display/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import globals from 'globals';

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
  { files: ['server/**', 'test/**', '*.config.*', 'eslint.config.js'], languageOptions: { globals: { ...globals.node } } },
  { files: ['client/**', 'display/**'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['shared/**'], languageOptions: { globals: { ...globals.es2022 } } },
);
