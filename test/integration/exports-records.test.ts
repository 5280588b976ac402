// The records as an organiser takes them home, over real HTTP and sockets: exports never fail on a judge's name (a
// property over apostrophes, case twins, long Chinese names, brackets, emoji, direction marks, lone surrogates); a
// judge recused after scoring is excluded and listed, not a reason to refuse the file; an absent team is 缺席 with the
// host's reason in the results file, the workbook and the print pages; judge sheets list every team, marked; the
// audit sheet reads in words with times on a 24-hour clock in the event's time zone, the raw entry kept at the end.
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventLinks } from '../../shared/protocol';
import { computeResults, type ResultsFile } from '../../shared/results';
import { AUDIT_RAW_COLUMNS, sheetName } from '../../server/exports';
import { makeEvent } from '../helpers/fixtures';
import { ok, useServer } from '../helpers/server';

const server = useServer();

async function load(res: Response): Promise<ExcelJS.Workbook> {
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  return wb;
}

const LONG_ZH = '基于多源异构数据融合与隐私计算的城市级智能交通协同调度与应急指挥决策支持平台研究'.slice(0, 40);
const FRAGMENTS = [
  "D'", "'", "''", 'Ann Lee', 'ANN LEE', 'ann lee', LONG_ZH, '[评委]', 'a:b*c?d/e\\f', '😀', '👨‍👩‍👧', '\u200F\u202Eمرحبا', '\u200E',
  '\uD800', '\uDC00', 'History', 'history', ' ', '\t', '-', '=1+1', '评委',
];
const nameArb = fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 4 }).map((xs) => xs.join('').slice(0, 50)) // a judge's name is at most 50 characters
  .filter((n) => n.trim().length > 0);

/** What the spreadsheet's own rules ask of a set of worksheet names. */
function expectValidNames(names: string[]): void {
  const lower = new Set<string>();
  for (const n of names) {
    expect(n.length, n).toBeGreaterThan(0);
    expect(n.length, n).toBeLessThanOrEqual(31);
    expect(n, n).not.toMatch(/[[\]:*?/\\]/);
    expect(n, n).not.toMatch(/^'|'$/);
    expect(n, n).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(n.toLowerCase(), n).not.toBe('history');
    expect(lower.has(n.toLowerCase()), `twin ${n}`).toBe(false);
    lower.add(n.toLowerCase());
  }
}

describe('worksheet names (issue 12 §5)', () => {
  it('are valid, unique regardless of case and readable, for any name', () => {
    fc.assert(fc.property(fc.array(nameArb, { minLength: 1, maxLength: 12 }), (wanted) => {
      const used = new Set<string>();
      const names = wanted.map((w) => sheetName(used, `评分表-${w}`));
      expectValidNames(names);
      for (const n of names) expect(n.startsWith('评分表-') || n.startsWith('评分表')).toBe(true);
    }), { numRuns: 2000 });
    const used = new Set<string>();
    expect(["D'", 'Ann Lee', 'ANN LEE', '[A/B]', 'History'].map((w) => sheetName(used, w)))
      .toEqual(['D', 'Ann Lee', 'ANN LEE (2)', '［A／B］', 'History (2)']);
  });

  it('every export opens again in ExcelJS with every sheet present, whatever the judges are called', async () => {
    let run = 0;
    await fc.assert(fc.asyncProperty(fc.array(nameArb, { minLength: 1, maxLength: 6 }), fc.boolean(), async (names, twins) => {
      const judges = twins ? [...names, ...names.map((n) => n.toUpperCase())] : names;
      const ev = makeEvent({ id: `names-${run++}`, teams: 2, judges: judges.length });
      judges.forEach((n, i) => { ev.judges[i]!.name = n; });
      const links = await server.setup(ev);
      const q = `?token=${links.supervisor.token}`;
      const track = await load(await fetch(`${server.url}/api/events/${ev.id}/tracks/T01/results.xlsx${q}`));
      const whole = await load(await fetch(`${server.url}/api/events/${ev.id}/results.xlsx${q}`));
      for (const wb of [track, whole]) {
        const sheetNames = wb.worksheets.map((w) => w.name);
        expectValidNames(sheetNames);
        // the summary, one score sheet per judge (in panel order, each titled with its judge), the award list, the judges' record, the audit log
        expect(sheetNames).toHaveLength(1 + judges.length + 3);
        const titles = wb.worksheets.slice(1, 1 + judges.length).map((w) => String(w.getRow(1).getCell(1).value));
        judges.forEach((n, i) => {
          if (!/[\uD800-\uDFFF]/.test(n)) expect(titles[i]).toBe(`测试赛事 · 赛道1 · 评分表 · 评委：${n.trim()}`);
        });
      }
    }), { numRuns: 12 });
  }, 120_000);

  it('a trailing apostrophe and two judges differing only in case: both workbooks answer 200', async () => {
    const ev = makeEvent({ id: 'names-fixed', teams: 2, judges: 3 });
    ev.judges[0]!.name = "D'";
    ev.judges[1]!.name = 'Ann Lee';
    ev.judges[2]!.name = 'ANN LEE';
    const links = await server.setup(ev);
    const q = `?token=${links.supervisor.token}`;
    const wb = await load(await fetch(`${server.url}/api/events/${ev.id}/tracks/T01/results.xlsx${q}`));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['成绩汇总表', '评分表-D', '评分表-Ann Lee', '评分表-ANN LEE (2)', '获奖名单', '评委画像', '审计日志']);
    const whole = await load(await fetch(`${server.url}/api/events/${ev.id}/results.xlsx${q}`));
    expect(whole.worksheets.map((w) => w.name)).toEqual(['赛事成绩汇总', 'T01-评分表-D', 'T01-评分表-Ann Lee', 'T01-评分表-ANN LEE (2)', 'T01-获奖名单', 'T01-评委画像', '审计日志']);
  });
});

describe('a recusal found late, an absent team, judge sheets, the audit sheet', () => {
  const ev = makeEvent({ id: 'records', teams: 4, judges: 5 });
  ev.timeZone = 'Asia/Shanghai';
  let links: EventLinks;
  let admin = '';
  let q = '';
  const sheet = (total: number) => ({ criteria: { solution: Math.min(25, total) * 1000, model: Math.max(0, Math.min(20, total - 25)) * 1000,
    effect: Math.max(0, Math.min(25, total - 45)) * 1000, promotion: Math.max(0, Math.min(15, total - 70)) * 1000,
    ip: Math.max(0, Math.min(5, total - 85)) * 1000, defense: Math.max(0, Math.min(10, total - 90)) * 1000 } });

  beforeAll(async () => {
    links = await server.setup(ev);
    q = `?token=${links.supervisor.token}`;
    const res = await fetch(`${server.url}/api/admin/setup`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'organiser password 2026' }),
    });
    admin = ((await res.json()) as { data: { token: string } }).data.token;
    const host = await server.client({ token: links.rooms[0]!.host.token });
    const judges = await Promise.all(links.judges.map((j) => server.client({ token: j.token })));
    for (const [t, totals] of [[1, [80, 81, 82, 83, 99]], [2, [70, 71, 72, 73, 74]]] as const) {
      await ok(host, 'room:call', { team: `r1t${t}` });
      await ok(host, 'room:open-scoring', {});
      for (const [i, j] of judges.entries()) await ok(j, 'score:submit', { sid: `records-${t}-${i}`, team: `r1t${t}`, values: sheet(totals[i]!) });
      await ok(host, 'room:close-scoring', {});
      await ok(host, 'room:reveal', {});
    }
    await ok(host, 'room:mark-absent', { team: 'r1t3', reason: '团队因航班延误未到场' });
    // After scoring, judge 5 turns out to share an organisation with team 1: recused late, the sheet stays in Redis.
    await server.store.saveEvent({ ...ev, recusals: [{ team: 'r1t1', judge: 'r1j5', reason: '同单位回避（赛后发现）' }] });
  }, 60_000);

  it('the results file keeps the late sheet, excluded and listed; the absent team is absent with its reason', async () => {
    const file = (await (await fetch(`${server.url}/api/events/${ev.id}/tracks/T01/results.json?token=${admin}`)).json()) as ResultsFile;
    expect(file.scores.filter((s) => s.team === 'r1t1')).toHaveLength(5);
    expect(file.absent).toEqual([{ team: 'r1t3', reason: '团队因航班延误未到场' }]);
    const out = computeResults(file);
    expect(out.excluded).toEqual([{ team: 'r1t1', judge: 'r1j5', reason: 'recused' }]);
    // r1t1 on four judges (80 81 82 83: under five, nothing dropped) = 81.50; r1t2 on five (drop 74 and 70) = 72.00
    expect(out.results.map((r) => [r.team, r.status, r.score, r.rank])).toEqual([
      ['r1t1', 'final', '81.50', 1], ['r1t2', 'final', '72.00', 2], ['r1t3', 'absent', null, null], ['r1t4', 'insufficient-judges', null, null],
    ]);
    expect(out.results[2]!.reason).toBe('团队因航班延误未到场');
  });

  it('the workbook: 缺席 with the reason, numbers with their decimals, judge sheets listing every team marked', async () => {
    const wb = await load(await fetch(`${server.url}/api/events/${ev.id}/tracks/T01/results.xlsx${q}`));
    const rows: unknown[][] = [];
    wb.getWorksheet('成绩汇总表')!.eachRow((row, i) => { if (i > 2) rows.push((row.values as unknown[]).slice(1)); });
    // the note is the 9th column, after 特别奖候选 and 特别奖
    expect(rows.map((r) => [r[1], r[4], r[8]])).toEqual([
      ['项目1-1', 81.5, ''], ['项目1-2', 72, ''], ['项目1-3', '缺席', '缺席原因：团队因航班延误未到场'], ['项目1-4', '未评分', ''],
    ]);
    expect(wb.getWorksheet('成绩汇总表')!.getRow(3).getCell(5).numFmt).toBe('0.00');
    expect(wb.getWorksheet('获奖名单')!.getRow(2).getCell(5)).toMatchObject({ value: 81.5, numFmt: '0.00' });

    const judgeRows = (name: string) => {
      const out: unknown[][] = [];
      wb.getWorksheet(name)!.eachRow((row, i) => { if (i > 2 && i < 7) out.push((row.values as unknown[]).slice(1)); });
      return out.map((r) => [r[0], r[7], r[8]]);
    };
    expect(judgeRows('评分表-评委1-5')).toEqual([
      ['项目1-1', 99, '回避（评分不计入）'], ['项目1-2', 74, ''], ['项目1-3', undefined, '缺席'], ['项目1-4', undefined, '未评分'],
    ]);
    expect(judgeRows('评分表-评委1-1')).toEqual([
      ['项目1-1', 80, ''], ['项目1-2', 70, ''], ['项目1-3', undefined, '缺席'], ['项目1-4', undefined, '未评分'],
    ]);
    // criteria are numbers too
    expect(typeof wb.getWorksheet('评分表-评委1-1')!.getRow(3).getCell(2).value).toBe('number');
  });

  it("the judges' record (评委画像) counts the final teams only, each figure worked out by hand", async () => {
    const wb = await load(await fetch(`${server.url}/api/events/${ev.id}/tracks/T01/results.xlsx${q}`));
    const rows: unknown[][] = [];
    wb.getWorksheet('评委画像')!.eachRow((row, i) => { if (i > 2) rows.push((row.values as unknown[]).slice(1)); });
    // r1t1 on judges 1-4 (80 81 82 83, median 81.5, nothing dropped, score 81.5); r1t2 on five (70…74, median 72, 74
    // dropped as highest and 70 as lowest, score 72): offsets (−1.5 − 2)/2, (−0.5 − 1)/2, (0.5 + 0)/2, (1.5 + 1)/2, +2;
    // judges 1-4 rank the two teams as the panel does (τb 1); judge 5 scored one final team only (no τ).
    expect(rows.map((r) => r.slice(0, 6))).toEqual([
      ['评委1-1', 2, -1.75, 0, 1, 1], ['评委1-2', 2, -0.75, 0, 0, 1], ['评委1-3', 2, 0.25, 0, 0, 1],
      ['评委1-4', 2, 1.25, 0, 0, 1], ['评委1-5', 1, 2, 1, 0, '—'],
    ]);
    // Judge 5's promotion (推广) value is 4 against the panel's median 2; the other criteria are all equal.
    const promotion = ev.tracks[0]!.criteria.find((c) => c.id === 'promotion')!.name;
    expect(String(rows[4]![6]).startsWith(`${promotion} 2.00；`)).toBe(true);
    expect(wb.getWorksheet('评委画像')!.getRow(3).getCell(3).numFmt).toBe('+0.00;-0.00;0.00');
  });

  it('the audit sheet reads in words, 24-hour local times, the raw entry and its hash at the end', async () => {
    const wb = await load(await fetch(`${server.url}/api/events/${ev.id}/tracks/T01/results.xlsx${q}`));
    const log = wb.getWorksheet('审计日志')!;
    const header = (log.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['时间', '操作人', '操作', '会场', '团队', '评委', '原因', '变更', ...AUDIT_RAW_COLUMNS]);
    const entries = await server.store.audit(ev.id);
    const rows: unknown[][] = [];
    log.eachRow((row, i) => { if (i > 1) rows.push((row.values as unknown[]).slice(1)); });
    expect(rows).toHaveLength(entries.length);
    const submit = rows.find((r) => r[2] === '提交评分')!;
    expect(submit.slice(1, 6)).toEqual(['评委 评委1-1', '提交评分', '第1会场', '项目1-1', '评委1-1']);
    expect(submit[7]).toBe('总分 80（第 1 版） · 未签名');
    const absent = rows.find((r) => r[2] === '标记缺席')!;
    expect(absent.slice(1, 7)).toEqual(['主持人', '标记缺席', '第1会场', '项目1-3', '', '团队因航班延误未到场']);
    // times: YYYY-MM-DD HH:mm:ss on a 24-hour clock in Asia/Shanghai (UTC+8), equal to the recorded moment
    for (const [i, e] of entries.entries()) {
      const shanghai = new Date(Number(e.at) + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
      expect(rows[i]![0]).toBe(shanghai);
      expect(rows[i]!.slice(8).map((x) => (x === undefined ? '' : String(x)))).toEqual([e.id, e.at, e.actor, e.role, e.action, e.room, e.team, e.judge, e.before, e.after, e.score, e.alg, e.prev, e.hash].map((x) => x ?? ''));
    }
    expect(rows.some((r) => /AM|PM|T\d\d:|Z$/.test(String(r[0])))).toBe(false);
  });

  it('the print pages: 缺席 in the summary and the 特别奖候选 column', async () => {
    const html = await (await fetch(`${server.url}/api/events/${ev.id}/tracks/T01/print${q}`)).text();
    expect(html).toContain('<th class="c">特别奖候选</th>');
    expect(html).toMatch(/项目1-1<\/td><td>[^<]*<\/td><td class="n">81\.50<\/td><td class="c">一等奖<\/td><td class="c">是<\/td>/);
    expect(html).toMatch(/项目1-3<\/td><td>[^<]*<\/td><td class="n">缺席<\/td>/);
    // the public notice is dated in the event's time zone (Shanghai), not the server's
    const [y, m, d] = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10).split('-').map(Number);
    expect(html).toContain(`组委会<br>${y}年${m}月${d}日`);
  });
});
