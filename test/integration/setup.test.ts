// The admin's setup edits over a real socket: a structurally wrong configuration is refused with the reason in the
// organiser's words and changes nothing; a track's rules are locked once its teams hold stored score sheets.
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventConfig } from '../../shared/domain';
import { TEMPLATE_COLUMNS } from '../../server/imports';
import { Rooms } from '../../server/rooms';
import { eventKeys } from '../../server/store/keys';
import { makeEvent } from '../helpers/fixtures';
import { eventually, ok, send, useServer, type Client } from '../helpers/server';
import { openScoringFor } from '../helpers/turns';
import { xlsxBuffer } from '../helpers/xlsx';

// The display's boards wait for each reveal the projector plays: here at a rehearsal's ?speed=20.
const server = useServer({ revealSpeed: 20 });
let admin: Client;
let adminToken: string;

beforeAll(async () => {
  const res = await fetch(`${server.url}/api/admin/setup`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'a long admin password' }),
  });
  adminToken = ((await res.json()) as { data: { token: string } }).data.token;
  admin = await server.client({ token: adminToken });
});

/** What a refused save must leave alone: the stored configuration, its version, the audit log. */
async function stored(eventId: string): Promise<string> {
  const k = eventKeys(eventId);
  const [event, version, audit] = await Promise.all([server.store.redis.get(k.event), server.store.redis.get(k.eventVersion), server.store.redis.xlen(k.audit)]);
  return JSON.stringify({ event, version, audit });
}

const edits: Array<[string, (ev: EventConfig) => void, string]> = [
  ['a room running a track that does not exist', (ev) => { ev.rooms[0]!.trackIds.push('T99'); }, '会场「第1会场」安排的赛道「T99」不存在'],
  ['a panel judge who does not exist', (ev) => { ev.rooms[1]!.panel.push('ghost'); }, '会场「第2会场」的评审组里有不存在的评委「ghost」'],
  ['a team in a track that does not exist', (ev) => { ev.teams[0]!.trackId = 'T42'; }, '团队「项目1-1」所属的赛道「T42」不存在'],
  ['a recusal of a judge who does not exist', (ev) => { ev.recusals.push({ team: 'r1t1', judge: 'nobody', reason: '同单位' }); }, '回避关系 r1t1/nobody 指向不存在的团队或评委'],
  ['two criteria with one id', (ev) => { ev.tracks[0]!.criteria[1]!.id = 'solution'; }, '评审指标编号「solution」重复'],
  ['a tie-break order naming a criterion that is gone', (ev) => { ev.tracks[0]!.criteria.pop(); }, '平分比较顺序里的指标「defense」不存在'],
  ['trimming that leaves too few judges', (ev) => { ev.tracks[0]!.rules.trimWhenAtLeast = 2; }, '必须大于 2'],
  ['criteria and a single total at once', (ev) => { ev.tracks[0]!.total = { maxMilli: 100_000, stepMilli: 1000 }; }, '按指标评分时不能同时设置单一总分'],
  ['a max that is not a whole number of steps', (ev) => { ev.tracks[1]!.criteria[0]!.stepMilli = 2000; ev.tracks[1]!.criteria[0]!.maxMilli = 25_000; }, '满分不是步长的整数倍'],
  ['a track removed while it has teams', (ev) => { ev.tracks.shift(); }, '赛道「赛道1」还有 2 支参赛团队，不能删除'],
];

describe('structural checks on admin:save-event', () => {
  it.each(edits)('refuses %s, and changes nothing', async (_what, edit, words) => {
    const ev = makeEvent({ id: 'checks', rooms: 2, teams: 2, judges: 3 });
    await ok(admin, 'admin:save-event', { config: ev });
    const before = await stored(ev.id);
    const broken = structuredClone(ev);
    edit(broken);
    const ack = await send(admin, 'admin:save-event', { config: broken });
    expect(ack).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(!ack.ok && ack.error.message).toContain(words);
    expect(!ack.ok && ack.error.message).toMatch(/^配置有误，未保存：/);
    expect(await stored(ev.id)).toBe(before);
  });

  it('accepts the same edits made whole: a track removed with its teams, a new room with its panel, a recusal added', async () => {
    const ev = makeEvent({ id: 'whole', rooms: 2, teams: 2, judges: 3 });
    await ok(admin, 'admin:save-event', { config: ev });
    const next = structuredClone(ev);
    next.tracks.shift();
    next.teams = next.teams.filter((t) => t.trackId !== 'T01');
    next.rooms[0]!.trackIds = ['T02'];
    next.rooms.push({ id: 'room3', name: '第三会场（线上评审与专家复核）', trackIds: ['T02'], panel: [] });
    next.recusals.push({ team: 'r2t1', judge: 'r2j1', reason: '曾指导该项目' });
    await ok(admin, 'admin:save-event', { config: next });
    expect(await server.store.getEvent(ev.id)).toEqual(next);
  });
});

describe('the rule lock', () => {
  it("refuses to change a scored track's rules, criteria or awards, and allows everything else", async () => {
    const ev = makeEvent({ id: 'locked', rooms: 2, teams: 2, judges: 3 });
    const links = await server.setup(ev);
    await ok(admin, 'admin:save-event', { config: ev });
    expect(await ok(admin, 'admin:scored-tracks', { eventId: ev.id })).toEqual({ trackIds: [], teamIds: [], judgeIds: [] });

    const host = await server.client({ token: links.rooms[0]!.host.token });
    const judge = await server.client({ token: links.judges.find((j) => j.judgeId === 'r1j1')!.token });
    await ok(host, 'room:call', { team: 'r1t1' });
    await ok(host, 'room:open-scoring', {});
    await ok(judge, 'score:submit', { sid: 'setup-lock-sid-1', team: 'r1t1', values: { criteria: { solution: 20000, model: 15000, effect: 20000, promotion: 10000, ip: 4000, defense: 8000 } } });
    expect(await ok(admin, 'admin:scored-tracks', { eventId: ev.id })).toEqual({ trackIds: ['T01'], teamIds: ['r1t1'], judgeIds: ['r1j1'] });

    for (const edit of [
      (e: EventConfig) => { e.tracks[0]!.criteria[0]!.maxMilli = 30_000; },
      (e: EventConfig) => { e.tracks[0]!.rules.decimals = 3; },
      (e: EventConfig) => { e.tracks[0]!.awards.first = 2; },
    ]) {
      const before = await stored(ev.id);
      const changed = structuredClone(ev);
      edit(changed);
      const ack = await send(admin, 'admin:save-event', { config: changed });
      expect(ack).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expect(!ack.ok && ack.error.message).toContain('赛道「赛道1」已有评委提交的评分，评分规则、评审指标和奖项设置已锁定');
      expect(await stored(ev.id)).toBe(before);
    }

    // The unscored track's rules, and the scored track's name, topics and timers, still change.
    const allowed = structuredClone(ev);
    allowed.tracks[0]!.name = '数据要素×工业制造（已开评）';
    allowed.tracks[0]!.topics = ['智能制造'];
    allowed.tracks[0]!.timers.presentationSec = 300;
    allowed.tracks[1]!.criteria[0]!.maxMilli = 30_000;
    allowed.tracks[1]!.awards = { first: 1, second: 1, third: 1, merit: 0, specialPoolPercent: 30 };
    await ok(admin, 'admin:save-event', { config: allowed });
    expect(await server.store.getEvent(ev.id)).toEqual(allowed);
  });
});

describe('prize counts changed with a reason once a track has scores (admin:set-awards)', () => {
  it('changes who gets which prize, never a score: audited, announced to the boards, refused without a reason', async () => {
    const ev = makeEvent({ id: 'awards-day', rooms: 1, teams: 3, judges: 3 });
    const links = await server.setup(ev);
    const host = await server.client({ token: links.rooms[0]!.host.token });
    const judges = await Promise.all(links.judges.map((j) => server.client({ token: j.token })));
    const display = await server.client({ token: links.rooms[0]!.display.token });
    // Totals 90, 80 and 70 from every judge, each team revealed.
    const sheets: Record<string, number[]> = { r1t1: [23, 18, 22, 14, 5, 8], r1t2: [20, 16, 20, 12, 4, 8], r1t3: [18, 14, 17, 11, 3, 7] };
    for (const [team, v] of Object.entries(sheets)) {
      await ok(host, 'room:call', { team });
      await ok(host, 'room:open-scoring', {});
      const criteria = { solution: v[0]! * 1000, model: v[1]! * 1000, effect: v[2]! * 1000, promotion: v[3]! * 1000, ip: v[4]! * 1000, defense: v[5]! * 1000 };
      for (const [j, judge] of judges.entries()) await ok(judge, 'score:submit', { sid: `awards-day-${team}-${j}`, team, values: { criteria } });
      await ok(host, 'room:close-scoring', {});
      await ok(host, 'room:reveal', {});
    }
    const awards = async () => (await server.store.standings(ev.id, 'T01')).standings.map((s) => [s.team, s.rank, s.award]);
    expect(await awards()).toEqual([['r1t1', 1, 'first'], ['r1t2', 2, 'second'], ['r1t3', 3, 'second']]);
    const aggregates = JSON.stringify(await Promise.all(['r1t1', 'r1t2', 'r1t3'].map((t) => server.store.redis.get(eventKeys(ev.id).agg(t)))));

    // Refused, changing nothing: not the admin, no reason, an unknown track or event, a count out of range.
    const vacantFirst = { first: 0, second: 1, third: 1, merit: 1, specialPoolPercent: 20 };
    const before = await stored(ev.id);
    for (const [socket, payload, code] of [
      [host, { eventId: ev.id, trackId: 'T01', awards: vacantFirst, reason: '评审组决定' }, 'FORBIDDEN'],
      [admin, { eventId: ev.id, trackId: 'T01', awards: vacantFirst, reason: '  ' }, 'BAD_REQUEST'],
      [admin, { eventId: ev.id, trackId: 'T09', awards: vacantFirst, reason: '评审组决定' }, 'NOT_FOUND'],
      [admin, { eventId: 'nope', trackId: 'T01', awards: vacantFirst, reason: '评审组决定' }, 'NOT_FOUND'],
      [admin, { eventId: ev.id, trackId: 'T01', awards: { ...vacantFirst, third: 101 }, reason: '评审组决定' }, 'BAD_REQUEST'],
    ] as const) {
      expect(await send(socket, 'admin:set-awards', payload)).toMatchObject({ ok: false, error: { code } });
    }
    expect(await stored(ev.id)).toBe(before);
    // admin:save-event still may not change them.
    const changed = structuredClone(ev);
    changed.tracks[0]!.awards = vacantFirst;
    expect(await send(admin, 'admin:save-event', { config: changed })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    // The panel leaves first prize vacant: the ranks and scores stay, the prizes move down.
    const boards: Array<{ trackId: string; rows: Array<{ team: { id: string }; award: string | null }> }> = [];
    display.on('board:leaderboard', (b) => boards.push(b as unknown as (typeof boards)[number]));
    const { auditId } = await ok(admin, 'admin:set-awards', { eventId: ev.id, trackId: 'T01', awards: vacantFirst, reason: '评审组合议：一等奖空缺' });
    expect(await awards()).toEqual([['r1t1', 1, 'second'], ['r1t2', 2, 'third'], ['r1t3', 3, 'merit']]);
    expect((await server.store.getEvent(ev.id))!.tracks[0]!.awards).toEqual(vacantFirst);
    expect(JSON.stringify(await Promise.all(['r1t1', 'r1t2', 'r1t3'].map((t) => server.store.redis.get(eventKeys(ev.id).agg(t)))))).toBe(aggregates);
    await eventually(() => expect(boards.at(-1)?.rows.map((r) => [r.team.id, r.award])).toEqual([['r1t1', 'second'], ['r1t2', 'third'], ['r1t3', 'merit']]));
    const entry = (await server.store.audit(ev.id)).find((e) => e.id === auditId)!;
    expect(entry).toMatchObject({ action: 'track.awards', actor: 'admin', role: 'admin', reason: '评审组合议：一等奖空缺' });
    expect(JSON.parse(entry.before)).toEqual({ first: 1, second: 2, third: 5, merit: 0, specialPoolPercent: 20 });
    expect(JSON.parse(entry.after)).toEqual(vacantFirst);
  });
});

/** Uploads rows as an .xlsx to the import endpoint; `query` such as commit=1&confirm=1. */
async function upload(eventId: string, kind: 'teams' | 'judges', rows: string[][], query: string) {
  const res = await fetch(`${server.url}/api/events/${eventId}/import/${kind}?${query}&filename=import.xlsx`, {
    method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(await xlsxBuffer([[...TEMPLATE_COLUMNS[kind]], ...rows])),
  });
  return ((await res.json()) as { data: Record<string, unknown> & { saved: boolean; errors: Array<{ row: number; column: string; message: string }> } }).data;
}

const TOPIC = '产业链协同与供应链风险预警';
const team = (project: string, leadOrg: string, track = '工业制造', topic = TOPIC) => [project, '', leadOrg, '', track, topic, '张三'];
const A = team('基于工业互联网标识解析的高端装备产业链数据协同平台', '广州数联智能科技有限公司');
const B = team('面向新能源汽车全生命周期的多源异构数据融合与碳足迹核算服务', '华南理工大学');
const C = team('重点工序碳排放智能监测与协同减排数据平台', '广东省智能制造研究所', '工业制造', '重点工序碳排放智能监测与协同减排');

describe('import errors name what is valid', () => {
  it('flags a topic that is not one of its track\'s, and answers with every track and its topics', async () => {
    await ok(admin, 'admin:create-event', { id: 'topics', name: '赛题方向检查', presetId: 'sjys-2026-guangdong' });
    const out = await upload('topics', 'teams', [A, team('数据要素赋能城市治理平台', '某某公司', '工业制造', '推动制造业数据协同共享'), team('X 平台', '某公司', '工业制造赛道', '')], 'commit=1');
    expect(out.saved).toBe(false);
    expect(out.errors).toEqual([{ row: 3, column: '赛题方向', message: '第 3 行：「推动制造业数据协同共享」不是赛道「工业制造」的赛题方向' }]);
    const valid = out.valid as Array<{ name: string; code: string; topics: string[] }>;
    expect(valid).toHaveLength(17);
    expect(valid[0]).toMatchObject({ name: '工业制造', code: 'T01' });
    expect(valid[0]!.topics).toContain(TOPIC);
    expect((await server.store.getEvent('topics'))!.teams).toEqual([]);
  });
});

describe('re-importing teams once some are scored', () => {
  it('keeps every team\'s id by project name, shows what would change, and saves only when confirmed', async () => {
    await ok(admin, 'admin:create-event', { id: 'reimport', name: '重新导入', presetId: 'sjys-2026-guangdong' });
    expect((await upload('reimport', 'teams', [A, B, C], 'commit=1')).saved).toBe(true);
    const judges = ['陈立新', '黄慧敏', '周建国'].map((n, i) => [n, `评审单位${i + 1}`, '教授', '第一评审组', '工业制造']);
    expect((await upload('reimport', 'judges', judges, 'commit=1')).saved).toBe(true);
    let ev = (await server.store.getEvent('reimport'))!;
    expect(ev.teams.map((t) => [t.id, t.project])).toEqual([['t001', A[0]], ['t002', B[0]], ['t003', C[0]]]);
    // B is scored by one judge.
    await openScoringFor(server.store, new Rooms(server.store), 'reimport', 'room1', 't002');
    expect(await server.store.submitSheet({ eventId: 'reimport', roomId: 'room1', teamId: 't002', judgeId: 'j001', sid: 'reimport-sid-1',
      values: { criteria: { solution: 20000, model: 15000, effect: 20000, promotion: 10000, ip: 4000, defense: 8000 } },
      actor: { id: 'j001', role: 'judge' } })).toMatchObject({ ok: true });
    const stored = async () => JSON.stringify([await server.store.getEvent('reimport'), await server.store.redis.xlen(eventKeys('reimport').audit)]);
    const before = await stored();

    // Another order, A renamed, B's organisation changed, D new: nothing is saved without the confirmation.
    const A2 = team('基于工业互联网标识解析的高端装备产业链数据协同与质量追溯平台', A[2]!);
    const B2 = team(B[0]!, '华南理工大学（联合体牵头）');
    const D = team('具身智能驱动的机器人作业协同优化平台', '深圳某某机器人有限公司', '工业制造', '具身智能驱动的机器人作业与协同优化');
    const asked = await upload('reimport', 'teams', [C, B2, A2, D], 'commit=1');
    expect(asked).toMatchObject({ saved: false, errors: [], blocked: [], needsConfirm: true });
    expect(asked.diff).toEqual({
      added: [{ id: 't004', project: A2[0] }, { id: 't005', project: D[0] }],
      removed: [{ id: 't001', project: A[0], scored: false }],
      changed: [{ id: 't002', project: B[0], scored: true, fields: [{ field: 'leadOrg', before: '华南理工大学', after: '华南理工大学（联合体牵头）' }] }],
    });
    expect(await stored()).toBe(before);

    const confirmed = await upload('reimport', 'teams', [C, B2, A2, D], 'commit=1&confirm=1');
    expect(confirmed.saved).toBe(true);
    ev = (await server.store.getEvent('reimport'))!;
    expect(ev.teams.map((t) => [t.id, t.project])).toEqual([['t003', C[0]], ['t002', B[0]], ['t004', A2[0]], ['t005', D[0]]]);
    expect(Object.keys(await server.store.sheets('reimport', 't002'))).toEqual(['j001']);
    const entry = (await server.store.audit('reimport')).filter((e) => e.action === 'event.import-teams').at(-1)!;
    expect(JSON.parse(entry.after)).toMatchObject({ teams: 4, added: ['t004', 't005'], removed: ['t001'], changed: ['t002'] });

    // The scored team left out, or moved to another track: refused, even when confirmed.
    const after = await stored();
    for (const [rows, words] of [
      [[C, A2, D], `团队「${B[0]}」已有评分，导入文件里没有它`],
      [[C, team(B[0]!, B2[2]!, '现代农业', ''), A2, D], `团队「${B[0]}」已有评分，不能改到其他赛道`],
    ] as const) {
      const refused = await upload('reimport', 'teams', rows as unknown as string[][], 'commit=1&confirm=1');
      expect(refused.saved).toBe(false);
      expect((refused.blocked as string[]).join('；')).toContain(words);
      expect(await stored()).toBe(after);
    }
  });
});
