// Build of the browser apps (client/ and display/) and the test runner's configuration.
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { compression } from 'vite-plugin-compression2';
import { resolve } from 'node:path';

export default defineConfig({
  // Each built page, script, style and JSON file also as .gz and .br, compressed once here at the best level: the server
  // sends them as they are (server/app.ts), so a phone's visit costs no compression at the venue.
  plugins: [vue(), compression({ algorithms: ['gzip', 'brotliCompress'], include: /\.(html|js|css|json|svg)$/, threshold: 0 })],
  base: '/',
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
        overlay: resolve(import.meta.dirname, 'display/overlay/index.html'),
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
});
