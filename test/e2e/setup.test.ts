// The setup editor in real Chromium at 1440x900, as an organiser who never saw the product would use it: create the
// event from the preset, edit its own fields, a track's criteria, rules and awards, refuse removing a track with teams,
// make a room, give it tracks and judges, add a recusal by hand; what Redis holds equals what was typed.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_COLUMNS } from '../../server/imports';
import { Rooms } from '../../server/rooms';
import { eventFromPreset } from '../../shared/presets';
import { screenshot, useBrowser } from '../helpers/browser';
import { makeEvent } from '../helpers/fixtures';
import { eventually, useServer } from '../helpers/server';
import { openScoringFor } from '../helpers/turns';
import { xlsxFile } from '../helpers/xlsx';
import { E2E_DIST } from './global-setup';

const server = useServer({ staticDir: E2E_DIST });
const chrome = useBrowser();
let page: Page;


const TEAMS = [
  ['基于工业互联网标识解析的高端装备产业链数据协同与质量追溯平台', '数智装备', '广州数联智能科技有限公司', '', '工业制造', '产业链协同与供应链风险预警', '张三'],
  ['面向新能源汽车全生命周期的多源异构数据融合与碳足迹核算服务', '绿色出行', '华南理工大学', '中山大学', '工业制造', '产业链协同与供应链风险预警', '李四'],
];
const JUDGES = ['陈立新', '黄慧敏', '周建国', '林晓峰', '吴雅琴', '郑国栋'].map((name, i) => [
  name, i === 2 ? '华南理工大学' : `某某评审单位${i + 1}`, '教授', '工业制造评审组（第一会场）', '工业制造',
]);
const ROOM2 = '第二会场（现代农业与商贸流通赛道联合评审·分组答辩区）';

beforeAll(async () => {
  const context = await chrome.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
  await page.goto(`${server.url}/admin`);
});

const stored = async () => (await server.store.getEvent('gd2026'))!;

describe('the setup editor', () => {
  it('creates from the preset, edits the event, a track, a room and a recusal, and Redis holds exactly that', async () => {
    await page.getByTestId('password').fill('组委会管理员密码2026');
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('create').click();
    await page.getByTestId('event-panel').waitFor();
    await page.getByTestId('file-teams').setInputFiles(await xlsxFile('teams.xlsx', [[...TEMPLATE_COLUMNS.teams], ...TEAMS]));
    await page.getByTestId('commit-teams').click();
    await page.getByTestId('import-teams').getByTestId('import-saved').waitFor();
    await page.getByTestId('file-judges').setInputFiles(await xlsxFile('judges.xlsx', [[...TEMPLATE_COLUMNS.judges], ...JUDGES]));
    await page.getByTestId('commit-judges').click();
    await page.getByTestId('import-judges').getByTestId('import-saved').waitFor();
    await eventually(async () => expect((await stored()).rooms).toHaveLength(1));
    const preset = eventFromPreset('sjys-2026-guangdong', 'gd2026');

    // 1. The event itself.
    await page.getByTestId('event-theme').fill('数据要素赋能千行百业 · 决赛现场答辩');
    await page.getByTestId('event-organisers').fill('主办单位：广东省政务服务和数据管理局\n承办单位：广州数据交易所\n\n');
    await page.getByTestId('event-reveal-names').check();
    await page.getByTestId('event-save').click();
    await page.getByTestId('event-saved').waitFor();
    let ev = await stored();
    expect([ev.theme, ev.organisers, ev.revealJudgeNames]).toEqual([
      '数据要素赋能千行百业 · 决赛现场答辩', ['主办单位：广东省政务服务和数据管理局', '承办单位：广州数据交易所'], true]);
    await page.getByTestId('event-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-setup-event-1440x900');

    // 2. A track: criteria (rename, exact decimals, remove, add, reorder), rules, tie order, awards, timers.
    await page.getByTestId('track-T02').click();
    const editor = page.getByTestId('track-editor');
    await editor.getByTestId('track-name').fill('现代农业（含智慧农业、农产品流通与乡村数字治理）');
    await editor.getByTestId('track-topics').fill('提升农业生产智能化水平\n推动农产品全链条追溯');
    const row = (i: number) => editor.getByTestId(`criterion-${i}`);
    await row(0).getByTestId('criterion-name').fill('解决方案的完整性、技术先进性与数据应用深度');
    await row(0).getByTestId('criterion-max').fill('22.5');
    await row(0).getByTestId('criterion-step').fill('0.5');
    await row(5).getByTestId('criterion-remove').click(); // 现场陈述与答辩
    await editor.getByTestId('criterion-add').click();
    await row(5).getByTestId('criterion-name').fill('数据安全与合规');
    await row(5).getByTestId('criterion-max').fill('12.5');
    await row(5).getByTestId('criterion-step').fill('0.5');
    await row(5).getByTestId('criterion-hint').fill('数据来源合法，授权与脱敏到位');
    await row(5).getByTestId('criterion-up').click(); // now before 知识产权与团队
    expect(await editor.getByTestId('criteria-sum').innerText()).toContain('满分合计 100 分');
    await editor.getByTestId('rule-decimals').selectOption('3');
    await editor.getByTestId('rule-min-judges').fill('5');
    await editor.getByTestId('order-up-5').click(); // the new criterion compared before 知识产权
    await editor.getByTestId('award-first').fill('2');
    await editor.getByTestId('award-second').fill('3');
    await editor.getByTestId('award-third').fill('6');
    await editor.getByTestId('award-merit').fill('4');
    await editor.getByTestId('award-pool').fill('30');
    // The preset's four special awards (count 1 each): keep the first with 2 places, rename the second, drop the others.
    const special = (i: number) => editor.getByTestId(`special-${i}`);
    await special(0).getByTestId('special-count').fill('2');
    await special(1).getByTestId('special-name').fill('乡村振兴特别奖');
    await special(3).getByTestId('special-remove').click();
    await special(2).getByTestId('special-count').fill('0');
    await editor.getByTestId('divergence').fill('20');
    await editor.getByTestId('timer-presentation').fill('10');
    await editor.getByTestId('timer-qa').fill('7:30');

    // A mistake first: a max that is not a whole number of steps is refused in words, nothing saved.
    await row(1).getByTestId('criterion-step').fill('3');
    await editor.getByTestId('track-save').click();
    await editor.getByTestId('track-errors').waitFor();
    expect(await editor.getByTestId('track-errors').innerText()).toContain('第 2 项指标「模式创新性与价值创造」的满分 20 不是步长 3 的整数倍');
    expect((await stored()).tracks[1]).toEqual(preset.tracks[1]);
    await row(1).getByTestId('criterion-step').fill('1');
    await editor.getByTestId('criteria').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'admin-setup-rules-1440x900');
    await editor.getByTestId('award-merit').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'admin-setup-awards-1440x900');
    await editor.getByTestId('track-save').click();
    await editor.getByTestId('track-saved').waitFor();

    ev = await stored();
    const d = preset.tracks[1]!;
    expect(ev.tracks[1]).toEqual({
      ...d,
      name: '现代农业（含智慧农业、农产品流通与乡村数字治理）',
      topics: ['提升农业生产智能化水平', '推动农产品全链条追溯'],
      criteria: [
        { id: 'solution', name: '解决方案的完整性、技术先进性与数据应用深度', maxMilli: 22_500, stepMilli: 500, hint: d.criteria[0]!.hint },
        d.criteria[1], d.criteria[2], d.criteria[3],
        { id: 'c6', name: '数据安全与合规', maxMilli: 12_500, stepMilli: 500, hint: '数据来源合法，授权与脱敏到位' },
        d.criteria[4],
      ],
      rules: { ...d.rules, minJudges: 5, decimals: 3, criteriaOrder: ['effect', 'solution', 'model', 'promotion', 'c6', 'ip'] },
      awards: { first: 2, second: 3, third: 6, merit: 4, specialPoolPercent: 30 },
      specialAwards: [{ name: '最具价值奖', count: 2 }, { name: '乡村振兴特别奖', count: 1 }, { name: '发展潜力奖', count: 0 }],
      divergencePercent: 20,
      timers: { presentationSec: 600, qaSec: 450, scoringSec: 0 },
    });
    expect(ev.tracks.filter((_, i) => i !== 1)).toEqual(preset.tracks.filter((_, i) => i !== 1));

    // Single-total mode on another track.
    await page.getByTestId('track-T03').click();
    await editor.getByTestId('mode-total').check();
    await editor.getByTestId('total-max').fill('10');
    await editor.getByTestId('total-step').fill('0.05');
    await editor.getByTestId('track-save').click();
    await editor.getByTestId('track-saved').waitFor();
    ev = await stored();
    expect([ev.tracks[2]!.criteria, ev.tracks[2]!.total, ev.tracks[2]!.rules.criteriaOrder, ev.tracks[2]!.rules.tieBreak])
      .toEqual([[], { maxMilli: 10_000, stepMilli: 50 }, [], ['untrimmed-mean']]);

    // A track that has teams cannot be removed; one without can, once confirmed.
    await page.getByTestId('track-T01').click();
    await editor.getByTestId('track-remove').click();
    expect(await editor.getByTestId('track-errors').innerText()).toContain('赛道「工业制造」还有 2 支参赛团队，不能删除');
    await page.getByTestId('track-T17').click();
    await editor.getByTestId('track-remove').click();
    await editor.getByTestId('track-remove').click();
    await eventually(async () => expect((await stored()).tracks.map((t) => t.id)).not.toContain('T17'));
    expect((await stored()).tracks).toHaveLength(16);

    // 3. A room: tracks and judges by hand (two judges of the imported room sit on this panel too: a judge may sit on several).
    await page.getByTestId('room-new-name').fill(ROOM2);
    await page.getByTestId('room-add').click();
    const room2 = page.getByTestId('room-room2');
    await room2.waitFor();
    await room2.getByTestId('room-track-T02').check();
    await room2.getByTestId('room-track-T03').check();
    for (const id of ['j005', 'j006', 'j004']) {
      await room2.getByTestId('room-judge-pick').selectOption(id);
      await room2.getByTestId('room-judge-add').click();
    }
    await room2.getByTestId('room-judge-remove-j004').click();
    await room2.getByTestId('room-save').click();
    await room2.getByTestId('room-saved').waitFor();
    ev = await stored();
    expect(ev.rooms).toEqual([
      { id: 'room1', name: '工业制造评审组（第一会场）', trackIds: ['T01'], panel: ['j001', 'j002', 'j003', 'j004', 'j005', 'j006'] },
      { id: 'room2', name: ROOM2, trackIds: ['T02', 'T03'], panel: ['j005', 'j006'] },
    ]);
    await page.getByTestId('rooms-panel').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'admin-setup-rooms-1440x900');

    // 4. Recusals: the automatic one is there; one added by hand, then taken back.
    expect(ev.recusals).toEqual([{ team: ev.teams[1]!.id, judge: 'j003', reason: expect.any(String) }]);
    await page.getByTestId('recusal-judge').selectOption('j001');
    await page.getByTestId('recusal-team').selectOption(ev.teams[0]!.id);
    await page.getByTestId('recusal-reason').fill('曾担任该项目技术顾问');
    await page.getByTestId('recusal-add').click();
    await eventually(async () => expect((await stored()).recusals).toHaveLength(2));
    expect((await stored()).recusals[1]).toEqual({ team: ev.teams[0]!.id, judge: 'j001', reason: '曾担任该项目技术顾问' });
    await page.getByTestId('recusals').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'admin-setup-recusals-1440x900');
    await page.getByTestId(`recusal-remove-${ev.teams[1]!.id}-j003`).click();
    await eventually(async () => expect((await stored()).recusals).toEqual([{ team: ev.teams[0]!.id, judge: 'j001', reason: '曾担任该项目技术顾问' }]));

    // Every save is in the audit log.
    expect((await server.store.audit('gd2026')).filter((e) => e.action === 'event.save').length).toBeGreaterThanOrEqual(7);
  }, 120_000);

  it('locks a scored track’s rules, and changes its prize counts only with a reason that is audited', async () => {
    // A judge scores a team of the first track, straight through the room machine.
    let ev = await stored();
    const team = ev.teams[1]!;
    const room = ev.rooms.find((r) => r.panel.includes('j001'))!;
    await openScoringFor(server.store, new Rooms(server.store), ev.id, room.id, team.id);
    expect(await server.store.submitSheet({ eventId: ev.id, roomId: room.id, teamId: team.id, judgeId: 'j001', sid: 'setup-e2e-sid-1',
      values: { criteria: { solution: 20000, model: 15000, effect: 20000, promotion: 10000, ip: 4000, defense: 8000 } },
      actor: { id: 'j001', role: 'judge' } })).toMatchObject({ ok: true });

    await page.reload();
    await page.getByTestId(`open-${ev.id}`).click();
    await page.getByTestId(`track-${team.trackId}`).click();
    const editor = page.getByTestId('track-editor');
    await editor.getByTestId('rules-locked').waitFor();
    expect(await editor.getByTestId('criterion-max').first().isDisabled()).toBe(true);
    // The panel leaves first prize vacant: without a reason it is refused in words, nothing saved.
    await editor.getByTestId('award-first').fill('0');
    await editor.getByTestId('award-merit').fill('3');
    await editor.getByTestId('track-save').click();
    await editor.getByTestId('track-errors').waitFor();
    expect(await editor.getByTestId('track-errors').innerText()).toContain('调整奖项名额须填写理由');
    expect((await stored()).tracks[0]!.awards).toEqual(ev.tracks[0]!.awards);
    await editor.getByTestId('awards-reason').fill('评审组合议决定：一等奖空缺，增设优秀奖3名');
    await editor.getByTestId('track-save').click();
    await editor.getByTestId('track-saved').waitFor();
    ev = await stored();
    expect(ev.tracks[0]!.awards).toEqual({ first: 0, second: 2, third: 5, merit: 3, specialPoolPercent: 20 });
    const entry = (await server.store.audit(ev.id)).filter((e) => e.action === 'track.awards').at(-1)!;
    expect(entry.reason).toBe('评审组合议决定：一等奖空缺，增设优秀奖3名');
    expect(JSON.parse(entry.after)).toEqual(ev.tracks[0]!.awards);
    await editor.getByTestId('awards-reason').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'admin-setup-awards-locked-1440x900');
  }, 60_000);
});

describe('every page', () => {
  it('loads with its favicon and nothing missing: no console error, no answer of 400 or more', async () => {
    const ev = makeEvent({ id: 'pages', teams: 2, judges: 3 });
    const links = await server.setup(ev);
    const context = await chrome.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const visit = await context.newPage();
    const problems: string[] = [];
    visit.on('console', (m) => { if (m.type() === 'error') problems.push(`${visit.url()}: console: ${m.text()}`); });
    visit.on('pageerror', (err) => problems.push(`${visit.url()}: ${err.message}`));
    visit.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
    const pages = ['/', '/admin', links.rooms[0]!.host.url, links.rooms[0]!.display.url, links.judges[0]!.url, links.supervisor.url, links.audience];
    for (const path of pages) {
      await visit.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
      const icon = await visit.locator('link[rel="icon"]').getAttribute('href');
      expect(icon, path).toBe('/favicon.svg');
    }
    const favicon = await fetch(`${server.url}/favicon.svg`);
    expect([favicon.status, favicon.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
    expect(await favicon.text()).toMatch(/^<svg /);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
