// Setting up and taking home, over real HTTP and sockets: templates, an .xlsx import refused with row errors then
// accepted (rooms from panels, recusals from organisations), three teams run, a correction with a reason, and the
// exports (results file, workbook, print pages) equal to what the screens showed, with formula injection neutralised.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BoardView } from '../../shared/protocol';
import { computeResults, type ResultsFile } from '../../shared/results';
import { TEMPLATE_COLUMNS } from '../../server/imports';
import { eventually, ok, send, useServer, type Client } from '../helpers/server';
import { xlsxBuffer } from '../helpers/xlsx';

const server = useServer();
let admin = '';
let adminSocket: Client;

const upload = (eventId: string, kind: string, file: Buffer, commit: boolean, filename = 'import.xlsx') =>
  fetch(`${server.url}/api/events/${eventId}/import/${kind}?commit=${commit ? 1 : 0}&filename=${encodeURIComponent(filename)}`, {
    method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/octet-stream' }, body: new Uint8Array(file),
  });

const TEAM_ROWS: string[][] = Array.from({ length: 12 }, (_, i) => [
  i === 11 ? '=HYPERLINK("http://evil","点我")' : `基于多源数据融合的智能${['制造', '交通', '医疗', '金融'][i % 4]}决策平台（第${i + 1}号项目）`,
  `团队${i + 1}`, i === 2 ? '华南理工大学' : `广东某某数据科技有限公司${i + 1}`, '', '工业制造', '产业链协同与供应链风险预警', '张三、李四',
]);
const JUDGE_ROWS: string[][] = Array.from({ length: 7 }, (_, i) => [
  ['陈立新', '黄慧敏', '周建国', '林晓峰', '吴雅琴', '郑国栋', '刘思远'][i]!, i === 0 ? '华南理工大学' : `评审单位${i + 1}`, '教授', '第一评审组', '工业制造',
]);

beforeAll(async () => {
  const res = await fetch(`${server.url}/api/admin/setup`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'organiser password 2026' }),
  });
  admin = ((await res.json()) as { data: { token: string } }).data.token;
  adminSocket = await server.client({ token: admin });
  await ok(adminSocket, 'admin:create-event', { id: 'gd', name: '2026年“数据要素×”大赛广东分赛', presetId: 'sjys-2026-guangdong' });
});

describe('setup from files', () => {
  it('serves the templates', async () => {
    const res = await fetch(`${server.url}/api/templates/teams.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets[0]!.getRow(1).values).toEqual([undefined, ...TEMPLATE_COLUMNS.teams]);
  });

  it('refuses a bad file with errors by row and column, and saves nothing', async () => {
    const bad = TEAM_ROWS.map((r) => [...r]);
    bad[5]![2] = ''; // row 7 of the sheet: 牵头单位 empty
    bad[8]![4] = '不存在的赛道';
    const res = await upload('gd', 'teams', await xlsxBuffer([[...TEMPLATE_COLUMNS.teams], ...bad]), true);
    const body = await res.json();
    expect(body.data.saved).toBe(false);
    expect(body.data.errors).toEqual(expect.arrayContaining([
      { row: 7, column: '牵头单位', message: '第 7 行：「牵头单位」为空' },
      { row: 10, column: '赛道', message: '第 10 行：没有名为「不存在的赛道」的赛道' },
    ]));
    expect((await server.store.getEvent('gd'))!.teams).toEqual([]);
    const unauthorised = await fetch(`${server.url}/api/events/gd/import/teams?commit=1`, { method: 'POST', body: 'x' });
    expect(unauthorised.status).toBe(401);
  });

  it('imports 12 teams and 7 judges; the panel becomes a room; a judge from a team\'s organisation is recused', async () => {
    const teams = await (await upload('gd', 'teams', await xlsxBuffer([[...TEMPLATE_COLUMNS.teams], ...TEAM_ROWS]), true)).json();
    expect(teams.data).toMatchObject({ saved: true, errors: [] });
    const csv = [[...TEMPLATE_COLUMNS.judges], ...JUDGE_ROWS].map((r) => r.join(',')).join('\n');
    const judges = await (await upload('gd', 'judges', Buffer.from(`\uFEFF${csv}`), true, 'judges.csv')).json();
    expect(judges.data).toMatchObject({ saved: true, errors: [] });
    const ev = (await server.store.getEvent('gd'))!;
    expect(ev.teams).toHaveLength(12);
    expect(ev.judges.map((j) => j.name)).toEqual(JUDGE_ROWS.map((r) => r[0]));
    expect(ev.rooms).toEqual([{ id: 'room1', name: '第一评审组', trackIds: ['T01'], panel: ev.judges.map((j) => j.id) }]);
    expect(ev.recusals).toEqual([{ team: 't003', judge: 'j001', reason: '同单位回避：华南理工大学' }]);
  });
});

describe('run, correct, export', () => {
  it('exports what the screens showed, to the digit', async () => {
    const links = await ok(adminSocket, 'admin:links', { eventId: 'gd' });
    const host = await server.client({ token: links.rooms[0]!.host.token });
    const boards: BoardView[] = [];
    const display = await server.client({ token: links.rooms[0]!.display.token });
    display.on('board:leaderboard', (b) => boards.push(b));
    const judges = await Promise.all(links.judges.map((j) => server.client({ token: j.token })));
    const spread = (total: number) => {
      const maxes = [['solution', 25], ['model', 20], ['effect', 25], ['promotion', 15], ['ip', 5], ['defense', 10]] as const;
      let left = total;
      return { criteria: Object.fromEntries(maxes.map(([id, max]) => { const v = Math.min(max, left); left -= v; return [id, v * 1000]; })) };
    };
    for (const [n, team] of ['t001', 't002', 't012'].entries()) {
      await ok(host, 'room:call', { team });
      await ok(host, 'room:open-scoring', {});
      for (const [i, j] of judges.entries()) await ok(j, 'score:submit', { sid: `exp-${team}-${i}`, team, values: spread(70 + ((i * 7 + n * 3) % 20)) });
      await ok(host, 'room:close-scoring', {});
      await ok(host, 'room:reveal', {});
    }
    // A correction after the reveal: a reason is required; ranks and the board follow.
    expect(await send(host, 'score:correct', { team: 't001', judge: 'j004', values: spread(95), reason: '' }))
      .toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const corrected = await ok(host, 'score:correct', { team: 't001', judge: 'j004', values: spread(95), reason: '评委书面申请更正录入错误' });
    expect(corrected.version).toBe(2);
    const audit = await server.store.audit('gd');
    expect(audit.find((e) => e.action === 'score.correct')).toMatchObject({ judge: 'j004', team: 't001', reason: '评委书面申请更正录入错误' });
    await eventually(() => expect(boards.at(-1)?.rows.find((r) => r.team.id === 't001')).toBeDefined());

    const q = `?token=${links.supervisor.token}`;
    const file = (await (await fetch(`${server.url}/api/events/gd/tracks/T01/results.json${q}`)).json()) as ResultsFile;
    const recomputed = computeResults(file).results.filter((r) => r.rank !== null);
    const shown = boards.at(-1)!.rows;
    expect(shown.map((r) => [r.team.id, r.score, r.rank, r.award])).toEqual(recomputed.map((r) => [r.team, r.score, r.rank, r.award]));

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await fetch(`${server.url}/api/events/gd/tracks/T01/results.xlsx${q}`)).arrayBuffer());
    const summary = wb.getWorksheet('成绩汇总表')!;
    const rows = [] as Array<[string, string]>;
    // Scores are numbers (Excel sorts and sums them) shown with the published decimals, equal to the published string.
    summary.eachRow((row, i) => {
      if (i <= 2 || row.getCell(1).value === '—') return;
      const score = row.getCell(5);
      expect([typeof score.value, score.numFmt]).toEqual(['number', '0.00']);
      rows.push([String(row.getCell(2).value), (score.value as number).toFixed(2)]);
    });
    const ev = (await server.store.getEvent('gd'))!;
    expect(rows).toEqual(shown.map((r) => [ev.teams.find((t) => t.id === r.team.id)!.project.replace(/^=/, "'="), r.score]));
    expect(rows.find(([p]) => p.includes('HYPERLINK'))![0]).toMatch(/^'=HYPERLINK/);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['成绩汇总表', '获奖名单', '审计日志', '评分表-陈立新']));

    const print = await (await fetch(`${server.url}/api/events/gd/tracks/T01/print${q}`)).text();
    expect(print).toContain('获奖名单的公示');
    expect(print).toContain('公示期为7天');
    for (const r of shown) expect(print).toContain(`>${r.score}<`);
    expect(print).not.toContain('<script');
    expect((await fetch(`${server.url}/api/events/gd/tracks/T01/results.json?token=wrong-token-wrong-token`)).status).toBe(401);
  }, 60_000);
});
