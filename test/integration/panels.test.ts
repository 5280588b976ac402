// A judge on the panels of two rooms (issue 17 point 3), over real sockets and Redis: the judge's one connection
// follows both rooms (their views and the judge's state in each), is online on both panel boards, scores the team on
// stage in each room; the room a sheet names is checked against the judge's panels at every command (a room not theirs,
// or no longer theirs, is refused and nothing is stored), and a judge of one panel cannot score in the other room.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SheetValues } from '../../shared/evidence';
import type { EventLinks, JudgeView, PanelView, RoomView } from '../../shared/protocol';
import { makeEvent } from '../helpers/fixtures';
import { eventually, ok, record, send, useServer, type Client } from '../helpers/server';

const server = useServer();
const ev = makeEvent({ id: 'two-panels', rooms: 2, teams: 2, judges: 3 });
ev.rooms[1]!.panel.push('r1j1'); // r1j1 sits on both panels
let links: EventLinks;
let hosts: Client[];
let boards: Array<Array<[string, unknown]>>;

const tokenOf = (judge: string) => links.judges.find((j) => j.judgeId === judge)!.token;
/** A valid sheet of the default template adding up to `total`. */
const values = (total: number): SheetValues => {
  const criteria: Record<string, number> = {};
  let left = total;
  for (const [id, max] of [['solution', 25], ['model', 20], ['effect', 25], ['promotion', 15], ['ip', 5], ['defense', 10]] as const) {
    criteria[id] = Math.min(max, left) * 1000;
    left -= Math.min(max, left);
  }
  return { criteria };
};
const last = <T>(frames: Array<[string, unknown]>, event: string, pick: (v: T) => boolean = () => true) =>
  frames.filter(([e, v]) => e === event && pick(v as T)).map(([, v]) => v as T).at(-1);
const onBoard = (room: number, judge: string) => last<PanelView>(boards[room]!, 'room:panel')?.judges.find((j) => j.id === judge);

beforeAll(async () => {
  links = await server.setup(ev);
  hosts = await Promise.all(links.rooms.map((r) => server.client({ token: r.host.token })));
  boards = hosts.map(record);
  await ok(hosts[0]!, 'room:call', { team: 'r1t1' });
  await ok(hosts[0]!, 'room:open-scoring', {});
  await ok(hosts[1]!, 'room:call', { team: 'r2t1' });
  await ok(hosts[1]!, 'room:open-scoring', {});
});

describe('a judge on two panels', () => {
  it('follows both rooms on one connection and scores in both', async () => {
    const judge = await server.client({ token: tokenOf('r1j1') });
    const frames = record(judge);
    expect((await server.hello(judge)).roomId).toBe('room1');
    await eventually(() => {
      for (const room of ['room1', 'room2']) {
        expect(last<RoomView>(frames, 'room:snapshot', (v) => v.roomId === room)?.phase).toBe('scoring');
        expect(last<JudgeView>(frames, 'judge:state', (v) => v.roomId === room)?.canScore).toBe(true);
      }
    });
    expect(last<JudgeView>(frames, 'judge:state', (v) => v.roomId === 'room2')?.roomName).toBe('第2会场');
    await eventually(() => {
      expect(onBoard(0, 'r1j1')?.connected).toBe(true);
      expect(onBoard(1, 'r1j1')?.connected).toBe(true);
    });

    expect(await ok(judge, 'score:submit', { sid: 'two-panels-r1t1', team: 'r1t1', room: 'room1', values: values(80) })).toMatchObject({ version: 1, total: 80_000 });
    expect(await ok(judge, 'score:submit', { sid: 'two-panels-r2t1', team: 'r2t1', room: 'room2', values: values(70) })).toMatchObject({ version: 1, total: 70_000 });
    // Each room's board and the judge's state in each room have their own sheet.
    await eventually(() => {
      expect(onBoard(0, 'r1j1')?.submittedAt).not.toBeNull();
      expect(onBoard(1, 'r1j1')?.submittedAt).not.toBeNull();
      expect(last<JudgeView>(frames, 'judge:state', (v) => v.roomId === 'room2')?.sheets).toEqual([expect.objectContaining({ team: 'r2t1', total: 70_000 })]);
      expect(last<JudgeView>(frames, 'judge:state', (v) => v.roomId === 'room1')?.sheets).toEqual([expect.objectContaining({ team: 'r1t1', total: 80_000 })]);
    });
    // A sheet without a room (a tablet of before) goes to the judge's room running the team's track.
    expect(await ok(judge, 'score:submit', { sid: 'two-panels-r2t1-2', team: 'r2t1', values: values(71) })).toMatchObject({ version: 2, total: 71_000 });
    // The tablet's report is on both boards.
    await ok(judge, 'judge:status', { visible: true, team: 'r2t1', outbox: 0, battery: null });
    await eventually(() => {
      expect(onBoard(0, 'r1j1')?.tablet).toMatchObject({ team: 'r2t1' });
      expect(onBoard(1, 'r1j1')?.tablet).toMatchObject({ team: 'r2t1' });
    });
  });

  it('checks the room of every sheet against the judge’s panels, and changes nothing when refused', async () => {
    const judge = await server.client({ token: tokenOf('r1j1') });
    const before = await server.store.sheets(ev.id, 'r2t1');
    // A room that is not the judge's, a room with another team on stage.
    expect(await send(judge, 'score:submit', { sid: 'two-panels-bad-1', team: 'r2t1', room: 'room9', values: values(60) }))
      .toMatchObject({ ok: false, error: { code: 'NOT_ON_PANEL', reason: 'judge-not-on-panel', params: { judge: '评委1-1' } } });
    expect(await send(judge, 'score:submit', { sid: 'two-panels-bad-2', team: 'r2t1', room: 'room1', values: values(60) })).toMatchObject({ ok: false });
    // A judge of room 1 only cannot score in room 2, naming it or not.
    const other = await server.client({ token: tokenOf('r1j2') });
    expect(await send(other, 'score:submit', { sid: 'two-panels-bad-3', team: 'r2t1', room: 'room2', values: values(60) }))
      .toMatchObject({ ok: false, error: { reason: 'judge-not-on-panel', params: { judge: '评委1-2' } } });
    expect(await send(other, 'score:submit', { sid: 'two-panels-bad-4', team: 'r2t1', values: values(60) })).toMatchObject({ ok: false });
    expect(await server.store.sheets(ev.id, 'r2t1')).toEqual(before);

    // Taken off room 2's panel: the judge's next sheet there is refused at once, on the connection they already have.
    const moved = structuredClone(ev);
    moved.rooms[1]!.panel = moved.rooms[1]!.panel.filter((j) => j !== 'r1j1');
    await server.store.saveEvent(moved);
    expect(await send(judge, 'score:submit', { sid: 'two-panels-bad-5', team: 'r2t1', room: 'room2', values: values(60) }))
      .toMatchObject({ ok: false, error: { reason: 'judge-not-on-panel' } });
    expect(await server.store.sheets(ev.id, 'r2t1')).toEqual(before);
    expect(await ok(judge, 'score:submit', { sid: 'two-panels-r1t1-2', team: 'r1t1', room: 'room1', values: values(81) })).toMatchObject({ version: 2 });
  });
});
