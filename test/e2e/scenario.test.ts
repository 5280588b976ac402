// The whole final in real Chromium, as an operator lives it (issues #5 and #13): sign in to /admin, create the event
// from the Guangdong preset, import 7 teams and 7 judges from .xlsx (a bad file first, refused), open the room's host
// console from the links panel, draw the order with a seed, run every team while 7 judges score over real sockets and
// the projector (its own browser context, 1920x1080) reveals — a recused judge, a judge who does not score (closed
// with a reason), a team marked absent —, correct one score with a reason, finish the session and page through the
// award ceremony, look at the audience's phone, then export from the admin console: the workbook's summary, the results
// file and `npm run -s results` all equal what the projector showed, the absent team is 缺席 and the correction 已更正.
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

// The reveals play at ?speed=4 on the projector; the watching screens' boards wait for the same pace.
const server = useServer({ staticDir: E2E_DIST, revealSpeed: 4 });
const chrome = useBrowser();
const dir = mkdtempSync(join(tmpdir(), 'fs-scenario-e2e-'));
const ROOT = resolve(import.meta.dirname, '..', '..');
const OPERATOR = { width: 1440, height: 900 };

const ORGS = ['广州数联智能科技有限公司', '深圳市城市交通规划设计研究中心有限公司', '华南理工大学', '广东省智能制造研究所'];
const TEAMS = Array.from({ length: 7 }, (_, i) => [
  `基于${['工业互联网标识解析', '多源异构数据融合', '可信数据空间', '隐私计算'][i % 4]}的${['高端装备', '新能源汽车', '电子信息', '绿色石化'][i % 4]}产业链协同平台（${i + 1}）`,
  `数智团队${i + 1}`, ORGS[i % 4]!, i % 3 === 0 ? '中山大学、暨南大学' : '', '工业制造', '产业链协同与供应链风险预警', '张三、李四',
]);
const JUDGES = Array.from({ length: 7 }, (_, i) => [
  ['陈立新', '黄慧敏', '周建国', '林晓峰', '吴雅琴', '郑国栋', '刘思远'][i]!, i === 2 ? '华南理工大学' : `某某评审单位${i + 1}`, '教授', '工业制造评审组', '工业制造',
]);
/** Each scored turn's judge totals, in panel order (a recused judge's entry is not used). */
const TOTALS = [[88, 84, 91, 79, 86, 83, 90], [82, 87, 80, 85, 78, 84, 81], [90, 86, 89, 92, 85, 88, 87],
  [76, 81, 79, 83, 80, 78, 99], [85, 83, 86, 84, 87, 82, 80], [79, 77, 82, 80, 76, 81, 78]];
/** The turn whose last judge (刘思远, never recused) does not score: closed with a reason. */
const MISSING_TURN = 3;
/** The turn whose team does not show: marked absent with a reason before it is called. */
const ABSENT_TURN = 4;
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

describe('issues #5 and #13: the whole final, from the admin console to the exports', () => {
  it('sets up, runs every team (a recusal, a missing judge, an absent team), corrects, holds the ceremony, and exports what the projector showed, to the digit', async () => {
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
    bad[6]![4] = '不存在的赛道';
    await admin.getByTestId('file-teams').setInputFiles(await xlsxFile('bad.xlsx', [[...TEMPLATE_COLUMNS.teams], ...bad]));
    await admin.getByTestId('import-errors').waitFor();
    const errors = await admin.getByTestId('import-errors').innerText();
    expect(errors).toContain('第 7 行：「牵头单位」为空');
    expect(errors).toContain('第 8 行：没有名为「不存在的赛道」的赛道');
    expect(await admin.getByTestId('commit-teams').count()).toBe(0); // no way to save a refused file
    expect((await server.store.getEvent(eventId))!.teams).toHaveLength(0);
    await screenshot(admin, 'scenario-1-import-refused');

    // The good files: 7 teams, 7 judges; the panel becomes the room; 周建国 (华南理工大学) is recused from its teams.
    await admin.getByTestId('file-teams').setInputFiles(await xlsxFile('teams.xlsx', [[...TEMPLATE_COLUMNS.teams], ...TEAMS]));
    await admin.getByTestId('commit-teams').click();
    await admin.getByTestId('import-teams').getByTestId('import-saved').waitFor();
    await admin.getByTestId('file-judges').setInputFiles(await xlsxFile('judges.xlsx', [[...TEMPLATE_COLUMNS.judges], ...JUDGES]));
    await admin.getByTestId('commit-judges').click();
    await admin.getByTestId('import-judges').getByTestId('import-saved').waitFor();
    await eventually(async () => expect(await admin.getByTestId('summary').innerText()).toContain('7 支团队 · 7 位评委 · 1 个会场'));
    const ev = (await server.store.getEvent(eventId))!;
    const recused = new Set(ev.recusals.map((r) => `${r.team}/${r.judge}`));
    expect(ev.recusals.map((r) => r.team)).toEqual(['t003', 't007']);
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

    // Every team: call, presentation, Q&A, open scoring; the judges submit; close; reveal on the projector. One team is
    // absent (marked with a reason before its turn); in one turn a judge does not score (closed with a reason).
    const revealed = new Map<string, { score: string; rank: string }>();
    const sheets = new Map<string, number[]>(); // team → the totals actually submitted, panel order (NaN: none)
    const absentTeam = order[ABSENT_TURN]!;
    let scored = 0;
    for (let k = 0; k < order.length; k++) {
      const team = order[k]!;
      if (k === ABSENT_TURN) {
        await host.getByTestId(`absent-${team}`).click();
        await host.getByTestId('reason').fill('团队因交通原因未能到场');
        await host.getByTestId('reason-confirm').click();
        await eventually(async () => expect(await host.getByTestId(`order-${team}`).innerText()).toContain('缺席'));
        await screenshot(host, 'scenario-4b-host-absent');
        continue;
      }
      const totals = TOTALS[scored++]!;
      await step(host, project(team));
      await eventually(async () => expect(await host.getByTestId('team-card').innerText()).toContain(project(team)));
      // the running order says where the team on stage is in its turn, not 待上场
      await eventually(async () => expect(await host.getByTestId(`order-${team}`).innerText()).toContain('台上'));
      await step(host, '陈述');
      await host.getByTestId('countdown').waitFor();
      await step(host, '答辩');
      await step(host, '评分');
      await eventually(async () => expect(await host.getByTestId('phase').innerText()).toContain('评分中'));
      await projector.getByTestId('scene-scoring').waitFor();

      const eligible = judgeIds.map((j, i) => [j, i] as const).filter(([j]) => !recused.has(`${team}/${j}`));
      const scoring = k === MISSING_TURN ? eligible.filter(([, i]) => i !== 6) : eligible;
      sheets.set(team, judgeIds.map((j, i) => (scoring.some(([, s]) => s === i) ? totals[i]! : NaN)));
      await Promise.all(scoring.map(([, i]) => ok(judges[i]!, 'score:submit', {
        sid: `scenario-${team}-${i}`, team, values: { criteria: spread(totals[i]!) },
      })));
      await eventually(async () => expect(await host.getByTestId('progress').innerText()).toContain(`${scoring.length} / ${eligible.length}`));
      if (k === 0) await screenshot(host, 'scenario-4-host-scoring');
      await step(host, '截止');
      if (k === MISSING_TURN) {
        // closing with a judge missing asks for the reason, naming who is missing
        await eventually(async () => expect(await host.getByTestId('reason-dialog').innerText()).toContain('刘思远'));
        await host.getByTestId('reason').fill('刘思远评委临时离场，评审组同意按 6 位评委计分');
        await host.getByTestId('reason-confirm').click();
      }
      await eventually(async () => expect(await host.getByTestId('phase').innerText()).toContain('评分已截止'));
      await step(host, '亮分');
      await host.getByTestId('reveal').waitFor();

      await projector.locator(`[data-testid="scene-reveal"][data-team="${team}"]`).waitFor();
      // every slot of the panel, numbered by its place on the panel: a recused judge 回避, a missing one 未评分
      const slots = projector.getByTestId('reveal-judge');
      await eventually(async () => expect(await slots.count()).toBe(7));
      const status = await slots.evaluateAll((els) => els.map((e) => [e.getAttribute('data-slot'), e.getAttribute('data-status')]));
      expect(status.map(([slot]) => slot)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
      judgeIds.forEach((j, i) => {
        const expected = recused.has(`${team}/${j}`) ? 'recused' : Number.isNaN(sheets.get(team)![i]!) ? 'missing' : 'scored';
        expect(status[i]![1]).toBe(expected);
      });
      if (status.some(([, st]) => st !== 'scored')) {
        const none = await projector.getByTestId('judge-none').allInnerTexts();
        expect(none.map((t) => t.trim()).sort()).toEqual(status.filter(([, st]) => st !== 'scored')
          .map(([, st]) => (st === 'recused' ? '回避' : '未评分')).sort());
      }
      await projector.locator('[data-testid="reveal-rank"][data-shown="true"]').waitFor({ timeout: 15_000 });
      await eventually(async () => expect(await projector.getByTestId('reveal-score').getAttribute('data-state')).toBe('done'));
      const shown = { score: (await projector.getByTestId('reveal-score').innerText()).trim(), rank: await projector.getByTestId('reveal-rank').innerText() };
      revealed.set(team, shown);
      // The digits on the wall are the panel's trimmed mean, computed here by hand.
      expect(shown.score).toBe(published(sheets.get(team)!.filter((t) => !Number.isNaN(t))));
      // Its rank among the teams revealed so far (no ties here); provisional (暂列) until the track's last team.
      const above = [...revealed.values()].filter((r) => r !== shown && Number(r.score) > Number(shown.score)).length;
      const last = k === order.length - 1;
      expect(shown.rank).toContain(last ? `第 ${above + 1} 名` : `暂列第 ${above + 1} 名`);
      if (!last) expect(shown.rank).toContain('暂列');
      if (k === 2 || k === MISSING_TURN) {
        await projector.evaluate(() => Promise.all(document.getAnimations()
          .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity).map((a) => a.finished.catch(() => undefined))));
        await screenshot(projector, k === 2 ? 'scenario-5-projector-reveal' : 'scenario-5b-projector-reveal-missing');
        if (k === 2) await screenshot(host, 'scenario-6-host-revealed');
      }
      lap(`team ${k + 1} revealed (${shown.score})`);
    }
    // At 1440x900, with a 7-judge panel and 6 teams revealed, the host's leaderboard and its first row's 更正评分 are
    // on screen without scrolling (the reveal's slots in one row, a compact panel list).
    await screenshot(host, 'scenario-6b-host-all-revealed');
    const top = (await host.locator('[data-testid^="board-row-"]').first().getAttribute('data-testid'))!.slice('board-row-'.length);
    const correctBox = (await host.getByTestId(`correct-${top}`).boundingBox())!;
    expect(correctBox.y + correctBox.height).toBeLessThanOrEqual(OPERATOR.height);
    expect(await host.evaluate(() => window.scrollY)).toBe(0);

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
    await eventually(async () => expect(await host.getByTestId(`board-row-${corrected}`).getByTestId('corrected').innerText()).toBe('已更正'));
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
      expect(board).toHaveLength(revealed.size);
      expect(board.find((r) => r.team === corrected)?.score).toBe(correctedScore);
    }, 10_000);
    for (const [team, shown] of revealed) if (team !== corrected) expect(board.find((r) => r.team === team)!.score).toBe(shown.score);
    // every team has been revealed: the board is final, not 实时排行榜
    expect(await projector.getByTestId('scene-board').innerText()).toContain('最终排行榜');
    expect(await projector.getByTestId('scene-board').innerText()).not.toContain('实时排行榜');
    await screenshot(projector, 'scenario-8-projector-board');
    lap('corrected');

    // 结束本场, then the award ceremony at the host's pace: the big button steps through it on the projector.
    await step(host, '结束本场');
    await projector.getByTestId('scene-ceremony').waitFor({ timeout: 15_000 });
    const seen: string[] = [];
    const ceremony = projector.getByTestId('scene-ceremony');
    while (seen.length < 10 && (await ceremony.count())) {
      const award = (await ceremony.getAttribute('data-award'))!;
      seen.push(award);
      if (award === 'first') expect(await projector.getByTestId('winner').first().innerText()).toContain(project(board[0]!.team));
      await projector.getByTestId('winner').last().waitFor();
      await projector.evaluate(() => Promise.all(document.getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity).map((a) => a.finished.catch(() => undefined))));
      await screenshot(projector, `scenario-8-ceremony-${award}`);
      await step(host, '颁奖下一项');
      // Read at once in the page: the ceremony's scene may leave between a count and a read (after the last prize).
      await eventually(async () => expect(await projector.evaluate(() => document.querySelector('[data-testid="scene-ceremony"]')?.getAttribute('data-award') ?? null))
        .not.toBe(award), 15_000);
    }
    expect(seen).toEqual(['third', 'second', 'first']);
    // past the last prize, the projector shows the final leaderboard again
    await projector.getByTestId('scene-board').waitFor({ timeout: 15_000 });
    expect(await projector.getByTestId('scene-board').innerText()).toContain('最终排行榜');

    // The audience's phone: the final board, the prizes final, the absent team nowhere on it.
    const pocket = await chrome.browser.newContext({ viewport: SIZES.phone, locale: 'zh-CN', isMobile: true, hasTouch: true });
    const phone = await pocket.newPage();
    await phone.goto(`${server.url}/live/${eventId}`);
    await eventually(async () => expect(await phone.getByTestId('board-title').innerText()).toBe('最终排行榜'));
    await eventually(async () => expect(await phone.getByTestId('live-score').allInnerTexts()).toEqual(board.map((r) => r.score)));
    expect(await phone.locator(`[data-testid="live-row"][data-team="${absentTeam}"]`).count()).toBe(0);
    await screenshot(phone, 'scenario-8-phone-final');
    await pocket.close();
    lap('ceremony');

    // Exports from the admin console: the event workbook, the track's results file, the print pages.
    await admin.bringToFront();
    await admin.getByTestId('exports').scrollIntoViewIfNeeded();
    await screenshot(admin, 'scenario-9-admin-exports');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download(admin, 'export-event-xlsx'));
    const summary: Array<{ track: string; rank: unknown; project: string; score: unknown; award: string; note: string }> = [];
    wb.getWorksheet('赛事成绩汇总')!.eachRow((row, i) => {
      if (i > 2) summary.push({ track: String(row.getCell(1).value), rank: row.getCell(2).value, project: String(row.getCell(3).value),
        // a published score is a number formatted with its two decimals: written back with them, it is the string on the wall
        score: typeof row.getCell(6).value === 'number' && row.getCell(6).numFmt === '0.00' ? (row.getCell(6).value as number).toFixed(2) : row.getCell(6).value,
        // the note follows 特别奖候选 and 特别奖
        award: String(row.getCell(7).value ?? ''), note: String(row.getCell(10).value ?? '') });
    });
    const AWARD_ZH: Record<string, string> = { first: '一等奖', second: '二等奖', third: '三等奖' };
    expect(summary.filter((r) => r.rank !== '—').map(({ note: _, ...r }) => r)).toEqual(board.map((r) => ({
      track: '工业制造', rank: r.rank, project: project(r.team), score: r.score, award: r.award ? AWARD_ZH[r.award] : '',
    })));
    // the absent team is 缺席 with the host's reason, not 未评分; the corrected team says so
    expect(summary.filter((r) => r.rank === '—')).toEqual([expect.objectContaining({ project: project(absentTeam), score: '缺席', note: '缺席原因：团队因交通原因未能到场' })]);
    expect(summary.find((r) => r.project === project(corrected))!.note).toContain('已更正');
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['T01-评分表-陈立新', 'T01-获奖名单', '审计日志']));

    // The notary's check: `npm run -s results` on the downloaded results file agrees with the wall and the workbook.
    const file = await download(admin, 'export-json-T01');
    // The script `npm run -s results` runs (tsx server/cli/results.ts), in one Node process: neither npx's nor tsx's launcher.
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/cli/results.ts', file], { cwd: ROOT });
    const all = (JSON.parse(stdout) as { results: ResultRow[] }).results;
    const cli = all.filter((r) => r.rank !== null);
    expect(cli.map((r) => ({ team: r.team, score: r.score, rank: r.rank, award: r.award }))).toEqual(board);
    expect(all.find((r) => r.team === absentTeam)).toMatchObject({ status: 'absent', reason: '团队因交通原因未能到场', rank: null });

    // The whole event's print pages: every track's summary, award list and the 7-day public notice.
    const [print] = await Promise.all([operator.waitForEvent('page'), admin.getByTestId('export-event-print').click()]);
    await print.waitForLoadState();
    const text = await print.locator('body').innerText();
    expect(text).toContain('各赛道获奖名单的公示');
    expect(text).toContain('公示期为7天');
    for (const r of board) expect(text).toContain(r.score);
    expect(text).toContain('缺席');
    expect(text).toContain('已更正');
    await print.setViewportSize(OPERATOR);
    await screenshot(print, 'scenario-10-event-print');
    await print.locator('[data-page="notice"]').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await screenshot(print, 'scenario-11-event-notice');
    lap('exported');
  }, 300_000);
});
