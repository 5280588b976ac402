// Special awards (issue 15) in real Chromium against a real server and Redis: after the track's last reveal the host
// opens the panel's ballot from the console, two judges vote on their tablets (1024x768), the host sees who voted,
// closes and counts it, settles the tie with a recorded decision and announces; the projector's ceremony opens with the
// special awards (1920x1080) and the phones list them. Screenshots: the ballot, the host's view, the ceremony.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventLinks } from '../../shared/protocol';
import { makeEvent } from '../helpers/fixtures';
import { screenshot, SIZES, useBrowser } from '../helpers/browser';
import { eventually, ok, useServer, type Client } from '../helpers/server';
import { E2E_DIST } from './global-setup';

const server = useServer({ staticDir: E2E_DIST, revealSpeed: 50 });
const chrome = useBrowser();

const ev = makeEvent({ id: 'special-e2e', teams: 5, judges: 3, track: { criteria: [], total: { maxMilli: 100_000, stepMilli: 10 } } });
ev.tracks[0]!.name = '工业制造';
ev.tracks[0]!.rules = { ...ev.tracks[0]!.rules, tieBreak: [], criteriaOrder: [] };
ev.tracks[0]!.awards = { first: 1, second: 1, third: 1, merit: 0, specialPoolPercent: 60 };
ev.tracks[0]!.specialAwards = [{ name: '最具价值奖', count: 1 }, { name: '应用实践奖', count: 1 }, { name: '科技创新奖', count: 0 }];
ev.rooms[0]!.name = '第一会场';
const PROJECTS = [
  ['中小制造企业设备数据资产入表与融资服务', '广东省中小企业数字化转型服务中心有限公司'],
  ['纺织服装柔性供应链数据中台', '广州纺织服装产业数字化促进会'],
  ['家电产业链订单数据可信流通与柔性排产', '佛山市顺德区家电产业创新中心'],
  ['钢铁全流程能耗数据要素化与碳足迹核算平台', '韶关钢铁集团数字科技有限公司'],
  ['基于工业互联网标识解析与多源数据融合的高端装备制造供应链协同平台', '广州市某某工业互联网研究院有限公司（联合体牵头单位）'],
];
PROJECTS.forEach(([project, leadOrg], i) => { ev.teams[i] = { ...ev.teams[i]!, project: project!, leadOrg: leadOrg! }; });

let links: EventLinks;
let host: Client;

beforeAll(async () => {
  links = await server.setup(ev);
  host = await server.client({ token: links.rooms[0]!.host.token });
  const judges = await Promise.all(links.judges.map((j) => server.client({ token: j.token })));
  // r1t<n> gets 70 + n from every judge: the pool (top 60 %) is r1t5, r1t4, r1t3.
  for (const team of ev.teams) {
    await ok(host, 'room:call', { team: team.id });
    await ok(host, 'room:open-scoring', {});
    const total = (70 + Number(team.id.slice(-1))) * 1000;
    for (const [i, j] of judges.entries()) await ok(j, 'score:submit', { sid: `e2e-sp-${team.id}-${i}`, team: team.id, values: { total } });
    await ok(host, 'room:close-scoring', {});
    await ok(host, 'room:reveal', {});
  }
}, 120_000);

async function open(url: string, size: { width: number; height: number }): Promise<Page> {
  const context = await chrome.browser.newContext({ viewport: size, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

async function openJudge(judgeId: string): Promise<Page> {
  const page = await open(`${server.url}${links.judges.find((j) => j.judgeId === judgeId)!.url}`, SIZES.tabletLandscape);
  await page.getByTestId('this-is-me').click();
  return page;
}

describe('special awards in the browser', () => {
  it('the ballot on two tablets, the host settles the tie and announces, the ceremony and the phones show them', async () => {
    const console_ = await open(`${server.url}${links.rooms[0]!.host.url}`, { width: 1440, height: 900 });
    const tablet1 = await openJudge('r1j1');
    const tablet2 = await openJudge('r1j2');
    const phone = await open(`${server.url}/live/${ev.id}`, SIZES.phone);
    const panel = console_.getByTestId('special-panel');
    await panel.getByTestId('special-open-ballot').click();

    // Tablet 1: 最具价值奖 → r1t5, 应用实践奖 → r1t3; tablet 2: 最具价值奖 → r1t4, 应用实践奖 → r1t3.
    const vote = async (page: Page, picks: Record<string, string>) => {
      const ballot = page.getByTestId('ballot');
      await ballot.waitFor();
      for (const [award, team] of Object.entries(picks)) {
        await ballot.locator(`[data-award="${award}"] [data-team="${team}"]`).check();
      }
    };
    await vote(tablet1, { 最具价值奖: 'r1t5', 应用实践奖: 'r1t3' });
    await tablet1.evaluate(() => window.scrollTo(0, 0));
    await screenshot(tablet1, 'judge-special-ballot-1024x768');
    await tablet1.getByTestId('ballot-submit').click();
    await tablet1.getByTestId('ballot-saved').waitFor();
    expect(await tablet1.getByTestId('ballot-saved').innerText()).toContain('最具价值奖：基于工业互联网标识解析');
    await vote(tablet2, { 最具价值奖: 'r1t4', 应用实践奖: 'r1t3' });
    await tablet2.getByTestId('ballot-submit').click();
    await tablet2.getByTestId('ballot-saved').waitFor();

    // The host sees who voted, never what; the other tablet sees only its own ballot.
    await eventually(async () => expect(await panel.getByTestId('special-voter').evaluateAll((els) => els.map((e) => e.getAttribute('data-voted'))))
      .toEqual(['true', 'true', 'false']));
    expect(await panel.getByTestId('special-tally').count()).toBe(0);
    expect(await tablet2.getByTestId('ballot').locator('input:checked').evaluateAll((els) => els.map((e) => e.getAttribute('data-team'))))
      .toEqual(['r1t4', 'r1t3']);
    await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(console_, 'host-special-voting-1440x900');
    expect(await panel.getByTestId('special-voters').innerText()).toContain('已投 2 / 3');

    await panel.getByTestId('special-close-ballot').click();
    await panel.getByTestId('special-tally').waitFor();
    expect(await panel.getByTestId('special-open').innerText()).toContain('平票');
    await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(console_, 'host-special-tally-1440x900');
    await tablet1.getByTestId('ballot').waitFor({ state: 'detached' });
    // The tie goes to the host: the panel's decision, with its reason.
    await panel.getByTestId('special-decide').click();
    const dialog = console_.getByTestId('special-dialog');
    await dialog.getByTestId('special-pick-最具价值奖').selectOption('r1t5');
    await dialog.getByTestId('special-reason').fill('平票：评审组合议，数据资产化成效更突出');
    await dialog.getByTestId('special-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    await panel.getByTestId('special-announce').click();
    await panel.getByTestId('special-announced').waitFor();
    expect(await panel.getByTestId('special-open').count()).toBe(0);
    expect(await panel.getByTestId('special-winners').innerText()).toMatch(/最具价值奖：基于工业互联网.*\n?.*应用实践奖：家电产业链/s);
    await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(console_, 'host-special-1440x900');

    // The phones list them under the track's board.
    await phone.getByTestId('live-special').waitFor();
    expect(await phone.getByTestId('live-special-award').allInnerTexts()).toEqual([
      expect.stringContaining('最具价值奖'), expect.stringContaining('应用实践奖')]);
    expect(await phone.getByTestId('live-special').innerText()).toContain('家电产业链订单数据可信流通与柔性排产');

    // The ceremony opens with the special awards, paced by the host.
    const projector = await open(`${server.url}${links.rooms[0]!.display.url}?speed=50`, SIZES.projector);
    await ok(host, 'room:finish', {});
    const scene = projector.getByTestId('scene-ceremony');
    await eventually(async () => expect(await projector.getByTestId('ceremony-prize').innerText()).toBe('最具价值奖'), 10_000);
    expect(await scene.getByTestId('winner').allInnerTexts()).toEqual([expect.stringContaining('基于工业互联网标识解析与多源数据融合')]);
    await projector.waitForTimeout(1800); // the winners' entrance animation, for the screenshot
    await screenshot(projector, 'projector-special-1920x1080');
    await ok(host, 'display:ceremony', { step: 1 });
    await eventually(async () => expect(await projector.getByTestId('ceremony-prize').innerText()).toBe('应用实践奖'), 10_000);
    await ok(host, 'display:ceremony', { step: 2 });
    await eventually(async () => expect(await projector.getByTestId('ceremony-prize').innerText()).toBe('三等奖'), 10_000);
  }, 180_000);
});
