// Pages following a failover (issue 18 point 2), in real Chromium: two machines on loopback (test/bench/lib/two-machines.ts:
// a primary Redis, its replica, 3 sentinels, a primary and a standby server process serving the built pages), and the
// host's console, two judges' tablets, the projector and a phone opened from the primary's links, which name the
// standby (`?standby=`). A judge's sheet says 已保存（两台机器）; kill -9 of the primary's server and Redis; every page
// moves to the standby by itself: the tablet is usable again with its saved sheet, which stayed on screen all along
// (no blank page while the standby's snapshots come), saying nothing raw or English on the way; the host's console says it is on the standby, the projector and the phone show the room as it is, and a
// sheet sent after the takeover is saved (已保存（仅本机）: the standby has no replica left). Screenshots of the tablet
// after the move and of the host's console on the standby.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkPath } from '../../shared/links';
import { startTwoMachines, type TwoMachines } from '../bench/lib/two-machines';
import { SIZES, screenshot, useBrowser, scoreDefaultSheet } from '../helpers/browser';
import { makeEvent } from '../helpers/fixtures';
import { eventually } from '../helpers/server';
import { E2E_DIST } from './global-setup';

const chrome = useBrowser();
const ev = makeEvent({ id: 'failover-e2e', teams: 2, judges: 3 });
let machines: TwoMachines;

beforeAll(async () => {
  machines = await startTwoMachines({ env: { STATIC_DIR: E2E_DIST, REDIS_WAIT_MS: '500' } });
  await machines.store.saveEvent(ev);
}, 60_000);

afterAll(async () => {
  await machines?.stop();
});

/** A screen's link on the primary, naming the standby, as the admin's links and QR codes give it. */
async function link(screen: 'host' | 'judge' | 'display', subject: string): Promise<string> {
  const token = await machines.tokens.ensure(ev.id, screen, subject);
  return `${machines.primaryUrl}${linkPath[screen](token, machines.standbyUrl)}`;
}

/** Opens a link on a device of its own (a browser context) at a size, in Chinese. */
async function open(url: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await chrome.browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** Opens a judge's tablet and confirms the identity. */
async function openTablet(judgeId: string): Promise<Page> {
  const page = await open(await link('judge', judgeId), SIZES.tabletLandscape);
  await page.getByTestId('this-is-me').click();
  return page;
}

/** Reads a page's visible text every few milliseconds until `stop` resolves; every distinct text seen. */
async function watchTexts(page: Page, stop: Promise<unknown>): Promise<Set<string>> {
  const seen = new Set<string>();
  let done = false;
  void stop.finally(() => { done = true; });
  while (!done) {
    seen.add(await page.locator('body').innerText());
    await new Promise((r) => setTimeout(r, 50));
  }
  return seen;
}

describe('the pages follow a failover to the standby machine', () => {
  it('kill -9 of the primary machine: tablets, host, projector and phone move by themselves and scoring goes on', async () => {
    const standbyAddress = machines.standbyUrl.replace('http://', '');
    const host = await open(await link('host', 'room1'), { width: 1440, height: 900 });
    await host.getByTestId('next-step').waitFor();
    expect(await host.getByTestId('machine').innerText()).toBe(`服务器：${machines.primaryUrl.replace('http://', '')}`);
    const [projector, phone, first, second] = await Promise.all([open(await link('display', 'room1'), SIZES.projector),
      open(`${machines.primaryUrl}${linkPath.audience(ev.id, machines.standbyUrl)}`, SIZES.phone), openTablet('r1j1'), openTablet('r1j2')]);

    // The host calls the first team and opens scoring, from the console's one big button.
    for (const phase of ['on-stage', 'presenting', 'qa', 'scoring']) {
      await host.getByTestId('next-step').click();
      await phone.locator(`[data-testid="room-now"][data-phase="${phase}"]`).waitFor();
    }
    await first.getByTestId('score-form').waitFor();
    await scoreDefaultSheet(first, [22, 16, 20, 12, 4, 8]);
    await eventually(async () => expect(await first.getByTestId('saved-where').innerText()).toBe('已保存（两台机器）'), 10_000);
    await eventually(async () => expect(await projector.getByTestId('scored-count').innerText()).toMatch(/^1\s*\/ 3/));
    await eventually(async () => expect(await host.getByTestId('progress').innerText()).toBe('1 / 3 位评委已评分'));

    // kill -9 of the primary's Redis and server; what the first tablet shows is read all along until it is back.
    await machines.killPrimary();
    const back = (async () => {
      await first.getByTestId('connection').filter({ hasText: '已连接' }).waitFor({ timeout: 30_000 });
      await first.getByTestId('saved').waitFor();
    })();
    const seen = await watchTexts(first, back);
    await back;

    // The tablet is usable again and shows its saved sheet; all along the move it kept the sheet on screen (no blank
    // page while the standby's snapshots come), said it was reconnecting, and showed no raw error and no English.
    expect(await first.getByTestId('saved').innerText()).toContain('82');
    await first.getByTestId('edit').waitFor();
    const texts = [...seen];
    expect(texts.some((t) => t.includes('未连接 · 正在重连')), texts.join('\n---\n')).toBe(true);
    const blank = texts.filter((t) => !/已保存（两台机器）\s*总分 82/.test(t));
    expect(blank, blank.join('\n---\n')).toEqual([]);
    const raw = texts.filter((t) => /[A-Za-z]{3,}|undefined|null|NaN/.test(t));
    expect(raw, raw.join('\n---\n')).toEqual([]);
    await first.getByTestId('connection').filter({ hasText: '已连接' }).waitFor({ timeout: 30_000 });
    await screenshot(first, 'judge-failover-1024x768');

    // The host's console is back on the standby, says so, and shows the room as it is.
    await eventually(async () => expect(await host.getByTestId('machine').innerText()).toBe(`已切换到备用机：${standbyAddress}`), 30_000);
    await eventually(async () => expect(await host.getByTestId('progress').innerText()).toBe('1 / 3 位评委已评分'), 10_000);
    expect(await host.getByTestId('connection').innerText()).toBe('已连接');

    // A sheet sent after the takeover is saved, on the standby only; every screen counts it.
    await second.getByTestId('connection').filter({ hasText: '已连接' }).waitFor({ timeout: 30_000 });
    await scoreDefaultSheet(second, [19, 15, 21, 11, 3, 9]);
    await eventually(async () => expect(await second.getByTestId('saved-where').innerText()).toBe('已保存（仅本机）'), 15_000);
    const sheets = await machines.store.sheets(ev.id, 'r1t1');
    expect(Object.keys(sheets).sort()).toEqual(['r1j1', 'r1j2']);
    expect([sheets.r1j1?.total, sheets.r1j2?.total]).toEqual([82_000, 78_000]);
    await eventually(async () => expect(await host.getByTestId('progress').innerText()).toBe('2 / 3 位评委已评分'), 10_000);
    await eventually(async () => expect(await projector.getByTestId('scored-count').innerText()).toMatch(/^2\s*\/ 3/), 10_000);
    expect(await phone.locator('[data-testid="room-now"]').getAttribute('data-phase')).toBe('scoring');
    expect(await phone.getByTestId('offline').count()).toBe(0);
    await screenshot(host, 'host-failover-1440x900');
  }, 120_000);
});
