// Exports: the results file of a track (docs/results-file.md) from the raw sheets in Redis, for `npm run results`;
// the results workbook (.xlsx) and print-ready A4 pages, both recomputed from that same file; the results file with
// its evidence (the audit log and its head).
import ExcelJS from 'exceljs';
import { actionWords, actorWords, auditNamesOf, changeWords } from '../shared/audit';
import { formatMilli, parseMilli } from '../shared/decimal';
import { judgeOrderFor, trackOf, type EventConfig } from '../shared/domain';
import type { Evidence } from '../shared/evidence';
import { judgesRecord, formatPoints, formatTau } from '../shared/record';
import { computeResults, parseResultsFile, type ResultRow, type ResultsFile } from '../shared/results';
import type { Award } from '../shared/scoring';
import { DEFAULT_TIME_ZONE, formatDateTime } from '../shared/time';
import { decidedWinners } from './special';
import type { Store } from './store/index';

/** The teams of `teamIds` the hosts marked absent (缺席), with the reason each host gave (the last one recorded). */
async function absentTeams(store: Store, ev: EventConfig, teamIds: Set<string>): Promise<Map<string, string>> {
  const absent = new Map<string, string>();
  for (const room of ev.rooms) {
    const rec = await store.readRoom(ev.id, room.id);
    for (const [team, status] of Object.entries(rec.teamStatus)) if (status === 'absent' && teamIds.has(team)) absent.set(team, '');
  }
  if (absent.size === 0) return absent;
  for (const e of await store.audit(ev.id)) if (e.action === 'room.mark-absent' && absent.has(e.team)) absent.set(e.team, e.reason);
  return absent;
}

/**
 * The results file of one track: its rules, criteria, awards (special awards included), teams, judges, recusals, absent
 * teams, every current sheet (a sheet of a judge recused after scoring is kept: the recomputation lists it as excluded),
 * the special awards once decided and, with a mix, the public's part: the vote counts that count (imported or cast) or
 * every public juror's total.
 */
export async function resultsFileFor(store: Store, ev: EventConfig, trackId: string): Promise<ResultsFile> {
  const track = trackOf(ev, trackId);
  const teams = ev.teams.filter((t) => t.trackId === trackId);
  const judgesById = new Map(ev.judges.map((j) => [j.id, j]));
  const order = judgeOrderFor(ev, trackId);
  const teamIds = new Set(teams.map((t) => t.id));
  const recusals = ev.recusals.filter((r) => teamIds.has(r.team)).map((r) => ({ team: r.team, judge: r.judge }));
  const absent = await absentTeams(store, ev, teamIds);
  const winners = await decidedWinners(store, ev.id, trackId);
  const scores: ResultsFile['scores'] = [];
  for (const team of teams) {
    const sheets = await store.sheets(ev.id, team.id);
    for (const judge of order) {
      const s = sheets[judge];
      if (!s) continue;
      scores.push(track.criteria.length
        ? { team: team.id, judge, criteria: Object.fromEntries(track.criteria.map((c) => [c.id, formatMilli(s.criteria[c.id] ?? 0)])) }
        : { team: team.id, judge, total: formatMilli(s.total) });
    }
  }
  return {
    rules: { ...track.rules },
    criteria: track.criteria.map((c) => ({ id: c.id, name: c.name, max: formatMilli(c.maxMilli), step: formatMilli(c.stepMilli) })),
    ...(track.total ? { total: { max: formatMilli(track.total.maxMilli), step: formatMilli(track.total.stepMilli) } } : {}),
    awards: { ...track.awards, ...(track.specialAwards.length ? { special: track.specialAwards.map((a) => ({ ...a })) } : {}) },
    teams: teams.map((t) => ({ id: t.id, name: t.project })),
    judges: order.map((id) => ({ id, name: judgesById.get(id)?.name ?? id })),
    recusals,
    ...(absent.size ? { absent: [...absent].map(([team, reason]) => ({ team, reason })) } : {}),
    scores,
    decisions: await store.decisions(ev.id, trackId),
    ...(winners ? { specialAwards: winners.map((w) => ({ name: w.award, team: w.team })) } : {}),
    ...(track.mix ? await publicOf(store, ev, trackId, teams.map((t) => t.id)) : {}),
  };
}

/** A mixed track's part of its results file: `mix`, and `publicVotes` (teams with votes) or `publicScores`. */
async function publicOf(store: Store, ev: EventConfig, trackId: string, teams: string[]): Promise<Pick<ResultsFile, 'mix' | 'publicVotes' | 'publicScores'>> {
  const mix = trackOf(ev, trackId).mix!;
  const head = { mix: { panelPercent: mix.panelPercent, publicPercent: mix.publicPercent,
    public: { kind: mix.public.kind, fullMarks: formatMilli(mix.public.fullMarksMilli) } } };
  if (mix.public.kind === 'votes') {
    const counts = await store.publicCounts(ev, trackId);
    return { ...head, publicVotes: teams.filter((t) => (counts[t] ?? 0) > 0).map((team) => ({ team, votes: counts[team]! })) };
  }
  const publicScores: NonNullable<ResultsFile['publicScores']> = [];
  for (const team of teams) {
    const totals = await store.publicScores(ev.id, team);
    for (const voter of Object.keys(totals).sort()) publicScores.push({ team, voter, total: formatMilli(totals[voter]!) });
  }
  return { ...head, publicScores };
}

/** Neutralises a text cell that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return). */
export function safeCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const AWARD_ZH: Record<Award, string> = { first: '一等奖', second: '二等奖', third: '三等奖', merit: '优秀奖' };
/** What stands in the score column of a team that is not final: absent, never scored, or scored by too few judges. */
const notFinal = (r: ResultRow) => (r.status === 'absent' ? '缺席' : r.judges.length === 0 ? '未评分' : '评委不足');
/** The note of a result: a tie at an award line, or the host's reason for an absence. */
const noteOf = (r: ResultRow, corrected: boolean) => [r.tieAtLine ? '获奖线并列，待评审组决定' : '',
  r.status === 'absent' && r.reason ? `缺席原因：${r.reason}` : '', corrected ? '已更正' : ''].filter(Boolean).join('；');

/** The results of a track as exported: recomputed from its results file, with team details. */
export async function trackResults(store: Store, ev: EventConfig, trackId: string) {
  const file = await resultsFileFor(store, ev, trackId);
  const { results } = computeResults(file);
  const teams = new Map(ev.teams.map((t) => [t.id, t]));
  return { file, results, teams, track: trackOf(ev, trackId), corrected: await store.correctedTeams(ev.id) };
}

type TrackResults = Awaited<ReturnType<typeof trackResults>>;

const headerRow = (ws: ExcelJS.Worksheet, cells: string[]) => { ws.addRow(cells).font = { bold: true }; };

/** The characters a worksheet name may not hold, and the full-width twins that read the same. */
const SHEET_FORBIDDEN: Record<string, string> = { '[': '［', ']': '］', ':': '：', '*': '＊', '?': '？', '/': '／', '\\': '＼' };
const SHEET_NAME_MAX = 31;

/** The first code points of `text` that fit in `max` UTF-16 units (a surrogate pair is never cut in two). */
function fit(text: string, max: number): string {
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/** `text` without leading or trailing apostrophes and spaces (a worksheet name may not begin or end with '). */
const trimQuotes = (text: string) => text.replace(/^[\s']+|[\s']+$/g, '');

/**
 * A worksheet name for `wanted` that the spreadsheet's own rules accept and that is unique in `used` regardless of
 * case: at most 31 characters, none of [ ] : * ? / \\ (their full-width twins stand in), no leading or trailing ',
 * no control or direction-override characters, no lone surrogate, not "History"; a twin gets " (2)", " (3)"….
 */
export function sheetName(used: Set<string>, wanted: string): string {
  const clean = trimQuotes(wanted
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu, '')
    .replace(/[[\]:*?/\\]/g, (c) => SHEET_FORBIDDEN[c]!)) || 'Sheet';
  const keys = (name: string) => [name.toLowerCase(), name.toUpperCase()];
  const taken = (name: string) => keys(name).some((k) => used.has(k)) || name.toLowerCase() === 'history';
  let name = trimQuotes(fit(clean, SHEET_NAME_MAX)) || 'Sheet';
  for (let n = 2; taken(name); n++) {
    const suffix = ` (${n})`;
    name = `${trimQuotes(fit(clean, SHEET_NAME_MAX - suffix.length))}${suffix}`;
  }
  for (const k of keys(name)) used.add(k);
  return name;
}

/** Writes a published score as a number with a format that shows exactly its `decimals` (Excel sorts and sums it). */
function scoreCell(cell: ExcelJS.Cell, published: string, decimals: number): void {
  cell.value = Number(published);
  cell.numFmt = decimals ? `0.${'0'.repeat(decimals)}` : '0';
}

/**
 * One signed score sheet per judge of the track's panels (and any other judge with a sheet), by criterion, listing every team of the track: a counted sheet
 * by its values (numbers), and in the note column a team the judge is recused from (回避; a sheet given before the
 * recusal is shown and marked as not counted), an absent team (缺席) or a team without this judge's sheet (未评分).
 * Sheet names start with `prefix`.
 */
function addScoreSheets(wb: ExcelJS.Workbook, used: Set<string>, ev: EventConfig, tr: TrackResults, prefix: string): void {
  const { file, teams, track } = tr;
  const criteria = file.criteria ?? [];
  const recused = new Set((file.recusals ?? []).map((r) => `${r.team}\u0000${r.judge}`));
  const absent = new Set((file.absent ?? []).map((a) => a.team));
  const panels = new Set(ev.rooms.filter((r) => r.trackIds.includes(track.id)).flatMap((r) => r.panel));
  for (const judge of file.judges.filter((j) => panels.has(j.id) || file.scores.some((x) => x.judge === j.id))) {
    const ws = wb.addWorksheet(sheetName(used, `${prefix}评分表-${judge.name}`));
    ws.addRow([safeCell(`${ev.name} · ${track.name} · 评分表 · 评委：${judge.name}`)]).font = { bold: true };
    headerRow(ws, ['项目名称', ...criteria.map((c) => `${c.name}（${c.max}）`), '总分', '备注']);
    for (const team of file.teams) {
      const s = file.scores.find((x) => x.team === team.id && x.judge === judge.id);
      const values = s ? ('criteria' in s ? criteria.map((c) => String(s.criteria[c.id])) : []) : criteria.map(() => null);
      const total = s ? formatMilli('criteria' in s ? values.reduce((a, v) => a + parseMilli(v), 0) : parseMilli(s.total)) : null;
      const isRecused = recused.has(`${team.id}\u0000${judge.id}`);
      const note = isRecused ? (s ? '回避（评分不计入）' : '回避') : absent.has(team.id) ? (s ? '缺席（评分不计入）' : '缺席') : s ? '' : '未评分';
      const row = ws.addRow([safeCell(teams.get(team.id)!.project), ...values.map((v) => (v === null ? null : Number(v))),
        total === null ? null : Number(total), note]);
      if (!s) row.getCell(1).font = { color: { argb: 'FF64748B' } };
    }
    ws.addRow([]);
    ws.addRow(['评委签名：', '', '', '日期：']);
    ws.columns.forEach((c, i) => { c.width = i === 0 ? 44 : 14; });
  }
}

/** A track's award list, line by line: its prizes by rank, then its special awards in the configuration's order. */
function awardLines(tr: TrackResults): Array<[string, ResultRow]> {
  const prizes = tr.results.filter((r) => r.award).map((r): [string, ResultRow] => [AWARD_ZH[r.award!], r]);
  const special = tr.track.specialAwards.flatMap((a) => tr.results.filter((r) => r.specialAwards?.includes(a.name)).map((r): [string, ResultRow] => [a.name, r]));
  return [...prizes, ...special];
}

/** The award list of a track. */
function addAwardsSheet(wb: ExcelJS.Workbook, used: Set<string>, tr: TrackResults, prefix: string): void {
  const awards = wb.addWorksheet(sheetName(used, `${prefix}获奖名单`));
  headerRow(awards, ['奖项', '名次', '项目名称', '牵头单位', '得分']);
  for (const [award, r] of awardLines(tr)) {
    const t = tr.teams.get(r.team)!;
    const row = awards.addRow([safeCell(award), r.rank, safeCell(t.project), safeCell(t.leadOrg)]);
    scoreCell(row.getCell(5), r.score!, tr.file.rules.decimals);
  }
  awards.columns.forEach((c, i) => { c.width = [10, 6, 44, 36, 10][i]; });
}

/**
 * The judges' record of a track (评委画像, shared/record.ts), one row per judge with a final team: teams scored, the mean
 * offset from the panel's median (points, 2 decimals), how often dropped as highest and lowest, Kendall's tau-b, and the
 * criteria by how far the judge differs (largest first).
 */
function addRecordSheet(wb: ExcelJS.Workbook, used: Set<string>, tr: TrackResults, prefix: string): void {
  const file = parseResultsFile(tr.file);
  const teams = file.teams.map((team) => ({ team, sheets: file.sheets.get(team)! }));
  const names = new Map(tr.file.judges.map((j) => [j.id, j.name]));
  const criteria = new Map((tr.file.criteria ?? []).map((c) => [c.id, c.name]));
  const ws = wb.addWorksheet(sheetName(used, `${prefix}评委画像`));
  ws.addRow([safeCell(`${tr.track.name} · 评委画像（只计已有得分的团队）`)]).font = { bold: true };
  headerRow(ws, ['评委', '评分团队数', '平均偏离中位数', '被去掉最高分', '被去掉最低分', '排名相关（Kendall τb）', '差异最大的评分项（平均绝对偏离）']);
  for (const r of judgesRecord(teams, file.rules, file.judges, file.criteria)) {
    const row = ws.addRow([safeCell(names.get(r.judge) ?? r.judge), r.teams, Number(formatPoints(r.offset)), r.droppedHighest, r.droppedLowest,
      r.tau === null ? '—' : Number(formatTau(r.tau)),
      safeCell(r.criteria.map((c) => `${criteria.get(c.criterion) ?? c.criterion} ${formatPoints(c.offset, 2, false)}`).join('；'))]);
    row.getCell(3).numFmt = '+0.00;-0.00;0.00';
    row.getCell(6).numFmt = '0.00';
  }
  ws.columns.forEach((c, i) => { c.width = [16, 10, 14, 12, 12, 18, 48][i]; });
}

/** The raw columns of the audit sheet: the recorded entry as it is, with its hash-chain link. */
export const AUDIT_RAW_COLUMNS = ['记录编号', '记录时间戳', '操作人代码', '角色', '操作代码', '会场代码', '团队代码', '评委代码', '修改前（原始）', '修改后（原始）',
  '亮分记录（原始）', '校验算法', '前一条校验', '校验'];

/**
 * The event's whole audit log, oldest first: first in words (the time in the event's time zone, who, what, where, the
 * team, the judge, the reason, the change), then the raw entry as recorded, with its hash-chain link.
 */
async function addAuditSheet(wb: ExcelJS.Workbook, used: Set<string>, store: Store, ev: EventConfig): Promise<void> {
  const log = wb.addWorksheet(sheetName(used, '审计日志'));
  headerRow(log, ['时间', '操作人', '操作', '会场', '团队', '评委', '原因', '变更', ...AUDIT_RAW_COLUMNS]);
  const zone = ev.timeZone ?? DEFAULT_TIME_ZONE;
  const names = auditNamesOf(ev);
  const teams = new Map(ev.teams.map((t) => [t.id, t.project]));
  for (const e of await store.audit(ev.id)) {
    const teamWords = e.team.split(',').filter(Boolean).map((t) => teams.get(t) ?? t).join('、');
    log.addRow([formatDateTime(e.at, zone), safeCell(actorWords(e, names, 'zh-CN')), actionWords(e.action, 'zh-CN'), safeCell(names.rooms.get(e.room) ?? e.room),
      safeCell(teamWords), safeCell(names.judges.get(e.judge) ?? e.judge), safeCell(e.reason), safeCell(changeWords(e, names, 'zh-CN')),
      e.id, e.at, safeCell(e.actor), e.role, e.action, e.room, e.team, e.judge, safeCell(e.before), safeCell(e.after), safeCell(e.score ?? ''),
      e.alg ?? '', e.prev, e.hash]);
  }
  log.columns.forEach((c, i) => { c.width = [20, 22, 18, 14, 30, 10, 24, 36][i] ?? 14; });
}

/**
 * Adds the summary row of one result after `lead` cells: rank, project, team, lead organisation, score (a number with
 * the published decimals, or why there is none), award, special pool, special award, note.
 */
function addSummaryRow(ws: ExcelJS.Worksheet, lead: string[], tr: TrackResults, r: ResultRow, withParts: boolean): void {
  const t = tr.teams.get(r.team)!;
  const parts = withParts ? [r.parts?.panel ?? '', r.parts?.public ?? ''] : [];
  const row = ws.addRow([...lead, r.rank ?? '—', safeCell(t.project), safeCell(t.name), safeCell(t.leadOrg), r.score ?? notFinal(r), ...parts,
    r.award ? AWARD_ZH[r.award] : '', r.specialPool ? '是' : '', safeCell((r.specialAwards ?? []).join('、')), safeCell(noteOf(r, tr.corrected.has(r.team)))]);
  if (r.score !== null) scoreCell(row.getCell(lead.length + 5), r.score, tr.file.rules.decimals);
  if (r.parts) {
    scoreCell(row.getCell(lead.length + 6), r.parts.panel, tr.file.rules.decimals);
    scoreCell(row.getCell(lead.length + 7), r.parts.public, tr.file.rules.decimals);
  }
}

/** The summary's header from the score on: with a mix, 得分 is the final score and the two parts follow it. */
const scoreHeaders = (withParts: boolean) => (withParts ? ['最终得分', '专家评分', '大众评审'] : ['得分']);

/** The results workbook of a track: summary, one signed score sheet per judge, award list, the judges' record, audit log. */
export async function resultsWorkbook(store: Store, ev: EventConfig, trackId: string): Promise<Buffer> {
  const tr = await trackResults(store, ev, trackId);
  const wb = new ExcelJS.Workbook();
  wb.creator = '现场答辩 · 当场亮分';
  const used = new Set<string>();
  const summary = wb.addWorksheet(sheetName(used, '成绩汇总表'));
  summary.addRow([safeCell(`${ev.name} · ${tr.track.name} · 成绩汇总表`)]).font = { bold: true, size: 14 };
  const withParts = tr.track.mix !== null;
  headerRow(summary, ['名次', '项目名称', '团队名称', '牵头单位', ...scoreHeaders(withParts), '奖项', '特别奖候选', '特别奖', '备注']);
  for (const r of tr.results) addSummaryRow(summary, [], tr, r, withParts);
  summary.columns.forEach((c, i) => { c.width = [6, 44, 18, 36, 10, ...(withParts ? [10, 10] : []), 10, 10, 14, 24][i]; });
  addScoreSheets(wb, used, ev, tr, '');
  addAwardsSheet(wb, used, tr, '');
  addRecordSheet(wb, used, tr, '');
  await addAuditSheet(wb, used, store, ev);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The tracks of an event that have teams, in the event's order (the ones an export covers). */
export function tracksWithTeams(ev: EventConfig) {
  return ev.tracks.filter((t) => ev.teams.some((x) => x.trackId === t.id));
}

/**
 * The results workbook of a whole event: one summary of every track's ranked teams (赛事成绩汇总), then per track
 * (sheet names prefixed with the track's code) one signed score sheet per judge, the award list and the judges' record (评委画像), then the event's
 * audit log. Every track is recomputed from its own results file, as in the per-track workbook.
 */
export async function eventResultsWorkbook(store: Store, ev: EventConfig): Promise<Buffer> {
  const tracks = await Promise.all(tracksWithTeams(ev).map((t) => trackResults(store, ev, t.id)));
  const wb = new ExcelJS.Workbook();
  wb.creator = '现场答辩 · 当场亮分';
  const used = new Set<string>();
  const summary = wb.addWorksheet(sheetName(used, '赛事成绩汇总'));
  summary.addRow([safeCell(`${ev.name} · 成绩汇总表（全部赛道）`)]).font = { bold: true, size: 14 };
  const withParts = tracks.some((tr) => tr.track.mix !== null);
  headerRow(summary, ['赛道', '名次', '项目名称', '团队名称', '牵头单位', ...scoreHeaders(withParts), '奖项', '特别奖候选', '特别奖', '备注']);
  for (const tr of tracks) {
    for (const r of tr.results) addSummaryRow(summary, [safeCell(tr.track.name)], tr, r, withParts);
  }
  summary.columns.forEach((c, i) => { c.width = [14, 6, 44, 18, 36, 10, ...(withParts ? [10, 10] : []), 10, 10, 14, 24][i]; });
  for (const tr of tracks) {
    const prefix = `${tr.track.code || tr.track.id}-`;
    addScoreSheets(wb, used, ev, tr, prefix);
    addAwardsSheet(wb, used, tr, prefix);
    addRecordSheet(wb, used, tr, prefix);
  }
  await addAuditSheet(wb, used, store, ev);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** A day as 2026年12月2日, in the event's time zone. */
function day(d: Date, ev: EventConfig): string {
  const [y, m, dd] = formatDateTime(d.getTime(), ev.timeZone ?? DEFAULT_TIME_ZONE).slice(0, 10).split('-');
  return `${y}年${Number(m)}月${Number(dd)}日`;
}

/** An A4 document with Chinese fonts around `sections`. */
function printDocument(title: string, sections: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title><style>
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "SimSun", serif; color: #000; font-size: 11pt; }
section { page-break-after: always; } section:last-child { page-break-after: auto; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; } h2 { font-size: 12pt; text-align: center; font-weight: normal; margin: 0 0 6mm; }
h3 { font-size: 11pt; margin: 6mm 0 2mm; }
table { width: 100%; border-collapse: collapse; } th, td { border: 1px solid #000; padding: 2mm; vertical-align: top; } th { background: #eee; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; } .c { white-space: nowrap; }
.sign { margin-top: 14mm; display: flex; justify-content: space-between; } p { line-height: 1.9; text-indent: 2em; }
p.anchor { margin-top: 8mm; text-indent: 0; font-size: 8pt; line-height: 1.4; } p.anchor code { font-size: 9pt; white-space: nowrap; }
@media screen { body { background: #d9dde3; margin: 0; padding: 8mm 0; }
  section { box-sizing: border-box; width: 210mm; min-height: 297mm; margin: 0 auto 8mm; padding: 18mm 16mm; background: #fff;
    box-shadow: 0 1mm 4mm rgb(0 0 0 / 25%); } }
</style></head><body>
${sections}
</body></html>`;
}

/**
 * The audit chain's head when printed (docs/results-file.md "evidence"): the anchor outside the machine, so that a log
 * cut short or rewritten afterwards is caught by comparing it with the paper (`npm run results -- FILE --head HASH`).
 */
async function anchorLine(store: Store, ev: EventConfig, now: Date): Promise<string> {
  const { head, entries } = await store.auditHead(ev.id);
  const hm = formatDateTime(now.getTime(), ev.timeZone ?? DEFAULT_TIME_ZONE).slice(11, 16);
  const groups = head.match(/.{1,8}/g)?.join(' ') ?? '—'; // in eights, to read aloud and compare
  return `<p class="anchor" data-testid="chain-head" data-head="${head}">审计日志链头（共 ${entries} 条，${day(now, ev)} ${hm} 打印）：<br><code>${groups}</code></p>`;
}

/** The summary page and the award-list page of a track, with the chain head under the signatures. */
function trackSections(ev: EventConfig, tr: TrackResults, anchor: string): string {
  const { results, teams, track } = tr;
  const rows = results.map((r) => {
    const t = teams.get(r.team)!;
    return `<tr><td class="c">${r.rank ?? '—'}</td><td>${esc(t.project)}</td><td>${esc(t.leadOrg)}</td><td class="n">${r.score ?? notFinal(r)}${r.parts ? `<br><small data-mark="parts">专家评分 ${r.parts.panel} × ${track.mix!.panelPercent}% + 大众评审 ${r.parts.public} × ${track.mix!.publicPercent}%</small>` : ''}${tr.corrected.has(r.team) ? '<br><small data-mark="corrected">已更正</small>' : ''}</td><td class="c">${r.award ? AWARD_ZH[r.award] : ''}${r.tieAtLine ? '（并列待定）' : ''}</td><td class="c">${r.specialPool ? '是' : ''}</td><td class="c">${esc((r.specialAwards ?? []).join('、'))}</td></tr>`;
  }).join('');
  return `<section data-page="summary" data-track="${esc(track.id)}"><h1>${esc(ev.name)}</h1><h2>${esc(track.name)}赛道 · 成绩汇总表</h2>
<table><thead><tr><th class="c">名次</th><th>项目名称</th><th>牵头单位</th><th class="c">得分</th><th class="c">奖项</th><th class="c">特别奖候选</th><th class="c">特别奖</th></tr></thead><tbody>${rows}</tbody></table>
<div class="sign"><span>评审组组长签名：__________</span><span>监督员签名：__________</span><span>日期：__________</span></div>${anchor}</section>
<section data-page="awards" data-track="${esc(track.id)}"><h1>${esc(ev.name)}</h1><h2>${esc(track.name)}赛道 · 获奖名单</h2>
<table><thead><tr><th class="c">奖项</th><th>项目名称</th><th>牵头单位</th></tr></thead><tbody>${winnerRows(tr)}</tbody></table></section>`;
}

const winnerRows = (tr: TrackResults) => awardLines(tr).map(([award, r]) => {
  const t = tr.teams.get(r.team)!;
  return `<tr><td class="c">${esc(award)}</td><td>${esc(t.project)}</td><td>${esc(t.leadOrg)}</td></tr>`;
}).join('');

/** The draft public notice (公示, 7 days from `today`) of `scope` (a track's or the whole event's award list). */
function noticeSection(ev: EventConfig, scope: string, table: string, today: Date, anchor: string): string {
  const until = new Date(today.getTime() + 6 * 86_400_000); // 7 days counting the first and the last
  return `<section data-page="notice"><h1>关于${esc(ev.name)}${esc(scope)}获奖名单的公示</h1>
<p>根据${esc(ev.name)}决赛评审结果，经组委会审核，现将${esc(scope)}获奖名单予以公示（名单见附表）。</p>
<p>公示期为7天，自${day(today, ev)}至${day(until, ev)}。公示期间，如对公示名单有异议，请以书面形式向组委会秘书处反映，并提供必要的证明材料。单位提出异议须加盖公章，个人提出异议须署真实姓名并提供联系方式。</p>
<p style="text-align:right">${esc(ev.name)}组委会<br>${day(today, ev)}</p>
${table}${anchor}</section>`;
}

/** Print-ready A4 pages of a track: the results summary, the award list and a draft public notice (7 days). */
export async function printPages(store: Store, ev: EventConfig, trackId: string, today = new Date()): Promise<string> {
  const tr = await trackResults(store, ev, trackId);
  const table = `<table><thead><tr><th class="c">奖项</th><th>项目名称</th><th>牵头单位</th></tr></thead><tbody>${winnerRows(tr)}</tbody></table>`;
  const anchor = await anchorLine(store, ev, today);
  return printDocument(`${ev.name} · ${tr.track.name}`,
    `${trackSections(ev, tr, anchor)}\n${noticeSection(ev, `${tr.track.name}赛道`, table, today, anchor)}`);
}

/**
 * Print-ready A4 pages of a whole event: per track the results summary and the award list, then one draft public
 * notice (7 days) for every track's winners, grouped by track.
 */
export async function eventPrintPages(store: Store, ev: EventConfig, today = new Date()): Promise<string> {
  const tracks = await Promise.all(tracksWithTeams(ev).map((t) => trackResults(store, ev, t.id)));
  const tables = tracks.map((tr) => `<h3>${esc(tr.track.name)}赛道</h3>
<table><thead><tr><th class="c">奖项</th><th>项目名称</th><th>牵头单位</th></tr></thead><tbody>${winnerRows(tr)}</tbody></table>`).join('\n');
  const anchor = await anchorLine(store, ev, today);
  return printDocument(`${ev.name} · 全部赛道`,
    `${tracks.map((tr) => trackSections(ev, tr, anchor)).join('\n')}\n${noticeSection(ev, '各赛道', tables, today, anchor)}`);
}

/**
 * A track's results file with its evidence: the event's audit log and head, read so that no sheet was written between
 * the file's sheets and the log (a write appends an entry and moves the head: then the file is read again).
 */
export async function resultsFileWithEvidence(store: Store, ev: EventConfig, trackId: string): Promise<ResultsFile & { evidence: Evidence }> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const { head, audit } = await store.evidenceSnapshot(ev.id);
    const file = await resultsFileFor(store, ev, trackId);
    if ((await store.auditHead(ev.id)).head === head) return { ...file, evidence: { head, audit } };
  }
  throw new Error('the audit log kept changing while the results file was read');
}
