// The audience page in real Chromium on a phone (390x844) against a real server: the team on stage in each room with
// its countdown, the live leaderboard per track (tabs for a few tracks, a select for many) whose digits
// equal the exported results recomputed; a lost connection keeps the page with a small notice; a revealed score
// explained ("为什么是这个分数") to the digit of the results file.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { resultsFileFor } from '../../server/exports';
import { DEFAULT_CRITERIA } from '../../shared/domain';
import type { AudienceWelcome, EventLinks } from '../../shared/protocol';
import { computeResults } from '../../shared/results';
import { makeEvent } from '../helpers/fixtures';
import { SIZES, screenshot, useBrowser } from '../helpers/browser';
import { eventually, ok, useServer, type Client } from '../helpers/server';
import { E2E_DIST } from './global-setup';

// The phones wait for each reveal the projector plays, here at ?speed=4.
const server = useServer({ staticDir: E2E_DIST, revealSpeed: 4 });
const chrome = useBrowser();

const ev = makeEvent({ id: 'live-e2e', rooms: 2, teams: 5, judges: 5 });
ev.name = '2026年“数据要素×”大赛广东分赛 · 决赛';
ev.rooms[0]!.name = '第一会场 · 工业制造';
ev.rooms[1]!.name = '第二会场 · 现代农业';
ev.tracks[0]!.name = '工业制造';
ev.tracks[1]!.name = '现代农业';
const NAMES: Array<[string, string]> = [
  ['基于工业互联网标识解析与多源数据融合的高端装备制造供应链协同平台', '广州市某某工业互联网研究院有限公司（联合体牵头单位）'],
  ['钢铁全流程能耗数据要素化与碳足迹核算', '韶关钢铁集团数字科技有限公司'],
  ['家电产业链订单数据可信流通与柔性排产', '佛山市顺德区家电产业创新中心'],
  ['电子信息制造良率数据联合建模平台', '深圳市某某半导体设备股份有限公司'],
  ['纺织服装产业柔性供应链数据中台与小单快反智能排产协同服务平台', '广州纺织服装产业数字化促进会（联合体牵头单位）'],
  ['荔枝全产业链数据服务与产销对接平台', '茂名市某某农业科技有限公司'],
];
NAMES.forEach(([project, leadOrg], i) => {
  const team = i < 5 ? ev.teams[i]! : ev.teams[5]!;
  Object.assign(team, { project, leadOrg });
});

/** A criteria sheet on the default template summing to `points`. */
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
let hosts: Client[];
let judges: Map<string, Client>;
let page: Page;

beforeAll(async () => {
  links = await server.setup(ev);
  hosts = await Promise.all(links.rooms.map((r) => server.client({ token: r.host.token })));
  judges = new Map(await Promise.all(links.judges.map(async (j) => [j.judgeId, await server.client({ token: j.token })] as const)));
  const context = await chrome.browser.newContext({ viewport: SIZES.phone, locale: 'zh-CN', deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  page = await context.newPage();
});

/** Room 1 takes a team through a whole turn, its five judges giving `base` plus a spread. */
async function turn(team: string, base: number): Promise<void> {
  const host = hosts[0]!;
  await ok(host, 'room:call', { team });
  await ok(host, 'room:open-scoring', {});
  const spread = [3, -2, 1, 4, -1];
  for (let j = 1; j <= 5; j++) {
    await ok(judges.get(`r1j${j}`)!, 'score:submit', { sid: randomUUID(), team, values: { criteria: sheet(base + spread[j - 1]!) } });
  }
  await ok(host, 'room:close-scoring', {});
  await ok(host, 'room:reveal', {});
}

describe('audience page', () => {
  it('follows every room and the leaderboard of each track, with the exported digits', async () => {
    await page.goto(`${server.url}${links.audience}`);
    await page.getByTestId('live').waitFor();
    await eventually(async () => expect(await page.getByTestId('room-now').count()).toBe(2));
    expect(await page.getByTestId('live-event').innerText()).toContain('数据要素×');
    // The quoted brand never breaks: one box on one line.
    expect(await page.getByTestId('live-event').getByTestId('name-keep').evaluate((e) => e.getClientRects().length)).toBe(1);

    await turn('r1t2', 84);
    await turn('r1t3', 88);
    await turn('r1t4', 79);
    await ok(hosts[0]!, 'room:call', { team: 'r1t1' });
    await ok(hosts[0]!, 'room:open-scoring', {});
    for (let j = 1; j <= 3; j++) {
      await ok(judges.get(`r1j${j}`)!, 'score:submit', { sid: randomUUID(), team: 'r1t1', values: { criteria: sheet(90) } });
    }
    await ok(hosts[1]!, 'room:call', { team: 'r2t1' });
    await ok(hosts[1]!, 'room:start-presentation', {});

    const results = computeResults(await resultsFileFor(server.store, ev, 'T01')).results.filter((r) => r.rank !== null && r.team !== 'r1t1');
    await eventually(async () => expect(await page.getByTestId('live-row').count()).toBe(results.length));
    const rows = await page.getByTestId('live-row').evaluateAll((els) => els.map((e) => [
      e.getAttribute('data-team'), e.querySelector('[data-testid="live-score"]')!.textContent!.trim(),
    ]));
    // r1t1 is being scored: not revealed, so not on the board; the others equal the recomputed results.
    const revealed = computeResults(await resultsFileFor(server.store, { ...ev, teams: ev.teams.filter((t) => t.id !== 'r1t1') }, 'T01')).results;
    expect(rows).toEqual(revealed.filter((r) => r.rank !== null).map((r) => [r.team, r.score]));
    // Not every team of the track is revealed: ranks and prizes read as provisional.
    expect(await page.getByTestId('live-foot').innerText()).toContain('暂列');
    expect(await page.getByTestId('live-award').first().innerText()).toBe('暂列一等奖');
    expect(await page.getByTestId('live-rank').first().innerText()).toContain('暂');

    const room1 = page.locator('[data-testid="room-now"][data-room="room1"]');
    // Phones hear of no single sheet while scoring is open (docs/protocol.md §3.1): the room says 评分中, no count.
    await eventually(async () => expect(await room1.innerText()).toContain('评分中'));
    expect(await room1.innerText()).not.toContain('位评委已评分');
    const room2 = page.locator('[data-testid="room-now"][data-room="room2"]');
    await eventually(async () => expect(await room2.getByTestId('room-clock').innerText()).toMatch(/[78]:\d\d/));
    expect(await room2.getByTestId('room-project').innerText()).toBe('荔枝全产业链数据服务与产销对接平台');
    // Nothing overflows the phone's width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'live-390x844');

    const tabs = page.getByTestId('track-tab');
    expect(await tabs.count()).toBe(2);
    await tabs.nth(1).click();
    await page.getByText('尚未亮分').waitFor();
    await tabs.nth(0).click();
    await page.getByTestId('live-board').waitFor();
    await page.getByTestId('language').click();
    await page.getByText('Live leaderboard').waitFor();
    await page.getByTestId('language').click();
    await page.getByText('实时排行榜').waitFor();
  }, 60_000);

  it('keeps the last data with a small notice while offline, and catches up on return', async () => {
    await page.context().setOffline(true);
    await page.getByTestId('offline').waitFor();
    expect(await page.getByTestId('live-row').count()).toBeGreaterThan(0);
    for (let j = 4; j <= 5; j++) {
      await ok(judges.get(`r1j${j}`)!, 'score:submit', { sid: randomUUID(), team: 'r1t1', values: { criteria: sheet(90) } });
    }
    await ok(hosts[0]!, 'room:close-scoring', {});
    await ok(hosts[0]!, 'room:reveal', {});
    await page.context().setOffline(false);
    await eventually(async () => expect(await page.getByTestId('live-row').count()).toBe(4), 10_000);
    expect(await page.getByTestId('offline').count()).toBe(0);
    const room1 = page.locator('[data-testid="room-now"][data-room="room1"]');
    const result = computeResults(await resultsFileFor(server.store, ev, 'T01')).results.find((r) => r.team === 'r1t1')!;
    expect(await room1.getByTestId('room-result').innerText()).toContain(result.score!);
    await screenshot(page, 'live-revealed-390x844');
  }, 30_000);

  it('explains a revealed score (为什么是这个分数) to the digit of the results file, and nothing before the reveal', async () => {
    const host = hosts[0]!;
    const team = 'r1t5';
    await ok(host, 'room:call', { team });
    await ok(host, 'room:open-scoring', {});
    const totals = [91, 78, 86, 85, 80]; // 91 and 78 dropped: (86 + 85 + 80) ÷ 3 = 251 ÷ 3 = 83.666… → 83.67
    for (let j = 1; j <= 5; j++) {
      await ok(judges.get(`r1j${j}`)!, 'score:submit', { sid: randomUUID(), team, values: { criteria: sheet(totals[j - 1]!) } });
    }
    await ok(host, 'room:close-scoring', {});
    const room1 = page.locator('[data-testid="room-now"][data-room="room1"]');
    await eventually(async () => expect(await room1.getAttribute('data-phase')).toBe('closed'));
    // Before the reveal the phones have nothing to explain: no breakdown, and their view of the room holds no total.
    expect(await room1.getByTestId('why').count()).toBe(0);
    const phone = await server.client({ audience: ev.id });
    const welcome = await new Promise<AudienceWelcome>((resolve) => phone.once('audience:welcome', resolve));
    const before = welcome.rooms.find((r) => r.roomId === 'room1')!;
    expect(before.reveal).toBeNull();
    expect(JSON.stringify(before)).not.toContain('"total"');
    phone.disconnect();

    await ok(host, 'room:reveal', {});
    const why = room1.getByTestId('why');
    await why.waitFor({ timeout: 15_000 });
    await why.getByTestId('why-open').click();
    const result = computeResults(await resultsFileFor(server.store, ev, 'T01')).results.find((r) => r.team === team)!;
    const slots = await why.getByTestId('why-slot').evaluateAll((els) => els.map((e) => [
      e.querySelector('[data-testid="why-total"]')?.textContent?.trim() ?? null, e.getAttribute('data-dropped') || null,
    ]));
    expect(slots).toEqual(result.judges.map((j) => [j.total, j.dropped]));
    const kept = result.judges.filter((j) => j.dropped === null).map((j) => j.total);
    expect(kept).toEqual(['86', '85', '80']);
    expect(await why.getByTestId('why-sum').innerText()).toBe('86 + 85 + 80 = 251');
    expect(await why.getByTestId('why-divide').innerText()).toBe('251 ÷ 3 = 83.66666…');
    expect(await why.getByTestId('why-score').innerText()).toBe(result.score);
    expect(result.score).toBe('83.67');
    const rules = await why.getByTestId('why-rules').innerText();
    expect(rules).toContain('有效评委不少于 5 人时，去掉 1 个最高分和 1 个最低分，其余总分取平均值');
    expect(rules).toContain('四舍五入保留 2 位小数');
    // Long Chinese names and the breakdown fit the phone's width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await room1.evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'live-why-390x844');
    await page.getByTestId('language').click();
    await why.getByText('Why this score').waitFor();
    expect(await why.getByTestId('why-rules').innerText()).toContain('the 1 highest and 1 lowest totals are dropped');
    await page.getByTestId('language').click();
    await why.getByText('为什么是这个分数').waitFor();
  }, 60_000);

  it('offers a select instead of tabs when the event has many tracks', async () => {
    const many = makeEvent({ id: 'live-many', rooms: 6, teams: 2, judges: 3 });
    many.name = '2026年“数据要素×”大赛 · 全国总决赛';
    // The first two tracks have no finalists in this session: the page must not open on them.
    many.teams = many.teams.filter((t) => t.trackId !== 'T01' && t.trackId !== 'T02');
    const l = await server.setup(many);
    const p = await page.context().newPage();
    await p.goto(`${server.url}${l.audience}`);
    await p.getByTestId('track-select').waitFor();
    expect(await p.getByTestId('track-select').locator('option').count()).toBe(6);
    // No team on stage, none revealed: the first track with teams.
    await eventually(async () => expect(await p.getByTestId('track-select').inputValue()).toBe('T03'));
    await p.close();
    // A team on stage: a phone opens on its track.
    const host4 = await server.client({ token: l.rooms[3]!.host.token });
    await ok(host4, 'room:call', { team: 'r4t2' });
    await ok(host4, 'room:start-qa', {});
    const onStage = await page.context().newPage();
    await onStage.goto(`${server.url}${l.audience}`);
    await eventually(async () => expect(await onStage.getByTestId('track-select').inputValue()).toBe('T04'));
    await onStage.close();
    const p2 = await page.context().newPage();
    await p2.goto(`${server.url}${l.audience}`);
    await p2.getByTestId('track-select').waitFor();
    await p2.getByTestId('track-select').selectOption('T05');
    await eventually(async () => expect(await p2.getByTestId('track-select').inputValue()).toBe('T05'));
    await screenshot(p2, 'live-many-tracks-390x844');
  }, 30_000);
});
