// Voters (大众评审) on phones in real Chromium (390x844) against a real server: a seat card's QR link opens the live page
// as a voter (the code then leaves the address bar); the voter picks teams while the host has voting open, confirms, and
// sees 已投票 only once Redis has the ballot; the same code on a second phone is refused, saying why; a public juror
// scores the team being scored; a typed code works like the link. The operators: the admin makes the codes and prints
// the seat cards (their QR codes read back to the voter's link), the host opens and closes voting seeing only how many
// have voted, the supervisor's fraud report lists the ballots and voids one with a reason.
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventLinks } from '../../shared/protocol';
import { printedCode } from '../../shared/voting';
import { eventKeys } from '../../server/store/keys';
import { makeEvent } from '../helpers/fixtures';
import { readQr, SIZES, screenshot, useBrowser } from '../helpers/browser';
import { eventually, ok, useServer, type Client } from '../helpers/server';
import { E2E_DIST } from './global-setup';

const server = useServer({ staticDir: E2E_DIST });
const chrome = useBrowser();

const ev = makeEvent({ id: 'voters-e2e', rooms: 2, teams: 4, judges: 3 });
ev.name = '2026年“数据要素×”大赛广东分赛 · 决赛';
ev.tracks[0]!.name = '工业制造';
ev.tracks[1]!.name = '现代农业';
ev.tracks[0]!.mix = { panelPercent: 70, publicPercent: 30, public: { kind: 'votes', fullMarksMilli: 100_000, votesPerVoter: 2, imported: false, openByDevice: false } };
ev.tracks[1]!.mix = { panelPercent: 70, publicPercent: 30, public: { kind: 'scores', fullMarksMilli: 100_000, votesPerVoter: 1, imported: false, openByDevice: false } };
Object.assign(ev.teams[0]!, { project: '基于工业互联网标识解析与多源数据融合的高端装备制造供应链协同平台', leadOrg: '广州市某某工业互联网研究院有限公司（联合体牵头单位）' });
Object.assign(ev.teams[1]!, { project: '钢铁全流程能耗数据要素化与碳足迹核算', leadOrg: '韶关钢铁集团数字科技有限公司' });
Object.assign(ev.teams[4]!, { project: '荔枝全产业链数据服务与产销对接平台', leadOrg: '茂名市某某农业科技有限公司' });

let links: EventLinks;
let hosts: Client[];
let codes: string[];

/** A fresh phone (its own localStorage: its own device id). */
async function phone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chrome.browser.newContext({ viewport: SIZES.phone, locale: 'zh-CN', deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  return { context, page: await context.newPage() };
}

beforeAll(async () => {
  links = await server.setup(ev);
  hosts = await Promise.all(links.rooms.map((r) => server.client({ token: r.host.token })));
  codes = (await server.store.voters.addCodes(ev.id, 5)).map((c) => c.code);
});

describe('voters on phones', () => {
  it('vote from the seat card link, once, and see 已投票 only once the server has the ballot', async () => {
    const { page } = await phone();
    await page.goto(`${server.url}${links.audience}?code=${codes[0]}`);
    const card = page.getByTestId('vote-track').first();
    await expect.poll(() => card.getByTestId('vote-state').textContent()).toContain('尚未开始');
    expect(page.url()).not.toContain(codes[0]!); // the code left the address bar
    await ok(hosts[0]!, 'vote:open', { track: 'T01' });
    await expect.poll(() => page.getByTestId('vote-team').count()).toBe(4);
    await page.locator('[data-testid=vote-team][data-team=r1t1]').tap();
    await page.locator('[data-testid=vote-team][data-team=r1t2]').tap();
    await page.locator('[data-testid=vote-team][data-team=r1t3]').tap(); // a third is not taken: 2 votes each
    expect(await page.locator('[data-testid=vote-team][aria-pressed=true]').count()).toBe(2);
    await page.getByTestId('vote-next').tap();
    await page.getByTestId('vote-confirm').waitFor();
    await page.getByTestId('vote-submit').scrollIntoViewIfNeeded();
    await screenshot(page, 'voter-confirm-390x844');
    expect(await page.getByTestId('vote-done').count()).toBe(0);
    await page.getByTestId('vote-submit').tap();
    await page.getByTestId('vote-done').waitFor();
    expect(await server.store.redis.hgetall(eventKeys(ev.id).pubVotes('T01'))).toEqual({ r1t1: '1', r1t2: '1' });
    expect(await card.getByTestId('vote-state').textContent()).toContain('已投票');
    expect(await page.getByTestId('vote-done').textContent()).toContain('钢铁全流程能耗数据要素化与碳足迹核算');
    // Nothing counted on the page: the host sees only how many have voted.
    expect(await page.locator('body').textContent()).not.toMatch(/1 票|2 票/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'voter-voted-390x844');
    // A reload keeps the voter (the code stays on this phone), still voted.
    await page.reload();
    await page.getByTestId('vote-done').waitFor();
  }, 60_000);

  it('refuses the same code on a second phone, saying why, and offers the code field again', async () => {
    const { page } = await phone();
    await page.goto(`${server.url}${links.audience}?code=${codes[0]}`);
    await page.getByTestId('vote-refused').waitFor();
    expect(await page.getByTestId('vote-refused').textContent()).toContain('另一部手机');
    await page.getByTestId('vote-code').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'voter-other-device-390x844');
    // The code typed from a seat card (groups of four, lower case) makes this phone a voter.
    await page.getByTestId('vote-code-input').fill(printedCode(codes[2]!).toLowerCase());
    await page.getByTestId('vote-code-go').tap();
    await page.getByTestId('vote-track').first().waitFor();
    expect(await page.getByTestId('vote-refused').count()).toBe(0);
  }, 60_000);

  it('a public juror scores the team being scored, once', async () => {
    const { page } = await phone();
    await page.goto(`${server.url}${links.audience}?code=${codes[1]}`);
    await page.getByTestId('vote-track').first().waitFor();
    await ok(hosts[1]!, 'room:call', { team: 'r2t1' });
    await ok(hosts[1]!, 'room:open-scoring', {});
    const card = page.locator('[data-testid=vote-score][data-team=r2t1]');
    await card.waitFor();
    await card.getByTestId('vote-score-input').fill('101');
    await card.getByTestId('vote-score-submit').tap();
    await eventually(async () => expect(await card.textContent()).toContain('0 到 100'));
    await card.getByTestId('vote-score-input').fill('88.5');
    await card.getByTestId('vote-score-submit').tap();
    await card.getByTestId('vote-score-done').waitFor();
    expect(await card.getByTestId('vote-score-done').textContent()).toContain('88.5');
    expect(await server.store.redis.hgetall(eventKeys(ev.id).pubScores('r2t1'))).toEqual({ v0002: '88500' });
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'voter-score-390x844');
  }, 60_000);

  it('the admin prints seat cards, the host sees how many voted, the supervisor voids a ballot', async () => {
    const desk = await chrome.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const admin = await desk.newPage();
    await admin.goto(`${server.url}/admin?event=${ev.id}`);
    await admin.getByTestId('password').fill('组委会管理员密码2026');
    await admin.getByTestId('signin-submit').click();
    const panel = admin.getByTestId('voters');
    await panel.waitFor();
    await admin.getByTestId('voters-add-count').fill('7');
    await admin.getByTestId('voters-add').click();
    await expect.poll(() => admin.getByTestId('voters-count').textContent()).toContain('已生成 12 个评审码');
    await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(admin, 'admin-voter-codes-1440x900');
    // The printed seat cards: the judges' sheets stay out, each card's QR code is the voter's link with its code.
    await admin.evaluate(() => document.body.classList.add('print-voters'));
    await admin.emulateMedia({ media: 'print' });
    const card = admin.locator('.voter-cards figure').first();
    await card.waitFor();
    expect(readQr(await card.screenshot())).toBe(`${server.url}${links.audience}?code=${codes[0]}`);
    expect(await admin.locator('.voter-cards figure').count()).toBe(12);
    await screenshot(admin, 'admin-voter-cards-print');
    await admin.emulateMedia({ media: 'screen' });

    const host = await desk.newPage();
    await host.goto(`${server.url}${links.rooms[0]!.host.url}`);
    const row = host.locator('[data-testid=voting] [data-track=T01]');
    await row.waitFor();
    expect(await row.getByTestId('voting-voters').textContent()).toContain('已有 1 人投票');
    expect(await host.getByTestId('voting').textContent()).not.toMatch(/票数：|r1t1/);
    await host.getByTestId('voting').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(host, 'host-voting-1440x900');
    await row.getByTestId('voting-close').click();
    await expect.poll(() => row.getByTestId('voting-window').textContent()).toContain('已结束');

    const sup = await desk.newPage();
    sup.on('dialog', (d) => void d.accept('同一设备连续投票'));
    await sup.goto(`${server.url}${links.supervisor.url}`);
    const ballot = sup.locator('[data-testid=fraud-ballots] tr[data-voter=v0001]');
    await ballot.waitFor();
    await ballot.getByTestId('fraud-void').click();
    await expect.poll(() => ballot.textContent(), { timeout: 20_000 }).toContain('已作废：同一设备连续投票');
    expect(await server.store.redis.hgetall(eventKeys(ev.id).pubVotes('T01'))).toEqual({ r1t1: '0', r1t2: '0' });
    await sup.getByTestId('fraud').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(sup, 'supervisor-fraud-1440x900');
    await desk.close();
  }, 120_000);
});
