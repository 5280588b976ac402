// Importing teams and judges from Excel (.xlsx) or CSV: templates, a preview with errors by row and column, and the
// configuration it leads to (rooms from the judges' panels, recusals from matching organisations). Nothing is saved here.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { EventConfig, Judge, Room, Team } from '../shared/domain';
import { knownTopic, splitList } from '../shared/setup';

/** The columns of each template, in order. */
export const TEMPLATE_COLUMNS = {
  teams: ['项目名称', '团队名称', '牵头单位', '联合单位', '赛道', '赛题方向', '团队代表'],
  judges: ['姓名', '单位', '职称', '评审组', '评审赛道'],
} as const;

export type ImportKind = keyof typeof TEMPLATE_COLUMNS;

/** One problem in a file, where a person can find it: the spreadsheet's row number and the column's header. */
export interface ImportError {
  row: number;
  column: string;
  message: string;
}

/** What an import would do. */
export interface ImportPreview<T> {
  rows: T[];
  errors: ImportError[];
}

/** The names a file may use, for the person fixing it: every track (name, code) and its topics (赛题方向). */
export function validNames(ev: EventConfig): Array<{ name: string; code: string; topics: string[] }> {
  return ev.tracks.map((t) => ({ name: t.name, code: t.code, topics: t.topics }));
}

/** The track a cell names: its name, its code, or its name followed by 赛道. */
const findTrack = (ev: EventConfig, text: string) =>
  ev.tracks.find((t) => t.name === text || t.code === text || t.name === text.replace(/赛道$/, ''));


/** A template workbook with its header row and one example row. */
export async function templateXlsx(kind: ImportKind): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(kind === 'teams' ? '参赛团队' : '评委');
  ws.addRow([...TEMPLATE_COLUMNS[kind]]);
  ws.addRow(kind === 'teams'
    ? ['基于多源数据融合的城市交通智能调度平台', '数联交通团队', '某某市大数据集团有限公司', '某某大学、某某研究院', '交通运输', '高速公路交通拥堵智能预警', '张三、李四']
    : ['王建华', '某某大学计算机学院', '教授', '第一评审组', '交通运输']);
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((c) => { c.width = 28; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Reads the first sheet of an .xlsx or .csv file into rows of header → text, with their spreadsheet row numbers. */
export async function readSheet(file: Buffer, filename: string): Promise<Array<{ row: number; cells: Record<string, string> }>> {
  const wb = new ExcelJS.Workbook();
  const ws = /\.csv$/i.test(filename)
    ? await wb.csv.read(Readable.from([file.toString('utf8').replace(/^\uFEFF/, '')]))
    : (await wb.xlsx.load(file as unknown as ArrayBuffer), wb.worksheets[0]);
  if (!ws) return [];
  const headers: string[] = [];
  ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => { headers[col] = cellText(cell.value).trim(); });
  const rows: Array<{ row: number; cells: Record<string, string> }> = [];
  ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: Record<string, string> = {};
    headers.forEach((h, col) => { if (h) cells[h] = cellText(r.getCell(col).value).trim(); });
    if (Object.values(cells).some((v) => v !== '')) rows.push({ row: rowNumber, cells });
  });
  return rows;
}

/** A cell's value as the text a person sees. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return String(v.result ?? '');
    if (v instanceof Date) return v.toISOString().slice(0, 10);
  }
  return String(v);
}

function missingColumns(rows: Array<{ cells: Record<string, string> }>, kind: ImportKind): ImportError[] {
  const present = new Set(rows.flatMap((r) => Object.keys(r.cells)));
  return TEMPLATE_COLUMNS[kind].filter((c) => rows.length > 0 && !present.has(c))
    .map((column) => ({ row: 1, column, message: `缺少列「${column}」` }));
}

/**
 * Teams from rows, checked against the event's tracks and their topics (a topic must be one of its track's, when the
 * track lists any). A team already in the event (the same project name) keeps its id, so its score sheets stay its
 * own whatever the file's order; new teams get ids after the highest in use (t001, t002… in a first import).
 */
export function previewTeams(ev: EventConfig, rows: Array<{ row: number; cells: Record<string, string> }>): ImportPreview<Team> {
  const errors = missingColumns(rows, 'teams');
  if (rows.length === 0) errors.push({ row: 1, column: '', message: '文件中没有数据行' });
  const teams: Team[] = [];
  const seen = new Map<string, number>();
  const norm = (p: string) => p.replace(/\s+/g, '');
  const known = new Map(ev.teams.map((t) => [norm(t.project), t.id]));
  let next = Math.max(0, ...ev.teams.map((t) => Number(/^t(\d+)$/.exec(t.id)?.[1] ?? 0)));
  for (const { row, cells } of rows) {
    const need = (column: string, max: number): string => {
      const v = cells[column] ?? '';
      if (!v) errors.push({ row, column, message: `第 ${row} 行：「${column}」为空` });
      else if (v.length > max) errors.push({ row, column, message: `第 ${row} 行：「${column}」超过 ${max} 字` });
      return v;
    };
    const project = need('项目名称', 200);
    const leadOrg = need('牵头单位', 200);
    const trackText = need('赛道', 100);
    const track = findTrack(ev, trackText);
    if (trackText && !track) errors.push({ row, column: '赛道', message: `第 ${row} 行：没有名为「${trackText}」的赛道` });
    const topic = (cells['赛题方向'] ?? '').slice(0, 200);
    if (track && !knownTopic(track, topic)) {
      errors.push({ row, column: '赛题方向', message: `第 ${row} 行：「${topic}」不是赛道「${track.name}」的赛题方向` });
    }
    const representatives = splitList(cells['团队代表'] ?? '');
    if (representatives.length > 5) errors.push({ row, column: '团队代表', message: `第 ${row} 行：团队代表最多 5 人` });
    if (project && seen.has(project)) errors.push({ row, column: '项目名称', message: `第 ${row} 行：项目名称与第 ${seen.get(project)} 行重复` });
    seen.set(project, row);
    const id = known.get(norm(project)) ?? `t${String(++next).padStart(3, '0')}`;
    teams.push({
      id, trackId: track?.id ?? '', project, name: (cells['团队名称'] ?? '').slice(0, 200),
      leadOrg, coOrgs: splitList(cells['联合单位'] ?? ''), topic, representatives: representatives.slice(0, 5),
    });
  }
  return { rows: teams, errors };
}

/** Judges from rows, with the panel (room) and track each sits on; ids j001, j002… in file order. */
export function previewJudges(ev: EventConfig, rows: Array<{ row: number; cells: Record<string, string> }>): ImportPreview<Judge & { panel: string; trackId: string }> {
  const errors = missingColumns(rows, 'judges');
  if (rows.length === 0) errors.push({ row: 1, column: '', message: '文件中没有数据行' });
  const judges: Array<Judge & { panel: string; trackId: string }> = [];
  for (const { row, cells } of rows) {
    const name = cells['姓名'] ?? '';
    if (!name) errors.push({ row, column: '姓名', message: `第 ${row} 行：「姓名」为空` });
    const panel = cells['评审组'] ?? '';
    if (!panel) errors.push({ row, column: '评审组', message: `第 ${row} 行：「评审组」为空` });
    const trackText = cells['评审赛道'] ?? '';
    const track = findTrack(ev, trackText);
    if (!track) errors.push({ row, column: '评审赛道', message: `第 ${row} 行：没有名为「${trackText}」的赛道` });
    judges.push({ id: `j${String(judges.length + 1).padStart(3, '0')}`, name: name.slice(0, 50), org: (cells['单位'] ?? '').slice(0, 200),
      title: (cells['职称'] ?? '').slice(0, 100), panel, trackId: track?.id ?? '' });
  }
  return { rows: judges, errors };
}

/** Judges whose organisation is a team's lead or co-organisation: recused automatically (shown for confirmation). */
export function autoRecusals(teams: Team[], judges: Judge[]): EventConfig['recusals'] {
  const norm = (s: string) => s.replace(/\s+/g, '');
  const out: EventConfig['recusals'] = [];
  for (const team of teams) {
    const orgs = new Set([team.leadOrg, ...team.coOrgs].map(norm).filter(Boolean));
    for (const judge of judges) {
      if (judge.org && orgs.has(norm(judge.org))) out.push({ team: team.id, judge: judge.id, reason: `同单位回避：${judge.org}` });
    }
  }
  return out;
}

/** The event with imported teams, or judges and the rooms their panels make; recusals recomputed. */
export function applyImport(ev: EventConfig, kind: ImportKind, rows: Team[] | Array<Judge & { panel: string; trackId: string }>): EventConfig {
  let next: EventConfig = { ...ev };
  if (kind === 'teams') {
    next.teams = rows as Team[];
  } else {
    const judges = rows as Array<Judge & { panel: string; trackId: string }>;
    const panels = [...new Set(judges.map((j) => j.panel))];
    const rooms: Room[] = panels.map((panel, i) => ({
      id: `room${i + 1}`, name: panel,
      trackIds: [...new Set(judges.filter((j) => j.panel === panel).map((j) => j.trackId))],
      panel: judges.filter((j) => j.panel === panel).map((j) => j.id),
    }));
    next = { ...next, judges: judges.map(({ id, name, org, title }) => ({ id, name, org, title })), rooms };
  }
  next.recusals = autoRecusals(next.teams, next.judges);
  return next;
}

/** The columns of an import of public vote counts (大众评审票数): the team by its project name or id, and its votes. */
export const PUBLIC_VOTES_COLUMNS = { team: '项目名称', votes: '票数' } as const;

/**
 * Reads public vote counts from a sheet's rows: each row names a team of the track (by project name or id, as in the
 * column 项目名称) and a whole number of votes (票数, 0 or more); a team once. The counts by team id, or the problems.
 */
export function previewPublicVotes(ev: EventConfig, trackId: string, rows: Array<{ row: number; cells: Record<string, string> }>):
  { counts: Record<string, number>; errors: ImportError[] } {
  const teams = ev.teams.filter((t) => t.trackId === trackId);
  const counts: Record<string, number> = {};
  const errors: ImportError[] = [];
  const { team: teamCol, votes: votesCol } = PUBLIC_VOTES_COLUMNS;
  if (rows.length && (!(teamCol in rows[0]!.cells) || !(votesCol in rows[0]!.cells))) {
    return { counts, errors: [{ row: 1, column: teamCol in rows[0]!.cells ? votesCol : teamCol, message: '缺少此列' }] };
  }
  for (const { row, cells } of rows) {
    const name = cells[teamCol] ?? '';
    const team = teams.find((t) => t.id === name || t.project === name);
    if (!team) errors.push({ row, column: teamCol, message: `「${name}」不是本赛道的团队` });
    const text = cells[votesCol] ?? '';
    if (!/^\d{1,9}$/.test(text)) errors.push({ row, column: votesCol, message: `「${text}」不是一个不小于 0 的整数` });
    if (team && Object.hasOwn(counts, team.id)) errors.push({ row, column: teamCol, message: `「${name}」出现了两次` });
    if (team && /^\d{1,9}$/.test(text)) counts[team.id] = Number(text);
  }
  return { counts, errors };
}
