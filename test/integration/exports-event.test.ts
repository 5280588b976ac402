// The whole event's exports over real HTTP and sockets: two tracks run in two rooms, then the event workbook's summary
// equals each track's results file recomputed (to the digit), every track has its score sheets and award list, formula
// injection is neutralised, the print pages cover every track with one public notice, and strangers are refused.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventLinks } from '../../shared/protocol';
import { computeResults, type ResultsFile } from '../../shared/results';
import { makeEvent } from '../helpers/fixtures';
import { ok, useServer } from '../helpers/server';

const server = useServer();
const ev = makeEvent({ id: 'ev-export', rooms: 2, teams: 4, judges: 5 });
ev.name = '2026年“数据要素×”大赛广东分赛';
ev.tracks[0]!.name = '工业制造';
ev.tracks[1]!.name = '现代农业';
ev.teams[1]!.project = '=HYPERLINK("http://evil","点我")';
ev.teams[5]!.leadOrg = '+86-cmd|calc';
ev.judges[0]!.name = '@陈立新';
let links: EventLinks;
let admin = '';

/** A whole-point criteria sheet on the default template (25, 20, 25, 15, 5, 10) summing to `total`. */
const spread = (total: number) => {
  const maxes = [['solution', 25], ['model', 20], ['effect', 25], ['promotion', 15], ['ip', 5], ['defense', 10]] as const;
  let left = total;
  return { criteria: Object.fromEntries(maxes.map(([id, max]) => { const v = Math.min(max, left); left -= v; return [id, v * 1000]; })) };
};

beforeAll(async () => {
  links = await server.setup(ev);
  const res = await fetch(`${server.url}/api/admin/setup`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'organiser password 2026' }),
  });
  admin = ((await res.json()) as { data: { token: string } }).data.token;
  // Room r runs track r: three of its four teams are scored (the fourth never comes on stage), with 5 judges each.
  for (const [r, room] of links.rooms.entries()) {
    const host = await server.client({ token: room.host.token });
    const judges = await Promise.all(links.judges.filter((j) => j.roomId === room.roomId).map((j) => server.client({ token: j.token })));
    for (let t = 1; t <= 3; t++) {
      const team = `r${r + 1}t${t}`;
      await ok(host, 'room:call', { team });
      await ok(host, 'room:open-scoring', {});
      // Totals chosen so that means have thirds (…33, …67) and two teams of room 2 tie on the published score.
      for (const [i, j] of judges.entries()) {
        const total = r === 1 && t > 1 ? [80, 81, 79, 83, 77][i]! : 60 + ((i * 7 + t * 5 + r * 3) % 31);
        await ok(j, 'score:submit', { sid: `evx-${team}-${i}`, team, values: spread(total) });
      }
      await ok(host, 'room:close-scoring', {});
      await ok(host, 'room:reveal', {});
    }
    if (r === 0) {
      // Track 1's fourth team is scored by two judges only (fewer than 3: not final); track 2's is never scored.
      await ok(host, 'room:call', { team: 'r1t4' });
      await ok(host, 'room:open-scoring', {});
      for (const i of [0, 1]) await ok(judges[i]!, 'score:submit', { sid: `evx-r1t4-${i}`, team: 'r1t4', values: spread(70) });
      await ok(host, 'room:close-scoring', { reason: '三位评委因故离场' });
      await ok(host, 'room:reveal', {});
    }
  }
});

async function workbook(query: string): Promise<ExcelJS.Workbook> {
  const res = await fetch(`${server.url}/api/events/${ev.id}/results.xlsx${query}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  return wb;
}

describe('whole-event exports', () => {
  it('summarises every track exactly as its results file recomputes it', async () => {
    const wb = await workbook(`?token=${links.supervisor.token}`);
    const summary = wb.getWorksheet('赛事成绩汇总')!;
    expect(summary.getRow(2).values).toEqual([undefined, '赛道', '名次', '项目名称', '团队名称', '牵头单位', '得分', '奖项', '特别奖候选', '特别奖', '备注']);
    const rows: unknown[][] = [];
    const formats: unknown[] = [];
    summary.eachRow((row, i) => {
      if (i <= 2) return;
      const cells = (row.values as unknown[]).slice(1, 8);
      // A published score is a number with a format showing its decimals: written back with them, it is the string.
      if (typeof cells[5] === 'number') {
        formats.push(row.getCell(6).numFmt);
        cells[5] = (cells[5] as number).toFixed(2);
      }
      rows.push(cells);
    });

    const expected: unknown[][] = [];
    const awardZh = { first: '一等奖', second: '二等奖', third: '三等奖', merit: '优秀奖' } as const;
    for (const track of ev.tracks) {
      const res = await fetch(`${server.url}/api/events/${ev.id}/tracks/${track.id}/results.json`, { headers: { authorization: `Bearer ${admin}` } });
      const file = (await res.json()) as ResultsFile;
      for (const r of computeResults(file).results) {
        const t = ev.teams.find((x) => x.id === r.team)!;
        const safe = (s: string) => (/^[=+\-@]/.test(s) ? `'${s}` : s);
        expected.push([track.name, r.rank ?? '—', safe(t.project), t.name, safe(t.leadOrg), r.score ?? (r.judges.length ? '评委不足' : '未评分'), r.award ? awardZh[r.award] : '']);
      }
    }
    expect(rows).toEqual(expected);
    // Every ranked team's score was a number cell with the format "0.00" (so "80.00" shows as 80.00, not 80).
    expect(formats).toEqual(Array(6).fill('0.00'));
    // Not ranked: track 1's team with two judges, track 2's team never scored. In track 2 two teams with the same
    // sheets share a rank.
    expect(rows.filter((r) => r[1] === '—').map((r) => [r[0], r[5]])).toEqual([['工业制造', '评委不足'], ['现代农业', '未评分']]);
    expect(rows.filter((r) => r[0] === '现代农业' && r[5] === '80.00').map((r) => r[1])).toEqual([1, 1]);
  });

  it('has each track\'s signed score sheets, award list and judges\' record, and the audit log; formulas neutralised', async () => {
    const wb = await workbook(`?token=${admin}`);
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe('赛事成绩汇总');
    expect(names).toEqual(expect.arrayContaining(['T01-获奖名单', 'T02-获奖名单', 'T01-评委画像', 'T02-评委画像', '审计日志', 'T01-评分表-@陈立新', 'T02-评分表-评委2-1']));
    expect(names).toHaveLength(1 + 2 * (5 + 2) + 1);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(31);

    const sheet = wb.getWorksheet('T01-评分表-评委1-2')!;
    expect(String(sheet.getRow(1).getCell(1).value)).toContain('工业制造 · 评分表 · 评委：评委1-2');
    expect(sheet.getRow(2).values).toEqual([undefined, '项目名称', '解决方案与技术先进性（25）', '模式创新性与价值创造（20）', '应用成效（25）',
      '示范推广与发展潜力（15）', '知识产权与团队（5）', '现场陈述与答辩（10）', '总分', '备注']);
    const lines: string[] = [];
    sheet.eachRow((row) => lines.push((row.values as unknown[]).slice(1).join('|')));
    expect(lines.at(-1)).toBe('评委签名：|||日期：');
    expect(lines.filter((l) => l.startsWith('项目1-') || l.startsWith("'=HYPERLINK"))).toHaveLength(4); // three teams, and the fourth (closed short)
    // Every team of the track is listed on every judge's sheet: one the judge did not score is marked 未评分.
    const third: unknown[][] = [];
    wb.getWorksheet('T01-评分表-评委1-3')!.eachRow((row, i) => { if (i > 2) third.push((row.values as unknown[]).slice(1)); });
    expect(third.filter((r) => r[0] === '项目1-4')).toEqual([['项目1-4', ...Array(7).fill(undefined), '未评分']]);
    expect(third.filter((r) => typeof r[7] === 'number')).toHaveLength(3);

    const awards = wb.getWorksheet('T02-获奖名单')!;
    expect(awards.getRow(2).getCell(1).value).toBe('一等奖');

    // Nothing a spreadsheet would run as a formula: every text cell that starts with = + - @ is quoted.
    let cells = 0;
    for (const ws of wb.worksheets) {
      ws.eachRow((row) => row.eachCell((cell) => {
        cells++;
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof cell.value === 'string') expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
      }));
    }
    expect(cells).toBeGreaterThan(100);
    const summary: string[] = [];
    wb.getWorksheet('赛事成绩汇总')!.eachRow((row) => summary.push((row.values as unknown[]).join('|')));
    expect(summary.join('\n')).toContain(`'=HYPERLINK("http://evil","点我")`);
    expect(summary.join('\n')).toContain(`'+86-cmd|calc`);
  });

  it('prints every track and one public notice for the whole event', async () => {
    const res = await fetch(`${server.url}/api/events/${ev.id}/print?token=${links.supervisor.token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('@page { size: A4');
    expect(html).toContain('Noto Serif CJK SC');
    expect(html.match(/data-page="summary"/g)).toHaveLength(2);
    expect(html.match(/data-page="awards"/g)).toHaveLength(2);
    expect(html.match(/data-page="notice"/g)).toHaveLength(1);
    expect(html).toContain('关于2026年“数据要素×”大赛广东分赛各赛道获奖名单的公示');
    expect(html).toContain('公示期为7天');
    expect(html).toContain('工业制造赛道 · 成绩汇总表');
    expect(html).toContain('现代农业赛道 · 获奖名单');
    for (const track of ev.tracks) {
      const file = (await (await fetch(`${server.url}/api/events/${ev.id}/tracks/${track.id}/results.json?token=${admin}`)).json()) as ResultsFile;
      for (const r of computeResults(file).results) if (r.score) expect(html).toContain(`<td class="n">${r.score}</td>`);
    }
    expect(html).toContain('=HYPERLINK(&#34;http://evil&#34;,&#34;点我&#34;)');
    expect(html).not.toContain('<script');
  });

  it('refuses requests without an admin session or this event\'s supervisor link', async () => {
    const other = makeEvent({ id: 'other-event', rooms: 1 });
    const otherLinks = await server.setup(other);
    const refused = [
      '', '?token=wrong-token-wrong-token', `?token=${otherLinks.supervisor.token}`,
      `?token=${links.rooms[0]!.host.token}`, `?token=${links.rooms[0]!.display.token}`, `?token=${links.judges[0]!.token}`,
    ];
    for (const path of ['results.xlsx', 'print']) {
      for (const q of refused) {
        const res = await fetch(`${server.url}/api/events/${ev.id}/${path}${q}`);
        expect([path, q, res.status]).toEqual([path, q, 401]);
        expect(await res.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
      }
      const bearer = await fetch(`${server.url}/api/events/${ev.id}/${path}`, { headers: { authorization: `Bearer ${admin}` } });
      expect(bearer.status).toBe(200);
      expect((await fetch(`${server.url}/api/events/no-such-event/${path}?token=${admin}`)).status).toBe(404);
    }
  });
});
