// Roles, enforced on the server: the role x command matrix in every phase over real sockets (forbidden: FORBIDDEN and
// nothing changes; any refusal changes nothing), the handshake, rooms bound to tokens, bad payloads, and revocation. A
// watching role with a budget (server/budgets.ts) that is dropped for sending what it may not is connected again.
import { beforeAll, describe, expect, it } from 'vitest';
import { PHASES, type Phase } from '../../shared/phases';
import { COMMAND_ROLES, ERROR_CODES, schemas, type CommandName, type Role } from '../../shared/protocol';
import { LIMITS } from '../../server/budgets';
import { emptyRoomState, type RoomRecord } from '../../server/store/index';
import { eventKeys } from '../../server/store/keys';
import { makeEvent } from '../helpers/fixtures';
import { eventually, ok, send, useServer, type Client } from '../helpers/server';
import { HOST } from '../helpers/turns';

// The matrix drops the phone and the projector for each command they may not send, and connects them again at once: the
// backoff a dropped phone's address then earns (the flooder's slowdown, checked in attacks.test.ts) is lifted here, or
// each phase would wait seconds for a reconnection.
const server = useServer({ limits: { ...LIMITS, phoneDrops: { ...LIMITS.phoneDrops, freePerKey: Infinity, freeInAll: Infinity } } });
const ev = makeEvent({ id: 'matrix', rooms: 2, teams: 3, judges: 5 });
ev.judges.push({ id: 'spare', name: '备用评委', org: '', title: '' });
const other = makeEvent({ id: 'matrix-other', teams: 1, judges: 3 });
const clients = {} as Record<Role, Client>;
const auths = {} as Record<Role, Record<string, unknown>>;
let adminToken = '';

beforeAll(async () => {
  const links = await server.setup(ev);
  const res = await fetch(`${server.url}/api/admin/setup`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'correct horse battery' }),
  });
  adminToken = ((await res.json()) as { data: { token: string } }).data.token;
  Object.assign(auths, {
    admin: { token: adminToken }, host: { token: links.rooms[0]!.host.token },
    judge: { token: links.judges.find((j) => j.judgeId === 'r1j1')!.token }, display: { token: links.rooms[0]!.display.token },
    audience: { audience: ev.id }, supervisor: { token: links.supervisor.token },
  });
  const codes = await ok(await server.client({ token: adminToken }), 'admin:voter-codes', { eventId: ev.id, add: 1 });
  auths.voter = { voter: { event: ev.id, code: codes[0]!.code, device: 'matrix-voter-device-1' } };
  for (const role of Object.keys(auths) as Role[]) clients[role] = await server.client(auths[role]);
});

let seq = 0;
const SHEET = { criteria: { solution: 20000, model: 15000, effect: 20000, promotion: 10000, ip: 4000, defense: 8000 } };
/** A payload of the right shape for each command. */
function payloadFor(name: CommandName): unknown {
  seq += 1;
  switch (name) {
    case 'room:call': return { team: 'r1t2' };
    case 'room:close-scoring': return { reason: '测试' };
    case 'room:reopen-judge': return { judge: 'r1j1', reason: '测试' };
    case 'room:mark-absent': return { team: 'r1t3' };
    case 'room:set-order': return { order: ['r1t1', 'r1t2', 'r1t3'] };
    case 'room:draw': return { seed: `seed-${seq}` };
    case 'timer:adjust': return { action: 'extend', seconds: 10 };
    case 'score:submit': return { sid: `matrix-${seq}-sid`, team: 'r1t1', values: SHEET };
    case 'audit:read': return { limit: 1 };
    case 'special:open-ballot': case 'special:close-ballot': case 'special:announce': return { trackId: 'T01' };
    case 'special:decide': return { trackId: 'T01', winners: [], reason: '测试' };
    case 'special:vote': return { trackId: 'T01', picks: {} };
    case 'admin:save-event': return { config: other };
    case 'admin:create-event': return { id: `created-${seq}`, name: '新赛事', presetId: null };
    case 'admin:links': return { eventId: ev.id };
    case 'admin:event': return { eventId: ev.id };
    case 'admin:regenerate-token': return { eventId: ev.id, role: 'judge', subject: 'spare' };
    default: return {};
  }
}

/** Puts room1 into a phase with team r1t1 on stage (where the phase has a team). */
async function setPhase(phase: Phase): Promise<void> {
  const prev = await server.store.readRoom(ev.id, 'room1');
  const withTeam = phase !== 'idle' && phase !== 'finished';
  const next: RoomRecord = {
    ...emptyRoomState(), phase, rev: prev.rev, team: withTeam ? 'r1t1' : null, track: withTeam ? 'T01' : null,
    pausedFrom: phase === 'paused' ? 'scoring' : null,
    timer: phase === 'presenting' ? { kind: 'presentation', durationMs: 480_000, startedAt: Date.now(), elapsedMs: 0 } : null,
  };
  const out = await server.store.transition(ev.id, 'room1', next, {
    open: phase === 'scoring' || phase === 'paused' ? 'all' : 'none', actor: HOST, action: 'test.setup', before: '', after: '',
  });
  if (!out.ok) throw new Error(out.code);
}

/** What a refused command must not have changed: the room, the audit log, the sheets, the event. */
async function state(): Promise<string> {
  const k = eventKeys(ev.id);
  const [room, audit, sheets, event] = await Promise.all([
    server.store.readRoom(ev.id, 'room1'), server.store.redis.xlen(k.audit), server.store.redis.hgetall(k.sheets('r1t1')),
    server.store.redis.get(k.event),
  ]);
  return JSON.stringify({ room, audit, sheets, event });
}

describe('the role x command matrix', () => {
  const commands = Object.keys(schemas) as CommandName[];
  const roles: Role[] = ['admin', 'host', 'judge', 'display', 'audience', 'supervisor', 'voter'];

  it.each(PHASES.map((p) => [p]))('in phase %s', async (phase) => {
    for (const role of roles) {
      for (const name of commands) {
        await setPhase(phase);
        const before = await state();
        if (!clients[role].connected) clients[role] = await server.client(auths[role]);
        const ack = await send(clients[role], name, payloadFor(name));
        const label = `${role} ${name} in ${phase}`;
        if (!COMMAND_ROLES[name].includes(role)) {
          if (LIMITS.budgets[role] && !ack.ok && ack.error.code === 'RATE_LIMITED') {
            await eventually(() => expect(clients[role].connected, `${label}: over its budget, dropped`).toBe(false));
          } else {
            expect(ack, label).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
          }
        }
        if (!ack.ok) {
          expect(ERROR_CODES, label).toContain(ack.error.code);
          expect(ack.error.message.length, label).toBeGreaterThan(0);
          expect(await state(), label).toBe(before);
        }
        if (role === 'judge' && name === 'score:submit') {
          expect(ack.ok, label).toBe(phase === 'scoring');
        }
      }
    }
  }, 60_000);
});

describe('boundaries', () => {
  it('refuses a handshake without a valid token', async () => {
    await expect(server.client({})).rejects.toThrow('UNAUTHORIZED');
    await expect(server.client({ token: 'x'.repeat(27) })).rejects.toThrow('UNAUTHORIZED');
    await expect(server.client({ audience: 'no-such-event' })).rejects.toThrow('NOT_FOUND');
  });

  it('tells each socket who the server says it is', async () => {
    const links = await ok(clients.admin, 'admin:links', { eventId: ev.id });
    const judge = await server.client({ token: links.judges.find((j) => j.judgeId === 'r2j3')!.token });
    expect(await server.hello(judge)).toMatchObject({ role: 'judge', eventId: ev.id, roomId: 'room2', judgeId: 'r2j3' });
  });

  it('binds hosts and judges to their own room, whatever the payload says', async () => {
    const links = await ok(clients.admin, 'admin:links', { eventId: ev.id });
    await setPhase('scoring');
    const host2 = await server.client({ token: links.rooms[1]!.host.token });
    const judge2 = await server.client({ token: links.judges.find((j) => j.judgeId === 'r2j1')!.token });
    const before = await state();
    expect(await send(host2, 'room:call', { team: 'r1t2' })).toMatchObject({ ok: false, error: { code: 'WRONG_ROOM' } });
    expect(await send(judge2, 'score:submit', { sid: 'cross-room-1', team: 'r1t1', values: SHEET }))
      .toMatchObject({ ok: false, error: { code: 'SCORING_NOT_OPEN' } });
    expect(await state()).toBe(before);
  });

  it('answers bad payloads with BAD_REQUEST and a message, and changes nothing', async () => {
    await setPhase('scoring');
    const before = await state();
    const bad: Array<[Client, CommandName, unknown, string]> = [
      [clients.host, 'room:call', { team: '../../etc' }, 'BAD_REQUEST'],
      [clients.host, 'room:call', {}, 'BAD_REQUEST'],
      [clients.host, 'room:call', null, 'BAD_REQUEST'],
      [clients.host, 'room:close-scoring', { reason: 'x'.repeat(501) }, 'BAD_REQUEST'],
      [clients.host, 'room:reopen-judge', { judge: 'r1j1', reason: '' }, 'BAD_REQUEST'],
      [clients.host, 'timer:adjust', { action: 'explode' }, 'BAD_REQUEST'],
      [clients.judge, 'score:submit', { sid: 'short', team: 'r1t1', values: SHEET }, 'BAD_REQUEST'],
      [clients.judge, 'score:submit', { sid: 'valid-sid-1', team: 'r1t1', values: { criteria: { solution: -1 } } }, 'BAD_REQUEST'],
      [clients.judge, 'score:submit', { sid: 'valid-sid-2', team: 'r1t1', values: { criteria: { solution: 1.5 } } }, 'BAD_REQUEST'],
      [clients.judge, 'score:submit', { sid: 'valid-sid-3', team: 'r1t1', values: { total: 1e300 } }, 'BAD_REQUEST'],
      [clients.judge, 'score:submit', { sid: 'valid-sid-4', team: 'r1t1', values: JSON.parse('{"criteria":{"__proto__":1000}}') }, 'BAD_VALUES'],
      [clients.judge, 'score:submit', { sid: 'valid-sid-5', team: 'r1t1', values: { criteria: { ...SHEET.criteria, ip: 6000 } } }, 'OVER_MAX'],
      [clients.judge, 'score:submit', { sid: 'valid-sid-6', team: 'r1t1', values: { criteria: { ...SHEET.criteria, ip: 3500 } } }, 'OFF_STEP'],
      [clients.judge, 'score:submit', { sid: 'valid-sid-7', team: 'r1t1', values: SHEET, extra: true }, 'BAD_REQUEST'],
    ];
    for (const [socket, name, payload, code] of bad) {
      const ack = await send(socket, name, payload);
      expect(ack, `${name} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code } });
    }
    expect(await state()).toBe(before);
  });

  it('drops a revoked token at once, and the new one works', async () => {
    const links = await ok(clients.admin, 'admin:links', { eventId: ev.id });
    const old = links.judges.find((j) => j.judgeId === 'r1j2')!.token;
    const judge = await server.client({ token: old });
    const revoked = new Promise((resolve) => judge.once('session:revoked', resolve));
    const fresh = await ok(clients.admin, 'admin:regenerate-token', { eventId: ev.id, role: 'judge', subject: 'r1j2' });
    await revoked;
    await eventually(() => expect(judge.connected).toBe(false));
    await expect(server.client({ token: old })).rejects.toThrow('UNAUTHORIZED');
    const again = await server.client({ token: fresh.token });
    expect(again.connected).toBe(true);
    expect(fresh.url).toBe(`/judge/${fresh.token}`);
  });

  it('admin login: a wrong password is refused, then rate-limited', async () => {
    const login = (password: string) => fetch(`${server.url}/api/admin/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password }),
    });
    expect((await login('correct horse battery')).status).toBe(200);
    expect((await login('wrong password!')).status).toBe(401);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await login('wrong password!')).status);
    expect(statuses).toContain(429);
    expect((await fetch(`${server.url}/api/admin/setup`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'take over now' }),
    })).status).toBe(409);
  });
});
