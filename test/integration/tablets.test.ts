// The tablets' health on the host's panel board (issue 17 point 3), over real sockets and Redis: a judge's tablet
// reports its state with judge:status, the host's (and supervisor's) panel board carries it; bad reports, reports too
// often and reports from other roles are refused with a clear error and change nothing; a tablet reports only for its own judge.
import { beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../server/budgets';
import { eventKeys } from '../../server/store/keys';
import { TABLET_STATUS_TTL_S, type EventLinks, type PanelView } from '../../shared/protocol';
import { makeEvent } from '../helpers/fixtures';
import { eventually, ok, record, send, useServer, type Client } from '../helpers/server';

const server = useServer();
const ev = makeEvent({ id: 'tablets', rooms: 2, teams: 2, judges: 3 });
let links: EventLinks;
let host: Client;
let panels: Array<[string, unknown]>;

const tokenOf = (judge: string) => links.judges.find((j) => j.judgeId === judge)!.token;
const board = () => panels.filter(([e]) => e === 'room:panel').map(([, p]) => p as PanelView).at(-1);
const tabletOf = (judge: string) => board()?.judges.find((j) => j.id === judge)?.tablet;

beforeAll(async () => {
  links = await server.setup(ev);
  host = await server.client({ token: links.rooms[0]!.host.token });
  panels = record(host);
  await eventually(() => expect(board()).toBeDefined());
});

describe('judge:status', () => {
  it('puts the tablet’s report on the host’s and the supervisor’s panel boards, kept in Redis for a short time', async () => {
    const judge = await server.client({ token: tokenOf('r1j1') });
    const supervisor = record(await server.client({ token: links.supervisor.token }));
    const before = Date.now();
    const { heardAt } = await ok(judge, 'judge:status', { visible: true, team: 'r1t1', outbox: 0, battery: 0.8 });
    expect(heardAt).toBeGreaterThanOrEqual(before);
    await eventually(() => expect(tabletOf('r1j1')).toEqual({ visible: true, team: 'r1t1', outbox: 0, battery: 0.8, heardAt }));
    expect(tabletOf('r1j2')).toBeNull();

    // Asleep, with two sheets in its outbox, on a browser with no battery API: the next report replaces the first.
    const second = await ok(judge, 'judge:status', { visible: false, team: 'r1t1', outbox: 2, battery: null });
    await eventually(() => expect(tabletOf('r1j1')).toEqual({ visible: false, team: 'r1t1', outbox: 2, battery: null, heardAt: second.heardAt }));
    const supBoard = () => supervisor.filter(([e]) => e === 'room:panel').map(([, p]) => p as PanelView).filter((p) => p.roomId === 'room1').at(-1);
    await eventually(() => expect(supBoard()?.judges.find((j) => j.id === 'r1j1')?.tablet).toMatchObject({ visible: false, outbox: 2 }));

    // In Redis with a short time to live (every process's board reads it there); a new host gets it in its snapshot.
    const ttl = await server.store.redis.ttl(eventKeys(ev.id).tablet('r1j1'));
    expect(ttl).toBeGreaterThan(TABLET_STATUS_TTL_S - 5);
    expect(ttl).toBeLessThanOrEqual(TABLET_STATUS_TTL_S);
    const late = record(await server.client({ token: links.rooms[0]!.host.token }));
    await eventually(() => expect((late.find(([e]) => e === 'room:panel')?.[1] as PanelView | undefined)?.judges[0]?.tablet)
      .toMatchObject({ visible: false, outbox: 2 }));

    // Once the report has expired, the board shows no tablet report for that judge.
    await server.store.redis.del(eventKeys(ev.id).tablet('r1j1'));
    await ok(await server.client({ token: tokenOf('r1j2') }), 'judge:status', { visible: true, team: null, outbox: 0, battery: null });
    await eventually(() => expect(tabletOf('r1j2')).toMatchObject({ visible: true }));
    expect(tabletOf('r1j1')).toBeNull();
  });

  it('refuses a bad report with a clear error and changes nothing', async () => {
    const judge = await server.client({ token: tokenOf('r1j3') });
    await ok(judge, 'judge:status', { visible: true, team: 'r1t2', outbox: 1, battery: 0.5 });
    await eventually(() => expect(tabletOf('r1j3')).toMatchObject({ team: 'r1t2' }));
    const stored = await server.store.redis.get(eventKeys(ev.id).tablet('r1j3'));
    const bad: Array<[unknown, string]> = [
      [{ visible: 'yes', team: null, outbox: 0, battery: null }, 'visible'],
      [{ visible: true, team: null, outbox: -1, battery: null }, 'outbox'],
      [{ visible: true, team: null, outbox: 1.5, battery: null }, 'outbox'],
      [{ visible: true, team: null, outbox: 0, battery: 1.2 }, 'battery'],
      [{ visible: true, team: 'no spaces', outbox: 0, battery: null }, 'team'],
      [{ visible: true, team: null, outbox: 0 }, 'battery'],
      [null, ''],
    ];
    for (const [payload, field] of bad) {
      const ack = await send(judge, 'judge:status', payload);
      expect(ack).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', reason: 'bad-payload' } });
      if (!ack.ok) expect(ack.error.message).toContain(field);
    }
    expect(await server.store.redis.get(eventKeys(ev.id).tablet('r1j3'))).toBe(stored);
    expect(tabletOf('r1j3')).toMatchObject({ visible: true, team: 'r1t2', outbox: 1, battery: 0.5 });
  });

  it('lets a tablet report only for its own judge, and only a judge report', async () => {
    const judge = await server.client({ token: tokenOf('r1j2') });
    // No judge field: naming another judge is an unknown key, refused.
    const other = await send(judge, 'judge:status', { judge: 'r1j1', visible: false, team: null, outbox: 9, battery: 0.01 });
    expect(other).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', reason: 'bad-payload' } });
    expect(await server.store.redis.get(eventKeys(ev.id).tablet('r1j1'))).toBeNull();
    // A host (or a supervisor) cannot report for a tablet.
    expect(await send(host, 'judge:status', { visible: false, team: null, outbox: 9, battery: 0.01 }))
      .toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(tabletOf('r1j1')).toBeNull();
    // A judge of another room reports to their own room's board only.
    const panels2 = record(await server.client({ token: links.rooms[1]!.host.token }));
    await ok(await server.client({ token: tokenOf('r2j1') }), 'judge:status', { visible: true, team: 'r2t1', outbox: 0, battery: null });
    await eventually(() => expect((panels2.filter(([e]) => e === 'room:panel').at(-1)?.[1] as PanelView).judges[0]?.tablet).toMatchObject({ team: 'r2t1' }));
    expect(board()?.judges.map((j) => j.id)).toEqual(['r1j1', 'r1j2', 'r1j3']);
  });

  it('refuses reports past the tablet’s budget, and keeps the socket', async () => {
    const judge = await server.client({ token: tokenOf('r1j1') });
    const status = { visible: true, team: null, outbox: 0, battery: null };
    const acks = await Promise.all(Array.from({ length: LIMITS.tabletStatus.burst + 3 }, () => send(judge, 'judge:status', status)));
    expect(acks.filter((a) => a.ok)).toHaveLength(LIMITS.tabletStatus.burst);
    expect(acks.filter((a) => !a.ok)).toEqual(Array(3).fill({ ok: false, error: expect.objectContaining({ code: 'RATE_LIMITED', reason: 'status-too-often' }) }));
    expect(judge.connected).toBe(true);
    expect(await ok(judge, 'time:ping', {})).toHaveProperty('serverNow');
  });
});
