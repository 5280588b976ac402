// The admin console in real Chromium: set the password, create an event from the Guangdong preset, import teams
// (a bad file first, refused with row errors) and judges, check recusals, links and QR codes, open the print pages; mix
// the public's part into a track's score (大众评审), a wrong sum of weights refused.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_COLUMNS } from '../../server/imports';
import { Rooms } from '../../server/rooms';
import { SIZES, screenshot, useBrowser } from '../helpers/browser';
import { eventually, useServer } from '../helpers/server';
import { openScoringFor } from '../helpers/turns';
import { xlsxFile } from '../helpers/xlsx';
import { E2E_DIST } from './global-setup';

const server = useServer({ staticDir: E2E_DIST });
const chrome = useBrowser();
let page: Page;


const ORGS = ['广州数联智能科技有限公司', '深圳市城市交通规划设计研究中心有限公司', '华南理工大学', '广东省智能制造研究所'];
const teams = Array.from({ length: 12 }, (_, i) => [
  `基于${['工业互联网标识解析', '多源异构数据融合', '可信数据空间', '隐私计算'][i % 4]}的${['高端装备', '新能源汽车', '电子信息', '绿色石化'][i % 4]}产业链协同平台（${i + 1}）`,
  `数智团队${i + 1}`, `${ORGS[i % 4]}`, i % 3 === 0 ? '中山大学、暨南大学' : '', '工业制造', '产业链协同与供应链风险预警', '张三、李四',
]);
const judges = Array.from({ length: 7 }, (_, i) => [
  ['陈立新', '黄慧敏', '周建国', '林晓峰', '吴雅琴', '郑国栋', '刘思远'][i]!, i === 2 ? '华南理工大学' : `某某评审单位${i + 1}`, '教授', '工业制造评审组', '工业制造',
]);

beforeAll(async () => {
  const context = await chrome.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
  await page.goto(`${server.url}/admin`);
});

describe('admin console', () => {
  it('sets up an event from the preset with imports, recusals and links', async () => {
    await page.getByTestId('password').fill('组委会管理员密码2026');
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('events').waitFor();
    // Every field of the form that creates an event has its label.
    for (const [label, testid] of [['赛事编号（字母、数字，用于链接）', 'new-id'], ['赛事名称', 'new-name'], ['从模板开始（赛道与赛题方向）', 'new-preset']] as const) {
      expect(await page.getByLabel(label).getAttribute('data-testid')).toBe(testid);
    }
    await screenshot(page, 'admin-events-1440x900');
    await page.getByTestId('create').click();
    await page.getByTestId('summary').waitFor();
    expect(await page.getByTestId('summary').innerText()).toContain('17 个赛道');

    const bad = teams.map((r) => [...r]);
    bad[5]![2] = '';
    await page.getByTestId('file-teams').setInputFiles(await xlsxFile('bad.xlsx', [[...TEMPLATE_COLUMNS.teams], ...bad]));
    await page.getByTestId('import-errors').waitFor();
    expect(await page.getByTestId('import-errors').innerText()).toContain('第 7 行：「牵头单位」为空');
    expect((await server.store.getEvent('gd2026'))!.teams).toHaveLength(0);
    await screenshot(page, 'admin-import-errors-1440x900');

    await page.getByTestId('file-teams').setInputFiles(await xlsxFile('teams.xlsx', [[...TEMPLATE_COLUMNS.teams], ...teams]));
    await page.getByTestId('commit-teams').click();
    await page.getByTestId('import-teams').getByTestId('import-saved').waitFor();
    await page.getByTestId('file-judges').setInputFiles(await xlsxFile('judges.xlsx', [[...TEMPLATE_COLUMNS.judges], ...judges]));
    await page.getByTestId('commit-judges').click();
    await page.getByTestId('import-judges').getByTestId('import-saved').waitFor();
    await eventually(async () => expect(await page.getByTestId('summary').innerText()).toContain('12 支团队 · 7 位评委 · 1 个会场'));
    // 周建国 is from 华南理工大学, the lead organisation of teams 3, 7 and 11: recused from each.
    expect(await page.getByTestId('recusals').innerText()).toContain('周建国');
    expect((await server.store.getEvent('gd2026'))!.recusals).toHaveLength(3);
    await page.getByTestId('links').waitFor();
    await eventually(async () => expect(await page.locator('.qr-grid img[src^="data:image/png"]').count()).toBe(7));
    expect(await page.getByTestId('links').innerText()).toContain('/judge/');
    await screenshot(page, 'admin-setup-1440x900');

    // Opened at 127.0.0.1, the links would send tablets to themselves: a loud warning, until a LAN address is chosen.
    // (The address is only written into the links and QR codes; nothing here connects to it.)
    const warning = page.getByTestId('localhost-warning');
    expect(await warning.innerText()).toContain(server.url);
    expect(await page.getByTestId('judge-link').first().innerText()).toMatch(/^http:\/\/127\.0\.0\.1:/);
    await page.getByTestId('link-base').scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-links-localhost-1440x900');
    const qrBefore = await page.locator('.qr-grid img').first().getAttribute('src');
    const lanAddress = 'http://192.168.50.10:3000';
    await page.getByTestId('link-base-input').fill(lanAddress);
    await page.getByTestId('link-base-save').click();
    await warning.waitFor({ state: 'detached' });
    expect(await page.getByTestId('link-base-now').innerText()).toContain(lanAddress);
    expect(await page.getByTestId('judge-link').first().innerText()).toMatch(/^http:\/\/192\.168\.50\.10:3000\/judge\//);
    // Each room's livestream overlay link (OBS's browser source), with a token of its own, not the projector's.
    const overlays = await page.getByTestId('overlay-link').allInnerTexts();
    expect(overlays.length).toBeGreaterThan(0);
    for (const url of overlays) expect(url).toMatch(/^http:\/\/192\.168\.50\.10:3000\/overlay\/[\w-]{27}$/);
    expect(await page.getByTestId('links').innerText()).not.toContain(overlays[0]!.replace('/overlay/', '/display/'));
    await eventually(async () => expect(await page.locator('.qr-grid img').first().getAttribute('src')).not.toBe(qrBefore));
    await page.getByTestId('link-base').scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-links-lan-1440x900');

    // The printed QR sheet: one page per room.
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'admin-qr-print');
    await page.emulateMedia({ media: 'screen' });
  }, 60_000);

  it('comes back to the open event after a reload', async () => {
    expect(new URL(page.url()).searchParams.get('event')).toBe('gd2026');
    await page.reload();
    await page.getByTestId('summary').waitFor();
    expect(await page.getByTestId('summary').innerText()).toContain('12 支团队 · 7 位评委');
  }, 60_000);

  it('lists the imported teams and judges, and corrects one of each, audited before and after', async () => {
    const roster = page.getByTestId('roster');
    await roster.scrollIntoViewIfNeeded();
    expect(await roster.getByTestId('roster-teams').locator('tbody tr').count()).toBe(12);
    expect(await roster.getByTestId('roster-judges').innerText()).toContain('周建国');
    await roster.getByTestId('edit-team-t002').click();
    const editor = roster.getByTestId('roster-editor');
    await editor.getByTestId('edit-lead-org').fill('深圳市城市交通规划设计研究中心股份有限公司');
    await editor.getByTestId('edit-representatives').fill('王五、赵六、钱七');
    await editor.getByTestId('edit-topic').selectOption('工业大模型智能体的研发与应用');
    await editor.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'admin-roster-edit-1440x900');
    await editor.getByTestId('edit-save').click();
    await roster.getByTestId('roster-saved').waitFor();
    const t2 = (await server.store.getEvent('gd2026'))!.teams[1]!;
    expect([t2.leadOrg, t2.representatives, t2.topic]).toEqual([
      '深圳市城市交通规划设计研究中心股份有限公司', ['王五', '赵六', '钱七'], '工业大模型智能体的研发与应用']);
    const entry = (await server.store.audit('gd2026')).filter((e) => e.action === 'team.edit').at(-1)!;
    expect([JSON.parse(entry.before).leadOrg, JSON.parse(entry.after).leadOrg]).toEqual([teams[1]![2], t2.leadOrg]);
    expect(await roster.getByTestId('roster-team-t002').innerText()).toContain('深圳市城市交通规划设计研究中心股份有限公司');

    await roster.getByTestId('edit-judge-j001').click();
    await editor.getByTestId('edit-judge-title').fill('教授、博士生导师');
    await editor.getByTestId('edit-save').click();
    await roster.getByTestId('roster-saved').waitFor();
    expect((await server.store.getEvent('gd2026'))!.judges[0]!.title).toBe('教授、博士生导师');
  }, 60_000);

  it('once a team is scored: its track is locked, a change needs a reason, a re-import shows what would change and asks', async () => {
    const ev = (await server.store.getEvent('gd2026'))!;
    await openScoringFor(server.store, new Rooms(server.store), ev.id, 'room1', 't002');
    expect(await server.store.submitSheet({ eventId: ev.id, roomId: 'room1', teamId: 't002', judgeId: 'j001', sid: 'admin-e2e-sid-1',
      values: { criteria: { solution: 20000, model: 15000, effect: 20000, promotion: 10000, ip: 4000, defense: 8000 } },
      actor: { id: 'j001', role: 'judge' } })).toMatchObject({ ok: true });
    await page.reload();
    const roster = page.getByTestId('roster');
    await roster.getByTestId('roster-team-t002').getByText('已评分').waitFor();
    await roster.getByTestId('edit-team-t002').click();
    const editor = roster.getByTestId('roster-editor');
    expect(await editor.getByTestId('edit-track').isDisabled()).toBe(true);
    await editor.getByTestId('edit-project').fill(`${teams[1]![0]}（更正）`);
    await editor.getByTestId('edit-save').click();
    expect(await editor.getByTestId('edit-error').innerText()).toContain('已有评分：修改须填写理由');
    expect((await server.store.getEvent('gd2026'))!.teams[1]!.project).toBe(teams[1]![0]);
    await editor.getByTestId('edit-cancel').click();

    // A re-import: the scored team's organisation changed in the file, one team more.
    const imp = page.getByTestId('import-teams');
    const again = teams.map((r) => [...r]);
    again[1]![2] = '深圳市城市交通规划设计研究中心有限公司（牵头）';
    again.push(['面向粤港澳大湾区的跨境数据流通与可信交换服务平台', '湾区数据', '广州数据交易所有限公司', '', '工业制造', '产业链协同与供应链风险预警', '孙八']);
    await page.getByTestId('file-teams').setInputFiles(await xlsxFile('teams-again.xlsx', [[...TEMPLATE_COLUMNS.teams], ...again]));
    await imp.getByTestId('import-diff').waitFor();
    const diff = await imp.getByTestId('import-diff').innerText();
    expect(diff).toContain('新增：面向粤港澳大湾区的跨境数据流通与可信交换服务平台');
    expect(diff).toMatch(/修改：.*（2）\s*已评分/);
    expect(diff).toContain('牵头单位「深圳市城市交通规划设计研究中心股份有限公司」→「深圳市城市交通规划设计研究中心有限公司（牵头）」');
    expect(await imp.getByTestId('commit-teams').isDisabled()).toBe(true);
    await imp.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'admin-reimport-diff-1440x900');
    await imp.getByTestId('import-confirm').check();
    await imp.getByTestId('commit-teams').click();
    await imp.getByTestId('import-saved').waitFor();
    const now = (await server.store.getEvent('gd2026'))!;
    expect(now.teams).toHaveLength(13);
    expect(now.teams[1]).toMatchObject({ id: 't002', leadOrg: '深圳市城市交通规划设计研究中心有限公司（牵头）' });

    // The scored team left out of the file: refused, nothing to confirm.
    await page.getByTestId('file-teams').setInputFiles(await xlsxFile('teams-less.xlsx', [[...TEMPLATE_COLUMNS.teams], ...again.filter((_, i) => i !== 1)]));
    await imp.getByTestId('import-blocked').waitFor();
    expect(await imp.getByTestId('import-blocked').innerText()).toContain('已有评分，导入文件里没有它');
    expect(await imp.getByTestId('commit-teams').count()).toBe(0);

    // An unknown topic: flagged, with the track's topics listed.
    const wrong = again.map((r) => [...r]);
    wrong[3]![5] = '推动制造业数据协同共享';
    wrong[4]![4] = '智能制造';
    await page.getByTestId('file-teams').setInputFiles(await xlsxFile('teams-topic.xlsx', [[...TEMPLATE_COLUMNS.teams], ...wrong]));
    await imp.getByTestId('import-errors').waitFor();
    const errors = await imp.getByTestId('import-errors').innerText();
    expect(errors).toContain('第 5 行：「推动制造业数据协同共享」不是赛道「工业制造」的赛题方向');
    expect(errors).toContain('第 6 行：没有名为「智能制造」的赛道');
    expect(await imp.getByTestId('import-valid-tracks').innerText()).toContain('工业制造（T01）');
    expect(await imp.getByTestId('import-valid-topics-T01').innerText()).toContain('产业链协同与供应链风险预警');
    await imp.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'admin-import-topic-errors-1440x900');
  }, 60_000);

  it('mixes in the public\'s part: 70 / 30 votes saved, 70 / 20 refused in words with nothing saved, then scores out of 10', async () => {
    await page.setViewportSize(SIZES.tabletLandscape);
    await page.getByTestId('track-T03').click();
    const editor = page.getByTestId('track-editor');
    const mix = editor.getByTestId('mix-editor');
    const long = '商贸流通（品质电商、现代流通体系与企业“走出去”数据服务）';
    const stored = async () => (await server.store.getEvent('gd2026'))!.tracks[2]!.mix;
    expect(await stored()).toBeNull();
    await editor.getByTestId('track-name').fill(long);
    await mix.getByTestId('mix-on').check();
    await mix.getByTestId('mix-panel-percent').fill('70');
    await mix.getByTestId('mix-public-percent').fill('30');
    await mix.getByTestId('mix-votes').check();
    await editor.getByTestId('track-save').click();
    await editor.getByTestId('track-saved').waitFor();
    expect(await stored()).toEqual({ panelPercent: 70, publicPercent: 30,
      public: { kind: 'votes', fullMarksMilli: 100_000, votesPerVoter: 1, imported: false, openByDevice: false } });
    expect((await server.store.getEvent('gd2026'))!.tracks[2]!.name).toBe(long);

    await mix.getByTestId('mix-public-percent').fill('20');
    await editor.getByTestId('track-save').click();
    expect(await editor.getByTestId('track-errors').innerText()).toBe('专家评分 70% 与大众评审 20% 相加应为 100%（现为 90%）');
    expect((await stored())!.publicPercent).toBe(30);
    // The refusal is in the bar beside the save button, on screen while the weights are.
    await mix.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const bar = (await editor.getByTestId('track-errors').boundingBox())!;
    expect(bar.y + bar.height).toBeLessThanOrEqual(SIZES.tabletLandscape.height);
    await screenshot(page, 'admin-setup-mix-1024x768');

    await mix.getByTestId('mix-public-percent').fill('30');
    await mix.getByTestId('mix-scores').check();
    await mix.getByTestId('mix-full-marks').fill('10');
    await editor.getByTestId('track-save').click();
    await editor.getByTestId('track-saved').waitFor();
    expect(await stored()).toMatchObject({ panelPercent: 70, publicPercent: 30, public: { kind: 'scores', fullMarksMilli: 10_000 } });
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 30_000);

  it('switches to English and back, remembered across a reload: labels, a mistake of the track editor, the QR sheet', async () => {
    await page.goto(`${server.url}/admin?event=gd2026`);
    await page.getByTestId('summary').waitFor();
    await page.getByTestId('language').click();
    await page.getByText('Event setup').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByTestId('events').locator('h2').innerText()).toBe('Events');
    expect(await page.getByLabel('Event id (letters and digits, used in links)').getAttribute('data-testid')).toBe('new-id');
    expect(await page.getByTestId('summary').innerText()).toContain('13 team(s) · 7 judge(s) · 1 room(s)');
    expect(await page.getByTestId('language').innerText()).toBe('中文');
    await screenshot(page, 'admin-events-en-1440x900');

    // A mistake typed in a track's rules is named in English; nothing is saved.
    await page.getByTestId('track-T02').click();
    const editor = page.getByTestId('track-editor');
    await editor.getByTestId('criterion-1').getByTestId('criterion-step').fill('3');
    await editor.getByTestId('track-save').click();
    await editor.getByTestId('track-errors').waitFor();
    expect(await editor.getByTestId('track-errors').innerText()).toMatch(/^Criterion 2 “.+”: max 20 is not a whole number of steps 3$/);
    expect((await server.store.getEvent('gd2026'))!.tracks[1]!.criteria[1]!.stepMilli).toBe(1000);
    await editor.getByTestId('criteria').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'admin-setup-rules-en-1440x900');
    await editor.getByTestId('award-merit').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'admin-setup-awards-en-1440x900');
    await page.getByTestId('track-add').click();
    expect(await page.getByTestId('tracks-panel').innerText()).toContain('Type the track’s name first');
    await page.getByTestId('roster').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'admin-roster-en-1440x900');
    await page.getByTestId('links').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'admin-links-en-1440x900');
    expect(await page.locator('.qr-page h3').first().textContent()).toContain('judges’ scoring QR codes');

    // Remembered on this device; the switch brings the Chinese back.
    await page.reload();
    await page.getByTestId('summary').waitFor();
    expect(await page.getByTestId('tracks-panel').locator('h3').first().innerText()).toBe('Tracks, topics and scoring rules');
    await page.getByTestId('language').click();
    await page.getByText('赛事设置 · Admin').waitFor();
    expect(await page.getByTestId('events').locator('h2').innerText()).toBe('赛事');
    expect(await page.getByTestId('summary').innerText()).toContain('13 支团队 · 7 位评委 · 1 个会场');
    expect(await page.evaluate(() => localStorage.getItem('finals:locale'))).toBe('zh-CN');
  }, 60_000);
});
