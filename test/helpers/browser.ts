// Real Chromium (Debian's /usr/bin/chromium) driven by playwright-core, for end-to-end tests and screenshots.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import jsQR from 'jsqr';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Screen sizes the product is designed for. */
export const SIZES = {
  tabletLandscape: { width: 1024, height: 768 },
  tabletPortrait: { width: 768, height: 1024 },
  phone: { width: 390, height: 844 },
  projector: { width: 1920, height: 1080 },
} as const;

/** A browser for the test file, closed afterwards; `args`: more Chromium flags. */
export function useBrowser(opts: { args?: string[] } = {}): { browser: Browser } {
  const ctx = {} as { browser: Browser };
  beforeAll(async () => {
    ctx.browser = await chromium.launch({ executablePath: CHROMIUM, args: [...FLAGS, ...(opts.args ?? [])] });
  });
  afterAll(async () => {
    await ctx.browser?.close();
  });
  return ctx;
}

/** Saves a screenshot under docs/screenshots/ (kept in the repository, looked at by people). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: resolve(dir, `${name}.png`), fullPage: false });
}

/** The text of the QR code in a screenshot (PNG), read by jsQR as a phone's camera would; null when none is found. */
export function readQr(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)?.data ?? null;
}

/** On a judge's tablet: fills the default template's six criteria (in their order) and submits, confirmed. */
export async function scoreDefaultSheet(page: Page, values: number[]): Promise<void> {
  const ids = ['solution', 'model', 'effect', 'promotion', 'ip', 'defense'];
  for (const [i, id] of ids.entries()) await page.getByTestId(`criterion-${id}`).getByTestId('value').fill(String(values[i]));
  await page.getByTestId('submit').click();
  await page.getByTestId('confirm').click();
}
