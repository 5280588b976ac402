// The public's part on the screens, in real Chromium against a real server: a host imports the track's votes, the panel
// scores, and the reveal shows the weighing (专家评分 P × 70% + 大众评审 U × 30% = F) on the projector (1920x1080) and on a
// phone (390x844), to the digit of the results file recomputed; the leaderboard shows both parts and the weights. The
// host console's upload of the votes (1024x768): a file naming an unknown team refused, then the counts stored.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { resultsFileFor } from '../../server/exports';
import type { EventLinks } from '../../shared/protocol';
import { computeResults } from '../../shared/results';
import { DEFAULT_RULES } from '../../shared/scoring';
import { makeEvent } from '../helpers/fixtures';
import { SIZES, screenshot, useBrowser } from '../helpers/browser';
import { eventually, ok, useServer, type Client } from '../helpers/server';
import { E2E_DIST } from './global-setup';

const server = useServer({ staticDir: E2E_DIST, revealSpeed: 2 });
const chrome = useBrowser();

const ev = makeEvent({ id: 'mix-e2e', teams: 3, judges: 5, track: {
  criteria: [], total: { maxMilli: 100_000, stepMilli: 10 }, rules: { ...DEFAULT_RULES, criteriaOrder: [] },
  mix: { panelPercent: 70, publicPercent: 30, public: { kind: 'votes', fullMarksMilli: 100_000, votesPerVoter: 1, imported: true, openByDevice: false } },
} });
ev.name = '2026年“数据要素×”大赛广东分赛 · 决赛';
ev.tracks[0]!.name = '工业制造';
Object.assign(ev.teams[0]!, { project: '基于工业互联网标识解析与多源数据融合的高端装备制造供应链协同平台', leadOrg: '广州市某某工业互联网研究院有限公司' });
Object.assign(ev.teams[1]!, { project: '钢铁全流程能耗数据要素化与碳足迹核算', leadOrg: '韶关钢铁集团数字科技有限公司' });
Object.assign(ev.teams[2]!, { project: '家电产业链订单数据可信流通与柔性排产', leadOrg: '佛山市顺德区家电产业创新中心' });

let links: EventLinks;
let host: Client;
let judges: Client[];

beforeAll(async () => {
  links = await server.setup(ev);
  host = await server.client({ token: links.rooms[0]!.host.token });
  judges = await Promise.all(links.judges.map((j) => server.client({ token: j.token })));
  const csv = [['项目名称', '票数'], [ev.teams[0]!.project, '1234'], [ev.teams[1]!.project, '600'], [ev.teams[2]!.project, '900']].map((r) => r.join(',')).join('\n');
  await ok(host, 'public:import', { eventId: ev.id, trackId: 'T01', reason: '微信投票结果', file: { name: 'votes.csv', base64: Buffer.from(csv).toString('base64') } });
});

/** A team's whole turn: its five judges give these totals (points), then the reveal. */
async function turn(team: string, totals: number[]): Promise<void> {
  await ok(host, 'room:call', { team });
  await ok(host, 'room:open-scoring', {});
  for (const [i, j] of judges.entries()) await ok(j, 'score:submit', { sid: randomUUID(), team, values: { total: Math.round(totals[i]! * 1000) } });
  await ok(host, 'room:close-scoring', {});
  await ok(host, 'room:reveal', {});
}

/** Waits for the page's finite animations to end, then saves a screenshot. */
async function shot(p: Page, name: string): Promise<void> {
  await p.evaluate(() => Promise.all(document.getAnimations()
    .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
    .map((a) => a.finished.catch(() => undefined))));
  await screenshot(p, name);
}

describe('the host console\'s upload of imported public votes', () => {
  it('refuses a file naming an unknown team (nothing stored), then stores the counts and says how many teams', async () => {
    const own = structuredClone(ev);
    own.id = 'mix-host-e2e';
    own.tracks[0]!.name = '工业制造（高端装备、新能源汽车与绿色石化产业链数据协同）';
    const ownLinks = await server.setup(own);
    const page = await (await chrome.browser.newContext({ viewport: SIZES.tabletLandscape, locale: 'zh-CN' })).newPage();
    await page.goto(`${server.url}${ownLinks.rooms[0]!.host.url}`);
    const card = page.getByTestId('public-import');
    expect(await card.getByTestId('public-import-go').innerText()).toBe('导入大众投票');
    expect(await card.locator('[data-track="T01"]').innerText()).toContain(own.tracks[0]!.name);
    /** Chooses a CSV through the button's file picker, gives the reason, and returns what the card says of it. */
    const upload = async (rows: string[][], reason: string): Promise<string> => {
      const before = await card.getByTestId('public-import-result').count() ? await card.getByTestId('public-import-result').innerText() : '';
      const chooser = page.waitForEvent('filechooser');
      await card.getByTestId('public-import-go').click();
      await (await chooser).setFiles({ name: '微信投票.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.map((r) => r.join(',')).join('\n')) });
      expect(await page.getByTestId('reason-dialog').innerText()).toContain('将「微信投票.csv」中的票数导入赛道「工业制造（高端装备');
      await page.getByTestId('reason').fill(reason);
      await page.getByTestId('reason-confirm').click();
      let shown = '';
      await eventually(async () => {
        shown = await card.getByTestId('public-import-result').innerText();
        expect(shown).not.toBe(before);
      });
      return shown;
    };
    const imports = async () => (await server.store.audit(own.id)).filter((e) => e.action === 'public.import');

    const unknown = await upload([['项目名称', '票数'], [own.teams[0]!.project, '1234'], ['不在本赛道的项目', '50']], '微信投票截至 18:00');
    expect(unknown).toBe('文件第 3 行「项目名称」：「不在本赛道的项目」不是本赛道的团队');
    expect(await card.getByTestId('public-import-result').getAttribute('class')).toContain('notice--error');
    expect(await server.store.publicCounts(own, 'T01')).toEqual({});
    expect(await imports()).toEqual([]);
    expect(await page.getByTestId('error').count()).toBe(0);

    const done = await upload([['项目名称', '票数'], ...own.teams.map((t, i) => [t.project, String([1234, 600, 900][i])])], '微信投票截至 18:00');
    expect(done).toBe('已导入 3 支团队的票数');
    expect(await server.store.publicCounts(own, 'T01')).toEqual({ r1t1: 1234, r1t2: 600, r1t3: 900 });
    expect((await imports()).map((e) => [e.actor, e.reason])).toEqual([['host:room1', '微信投票截至 18:00']]);
    await screenshot(page, 'host-public-import-1024x768');
  }, 60_000);
});

describe('the reveal with the public\'s part', () => {
  it('shows the weighing on the projector and the phone, equal to the results file, and both parts on the board', async () => {
    const projector = await (await chrome.browser.newContext({ viewport: SIZES.projector, locale: 'zh-CN' })).newPage();
    await projector.goto(`${server.url}${links.rooms[0]!.display.url}?speed=2`);
    const phone = await (await chrome.browser.newContext({ viewport: SIZES.phone, locale: 'zh-CN', deviceScaleFactor: 2, isMobile: true, hasTouch: true })).newPage();
    await phone.goto(`${server.url}${links.audience}`);
    await eventually(async () => expect(await phone.getByTestId('room-now').count()).toBe(1), 15_000);

    await turn('r1t2', [88.5, 84, 85.5, 83, 86]);
    // The projector's reveal of r1t1 once its score has landed (watched inside the page: the reveal holds a few seconds).
    const landed = projector.evaluate(() => new Promise<string>((resolve) => {
      const check = () => {
        const score = document.querySelector('[data-testid="scene-reveal"][data-team="r1t1"] [data-testid="reveal-score"][data-state="done"]');
        if (score) resolve(document.querySelector('[data-testid="reveal-mix"]')!.textContent!.trim());
        return Boolean(score);
      };
      if (check()) return;
      const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    }));
    await turn('r1t1', [85, 80, 93, 73, 86]);
    const { results } = computeResults(await resultsFileFor(server.store, ev, 'T01'));
    const r = results.find((x) => x.team === 'r1t1')!;
    const line = `专家评分 ${r.parts!.panel} × 70% + 大众评审 ${r.parts!.public} × 30% = ${r.score}`;
    // 85 80 [93] [73] 86 → 83.67; 1234 votes of 1234 → 100.00; 58.569 + 30 = 88.569 → 88.57
    expect(line).toBe('专家评分 83.67 × 70% + 大众评审 100.00 × 30% = 88.57');

    expect(await landed).toBe(line);
    await eventually(async () => expect(await projector.getByTestId('reveal-mix').evaluate((e) => getComputedStyle(e).opacity)).toBe('1'));
    // Taken at once: waiting for every animation would also wait out the reveal's hold and catch the change of scene.
    await screenshot(projector, 'projector-reveal-mix');
    expect(await projector.getByTestId('reveal-mix').isVisible()).toBe(true);

    await eventually(async () => expect((await phone.getByTestId('room-mix').innerText()).trim()).toBe(line), 30_000);
    expect(await phone.getByTestId('room-result').innerText()).toContain(r.score!);
    await phone.getByTestId('why-open').click();
    expect((await phone.getByTestId('why-mix').innerText()).trim()).toBe(line);
    expect(await phone.getByTestId('why-score').innerText()).toBe(r.parts!.panel);
    await phone.getByTestId('room-mix').scrollIntoViewIfNeeded();
    await shot(phone, 'live-reveal-mix');

    await ok(host, 'display:set-mode', { mode: 'leaderboard' });
    await eventually(async () => expect(await projector.getByTestId('board-row').count()).toBe(2), 15_000);
    expect(await projector.getByTestId('board-mix').innerText()).toBe('专家评分 70% + 大众评审 30%');
    const shown = await projector.getByTestId('board-row').evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-team'),
      row.querySelector('[data-testid="board-score"]')!.firstChild!.textContent, row.querySelector('[data-testid="board-parts"]')!.textContent]));
    expect(shown).toEqual(results.filter((x) => x.rank !== null).map((x) => [x.team, x.score, `专家 ${x.parts!.panel} · 大众 ${x.parts!.public}`]));
    await shot(projector, 'projector-leaderboard-mix');
  }, 180_000);
});
