// Who hears about a change (server/topics.ts, server/notify.ts), over a real Redis, the real server and real sockets: for
// every command that changes a topic, every connected role that may see it receives it, and no socket receives a topic
// (or a key of it: another room, another judge) it may not see; and on connect each role is sent the current value of
// what it follows, and nothing else. What each may see is written out here, from the product's secrecy rules, not read
// from the table under test.
import { beforeAll, describe, expect, it } from 'vitest';
import type { AudienceWelcome, BoardView, CommandName, JudgeView, PanelView, RoomPatch, RoomView, SupervisorSheets } from '../../shared/protocol';
import { makeKey, signerOf } from '../../client/judge/signing';
import { makeEvent } from '../helpers/fixtures';
import { eventually, ok, record, useServer, type Client } from '../helpers/server';

const server = useServer({ revealSpeed: 20 });
const ev = makeEvent({ id: 'topics', rooms: 2, teams: 3, judges: 3, track: { criteria: [], total: { maxMilli: 100_000, stepMilli: 10 } } });
for (const t of ev.tracks) t.rules = { ...t.rules, tieBreak: [], criteriaOrder: [] };

/** One value a client may hear of: a topic and its key (a room, a judge, a track, a team; the audit log has none). */
interface Heard { topic: 'room' | 'panel' | 'judge' | 'board' | 'sheets' | 'audit'; key: string; sheet?: boolean }

const SOCKETS = ['host1', 'display1', 'r1j1', 'r1j2', 'r1j3', 'host2', 'display2', 'r2j1', 'supervisor', 'audience', 'admin'] as const;
type Name = (typeof SOCKETS)[number];

const roomOf = (n: Name) => `room${/^r\d/.test(n) ? n[1] : n.at(-1)}`;
/**
 * What each socket may see. The hosts and projectors hear every track's leaderboard (each shows its room's tracks); a
 * judge hears its room and its own state; the phones every room but not single sheets; supervisors all but judges' states.
 */
const MAY_SEE: Record<Name, (h: Heard) => boolean> = Object.fromEntries(SOCKETS.map((n) => {
  const see = n.startsWith('host') ? (h: Heard) => h.topic === 'board' || ((h.topic === 'room' || h.topic === 'panel') && h.key === roomOf(n))
    : n.startsWith('display') ? (h: Heard) => h.topic === 'board' || (h.topic === 'room' && h.key === roomOf(n))
      : n.startsWith('r') ? (h: Heard) => (h.topic === 'room' && h.key === roomOf(n)) || (h.topic === 'judge' && h.key === n)
        : n === 'supervisor' ? (h: Heard) => h.topic !== 'judge'
          : n === 'audience' ? (h: Heard) => h.topic === 'board' || (h.topic === 'room' && !h.sheet)
            : () => false;
  return [n, see];
})) as Record<Name, (h: Heard) => boolean>;

/** The topic and key of a message a client received, or null for one that is no topic (hello, storage, reload). */
function heardOf([event, payload]: [string, unknown]): string[] | null {
  switch (event) {
    case 'room:snapshot': return [`room:${(payload as RoomView).roomId}`];
    case 'room:patch': return [`room:${(payload as RoomPatch).roomId}`];
    case 'room:panel': return [`panel:${(payload as PanelView).roomId}`];
    case 'judge:state': return [`judge:${(payload as JudgeView).judge.id}`];
    case 'board:leaderboard': return [`board:${(payload as BoardView).trackId}`];
    case 'supervisor:sheets': return Object.keys((payload as SupervisorSheets).sheets).map((t) => `sheets:${t}`);
    case 'audit:entry': return ['audit:'];
    case 'audience:welcome': {
      const { rooms, boards } = payload as AudienceWelcome;
      return [...rooms.map((r) => `room:${r.roomId}`), ...boards.map((b) => `board:${b.trackId}`)];
    }
    default: return null;
  }
}

const clients = {} as Record<Name, Client>;
const frames = {} as Record<Name, Array<[string, unknown]>>;
let hosts: Record<'room1' | 'room2', Client>;
let admin: Client;
let adminToken = '';
let links: Awaited<ReturnType<typeof server.setup>>;
const judgeToken = (id: string) => links.judges.find((j) => j.judgeId === id)!.token;

beforeAll(async () => {
  links = await server.setup(ev);
  const res = await fetch(`${server.url}/api/admin/setup`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'correct horse battery' }),
  });
  adminToken = ((await res.json()) as { data: { token: string } }).data.token;
  const auth: Record<Name, Record<string, unknown>> = {
    host1: { token: links.rooms[0]!.host.token }, display1: { token: links.rooms[0]!.display.token },
    r1j1: { token: judgeToken('r1j1') }, r1j2: { token: judgeToken('r1j2') }, r1j3: { token: judgeToken('r1j3') },
    host2: { token: links.rooms[1]!.host.token }, display2: { token: links.rooms[1]!.display.token }, r2j1: { token: judgeToken('r2j1') },
    supervisor: { token: links.supervisor.token }, audience: { audience: ev.id }, admin: { token: adminToken },
  };
  for (const n of SOCKETS) {
    clients[n] = await server.client(auth[n]);
    frames[n] = record(clients[n]);
  }
  hosts = { room1: clients.host1, room2: clients.host2 };
  admin = clients.admin;
  // Every socket's subscription (and the judges' presence on the panel boards) has arrived before the first step.
  await eventually(() => {
    expect(frames.audience.some(([e]) => e === 'audience:welcome')).toBe(true);
    for (const n of ['host1', 'host2', 'supervisor'] as const) {
      const connected = frames[n].filter(([e]) => e === 'room:panel').map(([, p]) => (p as PanelView).judges.filter((j) => j.connected).length);
      expect(connected).toContain(n === 'host2' ? 1 : 3);
    }
  });
  await new Promise((r) => setTimeout(r, 100));
});

/** The touches of a change to a room's record: its view, its panel board, each of its judges' states. */
const roomTouched = (roomId: string): Heard[] => [
  { topic: 'room', key: roomId }, { topic: 'panel', key: roomId },
  ...ev.rooms.find((r) => r.id === roomId)!.panel.map((j) => ({ topic: 'judge', key: j }) as const),
];
const AUDIT: Heard = { topic: 'audit', key: '' };
/** A configuration change: every room, panel, judge state and board of the event again, after its audit entry. */
const EVERYTHING: Heard[] = [AUDIT, ...ev.rooms.flatMap((r) => roomTouched(r.id)), ...ev.tracks.map((t) => ({ topic: 'board', key: t.id }) as const)];

/**
 * Runs `change` with every recorder empty, waits until each socket has received every value it may see of `heard`, then
 * a moment more, and checks that no socket received a value outside them (`settled`: what else to wait for first).
 */
async function step(change: () => Promise<unknown>, heard: Heard[], settled?: () => void): Promise<void> {
  for (const n of SOCKETS) frames[n].length = 0;
  await change();
  const expected = Object.fromEntries(SOCKETS.map((n) => [n, [...new Set(heard.filter(MAY_SEE[n]).map((h) => `${h.topic}:${h.key}`))].sort()]));
  const received = () => Object.fromEntries(SOCKETS.map((n) => [n, [...new Set(frames[n].flatMap((f) => heardOf(f) ?? []))].sort()]));
  await eventually(() => {
    expect(received()).toEqual(expected);
    settled?.();
  });
  await new Promise((r) => setTimeout(r, 150));
  expect(received()).toEqual(expected);
}

/** A host command of room1 (room2's host for room2), through the room machine: the room, its panel, judges, the audit. */
const host = (name: CommandName, payload: unknown = {}, roomId: 'room1' | 'room2' = 'room1') =>
  step(() => ok(hosts[roomId], name, payload), [...roomTouched(roomId), AUDIT]);

const submit = (judge: 'r1j1' | 'r1j2' | 'r1j3', team: string, total: number) =>
  step(() => ok(clients[judge], 'score:submit', { sid: `topics-${judge}-${team}`, team, values: { total } }), [
    { topic: 'room', key: 'room1', sheet: true }, { topic: 'judge', key: judge }, { topic: 'panel', key: 'room1' },
    { topic: 'sheets', key: team }, AUDIT,
  ]);

/** The reveal of room1's team on stage: the board too; held from the projector and phones until the projector has shown it. */
async function reveal(team: string): Promise<void> {
  const board = (n: Name) => frames[n].filter(([e]) => e === 'board:leaderboard').map(([, b]) => (b as BoardView).rows.map((r) => r.team.id));
  await step(() => ok(clients.host1, 'room:reveal', {}), [...roomTouched('room1'), { topic: 'board', key: 'T01' }, AUDIT], () => {
    // Released: the phones and projectors have the team on their board at last.
    expect(board('audience').at(-1)).toContain(team);
    expect(board('display1').at(-1)).toContain(team);
  });
  expect(board('host1')[0]).toContain(team);
  expect(board('audience')[0]).not.toContain(team);
  expect(board('display2')[0]).not.toContain(team);
}

describe('topics reach exactly who may see them', () => {
  it('after every command of a host, a judge and the admin that changes a topic', async () => {
    await host('room:draw', { seed: 'topics' });
    await host('room:set-order', { order: ['r1t1', 'r1t2', 'r1t3'] });
    await host('display:set-mode', { mode: 'leaderboard' });
    await host('display:ceremony', { step: 1 });
    await host('display:set-mode', { mode: 'auto' });
    await host('room:pause');
    await host('room:resume');
    await host('room:call', { team: 'r2t1' }, 'room2');

    await host('room:call', { team: 'r1t1' });
    await host('room:start-presentation');
    await host('timer:adjust', { action: 'extend', seconds: 10 });
    await host('room:start-qa');
    await host('room:back');
    await host('room:start-qa');
    await host('room:open-scoring');
    await submit('r1j1', 'r1t1', 82_000);
    await submit('r1j2', 'r1t1', 82_000);
    await host('room:close-scoring', { reason: '测试' });
    await host('room:reopen-judge', { judge: 'r1j3', reason: '测试' });
    await submit('r1j3', 'r1t1', 82_000);
    await host('room:close-scoring', { reason: '测试' });
    await reveal('r1t1');

    await host('room:call', { team: 'r1t2' });
    await host('room:open-scoring');
    for (const j of ['r1j1', 'r1j2', 'r1j3'] as const) await submit(j, 'r1t2', 82_000);
    await host('room:close-scoring', {});
    await reveal('r1t2');
    await host('room:mark-absent', { team: 'r1t3' });
    await step(() => ok(clients.host1, 'room:resolve-tie', { teams: ['r1t2', 'r1t1'], reason: '合议' }),
      [{ topic: 'board', key: 'T01' }, ...roomTouched('room1'), AUDIT]);
    await step(() => ok(clients.host1, 'score:correct', { team: 'r1t1', judge: 'r1j1', values: { total: 83_000 }, reason: '录入错误' }),
      [...roomTouched('room1'), { topic: 'board', key: 'T01' }, { topic: 'sheets', key: 'r1t1' }, AUDIT]);
    await host('room:finish');
    await host('room:restart');

    const signer = signerOf(await makeKey(true));
    await step(() => ok(clients.r1j1, 'judge:register-key', { spki: signer.spki, extractable: false }), [AUDIT]);

    await step(() => ok(admin, 'admin:save-event', { config: { ...ev, name: '改名的赛事' } }), EVERYTHING);
    await step(() => ok(admin, 'admin:edit-team', { eventId: ev.id, team: { ...ev.teams[4]!, project: '新项目名' }, reason: '' }), EVERYTHING);
    await step(() => ok(admin, 'admin:edit-judge', { eventId: ev.id, judge: { ...ev.judges[4]!, org: '新单位' }, reason: '' }), EVERYTHING);
    await step(() => ok(admin, 'admin:set-awards', { eventId: ev.id, trackId: 'T01', awards: { ...ev.tracks[0]!.awards, merit: 1 }, reason: '合议' }),
      EVERYTHING);
    // Every room's view carries the live page's address (the projectors' QR codes).
    await step(() => ok(admin, 'admin:set-link-base', { eventId: ev.id, base: 'http://10.0.0.2:3000' }), [AUDIT, ...ev.rooms.flatMap((r) => roomTouched(r.id))]);
    // Another event's change reaches no one of this one.
    await step(() => ok(admin, 'admin:create-event', { id: 'topics-other', name: '另一赛事', presetId: null }), []);
  });

  it('a judge coming and going changes its room\'s panel board, for its host and the supervisors', async () => {
    let judge: Client | null = null;
    await step(async () => { judge = await server.client({ token: judgeToken('r2j2') }); }, [{ topic: 'panel', key: 'room2' }]);
    await step(async () => { judge!.disconnect(); }, [{ topic: 'panel', key: 'room2' }]);
  });

  it('on connect, each role is sent the current value of what it follows, and nothing else', async () => {
    // After the steps above, room1's two teams have sheets. Hosts and projectors are sent their room's boards.
    const connects: Array<[Record<string, unknown>, string[]]> = [
      [{ token: links.rooms[0]!.host.token }, ['board:T01', 'panel:room1', 'room:room1']],
      [{ token: links.rooms[1]!.display.token }, ['board:T02', 'room:room2']],
      [{ token: judgeToken('r1j2') }, ['judge:r1j2', 'room:room1']],
      [{ token: links.supervisor.token }, ['board:T01', 'board:T02', 'panel:room1', 'panel:room2', 'room:room1', 'room:room2', 'sheets:r1t1', 'sheets:r1t2']],
      [{ audience: ev.id }, ['board:T01', 'board:T02', 'room:room1', 'room:room2']],
      [{ token: adminToken }, []],
    ];
    for (const [auth, expected] of connects) {
      const socket = await server.client(auth);
      const got = record(socket);
      const heard = () => [...new Set(got.flatMap((f) => heardOf(f) ?? []))].sort();
      await eventually(() => expect(heard()).toEqual(expected));
      await new Promise((r) => setTimeout(r, 150));
      expect(heard()).toEqual(expected);
      socket.disconnect();
    }
  });
});
