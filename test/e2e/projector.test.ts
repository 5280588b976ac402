// The projector in real Chromium against a real server and Redis: it follows the room from the welcome through the
// draw, a team on stage, scoring, the reveal and the leaderboard to the ceremony; the digits it shows equal the
// exported results file recomputed, and the struck-out totals are exactly the ones the engine dropped. Screenshots of
// every mode at 1920x1080, the leaderboard at 3840x2160 and 4:3, and the reveal's frame rate (printed, not asserted).
// The welcome screen and the leaderboard's corner carry a QR code a phone reads as the live page at the public address.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { resultsFileFor } from '../../server/exports';
import { DEFAULT_CRITERIA } from '../../shared/domain';
import type { EventLinks } from '../../shared/protocol';
import { computeResults, type ResultRow } from '../../shared/results';
import { Rooms } from '../../server/rooms';
import { makeEvent } from '../helpers/fixtures';
import { must, openScoringFor } from '../helpers/turns';
import { readQr, SIZES, screenshot, useBrowser } from '../helpers/browser';
import { eventually, ok, useServer, type Client } from '../helpers/server';
import { E2E_DIST } from './global-setup';

/**
 * The rehearsal speed of the projector (`?speed=`) once the reveal's real pace has been measured, and the pace the server
 * holds the watching screens' boards for (a projector at real speed, in the frame count, only sees its board later).
 */
const SPEED = 20;
const server = useServer({ staticDir: E2E_DIST, revealSpeed: SPEED });
const chrome = useBrowser();

const JUDGES = 7;
/** The address the admin chooses for links (a LAN address of the venue's server), and the live page there. */
const PUBLIC_BASE = 'http://192.168.50.10:3000';
const LIVE_URL = `${PUBLIC_BASE}/live/projector-e2e`;
const ev = makeEvent({ id: 'projector-e2e', teams: 8, judges: JUDGES });
ev.name = '2026年“数据要素×”大赛广东分赛 · 决赛';
ev.theme = '数据赋能 乘数而上';
ev.organisers = ['主办单位：广东省政务服务和数据管理局等26家单位', '承办单位：深圳市政务服务和数据管理局'];
ev.rooms[0]!.name = '第一会场';
ev.tracks[0]!.name = '工业制造';
const TEAMS: Array<[string, string, string, string]> = [
  ['基于工业互联网标识解析与多源数据融合的高端装备制造供应链协同平台', '智造数联', '广州市某某工业互联网研究院有限公司（联合体牵头单位）', '推动制造业供应链数据协同共享'],
  ['面向注塑行业的工艺参数数据空间与质量预测', '塑智云', '东莞市精密模具产业数据服务中心', '工艺数据价值化'],
  ['钢铁全流程能耗数据要素化与碳足迹核算', '绿钢链', '韶关钢铁集团数字科技有限公司', '绿色低碳'],
  ['家电产业链订单数据可信流通与柔性排产', '链上智造', '佛山市顺德区家电产业创新中心', '产业链协同'],
  ['电子信息制造良率数据联合建模平台', '芯良', '深圳市某某半导体设备股份有限公司', '质量提升'],
  ['纺织服装柔性供应链数据中台', '衣联数据', '广州纺织服装产业数字化促进会', '柔性制造'],
  ['新能源汽车电池全生命周期数据溯源', '电池护照', '广州某某新能源汽车研究院', '数据溯源'],
  ['中小制造企业设备数据资产入表与融资服务', '数资通', '广东省中小企业数字化转型服务中心有限公司', '数据资产化'],
];
TEAMS.forEach(([project, name, leadOrg, topic], i) => {
  ev.teams[i] = { ...ev.teams[i]!, project, name, leadOrg, topic };
});
ev.teams[0]!.coOrgs = ['华南理工大学', '广东省智能制造研究所'];

/** Each team's judge totals (points, panel order): varied, with ties at the top and bottom to test who is dropped. */
const BASE = [86, 79, 91, 74, 83, 88, 77, 81];
const OFFSETS = [
  [3, -2, 0, 5, -4, 1, 5], [2, 2, -3, 0, 4, -3, 1], [-1, 4, 2, -5, 3, 0, 1], [0, 6, -2, 1, -2, 3, 2],
  [5, -1, 2, 3, -6, 0, 4], [1, -3, 2, 4, 0, -1, 3], [-2, 2, 5, 0, 1, -4, 3], [4, 0, -1, 2, -3, 6, 1],
];
const totalsOf = (k: number): number[] => OFFSETS[k]!.map((o) => BASE[k]! + o);

/** A criteria sheet (milli-points) on the default template summing to `points`. */
function sheet(points: number): Record<string, number> {
  const values = DEFAULT_CRITERIA.map((c) => Math.min(c.maxMilli / 1000, Math.round((points * c.maxMilli) / 100_000)));
  let diff = points - values.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % values.length) {
    const max = DEFAULT_CRITERIA[i]!.maxMilli / 1000;
    if (diff > 0 && values[i]! < max) { values[i]!++; diff--; }
    else if (diff < 0 && values[i]! > 0) { values[i]!--; diff++; }
  }
  return Object.fromEntries(DEFAULT_CRITERIA.map((c, i) => [c.id, values[i]! * 1000]));
}

let links: EventLinks;
let admin: Client;
let host: Client;
let judges: Client[];
let page: Page;
let order: string[];

/** The exported results file of the track, recomputed independently. */
async function exported(): Promise<ResultRow[]> {
  return computeResults(await resultsFileFor(server.store, ev, 'T01')).results;
}

/** Submits every judge's sheet for team `teamId` (index k of the fixtures), optionally only the first `count`. */
async function scoreAll(teamId: string, count = JUDGES, from = 0): Promise<void> {
  const k = ev.teams.findIndex((t) => t.id === teamId);
  const totals = totalsOf(k);
  for (let j = from; j < count; j++) {
    await ok(judges[j]!, 'score:submit', { sid: randomUUID(), team: teamId, values: { criteria: sheet(totals[j]!) } });
  }
}

/** Takes a team through a whole turn without looking at the screen. */
async function wholeTurn(teamId: string): Promise<void> {
  await ok(host, 'room:call', { team: teamId });
  await ok(host, 'room:open-scoring', {});
  await scoreAll(teamId);
  await ok(host, 'room:close-scoring', {});
  await ok(host, 'room:reveal', {});
}

/** Opens the room's projector link at a size. */
async function openProjector(size: { width: number; height: number }, query = ''): Promise<Page> {
  const context = await chrome.browser.newContext({ viewport: size, locale: 'zh-CN' });
  const p = await context.newPage();
  await p.goto(`${server.url}${links.rooms[0]!.display.url}${query}`);
  return p;
}

/** Waits for the page's CSS transitions and finite animations to end, then saves a screenshot. */
async function shot(p: Page, name: string): Promise<void> {
  await p.evaluate(() => Promise.all(document.getAnimations()
    .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
    .map((a) => a.finished.catch(() => undefined))));
  await screenshot(p, name);
}

/** Resolves, inside the page, as soon as `selector` matches (a MutationObserver, no polling), with `read()` then. */
function whenSelector<T>(p: Page, selector: string, read: () => T): Promise<T> {
  return p.evaluate(({ selector, read }) => new Promise<T>((resolve) => {
    const get = new Function(`return (${read})()`) as () => T;
    const check = () => {
      if (!document.querySelector(selector)) return false;
      resolve(get());
      return true;
    };
    if (check()) return;
    const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
  }), { selector, read: read.toString() });
}

const sceneOf = (p: Page) => p.getByTestId('projector').getAttribute('data-scene');

beforeAll(async () => {
  links = await server.setup(ev);
  const res = await fetch(`${server.url}/api/admin/setup`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'a long admin password' }),
  });
  admin = await server.client({ token: ((await res.json()) as { data: { token: string } }).data.token });
  host = await server.client({ token: links.rooms[0]!.host.token });
  judges = await Promise.all(links.judges.map((j) => server.client({ token: j.token })));
  page = await openProjector(SIZES.projector);
});

describe('projector', () => {
  it('welcomes, then animates the draw of the running order', async () => {
    await page.getByTestId('scene-welcome').waitFor();
    expect(await page.getByTestId('event-name').innerText()).toContain('数据要素×');
    // The quoted brand is laid out on one line (one box), whatever the title's size.
    const brand = page.getByTestId('event-name').getByTestId('name-keep');
    expect(await brand.innerText()).toBe('“数据要素×”');
    expect(await brand.evaluate((e) => e.getClientRects().length)).toBe(1);
    expect(await page.getByTestId('event-theme').innerText()).toBe('数据赋能 乘数而上');
    expect(await page.getByTestId('organisers').innerText()).toContain('承办单位：深圳市政务服务和数据管理局');
    // Opened at a loopback address with no address chosen for links: no QR code (a phone could not reach it).
    expect(await page.getByTestId('live-qr').count()).toBe(0);
    // The admin chooses the address phones use: the projector shows, at once, a QR code a phone reads as the live page.
    await ok(admin, 'admin:set-link-base', { eventId: ev.id, base: PUBLIC_BASE });
    await page.getByTestId('live-qr').waitFor();
    expect(readQr(await page.getByTestId('live-qr').screenshot())).toBe(LIVE_URL);
    await shot(page, 'projector-welcome');

    await ok(host, 'room:draw', { seed: '2026-guangdong-final' });
    await page.getByTestId('scene-draw').waitFor();
    await page.locator('[data-testid="scene-draw"][data-done="true"]').waitFor({ timeout: 15_000 });
    const room = (await ok(host, 'room:sync', {}))[0]!;
    order = room.order.map((t) => t.id);
    const shown = await page.getByTestId('draw-item').allInnerTexts();
    expect(shown).toHaveLength(order.length);
    shown.forEach((text, i) => expect(text).toContain(room.order[i]!.project));
    // Each organisation line stays inside its card, clear of the border.
    const gaps = await page.getByTestId('draw-item').evaluateAll((els) => els.map((e) => {
      const card = e.getBoundingClientRect();
      const org = e.querySelector('.draw__org')!.getBoundingClientRect();
      return Math.min(card.bottom - org.bottom, org.top - card.top);
    }));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(4);
    await shot(page, 'projector-draw');
  }, 60_000);

  it('shows the team on stage and a countdown that warns at 60 s and 10 s and shows the overrun', async () => {
    const first = ev.teams.find((t) => t.id === ev.teams[0]!.id)!;
    await ok(host, 'room:set-order', { order: [first.id, ...order.filter((id) => id !== first.id)] });
    await ok(host, 'room:call', { team: first.id });
    await ok(host, 'room:start-presentation', {});
    await page.getByTestId('scene-stage').waitFor();
    expect(await page.getByTestId('stage-project').innerText()).toContain('高端装备制造供应链协同平台');
    expect(await page.getByTestId('stage-pill').innerText()).toBe('项目陈述');
    expect(await page.getByTestId('stage-org').innerText()).toContain('联合体牵头单位');
    await eventually(async () => expect(await page.getByTestId('countdown-time').innerText()).toMatch(/^[78]:\d\d$/));
    expect(await page.getByTestId('countdown').getAttribute('data-tone')).toBe('calm');
    // Long names shrink or wrap inside their box: nothing overflows the stage.
    const overflow = await page.evaluate(() => [...document.querySelectorAll('.fit')].some((e) => e.scrollWidth > e.clientWidth + 1));
    expect(overflow).toBe(false);
    await shot(page, 'projector-on-stage');

    // A pause keeps the screen where it is, with a discreet badge.
    await ok(host, 'room:pause', {});
    await page.getByTestId('paused').waitFor();
    expect(await sceneOf(page)).toBe('stage');
    await ok(host, 'room:resume', {});
    await eventually(async () => expect(await page.getByTestId('paused').count()).toBe(0));

    // The host may choose the screen; back to auto, it follows the phase again.
    await ok(host, 'display:set-mode', { mode: 'welcome' });
    await page.getByTestId('scene-welcome').waitFor();
    await ok(host, 'display:set-mode', { mode: 'auto' });
    await page.getByTestId('scene-stage').waitFor();
    // A stuck screen can be reloaded from the console: it comes back on the same screen.
    await page.evaluate(() => { (window as unknown as { marker: boolean }).marker = true; });
    await ok(host, 'display:reload', {});
    await eventually(async () => expect(await page.evaluate(() => 'marker' in window)).toBe(false));
    await page.getByTestId('scene-stage').waitFor();

    // The timer stopped, its remaining time is set exactly: 29–30 s (amber), 9–10 s (red), then no time allowed at all:
    // the time already run is the overrun (red, counted up).
    await ok(host, 'timer:adjust', { action: 'pause' });
    const timer = (await ok(host, 'room:sync', {}))[0]!.timer!;
    const left = timer.durationMs - timer.elapsedMs;
    await ok(host, 'timer:adjust', { action: 'extend', seconds: -Math.ceil((left - 30_000) / 1000) });
    await eventually(async () => expect(await page.getByTestId('countdown').getAttribute('data-tone')).toBe('amber'));
    await ok(host, 'timer:adjust', { action: 'extend', seconds: -20 });
    await eventually(async () => expect(await page.getByTestId('countdown').getAttribute('data-tone')).toBe('red'));
    await ok(host, 'timer:adjust', { action: 'extend', seconds: -25 });
    await eventually(async () => expect(await page.getByTestId('countdown').getAttribute('data-tone')).toBe('over'));
    expect(await page.getByTestId('countdown-time').innerText()).toMatch(/^\+\d+:\d\d$/);
    await shot(page, 'projector-on-stage-overrun');
  }, 60_000);

  it('comes back to the right screen after losing the connection, with a discreet indicator meanwhile', async () => {
    await page.context().setOffline(true);
    await page.getByTestId('offline').waitFor();
    expect(await sceneOf(page)).toBe('stage'); // the last screen stays, never blank
    await ok(host, 'room:start-qa', {});
    await ok(host, 'room:open-scoring', {});
    const back = Date.now();
    await page.context().setOffline(false);
    await page.getByTestId('scene-scoring').waitFor({ timeout: 10_000 });
    console.log(`projector: right screen ${Date.now() - back} ms after the network came back`);
    await eventually(async () => expect(await page.getByTestId('offline').count()).toBe(0));
  }, 30_000);

  it('counts the judges who have scored, never showing a value', async () => {
    const team = ev.teams[0]!.id;
    await scoreAll(team, 3);
    await eventually(async () => expect(await page.getByTestId('scored-count').innerText()).toMatch(/^3\s*\/\s*7/));
    expect(await page.locator('[data-testid="slot"][data-on="true"]').count()).toBe(3);
    const text = await page.getByTestId('projector').innerText();
    for (const total of totalsOf(0)) expect(text).not.toContain(String(total));
    await shot(page, 'projector-scoring');
    await scoreAll(team, JUDGES, 3);
    await ok(host, 'room:close-scoring', {});
    await page.getByTestId('scene-closed').waitFor();
  }, 30_000);

  it('reveals: the totals one by one, the dropped ones struck out as the engine dropped them, the exact score', async () => {
    const team = ev.teams[0]!.id;
    // Count animation frames during the whole reveal sequence (measured, printed, not asserted).
    await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __stop: boolean };
      w.__frames = [];
      w.__stop = false;
      const loop = (t: number) => {
        w.__frames.push(t);
        if (!w.__stop) requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
    });
    await ok(host, 'room:reveal', {});
    // Waits inside the page on DOM changes (no polling that would cost frames while they are counted).
    const shownWhenFirstIn = await whenSelector(page, '[data-testid="reveal-judge"].judge--in',
      () => document.querySelectorAll('[data-testid="reveal-judge"].judge--in').length);
    expect(shownWhenFirstIn).toBeLessThan(JUDGES); // one by one
    await whenSelector(page, '[data-testid="reveal-rank"][data-shown="true"]', () => 0);
    const frames = await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __stop: boolean };
      w.__stop = true;
      return w.__frames;
    });
    const seconds = (frames[frames.length - 1]! - frames[0]!) / 1000;
    const fps = (frames.length - 1) / seconds;
    const worst = Math.max(...frames.slice(1).map((t, i) => t - frames[i]!));
    console.log(`reveal animation: ${frames.length - 1} frames in ${seconds.toFixed(2)} s = ${fps.toFixed(1)} fps, longest frame ${worst.toFixed(1)} ms`);
    const out = resolve(import.meta.dirname, '..', '..', '.tmp');
    mkdirSync(out, { recursive: true });
    writeFileSync(resolve(out, 'reveal-fps.json'), JSON.stringify({ fps, frames: frames.length - 1, seconds, worstFrameMs: worst }, null, 2));

    const result = (await exported()).find((r) => r.team === team)!;
    expect(result.status).toBe('final');
    const score = page.getByTestId('reveal-score');
    expect(await score.getAttribute('data-state')).toBe('done');
    expect(await score.innerText()).toBe(result.score);

    const cards = page.getByTestId('reveal-judge');
    const onScreen = await cards.evaluateAll((els) => els.map((e) => ({
      total: e.querySelector('[data-testid="judge-total"]')!.textContent!.trim(),
      dropped: e.getAttribute('data-dropped') || null,
      struck: e.getAttribute('data-struck') === 'true',
    })));
    expect(onScreen.map((c) => [c.total, c.dropped])).toEqual(result.judges.map((j) => [j.total, j.dropped]));
    expect(onScreen.filter((c) => c.struck).map((c) => c.total)).toEqual(result.judges.filter((j) => j.dropped).map((j) => j.total));
    expect(onScreen.filter((c) => c.struck)).toHaveLength(2);
    // The first team revealed: its rank and prize are provisional until the track's last team is revealed.
    expect(await page.getByTestId('reveal-rank').getAttribute('data-final')).toBe('false');
    expect(await page.getByTestId('reveal-rank').innerText()).toContain(`暂列第 ${result.rank} 名`);
    if (result.award) expect(await page.getByTestId('reveal-award').innerText()).toMatch(/^暂列/);
    // The dropped labels are large and at full strength (only the struck total is dimmed).
    const tag = await page.locator('.judge--dropped .judge__tag').first().evaluate((e) => {
      let opacity = 1;
      for (let x: Element | null = e; x; x = x.parentElement) opacity *= Number(getComputedStyle(x).opacity);
      return { size: parseFloat(getComputedStyle(e).fontSize), opacity };
    });
    expect(tag.size).toBeGreaterThanOrEqual(30);
    expect(tag.opacity).toBe(1);
    await shot(page, 'projector-reveal');
  }, 60_000);

  it('moves to the leaderboard, with the score the team just revealed would need for the next prize line', async () => {
    // The reveal's real pace was measured above: from here on the projector plays at rehearsal speed (reloaded, it shows
    // the settled reveal, then the board; the moves from a reveal seen live to the board are the turns below).
    await page.goto(`${server.url}${links.rooms[0]!.display.url}?speed=${SPEED}`);
    await page.getByTestId('scene-board').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('board-kicker').getAttribute('data-final')).toBe('false');
    expect(await page.getByTestId('board-kicker').innerText()).toContain('暂列');
    expect(await page.getByTestId('next-line').innerText()).toContain('暂列第一');
    // Every other team's turn; the projector follows (animations play; the test does not wait for them).
    const rest = order.filter((id) => id !== ev.teams[0]!.id);
    for (const id of rest.slice(0, -2)) await wholeTurn(id);
    // The last but one: the board after its reveal says what it would have needed for the next prize line.
    const lastButOne = rest[rest.length - 2]!;
    await wholeTurn(lastButOne);
    await page.locator(`[data-testid="scene-reveal"][data-team="${lastButOne}"]`).waitFor();
    await page.getByTestId('scene-board').waitFor({ timeout: 30_000 });
    {
      const ranked = (await exported()).filter((r) => r.rank !== null);
      const mine = ranked.find((r) => r.team === lastButOne)!;
      const order_ = ['third', 'second', 'first'];
      const better = ranked.filter((r) => order_.indexOf(r.award ?? '') > order_.indexOf(mine.award ?? ''));
      const holder = better[better.length - 1];
      const callout = await page.getByTestId('next-line').innerText();
      if (mine.rank === 1) expect(callout).toContain('暂列第一');
      else {
        const cents = (s: string) => Math.round(Number(s) * 100);
        const needed = cents(holder!.score!) + 1;
        const gap = needed - cents(mine.score!);
        const fmt = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
        expect(callout).toContain(`需 ${fmt(needed)} 分`);
        expect(callout).toContain(`还差 ${fmt(gap)} 分`);
      }
    }
    const last = rest[rest.length - 1]!;
    await wholeTurn(last);
    await page.locator(`[data-testid="scene-reveal"][data-team="${last}"]`).waitFor();
    await page.getByTestId('scene-board').waitFor({ timeout: 30_000 });

    const results = await exported();
    const ranked = results.filter((r) => r.rank !== null);
    await eventually(async () => expect(await page.getByTestId('board-row').count()).toBe(ranked.length));
    const rows = await page.getByTestId('board-row').evaluateAll((els) => els.map((e) => [
      e.getAttribute('data-team'), e.querySelector('[data-testid="board-score"]')!.textContent!.trim(),
      Number(e.getAttribute('data-rank')), e.getAttribute('data-award') || null, e.getAttribute('data-pool') === 'true',
    ]));
    expect(rows).toEqual(ranked.map((r) => [r.team, r.score, r.rank, r.award, r.specialPool]));
    // Every team revealed: the board says it is final, and so do its prizes.
    expect(await page.getByTestId('board-kicker').getAttribute('data-final')).toBe('true');
    expect(await page.getByTestId('board-kicker').innerText()).toContain('最终排行榜');
    expect(await page.getByTestId('board-note').innerText()).toContain('最终');
    expect(await page.getByTestId('next-line').count()).toBe(0);
    expect(await page.getByTestId('board-award').first().innerText()).toBe('一等奖');
    // Legible from the back of the hall: three distinct prize colours (gold, silver, bronze), organisation names and
    // badges large and not in the muted grey, the rows using the height down to the footer.
    const badge = (award: string) => page.locator(`.award--${award}`).first().evaluate((e) => getComputedStyle(e).backgroundColor);
    const colours = [await badge('first'), await badge('second'), await badge('third')];
    expect(colours).toEqual(['rgb(245, 197, 66)', 'rgb(211, 219, 230)', 'rgb(221, 145, 89)']);
    const look = await page.evaluate(() => {
      const org = document.querySelector('.brow__org') as HTMLElement;
      const rank = document.querySelector('.brow__rank') as HTMLElement;
      const rows = document.querySelector('[data-testid="board-rows"]')!.getBoundingClientRect();
      const foot = document.querySelector('.board__foot')!.getBoundingClientRect();
      return {
        org: Number(org.dataset.fitSize), orgColour: getComputedStyle(org).color, muted: getComputedStyle(rank.closest('.show')!).getPropertyValue('--muted'),
        badge: parseFloat(getComputedStyle(document.querySelector('.award--sm')!).fontSize), spare: foot.top - rows.bottom,
      };
    });
    expect(look.org).toBeGreaterThanOrEqual(24);
    expect(look.orgColour).not.toBe('rgb(139, 151, 171)'); // --muted
    expect(look.badge).toBeGreaterThanOrEqual(26);
    expect(look.spare).toBeLessThan(60);
    await new Promise((r) => setTimeout(r, 1000)); // chart.js grows the bars
    // The small QR code in the corner leads to the live page too (read as a phone pointed at the corner would).
    expect(readQr(await page.getByTestId('live-qr').screenshot())).toBe(LIVE_URL);
    await shot(page, 'projector-leaderboard');

    // The hall's projector is switched off while the other sizes are shot (they share the machine's two cores), then on
    // again: it comes back to the same board.
    await page.goto('about:blank');
    const big = await openProjector({ width: 3840, height: 2160 }, `?speed=${SPEED}`);
    await big.getByTestId('scene-board').waitFor({ timeout: 15_000 });
    await new Promise((r) => setTimeout(r, 1200)); // let the bars finish growing
    await shot(big, 'projector-leaderboard-3840x2160');
    await big.context().close(); // one screen at a time
    // 4:3, letterboxed, in the light theme.
    const four3 = await openProjector({ width: 1600, height: 1200 }, `?speed=${SPEED}&theme=light`);
    await four3.getByTestId('scene-board').waitFor({ timeout: 15_000 });
    await new Promise((r) => setTimeout(r, 1200));
    await shot(four3, 'projector-leaderboard-light-1600x1200');
    await four3.context().close();
    await page.goto(`${server.url}${links.rooms[0]!.display.url}?speed=${SPEED}`);
    await page.getByTestId('scene-board').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('board-kicker').getAttribute('data-final')).toBe('true');
  }, 240_000);

  it('runs the award ceremony when the room finishes, at the host’s pace: third, then second, then first prize', async () => {
    await ok(host, 'room:finish', {});
    await page.locator('[data-testid="scene-ceremony"][data-award="third"]').waitFor();
    const results = await exported();
    const third = results.filter((r) => r.award === 'third').map((r) => ev.teams.find((t) => t.id === r.team)!.project);
    await eventually(async () => expect(await page.getByTestId('winner').count()).toBe(third.length));
    const shown = await page.getByTestId('winner').allInnerTexts();
    third.forEach((p, i) => expect(shown[i]).toContain(p));
    await shot(page, 'projector-ceremony'); // after the winners' entrance (CSS animations)
    // The screen waits for the host (the master of ceremonies speaks first): still the third prize a while later.
    await new Promise((r) => setTimeout(r, 2000));
    expect(await page.locator('[data-testid="scene-ceremony"]').getAttribute('data-award')).toBe('third');
    await ok(host, 'display:ceremony', { step: 1 });
    await page.locator('[data-testid="scene-ceremony"][data-award="second"]').waitFor();
    await ok(host, 'display:ceremony', { step: 2 });
    await page.locator('[data-testid="scene-ceremony"][data-award="first"]').waitFor();
    const first = results.find((r) => r.award === 'first')!;
    expect(await page.getByTestId('winner').innerText()).toContain(first.score!);
    await shot(page, 'projector-ceremony-first');
    // Back one screen, then past the last: the final leaderboard.
    await ok(host, 'display:ceremony', { step: 1 });
    await page.locator('[data-testid="scene-ceremony"][data-award="second"]').waitFor();
    await ok(host, 'display:ceremony', { step: 3 });
    await page.getByTestId('scene-board').waitFor();
    expect(await page.locator('[data-testid="scene-ceremony"]').count()).toBe(0);
    // The hall's projector is done: the screens below are opened on their own events and render alone.
    await page.context().close();
  }, 60_000);

  it('opens the ceremony with a long list of merit awards (优秀奖) in columns that hold long names on one screen', async () => {
    // A second event: 16 teams, awards 1 / 2 / 3 and 10 merit awards, driven straight through the room machine.
    const merit = makeEvent({ id: 'projector-merit', teams: 16, judges: 5 });
    merit.tracks[0]!.name = '工业制造';
    merit.tracks[0]!.awards = { first: 1, second: 2, third: 3, merit: 10, specialPoolPercent: 20 };
    merit.teams.forEach((t, i) => {
      const [project, name, leadOrg] = TEAMS[i % TEAMS.length]!;
      merit.teams[i] = { ...t, project: `${project}（${i + 1}期）`, name, leadOrg };
    });
    const meritLinks = await server.setup(merit);
    const rooms = new Rooms(server.store);
    for (const [i, team] of merit.teams.entries()) {
      await openScoringFor(server.store, rooms, merit.id, 'room1', team.id);
      for (let j = 1; j <= 5; j++) {
        const receipt = await server.store.submitSheet({ eventId: merit.id, roomId: 'room1', teamId: team.id, judgeId: `r1j${j}`,
          sid: randomUUID(), values: { criteria: sheet(90 - i) }, actor: { id: `r1j${j}`, role: 'judge' } });
        expect(receipt).toMatchObject({ ok: true });
      }
    }
    await must(rooms, merit.id, 'room1', { intent: 'close-scoring', payload: {} });
    await must(rooms, merit.id, 'room1', { intent: 'reveal' });
    await must(rooms, merit.id, 'room1', { intent: 'finish' });

    const context = await chrome.browser.newContext({ viewport: SIZES.projector, locale: 'zh-CN' });
    const p = await context.newPage();
    await p.goto(`${server.url}${meritLinks.rooms[0]!.display.url}`);
    await p.locator('[data-testid="scene-ceremony"][data-award="merit"]').waitFor();
    expect(await p.locator('.ceremony__prize').innerText()).toBe('优秀奖');
    const results = computeResults(await resultsFileFor(server.store, merit, 'T01')).results;
    const winners = results.filter((r) => r.award === 'merit').map((r) => merit.teams.find((t) => t.id === r.team)!);
    expect(winners.map((t) => t.id)).toEqual(merit.teams.slice(6).map((t) => t.id));
    await eventually(async () => expect(await p.getByTestId('winner').count()).toBe(10));
    await shot(p, 'projector-ceremony-merit');
    const shown = await p.getByTestId('winner').allInnerTexts();
    winners.forEach((t, i) => expect(shown[i]).toContain(t.name));
    // Every winner's box is on the screen, in two columns.
    const boxes = await p.getByTestId('winner').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    for (const b of boxes) {
      expect(b.left).toBeGreaterThanOrEqual(0);
      expect(b.right).toBeLessThanOrEqual(SIZES.projector.width);
      expect(b.bottom).toBeLessThanOrEqual(SIZES.projector.height);
    }
    expect(new Set(boxes.map((b) => Math.round(b.left))).size).toBe(2);
    await context.close();

    // The audience's phones show the same prizes on the leaderboard.
    const phone = await chrome.browser.newContext({ viewport: SIZES.phone, locale: 'zh-CN' });
    const live = await phone.newPage();
    await live.goto(`${server.url}${meritLinks.audience}`);
    await eventually(async () => expect(await live.getByTestId('live-row').count()).toBe(16));
    const tags = await live.getByTestId('live-row').evaluateAll((rows) => rows.map((r) => r.querySelector('.tag')?.textContent ?? ''));
    expect(tags).toEqual([...results].sort((a, b) => a.rank! - b.rank!).map((r) => ({ first: '一等奖', second: '二等奖', third: '三等奖', merit: '优秀奖' })[r.award!]));
    // After the ceremony the board says it is final, not 实时排行榜 … 排名随亮分实时更新.
    expect(await live.getByTestId('board-title').innerText()).toBe('最终排行榜');
    expect(await live.getByTestId('live-foot').innerText()).not.toContain('实时更新');
    await live.getByTestId('live-row').nth(5).scrollIntoViewIfNeeded();
    await screenshot(live, 'live-merit-390x844');
    await phone.close();

    // And the host console's leaderboard, on the laptop at the control desk.
    const desk = await chrome.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const console = await desk.newPage();
    await console.goto(`${server.url}${meritLinks.rooms[0]!.host.url}`);
    const board = console.getByTestId('board-T01');
    await eventually(async () => expect(await board.locator('.tag--merit').count()).toBe(10));
    expect(await board.locator('.tag--merit').first().innerText()).toBe('优秀奖');
    expect(await board.getByTestId('board-state').getAttribute('data-final')).toBe('true');
    await board.locator('.tag--merit').first().scrollIntoViewIfNeeded();
    await screenshot(console, 'host-merit-1440x900');
    await desk.close();
  }, 60_000);
  it('reveals every slot of the panel: a recused judge as 回避, one who did not score as 未评分, numbered as on the scoring screen', async () => {
    const slots = makeEvent({ id: 'projector-slots', teams: 3, judges: 7 });
    slots.name = ev.name;
    slots.tracks[0]!.name = '工业制造';
    slots.teams.forEach((t, i) => { slots.teams[i] = { ...t, project: TEAMS[i]![0], name: TEAMS[i]![1], leadOrg: TEAMS[i]![2] }; });
    slots.recusals = [{ team: 'r1t1', judge: 'r1j3', reason: '同单位' }];
    const slotLinks = await server.setup(slots);
    const rooms = new Rooms(server.store);
    await openScoringFor(server.store, rooms, slots.id, 'room1', 'r1t1');
    for (const j of [1, 2, 4, 5, 7]) {
      const receipt = await server.store.submitSheet({ eventId: slots.id, roomId: 'room1', teamId: 'r1t1', judgeId: `r1j${j}`,
        sid: randomUUID(), values: { criteria: sheet(80 + j) }, actor: { id: `r1j${j}`, role: 'judge' } });
      expect(receipt).toMatchObject({ ok: true });
    }
    const context = await chrome.browser.newContext({ viewport: SIZES.projector, locale: 'zh-CN' });
    const p = await context.newPage();
    await p.goto(`${server.url}${slotLinks.rooms[0]!.display.url}`);
    await p.getByTestId('scene-scoring').waitFor();
    const scoring = await p.getByTestId('slot').evaluateAll((els) => els.map((e) => [e.getAttribute('data-on'), e.getAttribute('data-recused')]));
    expect(scoring).toEqual([['true', 'false'], ['true', 'false'], ['false', 'true'], ['true', 'false'], ['true', 'false'], ['false', 'false'], ['true', 'false']]);
    await shot(p, 'projector-scoring-recused');
    await must(rooms, slots.id, 'room1', { intent: 'close-scoring', payload: { reason: '评委 6 临时离场' } });
    await must(rooms, slots.id, 'room1', { intent: 'reveal' });
    await p.reload(); // the room machine was driven directly (no broadcast): the reveal's settled state on load
    await p.getByTestId('scene-reveal').waitFor();
    await p.locator('[data-testid="reveal-rank"][data-shown="true"]').waitFor({ timeout: 20_000 });
    const cards = await p.getByTestId('reveal-judge').evaluateAll((els) => els.map((e) => [
      e.getAttribute('data-slot'), e.getAttribute('data-status'), e.querySelector('.judge__none')?.textContent?.trim() ?? null,
    ]));
    expect(cards).toEqual([
      ['1', 'scored', null], ['2', 'scored', null], ['3', 'recused', '回避'], ['4', 'scored', null],
      ['5', 'scored', null], ['6', 'missing', '未评分'], ['7', 'scored', null],
    ]);
    await shot(p, 'projector-reveal-recused');
    await context.close();
  }, 60_000);
});
