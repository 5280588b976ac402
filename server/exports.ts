// Exports: the results file of a track (docs/results-file.md) from the raw sheets in Redis, for `npm run results`;
// the results workbook (.xlsx) and print-ready A4 pages, both recomputed from that same file.
import ExcelJS from 'exceljs';
import { formatMilli } from '../shared/decimal';
import { judgeOrderFor, type EventConfig } from '../shared/domain';
import { computeResults, type ResultsFile } from '../shared/results';
import type { Store } from './store/index';

/** The results file of one track: its rules, criteria, awards, teams, judges, recusals and every current sheet. */
export async function resultsFileFor(store: Store, ev: EventConfig, trackId: string): Promise<ResultsFile> {
  const track = ev.tracks.find((t) => t.id === trackId);
  if (!track) throw new Error(`no track "${trackId}"`);
  const teams = ev.teams.filter((t) => t.trackId === trackId);
  const judgesById = new Map(ev.judges.map((j) => [j.id, j]));
  const order = judgeOrderFor(ev, trackId);
  const teamIds = new Set(teams.map((t) => t.id));
  const recusals = ev.recusals.filter((r) => teamIds.has(r.team)).map((r) => ({ team: r.team, judge: r.judge }));
  const recused = new Set(recusals.map((r) => `${r.team}\u0000${r.judge}`));
  const scores: ResultsFile['scores'] = [];
  for (const team of teams) {
    const sheets = await store.sheets(ev.id, team.id);
    for (const judge of order) {
      const s = sheets[judge];
      if (!s || recused.has(`${team.id}\u0000${judge}`)) continue;
      scores.push(track.criteria.length
        ? { team: team.id, judge, criteria: Object.fromEntries(track.criteria.map((c) => [c.id, formatMilli(s.criteria[c.id] ?? 0)])) }
        : { team: team.id, judge, total: formatMilli(s.total) });
    }
  }
  return {
    rules: { ...track.rules },
    criteria: track.criteria.map((c) => ({ id: c.id, name: c.name, max: formatMilli(c.maxMilli), step: formatMilli(c.stepMilli) })),
    ...(track.total ? { total: { max: formatMilli(track.total.maxMilli), step: formatMilli(track.total.stepMilli) } } : {}),
    awards: { ...track.awards },
    teams: teams.map((t) => ({ id: t.id, name: t.project })),
    judges: order.map((id) => ({ id, name: judgesById.get(id)?.name ?? id })),
    recusals,
    scores,
    decisions: await store.decisions(ev.id, trackId),
  };
}

/** Neutralises a text cell that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return). */
export function safeCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const AWARD_ZH: Record<string, string> = { first: '一等奖', second: '二等奖', third: '三等奖' };

/** The results of a track as exported: recomputed from its results file, with team details. */
export async function trackResults(store: Store, ev: EventConfig, trackId: string) {
  const file = await resultsFileFor(store, ev, trackId);
  const results = computeResults(file).results;
  const teams = new Map(ev.teams.map((t) => [t.id, t]));
  return { file, results, teams, track: ev.tracks.find((t) => t.id === trackId)! };
}

/** The results workbook of a track: summary, one signed score sheet per judge, award list, audit log. */
export async function resultsWorkbook(store: Store, ev: EventConfig, trackId: string): Promise<Buffer> {
  const { file, results, teams, track } = await trackResults(store, ev, trackId);
  const wb = new ExcelJS.Workbook();
  wb.creator = '现场答辩 · 当场亮分';
  const summary = wb.addWorksheet('成绩汇总表');
  summary.addRow([safeCell(`${ev.name} · ${track.name} · 成绩汇总表`)]).font = { bold: true, size: 14 };
  summary.addRow(['名次', '项目名称', '团队名称', '牵头单位', '得分', '奖项', '特别奖候选', '备注']).font = { bold: true };
  for (const r of results) {
    const t = teams.get(r.team)!;
    summary.addRow([r.rank ?? '—', safeCell(t.project), safeCell(t.name), safeCell(t.leadOrg), r.score ?? '评委不足',
      r.award ? AWARD_ZH[r.award] : '', r.specialPool ? '是' : '', r.tieAtLine ? '获奖线并列，待评审组决定' : '']);
  }
  summary.columns.forEach((c, i) => { c.width = [6, 44, 18, 36, 10, 10, 10, 24][i]; });

  const judgeNames = new Map(file.judges.map((j) => [j.id, j.name]));
  const criteria = file.criteria ?? [];
  const used = new Set<string>();
  for (const judgeId of new Set(file.scores.map((s) => s.judge))) {
    // Sheet names: at most 31 characters, none of * ? : \ / [ ], each different.
    const base = `评分表-${judgeNames.get(judgeId)}`.replace(/[*?:\\/[\]]/g, '_').slice(0, 28);
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    const ws = wb.addWorksheet(name);
    ws.addRow([safeCell(`${ev.name} · ${track.name} · 评分表 · 评委：${judgeNames.get(judgeId)}`)]).font = { bold: true };
    ws.addRow(['项目名称', ...criteria.map((c) => `${c.name}（${c.max}）`), '总分']).font = { bold: true };
    for (const s of file.scores.filter((x) => x.judge === judgeId)) {
      const line = results.find((r) => r.team === s.team)?.judges.find((j) => j.judge === judgeId);
      ws.addRow([safeCell(teams.get(s.team)!.project), ...('criteria' in s ? criteria.map((c) => String(s.criteria[c.id])) : []), line?.total ?? '']);
    }
    ws.addRow([]);
    ws.addRow(['评委签名：', '', '', '日期：']);
    ws.columns.forEach((c, i) => { c.width = i === 0 ? 44 : 14; });
  }

  const awards = wb.addWorksheet('获奖名单');
  awards.addRow(['奖项', '名次', '项目名称', '牵头单位', '得分']).font = { bold: true };
  for (const r of results.filter((x) => x.award)) {
    const t = teams.get(r.team)!;
    awards.addRow([AWARD_ZH[r.award!], r.rank, safeCell(t.project), safeCell(t.leadOrg), r.score]);
  }
  awards.columns.forEach((c, i) => { c.width = [10, 6, 44, 36, 10][i]; });

  const log = wb.addWorksheet('审计日志');
  log.addRow(['时间', '操作人', '角色', '操作', '会场', '团队', '评委', '原因', '修改前', '修改后', '校验']).font = { bold: true };
  for (const e of await store.audit(ev.id)) {
    log.addRow([new Date(Number(e.at)).toISOString(), safeCell(e.actor), e.role, e.action, e.room, e.team, e.judge, safeCell(e.reason),
      safeCell(e.before), safeCell(e.after), e.hash]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Print-ready A4 pages of a track: the results summary, the award list and a draft public notice (7 days). */
export async function printPages(store: Store, ev: EventConfig, trackId: string, today = new Date()): Promise<string> {
  const { results, teams, track } = await trackResults(store, ev, trackId);
  const day = (d: Date) => `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
  const until = new Date(today.getTime() + 7 * 86_400_000);
  const rows = results.map((r) => {
    const t = teams.get(r.team)!;
    return `<tr><td>${r.rank ?? '—'}</td><td>${esc(t.project)}</td><td>${esc(t.leadOrg)}</td><td class="n">${r.score ?? '评委不足'}</td><td>${r.award ? AWARD_ZH[r.award] : ''}${r.tieAtLine ? '（并列待定）' : ''}</td></tr>`;
  }).join('');
  const winners = results.filter((r) => r.award).map((r) => {
    const t = teams.get(r.team)!;
    return `<tr><td>${AWARD_ZH[r.award!]}</td><td>${esc(t.project)}</td><td>${esc(t.leadOrg)}</td></tr>`;
  }).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(ev.name)} · ${esc(track.name)}</title><style>
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "SimSun", serif; color: #000; font-size: 11pt; }
section { page-break-after: always; } section:last-child { page-break-after: auto; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; } h2 { font-size: 12pt; text-align: center; font-weight: normal; margin: 0 0 6mm; }
table { width: 100%; border-collapse: collapse; } th, td { border: 1px solid #000; padding: 2mm; vertical-align: top; } th { background: #eee; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.sign { margin-top: 14mm; display: flex; justify-content: space-between; } p { line-height: 1.9; text-indent: 2em; }
</style></head><body>
<section data-page="summary"><h1>${esc(ev.name)}</h1><h2>${esc(track.name)}赛道 · 成绩汇总表</h2>
<table><thead><tr><th>名次</th><th>项目名称</th><th>牵头单位</th><th>得分</th><th>奖项</th></tr></thead><tbody>${rows}</tbody></table>
<div class="sign"><span>评审组组长签名：__________</span><span>监督员签名：__________</span><span>日期：__________</span></div></section>
<section data-page="awards"><h1>${esc(ev.name)}</h1><h2>${esc(track.name)}赛道 · 获奖名单</h2>
<table><thead><tr><th>奖项</th><th>项目名称</th><th>牵头单位</th></tr></thead><tbody>${winners}</tbody></table></section>
<section data-page="notice"><h1>关于${esc(ev.name)}${esc(track.name)}赛道获奖名单的公示</h1>
<p>根据${esc(ev.name)}决赛评审结果，经组委会审核，现将${esc(track.name)}赛道获奖名单予以公示（名单见附表）。</p>
<p>公示期为7天，自${day(today)}至${day(until)}。公示期间，如对公示名单有异议，请以书面形式向组委会秘书处反映，并提供必要的证明材料。单位提出异议须加盖公章，个人提出异议须署真实姓名并提供联系方式。</p>
<p style="text-align:right">${esc(ev.name)}组委会<br>${day(today)}</p>
<table><thead><tr><th>奖项</th><th>项目名称</th><th>牵头单位</th></tr></thead><tbody>${winners}</tbody></table></section>
</body></html>`;
}
