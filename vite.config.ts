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
    // Browsers that lack <link rel=modulepreload> (Safari before 17) load the same modules a little later: no polyfill.
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        judge: resolve(import.meta.dirname, 'client/judge/index.html'),
        host: resolve(import.meta.dirname, 'client/host/index.html'),
        admin: resolve(import.meta.dirname, 'client/admin/index.html'),
        supervisor: resolve(import.meta.dirname, 'client/supervisor/index.html'),
        projector: resolve(import.meta.dirname, 'display/projector/index.html'),
        live: resolve(import.meta.dirname, 'display/live/index.html'),
        overlay: resolve(import.meta.dirname, 'display/overlay/index.html'),
      },
      output: {
        codeSplitting: {
          // A group holds the modules it names, not everything they import (those stay where the other pages need them).
          includeDependenciesRecursively: false,
          groups: [
            // What every page loads, in one file: Vue, pinia, vue-i18n, socket.io's client, the words, the room feed and the
            // requests, the links (web/machines.ts) and the voting windows (the live page's vote) (the rest is split by rolldown as the pages share it).
            { name: 'vendor',
              test: /node_modules\/(@vue|vue|pinia|vue-i18n|@intlify|socket\.io-client|engine\.io-client|socket\.io-parser|engine\.io-parser|@socket\.io\/component-emitter)\/|\/web\/|\/shared\/(clock|phases|feed|mirror|scoring|decimal|request|links|voting)\.ts$|plugin-vue:export-helper/ },
            // The watching screens' common part, with the event's name they all show: one file rather than two (each
            // response costs the phone ~0.7 KB of headers).
            { name: 'watch', test: /\/display\/common\/(watch|socket|brand|now)\.ts$|\/display\/common\/EventName\.vue/ },
          ],
        },
      },
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at once, whatever the machine (vitest's default, one fewer than the CPUs, runs them one at a time on two):
    // most of a file's time is spent waiting (Redis's fsync on every write, a browser's paint, a socket's round trip). Each
    // file has its own resources: a Redis on a free port in its own temp dir, its server on port 0, its own browser and
    // screenshot names; the apps' build is shared, made once before any file starts (test/e2e/global-setup.ts).
    maxWorkers: 2,
  },
}));
