// The host console in real Chromium against a real server and Redis: a seeded draw, the one big button (and the
// Space key) through a team's turn, the panel board with a divergent judge, closing with a reason, re-opening one
// judge, the reveal and the leaderboard, an absent team, the award ceremony paced by the host. Screenshots at 1440x900 go to docs/screenshots/.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventLinks } from '../../shared/protocol';
import { seededShuffle } from '../../shared/draw';
import { RoomMirror } from '../../shared/mirror';
import { makeEvent } from '../helpers/fixtures';
import { screenshot, useBrowser } from '../helpers/browser';
import { eventually, ok, send, useServer, type Client } from '../helpers/server';
import { E2E_DIST } from './global-setup';

const server = useServer({ staticDir: E2E_DIST });
const chrome = useBrowser();
const ev = makeEvent({ id: 'host-e2e', teams: 4, judges: 3 });
ev.name = '2026年“数据要素×”大赛广东分赛 · 决赛';
ev.rooms[0]!.name = '第三会场（医疗健康赛道）';
const projects = ['基于多模态医疗数据融合的基层慢病智能管理与分级诊疗协同平台', '医保基金智能监管与异常诊疗行为识别系统',
  '中医药古籍知识图谱与临床辅助决策系统', '区域医疗影像数据可信共享与联合建模平台'];
ev.teams.forEach((t, i) => { t.project = projects[i]!; t.leadOrg = `广东省某某医疗数据科技有限公司（第${i + 1}牵头单位）`; });
ev.judges.forEach((j, i) => { j.name = ['陈立新', '黄慧敏', '周建国'][i]!; });
let links: EventLinks;
let judges: Client[];
let page: Page;

const sheet = (total: number) => {
  // spread a whole-point total over the default criteria (25, 20, 25, 15, 5, 10)
  const maxes = [['solution', 25], ['model', 20], ['effect', 25], ['promotion', 15], ['ip', 5], ['defense', 10]] as const;
  let left = total;
  return { criteria: Object.fromEntries(maxes.map(([id, max]) => { const v = Math.min(max, left); left -= v; return [id, v * 1000]; })) };
};

/**
 * A judge socket reports a healthy tablet showing the team on stage whenever it changes, as a judge's page does
 * (judge:status), so that the panel board's screenshots show tablets in order.
 */
function reportLikeATablet(judge: Client): void {
  const mirror = new RoomMirror();
  let shown: string | null | undefined;
  const report = () => {
    const team = mirror.rooms.get('room1')?.team?.id ?? null;
    if (team === shown) return;
    shown = team;
    void send(judge, 'judge:status', { visible: true, team, outbox: 0, battery: null });
  };
  judge.on('room:snapshot', (v) => { mirror.snapshot(v); report(); });
  judge.on('room:patch', (p) => {
    if (mirror.patch(p) === 'needs-sync') void ok(judge, 'room:sync', {}).then((vs) => vs.forEach((v) => mirror.snapshot(v))).then(report);
    else report();
  });
  void ok(judge, 'room:sync', {}).then((vs) => vs.forEach((v) => mirror.snapshot(v))).then(report);
}

/** Presses Space for the next step once the console is ready for it (a press while a command runs is ignored). */
async function space(): Promise<void> {
  await eventually(async () => expect(await page.getByTestId('next-step').isEnabled()).toBe(true));
  await page.keyboard.press('Space');
}

beforeAll(async () => {
  links = await server.setup(ev);
  judges = await Promise.all(links.judges.map((j) => server.client({ token: j.token })));
  judges.forEach(reportLikeATablet);
  const context = await chrome.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
  await page.goto(`${server.url}${links.rooms[0]!.host.url}`);
  await page.getByTestId('order').waitFor();
});

describe('host console', () => {
  it('runs a team through its turn with the big button and the keyboard', async () => {
    await page.getByTestId('draw-seed').fill('2026-医疗健康');
    await page.getByTestId('draw').click();
    await page.getByTestId('seed').waitFor();
    const expected = seededShuffle(ev.teams.map((t) => t.id), '2026-医疗健康');
    const first = ev.teams.find((t) => t.id === expected[0])!;
    await eventually(async () => expect(await page.getByTestId('order').innerText()).toContain('2026-医疗健康'));
    expect(await page.getByTestId('next-step').innerText()).toContain(first.project);

    await page.getByTestId('next-step').click(); // call the first team of the draw
    await eventually(async () => expect(await page.getByTestId('team-card').innerText()).toContain(first.project));
    await space(); // presentation
    await page.getByTestId('countdown').waitFor();
    await space(); // Q&A
    await eventually(async () => expect(await page.getByTestId('phase').innerText()).toContain('答辩问答'));
    await space(); // open scoring
    await eventually(async () => expect(await page.getByTestId('phase').innerText()).toContain('评分中'));
    // The team on stage reads where it is in its turn in the running order, not 待上场.
    const firstStatus = page.getByTestId(`order-${first.id}`).getByTestId('order-status');
    expect(await firstStatus.innerText()).toBe('台上 · 评分中');

    await ok(judges[0]!, 'score:submit', { sid: 'host-e2e-j1-1', team: first.id, values: sheet(85) });
    await ok(judges[1]!, 'score:submit', { sid: 'host-e2e-j2-1', team: first.id, values: sheet(40) });
    await eventually(async () => expect(await page.getByTestId('progress').innerText()).toContain('2 / 3'));
    // B once judges have scored is refused, in Chinese words (it read "judges have already scored: close scoring instead").
    await page.keyboard.press('b');
    await eventually(async () => expect(await page.getByTestId('error').innerText()).toBe('操作未完成：已有评委提交评分，不能后退：请截止评分'));
    await screenshot(page, 'host-refused-1440x900');
    await screenshot(page, 'host-scoring-1440x900');

    // Closing with a judge missing asks for a reason.
    await space();
    await page.getByTestId('reason-dialog').waitFor();
    expect(await page.getByTestId('reason-dialog').innerText()).toContain('周建国');
    await screenshot(page, 'host-reason-1440x900');
    await page.getByTestId('reason').fill('周建国评委临时离场');
    await page.getByTestId('reason-confirm').click();
    await eventually(async () => expect(await page.getByTestId('phase').innerText()).toContain('评分已截止'));

    // Re-open for the missing judge, who scores; close again; reveal.
    await page.getByTestId('reopen-r1j3').click();
    await page.getByTestId('reason').fill('评委返回，补充评分');
    await page.getByTestId('reason-confirm').click();
    await eventually(async () => expect(await page.getByTestId('phase').innerText()).toContain('评分中'));
    await ok(judges[2]!, 'score:submit', { sid: 'host-e2e-j3-1', team: first.id, values: sheet(81) });
    await eventually(async () => expect(await page.getByTestId('progress').innerText()).toContain('3 / 3'));
    // 40 is 41 points from the median 81 (over 15% of 100): flagged to the host, without the value.
    await eventually(async () => expect(await page.getByTestId('judge-r1j2').getByTestId('divergent').count()).toBe(1));
    expect(await page.getByTestId('judge-r1j1').getByTestId('divergent').count()).toBe(0);
    // (The panel shows when each sheet came, such as 03:56:40, and when each tablet was last heard, such as 40 秒前:
    // those times are not scores.)
    expect((await page.getByTestId('panel').innerText()).replace(/\d{2}:\d{2}(:\d{2})?|\d+ 秒前/g, '')).not.toContain('40');
    await space();
    await eventually(async () => expect(await page.getByTestId('next-step').innerText()).toContain('亮分'));
    await space();
    await page.getByTestId('reveal').waitFor();
    // 85, 40, 81 (three judges: nothing dropped) → 206 / 3 = 68.666… → 68.67
    expect(await page.getByTestId('reveal').innerText()).toContain('68.67');
    await eventually(async () => expect(await page.getByTestId('board-score').first().innerText()).toBe('68.67'));
    expect(await firstStatus.innerText()).toBe('已亮分');
    await screenshot(page, 'host-revealed-1440x900');
    // At 1440x900 the leaderboard and its 更正评分 are on screen without scrolling.
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const correctButton = await page.getByTestId(`correct-${first.id}`).boundingBox();
    expect(correctButton!.y + correctButton!.height).toBeLessThanOrEqual(900);
    expect(correctButton!.x + correctButton!.width).toBeLessThanOrEqual(1440);

    // A correction after the reveal, with a reason: 黄慧敏's sheet becomes 80; (85 + 80 + 81) / 3 = 82.00.
    await page.getByTestId(`correct-${first.id}`).click();
    await page.getByTestId('correction-judge').selectOption('r1j2');
    // The judge's current sheet (40 = 25 + 15 + 0 …) fills the form; only what is wrong is changed.
    await eventually(async () => expect(await page.getByTestId('correction-solution').inputValue()).toBe('25'));
    expect(await page.getByTestId('correction-model').inputValue()).toBe('15');
    expect(await page.getByTestId('correction-effect').inputValue()).toBe('0');
    await page.getByTestId('correction-model').fill('20');
    await page.getByTestId('correction-effect').fill('25');
    await page.getByTestId('correction-promotion').fill('10');
    // Before → after, per criterion and for the total.
    expect(await page.getByTestId('correction-row-effect').innerText()).toMatch(/应用成效[\s\S]*\b0\s+→/);
    expect(await page.getByTestId('correction-row-effect').getAttribute('class')).toContain('correction__changed');
    expect(await page.getByTestId('correction-row-ip').getAttribute('class')).not.toContain('correction__changed');
    expect(await page.getByTestId('correction-total').innerText()).toMatch(/40\s+→\s+80/);
    await page.getByTestId('correction-reason').fill('评委书面申请：录入时误将 80 分录为 40 分');
    await screenshot(page, 'host-correction-1440x900');
    await page.getByTestId('correction-confirm').click();
    await eventually(async () => expect(await page.getByTestId('board-score').first().innerText()).toBe('82.00'));
    // The corrected result is marked on the host's board.
    await eventually(async () => expect(await page.getByTestId(`board-row-${first.id}`).getByTestId('corrected').innerText()).toBe('已更正'));
    await screenshot(page, 'host-corrected-1440x900');

    const audit = await server.store.audit(ev.id);
    expect(audit.find((e) => e.action === 'score.correct')).toMatchObject({ judge: 'r1j2', reason: '评委书面申请：录入时误将 80 分录为 40 分' });
    expect(audit.find((e) => e.action === 'room.close-scoring')).toMatchObject({ reason: '周建国评委临时离场' });
    expect(audit.find((e) => e.action === 'room.reopen-judge')).toMatchObject({ judge: 'r1j3', reason: '评委返回，补充评分' });
  }, 90_000);

  it('marks a team absent with a reason, and the big button skips it', async () => {
    const order = seededShuffle(ev.teams.map((t) => t.id), '2026-医疗健康');
    await page.getByTestId(`absent-${order[1]}`).click();
    await page.getByTestId('reason').fill('团队未到场');
    await page.getByTestId('reason-confirm').click();
    await eventually(async () => expect(await page.getByTestId(`order-${order[1]}`).innerText()).toContain('缺席'));
    const third = ev.teams.find((t) => t.id === order[2])!;
    await eventually(async () => expect(await page.getByTestId('next-step').innerText()).toContain(third.project));
    expect((await server.store.readRoom(ev.id, 'room1')).teamStatus[order[1]!]).toBe('absent');
  });

  it('paces the award ceremony on the projector with the big button once the session is finished', async () => {
    const host = await server.client({ token: links.rooms[0]!.host.token });
    await ok(host, 'room:finish', {});
    const now = page.getByTestId('ceremony-now');
    // No team on stage after 结束本场: the panel does not read 未评分 for every judge.
    await eventually(async () => expect(await page.getByTestId('phase').innerText()).toContain('本场结束'));
    expect(await page.getByTestId('panel').getByTestId('not-scored').count()).toBe(0);
    expect(await page.getByTestId('panel').innerText()).not.toContain('未评分');
    // One team revealed so far: one screen (its first prize), then the final leaderboard.
    await eventually(async () => expect(await now.innerText()).toBe('大屏颁奖 1/1：赛道1 · 一等奖'));
    expect(await page.getByTestId('next-step').innerText()).toMatch(/颁奖下一项\s+最终排行榜/);
    await screenshot(page, 'host-ceremony-1440x900');
    await space();
    await eventually(async () => expect(await now.innerText()).toBe('颁奖结束：大屏显示最终排行榜'));
    expect((await server.store.readRoom(ev.id, 'room1')).ceremonyStep).toBe(1);
    expect(await page.getByTestId('next-step').isEnabled()).toBe(false);
    await page.getByTestId('ceremony-back').click();
    await eventually(async () => expect(await now.innerText()).toContain('1/1'));
    host.disconnect();
  });

  it('re-opens a finished session only when the host confirms it, with a button named for what it does', async () => {
    const reopen = page.getByTestId('reopen-session');
    expect(await reopen.innerText()).toBe('撤销结束，重新开放本场');
    expect(await page.getByText('重新开始', { exact: true }).count()).toBe(0);
    // Not in the row of 后退 / 暂停.
    expect(await page.getByTestId('pause').locator('xpath=..').getByTestId('reopen-session').count()).toBe(0);
    await reopen.click();
    await page.getByTestId('confirm-dialog').waitFor();
    expect(await page.getByTestId('confirm-dialog').innerText()).toContain('已亮分的成绩和排名不变');
    await screenshot(page, 'host-reopen-session-1440x900');
    await page.getByTestId('confirm-cancel').click();
    await new Promise((r) => setTimeout(r, 300));
    expect((await server.store.readRoom(ev.id, 'room1')).phase).toBe('finished');
    await reopen.click();
    await page.getByTestId('confirm-ok').click();
    await eventually(async () => expect((await server.store.readRoom(ev.id, 'room1')).phase).toBe('idle'));
    await eventually(async () => expect(await page.getByTestId('phase').innerText()).toContain('等待开始'));
    expect((await server.store.audit(ev.id)).some((e) => e.action === 'room.restart')).toBe(true);
  });
});
