// The livestream's overlay (/overlay/<token>) in real Chromium against a real server and Redis, as OBS's browser source
// loads it: screenshots taken with a transparent background (omitBackground) and read with pngjs show the frame's
// background fully transparent (alpha 0) around what is drawn (alpha > 0): the lower third while a team is on stage,
// the reveal, the leaderboard and the ceremony in their panels, nothing at all on the welcome. Nothing about a score
// reaches the overlay before the host reveals (every WebSocket frame it receives is recorded), and the reveal shows
// the exported results' score. Each screen is saved composited on a grey frame, as docs/screenshots/overlay-board.png
// and its siblings (lower third, reveal, ceremony).
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resultsFileFor } from '../../server/exports';
import { computeResults } from '../../shared/results';
import type { EventLinks } from '../../shared/protocol';
import { makeEvent } from '../helpers/fixtures';
import { SIZES, useBrowser } from '../helpers/browser';
import { ok, useServer, type Client } from '../helpers/server';
import { E2E_DIST } from './global-setup';

const SPEED = 4;
const server = useServer({ staticDir: E2E_DIST, revealSpeed: SPEED });
const chrome = useBrowser();

const JUDGES = 7;
const ev = makeEvent({ id: 'overlay-e2e', teams: 3, judges: JUDGES });
ev.name = '2026年“数据要素×”大赛广东分赛 · 决赛';
ev.rooms[0]!.name = '第一会场';
ev.tracks[0]!.name = '工业制造';
ev.teams[0] = { ...ev.teams[0]!, project: '基于工业互联网标识解析与多源数据融合的高端装备制造供应链协同平台', name: '智造数联',
  leadOrg: '广州市某某工业互联网研究院有限公司（联合体牵头单位）' };
ev.teams[1] = { ...ev.teams[1]!, project: '钢铁全流程能耗数据要素化与碳足迹核算', name: '绿钢链', leadOrg: '韶关钢铁集团数字科技有限公司' };
ev.teams[2] = { ...ev.teams[2]!, project: '家电产业链订单数据可信流通与柔性排产', name: '链上智造', leadOrg: '佛山市顺德区家电产业创新中心' };
/** Each team's judges' totals (points): distinct enough that none appears by chance in names or times. */
const TOTALS = [[87, 81, 93, 76, 84, 90, 79], [72, 75, 71, 78, 74, 73, 77], [66, 69, 64, 68, 67, 65, 63]];
const CRITERIA = { solution: 25, model: 20, effect: 25, promotion: 15, ip: 5, defense: 10 };

/** A criteria sheet (milli-points) summing to `points`: the criteria filled in order. */
function sheet(points: number): Record<string, number> {
  let left = points;
  return Object.fromEntries(Object.entries(CRITERIA).map(([id, max]) => {
    const v = Math.min(max, left);
    left -= v;
    return [id, v * 1000];
  }));
}

let links: EventLinks;
let host: Client;
let page: Page;
/** Every WebSocket frame the overlay page received, in order. */
const frames: string[] = [];

/** Has the whole panel score team `k` (on stage) and closes scoring. */
async function score(k: number): Promise<void> {
  const team = ev.teams[k]!.id;
  await ok(host, 'room:open-scoring', {});
  for (let j = 0; j < JUDGES; j++) {
    const judgeId = ev.rooms[0]!.panel[j]!;
    const r = await server.store.submitSheet({ eventId: ev.id, roomId: 'room1', teamId: team, judgeId, sid: `ov-${team}-${judgeId}`,
      values: { criteria: sheet(TOTALS[k]![j]!) }, actor: { id: judgeId, role: 'judge' } });
    expect(r.ok).toBe(true);
  }
  await ok(host, 'room:close-scoring', {});
}

/** The page as OBS composites it: a PNG with a transparent background, after the finite animations have ended. */
async function transparentShot(p: Page): Promise<PNG> {
  await p.evaluate(() => Promise.all(document.getAnimations()
    .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
    .map((a) => a.finished.catch(() => undefined))));
  return PNG.sync.read(await p.screenshot({ omitBackground: true }));
}

const alphaAt = (png: PNG, x: number, y: number) => png.data[(png.width * Math.round(y) + Math.round(x)) * 4 + 3]!;

/** How many pixels of a rectangle are drawn (alpha > 0), and how many are transparent (alpha 0). */
function census(png: PNG, box: { x: number; y: number; width: number; height: number }): { drawn: number; clear: number } {
  let drawn = 0;
  let clear = 0;
  for (let y = Math.max(0, Math.floor(box.y)); y < Math.min(png.height, box.y + box.height); y++) {
    for (let x = Math.max(0, Math.floor(box.x)); x < Math.min(png.width, box.x + box.width); x++) {
      if (png.data[(png.width * y + x) * 4 + 3]! > 0) drawn++;
      else clear++;
    }
  }
  return { drawn, clear };
}

/** Saves the overlay composited over a mid-grey frame, as a director sees it over a picture. */
function saveOnGrey(png: PNG, name: string): void {
  const out = new PNG({ width: png.width, height: png.height });
  for (let i = 0; i < png.data.length; i += 4) {
    const a = png.data[i + 3]! / 255;
    for (let c = 0; c < 3; c++) out.data[i + c] = Math.round(png.data[i + c]! * a + 128 * (1 - a));
    out.data[i + 3] = 255;
  }
  const dir = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, `${name}.png`), PNG.sync.write(out));
}

/** The drawn element's box, and the background outside it: everything outside is transparent, the inside drawn. */
async function checkFrame(p: Page, testId: string, name: string): Promise<void> {
  const png = await transparentShot(p);
  saveOnGrey(png, name);
  expect([png.width, png.height]).toEqual([1920, 1080]);
  const box = (await p.getByTestId(testId).boundingBox())!;
  const whole = census(png, { x: 0, y: 0, width: 1920, height: 1080 });
  const inside = census(png, box);
  // Outside the drawn box (its shadow aside, 60 px around it) not one pixel is painted.
  const pad = 60;
  const bands = [
    { x: 0, y: 0, width: 1920, height: box.y - pad }, { x: 0, y: box.y + box.height + pad, width: 1920, height: 1080 },
    { x: 0, y: 0, width: box.x - pad, height: 1080 }, { x: box.x + box.width + pad, y: 0, width: 1920, height: 1080 },
  ].filter((b) => b.width > 0 && b.height > 0);
  for (const band of bands) expect(census(png, band).drawn).toBe(0);
  expect(alphaAt(png, 2, 2)).toBe(0);
  expect(alphaAt(png, 1917, 2)).toBe(0);
  // The box itself is drawn all over (its rounded corners aside).
  expect(inside.drawn / (inside.drawn + inside.clear)).toBeGreaterThan(0.97);
  expect(whole.clear).toBeGreaterThan(0);
}

beforeAll(async () => {
  links = await server.setup(ev);
  host = await server.client({ token: links.rooms[0]!.host.token });
  const context = await chrome.browser.newContext({ viewport: SIZES.projector, locale: 'zh-CN' });
  page = await context.newPage();
  page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => frames.push(String(payload))));
  await page.goto(`${server.url}${links.rooms[0]!.overlay.url}?speed=${SPEED}`);
});

describe('the livestream overlay', () => {
  it('is a fully transparent page with nothing on it while nobody is on stage', async () => {
    await page.locator('[data-testid="overlay"][data-view="none"]').waitFor();
    // The page's own layers are transparent: html, body, #app.
    const backgrounds = await page.evaluate(() => ['html', 'body', '#app', '.letterbox', '.show']
      .map((s) => getComputedStyle(document.querySelector(s)!).backgroundColor));
    for (const b of backgrounds) expect(b).toBe('rgba(0, 0, 0, 0)');
    await page.waitForFunction(() => document.fonts.status === 'loaded');
    const png = await transparentShot(page);
    expect(census(png, { x: 0, y: 0, width: 1920, height: 1080 }).drawn).toBe(0);
  });

  it('draws the lower third over the picture while a team is on stage, with the countdown', async () => {
    await ok(host, 'room:call', { team: ev.teams[0]!.id });
    await ok(host, 'room:start-presentation', {});
    await page.getByTestId('lower-third').waitFor();
    expect(await page.getByTestId('lower-third-project').innerText()).toContain('高端装备制造供应链协同平台');
    expect(await page.getByTestId('lower-third-org').innerText()).toContain('智造数联');
    expect(await page.getByTestId('lower-third-phase').innerText()).toBe('项目陈述');
    expect(await page.getByTestId('lower-third-clock').innerText()).toMatch(/[78]:\d\d/);
    // The long names fit the band on one line each: nothing spills out of it.
    const spill = await page.evaluate(() => {
      const band = document.querySelector('[data-testid="lower-third"]')!.getBoundingClientRect();
      return [...document.querySelectorAll('[data-testid="lower-third"] *')].some((e) => {
        const r = e.getBoundingClientRect();
        return r.right > band.right + 1 || r.bottom > band.bottom + 1;
      });
    });
    expect(spill).toBe(false);
    await checkFrame(page, 'lower-third', 'overlay-lower-third');
  }, 30_000);

  it('shows nothing of a score before the reveal, then the reveal with the exported score, then the board', async () => {
    await ok(host, 'room:start-qa', {});
    await score(0);
    await page.getByTestId('lower-third-phase').filter({ hasText: '评分已截止' }).waitFor();
    // Every frame the overlay has received so far: no reveal, no board row, no judge's total.
    const before = frames.join('\n');
    expect(before).not.toMatch(/"reveal":\{/);
    expect(before).not.toMatch(/"rows":\[\{/);
    const text = await page.getByTestId('overlay').innerText();
    for (const total of TOTALS[0]!) expect(text).not.toContain(String(total));

    await ok(host, 'room:reveal', {});
    await page.getByTestId('scene-reveal').waitFor();
    await page.locator('[data-testid="reveal-score"][data-state="done"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="reveal-rank"][data-shown="true"]').waitFor();
    const exported = computeResults(await resultsFileFor(server.store, ev, 'T01')).results.find((r) => r.team === ev.teams[0]!.id)!;
    expect(await page.getByTestId('reveal-score').innerText()).toBe(exported.score);
    await checkFrame(page, 'overlay-panel', 'overlay-reveal');
    // The leaderboard follows at the projector's pace.
    await page.getByTestId('scene-board').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="overlay"]').getAttribute('data-view')).toBe('board');
    await checkFrame(page, 'overlay-panel', 'overlay-board');
  }, 60_000);

  it('draws one chosen overlay whatever the phase (?view=board, ?view=lower-third)', async () => {
    const context = await chrome.browser.newContext({ viewport: SIZES.projector, locale: 'zh-CN' });
    const board = await context.newPage();
    await board.goto(`${server.url}${links.rooms[0]!.overlay.url}?view=board&speed=${SPEED}`);
    const third = await context.newPage();
    await third.goto(`${server.url}${links.rooms[0]!.overlay.url}?view=lower-third&speed=${SPEED}`);
    await ok(host, 'room:call', { team: ev.teams[1]!.id });
    await page.getByTestId('lower-third').waitFor();
    await board.getByTestId('scene-board').waitFor();
    await third.getByTestId('lower-third').waitFor();
    expect(await third.getByTestId('lower-third-project').innerText()).toContain('碳足迹核算');
    await context.close();
  }, 60_000);

  it('shows the ceremony when the session ends', async () => {
    await score(1);
    await ok(host, 'room:reveal', {});
    await ok(host, 'room:call', { team: ev.teams[2]!.id });
    await score(2);
    await ok(host, 'room:reveal', {});
    await page.locator(`[data-testid="scene-reveal"][data-team="${ev.teams[2]!.id}"] [data-testid="reveal-rank"][data-shown="true"]`)
      .waitFor({ timeout: 20_000 });
    await ok(host, 'room:finish', {});
    await page.getByTestId('scene-ceremony').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="overlay"]').getAttribute('data-view')).toBe('ceremony');
    await checkFrame(page, 'overlay-panel', 'overlay-ceremony');
  }, 60_000);
});
