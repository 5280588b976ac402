// Build of the browser apps (client/ and display/) and the test runner's configuration.
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { compression } from 'vite-plugin-compression2';
import { resolve } from 'node:path';

export default defineConfig(({ command }) => ({
  // Every component is a <script setup>: Vue's options API (data, methods…) is left out of the pages.
  // Each built page, script, style and JSON file also as .gz and .br, compressed once here at the best level: the server
  // sends them as they are (server/app.ts), so a phone's visit costs no compression at the venue.
  plugins: [vue({ features: { optionsAPI: false } }), compression({ algorithms: ['gzip', 'brotliCompress'], include: /\.(html|js|css|json|svg)$/, threshold: 0 })],
  base: '/',
  // vue-i18n's flags in the built pages: its message compiler stays out (web/i18n.ts compiles the messages' `{name}`
  // itself), and so do its legacy API (the apps use the composition API) and its devtools hooks. Not under vitest, where
  // test/unit/i18n.test.ts compares that compiler with vue-i18n's own.
  define: command !== 'build' ? {} : { __INTLIFY_DROP_MESSAGE_COMPILER__: 'true', __VUE_I18N_LEGACY_API__: 'false', __INTLIFY_PROD_DEVTOOLS__: 'false' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        judge: resolve(import.meta.dirname, 'client/judge/index.html'),
        host: resolve(import.meta.dirname, 'client/host/index.html'),
        admin: resolve(import.meta.dirname, 'client/admin/index.html'),
        supervisor: resolve(import.meta.dirname, 'client/supervisor/index.html'),
        projector: resolve(import.meta.dirname, 'display/projector/index.html'),
        live: resolve(import.meta.dirname, 'display/live/index.html'),
      },
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
}));
