// Issue #5's one end-to-end scenario in real Chromium, as an operator lives it: sign in to /admin, create the event
// from the Guangdong preset, import 12 teams and 7 judges from .xlsx (a bad file first, refused), open the room's host
// console from the links panel, draw the order with a seed, run three teams while 7 judges score over real sockets and
// the projector (its own browser context, 1920x1080) reveals, correct one score with a reason, then export from the
// admin console: the workbook's summary, the results file and `npm run -s results` all equal what the projector showed.
import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext, Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_COLUMNS } from '../../server/imports';
import { seededShuffle } from '../../shared/draw';
import type { ResultRow } from '../../shared/results';
import { SIZES, screenshot, useBrowser } from '../helpers/browser';
import { eventually, ok, useServer, type Client } from '../helpers/server';
import { xlsxFile } from '../helpers/xlsx';
import { E2E_DIST } from './global-setup';

const server = useServer({ staticDir: E2E_DIST });
const chrome = useBrowser();
const dir = mkdtempSync(join(tmpdir(), 'fs-scenario-e2e-'));
const ROOT = resolve(import.meta.dirname, '..', '..');
const OPERATOR = { width: 1440, height: 900 };

const ORGS = ['广州数联智能科技有限公司', '深圳市城市交通规划设计研究中心有限公司', '华南理工大学', '广东省智能制造研究所'];
const TEAMS = Array.from({ length: 12 }, (_, i) => [
  `基于${['工业互联网标识解析', '多源异构数据融合', '可信数据空间', '隐私计算'][i % 4]}的${['高端装备', '新能源汽车', '电子信息', '绿色石化'][i % 4]}产业链协同平台（${i + 1}）`,
  `数智团队${i + 1}`, ORGS[i % 4]!, i % 3 === 0 ? '中山大学、暨南大学' : '', '工业制造', '产业链协同与供应链风险预警', '张三、李四',
]);
const JUDGES = Array.from({ length: 7 }, (_, i) => [
  ['陈立新', '黄慧敏', '周建国', '林晓峰', '吴雅琴', '郑国栋', '刘思远'][i]!, i === 2 ? '华南理工大学' : `某某评审单位${i + 1}`, '教授', '工业制造评审组', '工业制造',
]);
/** Each of the three turns' judge totals, in panel order (a recused judge's entry is not used). */
const TOTALS = [[88, 84, 91, 79, 86, 83, 90], [82, 87, 80, 85, 78, 84, 81], [90, 86, 89, 92, 85, 88, 87]];
const CRITERIA = [['solution', 25], ['model', 20], ['effect', 25], ['promotion', 15], ['ip', 5], ['defense', 10]] as const;

/** A whole-point criteria sheet (milli-points) summing to `total`, filled criterion by criterion. */
function spread(total: number): Record<string, number> {
  let left = total;
  return Object.fromEntries(CRITERIA.map(([id, max]) => { const v = Math.min(max, left); left -= v; return [id, v * 1000]; }));
}

/** The published score of whole-point totals, by hand: drop one highest and one lowest (5+ judges), mean, 2 decimals half-up. */
function published(totals: number[]): string {
  const kept = [...totals].sort((a, b) => a - b).slice(1, -1);
  const cents = Math.floor((kept.reduce((a, b) => a + b, 0) * 100 * 2 + kept.length) / (2 * kept.length));
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}


/** Clicks a download link and saves the file under the test's directory. */
async function download(page: Page, testId: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]) as [Download, unknown];
  const path = join(dir, file.suggestedFilename());
  await file.saveAs(path);
  return path;
}

/** Waits for the host console's big button to be ready, checks what it will do, and presses it. */
async function step(host: Page, label: string): Promise<void> {
  const button = host.getByTestId('next-step');
  await eventually(async () => {
    expect(await button.isEnabled()).toBe(true);
    expect(await button.innerText()).toContain(label);
  }, 10_000);
  await button.click();
}

describe('issue #5: the whole final, from the admin console to the exports', () => {
  it('sets up, runs three teams with a correction, and exports what the projector showed, to the digit', async () => {
    const started = Date.now();
    const lap = (what: string) => console.log(`scenario: ${what} at ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // The operator signs in and creates the event from the Guangdong preset.
    const operator: BrowserContext = await chrome.browser.newContext({ viewport: OPERATOR, locale: 'zh-CN', acceptDownloads: true });
    const admin = await operator.newPage();
    await admin.goto(`${server.url}/admin`);
    await admin.getByTestId('password').fill('组委会管理员密码2026');
    await admin.getByTestId('signin-submit').click();
    await admin.getByTestId('events').waitFor();
    expect(await admin.getByTestId('new-preset').inputValue()).toBe('sjys-2026-guangdong');
    await admin.getByTestId('create').click();
    await admin.getByTestId('summary').waitFor();
    expect(await admin.getByTestId('summary').innerText()).toContain('17 个赛道');
    const eventId = 'gd2026';

    // A bad teams file is refused whole, with its row errors; nothing is saved.
    const bad = TEAMS.map((r) => [...r]);
    bad[5]![2] = '';
    bad[8]![4] = '不存在的赛道';
    await admin.getByTestId('file-teams').setInputFiles(await xlsxFile('bad.xlsx', [[...TEMPLATE_COLUMNS.teams], ...bad]));
    await admin.getByTestId('import-errors').waitFor();
    const errors = await admin.getByTestId('import-errors').innerText();
    expect(errors).toContain('第 7 行：「牵头单位」为空');
    expect(errors).toContain('第 10 行：没有名为「不存在的赛道」的赛道');
    expect(await admin.getByTestId('commit-teams').count()).toBe(0); // no way to save a refused file
    expect((await server.store.getEvent(eventId))!.teams).toHaveLength(0);
    await screenshot(admin, 'scenario-1-import-refused');

    // The good files: 12 teams, 7 judges; the panel becomes the room; 周建国 (华南理工大学) is recused from its teams.
    await admin.getByTestId('file-teams').setInputFiles(await xlsxFile('teams.xlsx', [[...TEMPLATE_COLUMNS.teams], ...TEAMS]));
    await admin.getByTestId('commit-teams').click();
    await admin.getByTestId('import-teams').getByTestId('import-saved').waitFor();
    await admin.getByTestId('file-judges').setInputFiles(await xlsxFile('judges.xlsx', [[...TEMPLATE_COLUMNS.judges], ...JUDGES]));
    await admin.getByTestId('commit-judges').click();
    await admin.getByTestId('import-judges').getByTestId('import-saved').waitFor();
    await eventually(async () => expect(await admin.getByTestId('summary').innerText()).toContain('12 支团队 · 7 位评委 · 1 个会场'));
    const ev = (await server.store.getEvent(eventId))!;
    const recused = new Set(ev.recusals.map((r) => `${r.team}/${r.judge}`));
    expect(ev.recusals.map((r) => r.team)).toEqual(['t003', 't007', 't011']);
    lap('imported');

    // The links panel: the room's host console, its projector, and every judge's link (tokens for the judges' sockets).
    await admin.getByTestId('links').waitFor();
    await eventually(async () => expect(await admin.locator('a[href^="/judge/"]').count()).toBe(7));
    const judgeTokens = await admin.locator('a[href^="/judge/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!.slice('/judge/'.length)));
    const displayUrl = (await admin.locator('a[href^="/display/"]').getAttribute('href'))!;
    await admin.getByTestId('links').scrollIntoViewIfNeeded();
    await screenshot(admin, 'scenario-2-links');
    const [host] = await Promise.all([operator.waitForEvent('page'), admin.locator('a[href^="/host/"]').click()]);
    await host.getByTestId('order').waitFor();

    // The projector: its own browser (context), full HD, rehearsal speed so the reveals are quick.
    const wall = await chrome.browser.newContext({ viewport: SIZES.projector, locale: 'zh-CN' });
    const projector = await wall.newPage();
    await projector.goto(`${server.url}${displayUrl}?speed=4`);
    await projector.getByTestId('scene-welcome').waitFor();

    // Seven judges on real socket.io clients with their own tokens (the panel order of the import).
    const judges: Client[] = await Promise.all(judgeTokens.map((token) => server.client({ token })));
    const judgeIds = ev.judges.map((j) => j.id);
    expect(ev.rooms[0]!.panel).toEqual(judgeIds);

    // The seeded draw, its seed shown on the console; the order is the one anyone can recompute from the seed.
    const seed = '2026-广东-工业制造';
    await host.getByTestId('draw-seed').fill(seed);
    await host.getByTestId('draw').click();
    await eventually(async () => expect(await host.getByTestId('seed').innerText()).toContain(seed));
    const order = seededShuffle(ev.teams.map((t) => t.id), seed);
    const project = (id: string) => ev.teams.find((t) => t.id === id)!.project;
    await eventually(async () => expect(await host.getByTestId('next-step').innerText()).toContain(project(order[0]!)));
    await screenshot(host, 'scenario-3-host-draw');
    lap('drawn');

    // Three teams: call, presentation, Q&A, open scoring; the judges submit; close; reveal on the projector.
    const revealed = new Map<string, { score: string; rank: string }>();
    const sheets = new Map<string, number[]>(); // team → the totals actually submitted, panel order
    for (let k = 0; k < 3; k++) {
      const team = order[k]!;
      await step(host, project(team));
      await eventually(async () => expect(await host.getByTestId('team-card').innerText()).toContain(project(team)));
      await step(host, '陈述');
      await host.getByTestId('countdown').waitFor();
      await step(host, '答辩');
      await step(host, '评分');
      await eventually(async () => expect(await host.getByTestId('phase').innerText()).toContain('评分中'));
      await projector.getByTestId('scene-scoring').waitFor();

      const scoring = judgeIds.map((j, i) => [j, i] as const).filter(([j]) => !recused.has(`${team}/${j}`));
      sheets.set(team, judgeIds.map((j, i) => (recused.has(`${team}/${j}`) ? NaN : TOTALS[k]![i]!)));
      await Promise.all(scoring.map(([, i]) => ok(judges[i]!, 'score:submit', {
        sid: `scenario-${team}-${i}`, team, values: { criteria: spread(TOTALS[k]![i]!) },
      })));
      await eventually(async () => expect(await host.getByTestId('progress').innerText()).toContain(`${scoring.length} / ${scoring.length}`));
      if (k === 0) await screenshot(host, 'scenario-4-host-scoring');
      await step(host, '截止');
      await eventually(async () => expect(await host.getByTestId('phase').innerText()).toContain('评分已截止'));
      await step(host, '亮分');
      await host.getByTestId('reveal').waitFor();

      await projector.locator(`[data-testid="scene-reveal"][data-team="${team}"]`).waitFor();
      await projector.locator('[data-testid="reveal-rank"][data-shown="true"]').waitFor({ timeout: 15_000 });
      await eventually(async () => expect(await projector.getByTestId('reveal-score').getAttribute('data-state')).toBe('done'));
      const shown = { score: (await projector.getByTestId('reveal-score').innerText()).trim(), rank: await projector.getByTestId('reveal-rank').innerText() };
      revealed.set(team, shown);
      // The digits on the wall are the panel's trimmed mean, computed here by hand.
      expect(shown.score).toBe(published(sheets.get(team)!.filter((t) => !Number.isNaN(t))));
      // Its rank among the teams revealed so far (no ties here).
      const above = [...revealed.values()].filter((r) => r !== shown && Number(r.score) > Number(shown.score)).length;
      expect(shown.rank).toContain(`第 ${above + 1} 名`);
      if (k === 2) {
        await projector.evaluate(() => Promise.all(document.getAnimations()
          .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity).map((a) => a.finished.catch(() => undefined))));
        await screenshot(projector, 'scenario-5-projector-reveal');
        await screenshot(host, 'scenario-6-host-revealed');
      }
      lap(`team ${k + 1} revealed (${shown.score})`);
    }

    // A correction in the host console, with a reason: 陈立新's sheet for the first team becomes 95.
    const corrected = order[0]!;
    await host.getByTestId(`correct-${corrected}`).click();
    await host.getByTestId('correction-judge').selectOption(judgeIds[0]!);
    for (const [id, v] of Object.entries(spread(95))) await host.getByTestId(`correction-${id}`).fill(String(v / 1000));
    await host.getByTestId('correction-reason').fill('评委书面申请：录入时误将 95 分录为 88 分');
    await screenshot(host, 'scenario-7-host-correction');
    await host.getByTestId('correction-confirm').click();
    const after = sheets.get(corrected)!.map((t, i) => (i === 0 ? 95 : t)).filter((t) => !Number.isNaN(t));
    const correctedScore = published(after);
    expect(correctedScore).not.toBe(revealed.get(corrected)!.score);
    await eventually(async () => expect(await host.getByTestId('board-score').allInnerTexts()).toContain(correctedScore));
    const audit = await server.store.audit(eventId);
    expect(audit.find((e) => e.action === 'score.correct')).toMatchObject({ team: corrected, judge: judgeIds[0], reason: '评委书面申请：录入时误将 95 分录为 88 分' });

    // The projector's leaderboard after the correction: what the room saw last.
    await projector.getByTestId('scene-board').waitFor({ timeout: 20_000 });
    let board: Array<{ team: string; score: string; rank: number; award: string | null }> = [];
    await eventually(async () => {
      board = await projector.getByTestId('board-row').evaluateAll((els) => els.map((e) => ({
        team: e.getAttribute('data-team')!, score: e.querySelector('[data-testid="board-score"]')!.textContent!.trim(),
        rank: Number(e.getAttribute('data-rank')), award: e.getAttribute('data-award') || null,
      })));
      expect(board).toHaveLength(3);
      expect(board.find((r) => r.team === corrected)?.score).toBe(correctedScore);
    }, 10_000);
    for (const [team, shown] of revealed) if (team !== corrected) expect(board.find((r) => r.team === team)!.score).toBe(shown.score);
    await screenshot(projector, 'scenario-8-projector-board');
    lap('corrected');

    // Exports from the admin console: the event workbook, the track's results file, the print pages.
    await admin.bringToFront();
    await admin.getByTestId('exports').scrollIntoViewIfNeeded();
    await screenshot(admin, 'scenario-9-admin-exports');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download(admin, 'export-event-xlsx'));
    const summary: Array<{ track: string; rank: unknown; project: string; score: unknown; award: string }> = [];
    wb.getWorksheet('赛事成绩汇总')!.eachRow((row, i) => {
      if (i > 2) summary.push({ track: String(row.getCell(1).value), rank: row.getCell(2).value, project: String(row.getCell(3).value),
        // a published score is a number formatted with its two decimals: written back with them, it is the string on the wall
        score: typeof row.getCell(6).value === 'number' && row.getCell(6).numFmt === '0.00' ? (row.getCell(6).value as number).toFixed(2) : row.getCell(6).value,
        award: String(row.getCell(7).value ?? '') });
    });
    const AWARD_ZH: Record<string, string> = { first: '一等奖', second: '二等奖', third: '三等奖' };
    expect(summary.filter((r) => r.rank !== '—')).toEqual(board.map((r) => ({
      track: '工业制造', rank: r.rank, project: project(r.team), score: r.score, award: r.award ? AWARD_ZH[r.award] : '',
    })));
    expect(summary.filter((r) => r.rank === '—').map((r) => r.score)).toEqual(Array(9).fill('未评分'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['T01-评分表-陈立新', 'T01-获奖名单', '审计日志']));

    // The notary's check: `npm run -s results` on the downloaded results file agrees with the wall and the workbook.
    const file = await download(admin, 'export-json-T01');
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'server/cli/results.ts', file], { cwd: ROOT });
    const cli = (JSON.parse(stdout) as { results: ResultRow[] }).results.filter((r) => r.rank !== null);
    expect(cli.map((r) => ({ team: r.team, score: r.score, rank: r.rank, award: r.award }))).toEqual(board);

    // The whole event's print pages: every track's summary, award list and the 7-day public notice.
    const [print] = await Promise.all([operator.waitForEvent('page'), admin.getByTestId('export-event-print').click()]);
    await print.waitForLoadState();
    const text = await print.locator('body').innerText();
    expect(text).toContain('各赛道获奖名单的公示');
    expect(text).toContain('公示期为7天');
    for (const r of board) expect(text).toContain(r.score);
    await print.setViewportSize(OPERATOR);
    await screenshot(print, 'scenario-10-event-print');
    await print.locator('[data-page="notice"]').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await screenshot(print, 'scenario-11-event-notice');
    lap('exported');
  }, 150_000);
});
