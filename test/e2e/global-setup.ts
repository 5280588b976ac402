// Builds the browser apps once per test run, into .tmp/e2e-dist, for the end-to-end tests to serve.
import { resolve } from 'node:path';
import { build } from 'vite';

/** Where the build goes; E2E_DIST sets another place, so that two test runs on one checkout do not share it. */
export const E2E_DIST = process.env.E2E_DIST ?? resolve(import.meta.dirname, '..', '..', '.tmp', 'e2e-dist');

/** vitest's global setup: one production build of every page. */
export default async function setup(): Promise<void> {
  // The build that ships: vitest sets NODE_ENV=test, with which vite would keep Vue's and vue-i18n's development code.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ logLevel: 'warn', build: { outDir: E2E_DIST, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = env;
  }
}
