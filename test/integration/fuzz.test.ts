// Fuzzing: fast-check payloads at every socket command from every role, raw socket.io frames, handshakes and every HTTP
// endpoint; the server never crashes, answers each with a clear refusal (or a legitimate ok), and writes nothing for a refusal.
import { request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../server/budgets';
import { eventLinks } from '../../server/links';
import { emptyRoomState, type RoomRecord } from '../../server/store/index';
import { eventKeys } from '../../server/store/keys';
import type { EventConfig } from '../../shared/domain';
import type { Phase } from '../../shared/phases';
import { PHASES } from '../../shared/phases';
import { PRESET_EVENTS } from '../../shared/presets-data';
import {
  COMMAND_ROLES, ERROR_CODES, schemas, type Ack, type CommandName, type Role,
} from '../../shared/protocol';
import { REFUSALS, type RefusalReason } from '../../shared/refusals';
import { makeEvent } from '../helpers/fixtures';
import { ok, send, useServer, type Client } from '../helpers/server';
import { HOST } from '../helpers/turns';

// The watching roles' command budgets (server/budgets.ts) are lifted here: the fuzz checks what every handler makes of
// every input from every seat; a phone dropped after a few forbidden commands is what test/integration/attacks.test.ts checks.
// The admin password's scrypt cost is lowered (2^10, not 2^14): the fuzz logs in hundreds of times and checks the
// answers, not the hash; the production cost is what test/integration/admin.test.ts checks.
const server = useServer({ limits: { ...LIMITS, passwordCost: 2 ** 10, budgets: { ...LIMITS.budgets, audience: null, display: null, voter: null } } });
/** FUZZ_SEED reproduces a run; FUZZ_SCALE multiplies every run count (0.1 for a quick look, 10 for a long night). */
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
const fcOptions = (n: number) => ({ numRuns: runs(n), seed: SEED, endOnFailure: true });

const MAIN = 'fz-main-event';
const SIDE = 'fz-side-event';
const ev = makeEvent({ id: MAIN, rooms: 2, teams: 3, judges: 5 });
// Room 2 scores a single total, so both branches of submit.lua are reached.
ev.tracks[1] = { ...ev.tracks[1]!, criteria: [], total: { maxMilli: 100_000, stepMilli: 10 }, rules: { ...ev.tracks[1]!.rules, criteriaOrder: [] } };
ev.judges.push({ id: 'spare', name: '备用评委', org: '', title: '' });
ev.recusals.push({ team: 'r1t1', judge: 'r1j5', reason: '同单位回避' });
const side = makeEvent({ id: SIDE, rooms: 1, teams: 2, judges: 3 });
const PASSWORD = 'correct horse battery staple';

// ---------------------------------------------------------------------------------------------------------------
// The clients: every role, and for judges every situation the submit script tells apart.

interface Seat { role: Role; auth: () => Promise<Record<string, unknown>> }
let links: Awaited<ReturnType<typeof eventLinks>>;
let adminToken = '';
/** A voter code made by the admin before the seats connect. */
let voterCode = '';
const judgeToken = (id: string) => links.judges.find((j) => j.judgeId === id)!.token;
const SEATS: Record<string, Seat> = {
  admin: { role: 'admin', auth: async () => ({ token: adminToken }) },
  host1: { role: 'host', auth: async () => ({ token: links.rooms[0]!.host.token }) },
  host2: { role: 'host', auth: async () => ({ token: links.rooms[1]!.host.token }) },
  j1: { role: 'judge', auth: async () => ({ token: judgeToken('r1j1') }) },
  j2: { role: 'judge', auth: async () => ({ token: judgeToken('r1j2') }) },
  j3: { role: 'judge', auth: async () => ({ token: judgeToken('r1j3') }) },
  j4: { role: 'judge', auth: async () => ({ token: judgeToken('r1j4') }) },
  jRecused: { role: 'judge', auth: async () => ({ token: judgeToken('r1j5') }) },
  jRoom2: { role: 'judge', auth: async () => ({ token: judgeToken('r2j1') }) },
  jSpare: { role: 'judge', auth: async () => ({ token: judgeToken('spare') }) },
  display: { role: 'display', auth: async () => ({ token: links.rooms[0]!.display.token }) },
  audience: { role: 'audience', auth: async () => ({ audience: MAIN }) },
  supervisor: { role: 'supervisor', auth: async () => ({ token: links.supervisor.token }) },
  voter: { role: 'voter', auth: async () => ({ voter: { event: MAIN, code: voterCode, device: 'fuzz-voter-device-0001' } }) },
};
const SEAT_NAMES = Object.keys(SEATS);
const clients = new Map<string, { socket: Client; auth: string }>();

async function seat(name: string): Promise<Client> {
  const have = clients.get(name);
  if (have?.socket.connected) return have.socket;
  have?.socket.disconnect();
  const auth = await SEATS[name]!.auth();
  const socket = await server.client(auth);
  clients.set(name, { socket, auth: JSON.stringify(auth) });
  return socket;
}

/** After a token was regenerated: reconnect every seat whose token changed. */
async function refreshSeats(): Promise<void> {
  links = await eventLinks(server.app.ctx, ev);
  for (const [name, c] of clients) {
    if (JSON.stringify(await SEATS[name]!.auth()) !== c.auth) c.socket.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Watching Redis: every write to any key (keyspace notifications), and the state roles.test.ts compares.

let sub: Redis;
const writes: string[] = [];
let barrier = 0;
const barriers = new Map<number, () => void>();

/** Every key written since the last call: a marker published after the command orders the notifications before it. */
async function settle(): Promise<string[]> {
  const n = ++barrier;
  const reached = new Promise<void>((resolve) => barriers.set(n, resolve));
  await server.store.redis.publish('fz:barrier', String(n));
  await reached;
  barriers.delete(n);
  return writes.splice(0);
}

/** What a refused command must not change: both rooms, who may submit, sheets, the audit log, the event, tokens, sessions. */
async function state(): Promise<string> {
  const k = eventKeys(MAIN);
  const r = server.store.redis;
  // One pipeline: one round trip.
  const replies = await r.pipeline()
    .hgetall(k.room('room1')).hgetall(k.room('room2')).smembers(k.open('room1')).xlen(k.audit)
    .hgetall(k.sheets('r1t1')).hgetall(k.sheets('r2t1')).get(k.event).hlen(k.sids).hlen('fs:tokens')
    .hlen('fs:sessions').scard('fs:events').hgetall('fs:admin').exec();
  const [room1, room2, open1, audit, sheets1, sheets2, event, sids, tokens, sessions, events, admin] = replies!.map(([err, v]) => {
    if (err) throw err;
    return v;
  });
  return JSON.stringify({ room1, room2, open1: (open1 as string[]).sort(), audit, sheets1, sheets2, event, sids, tokens, sessions, events, admin });
}

/**
 * `settle()` and `state()` at once: the barrier and the reads leave on the same connection in that order, so the state is
 * the one after the writes returned (one round trip instead of two).
 */
function settledState(): Promise<[string[], string]> {
  return Promise.all([settle(), state()]);
}

/** Puts a room in a phase with its first team on stage (where the phase has one), directly in the store. */
async function setPhase(roomId: 'room1' | 'room2', phase: Phase): Promise<void> {
  const prev = await server.store.readRoom(MAIN, roomId);
  const team = roomId === 'room1' ? 'r1t1' : 'r2t1';
  const withTeam = phase !== 'idle' && phase !== 'finished';
  const next: RoomRecord = {
    ...emptyRoomState(), phase, rev: prev.rev, team: withTeam ? team : null, track: withTeam ? (roomId === 'room1' ? 'T01' : 'T02') : null,
    pausedFrom: phase === 'paused' ? 'scoring' : null,
    timer: phase === 'presenting' ? { kind: 'presentation', durationMs: 480_000, startedAt: Date.now(), elapsedMs: 0 } : null,
  };
  const out = await server.store.transition(MAIN, roomId, next, {
    open: phase === 'scoring' || phase === 'paused' ? 'all' : 'none', actor: HOST, action: 'test.setup', before: '', after: '',
  });
  if (!out.ok) throw new Error(`setPhase: ${out.code}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Arbitraries: wrong types, huge strings, prototype keys, NaN/Infinity (null on the wire), negatives, over max, off
// step, unknown ids, binary attachments.

const HUGE = ['a'.repeat(100_000), '分'.repeat(60_000), '\u0000'.repeat(20_000), '😀'.repeat(30_000)];
const NASTY = [
  '', ' ', ' \t\n', '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__',
  'NaN', 'Infinity', '-1', '1e309', 'null', 'undefined', 'true', '[]', '{}', '../../etc/passwd', '%00', '\u0000', '\ud800',
  '\udfff', '\u202e', '<script>alert(1)</script>', "' OR 1=1 --", '=HYPERLINK("http://x")', '+cmd|calc', '@SUM(1)',
  '-2+3', '${7*7}', '{{7*7}}', 'fs:{x}:event', '*', '\r\n', 'a'.repeat(64), 'a'.repeat(65), '评委', 'x'.repeat(501),
  MAIN, SIDE, 'r1t1', 'r1j1', 'room1',
];
const evilString = fc.oneof(
  { weight: 5, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE) },
);
const evilNumber = fc.oneof(
  fc.integer(), fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, -1, 0.5, 1.5, 999.999, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e21, 1e300,
    Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON, 1_000_000_000, 1_000_000_001),
);
const evilKey = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'then', 'ok', 'data', 'length'),
);

/** An object with these own properties, `__proto__` included as a plain key (as JSON.parse makes it). */
function own(entries: Array<readonly [string, unknown]>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

const { evil } = fc.letrec<{ evil: unknown }>((tie) => ({
  evil: fc.oneof(
    { maxDepth: 3, depthSize: 'small' },
    evilString, evilNumber, fc.boolean(), fc.constant(null), fc.constant(undefined),
    fc.uint8Array({ maxLength: 16 }),
    fc.array(tie('evil'), { maxLength: 5 }),
    fc.array(fc.tuple(evilKey, tie('evil')), { maxLength: 5 }).map(own),
  ),
}));

/** An object whose fields are each mostly a plausible value, sometimes a hostile one or missing; sometimes extra keys. */
function shaped(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const parts = Object.entries(fields).map(([k, arb]) => fc.oneof(
    { weight: 10, arbitrary: arb.map((v) => [[k, v] as const]) },
    { weight: 1, arbitrary: evil.map((v) => [[k, v] as const]) },
    { weight: 1, arbitrary: fc.constant([] as Array<readonly [string, unknown]>) },
  ));
  const extra = fc.oneof(
    { weight: 12, arbitrary: fc.constant([] as Array<readonly [string, unknown]>) },
    { weight: 1, arbitrary: fc.array(fc.tuple(evilKey, evil), { minLength: 1, maxLength: 2 }) },
  );
  return fc.tuple(...parts, extra).map((ps) => own(ps.flat()));
}

/** A command's payload: usually shaped like the real one, sometimes anything at all. */
const payloadOf = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc.oneof({ weight: 1, arbitrary: evil }, { weight: 6, arbitrary: shaped(fields) });

const anyId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const idOf = (known: string[]) => fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...known) }, { weight: 2, arbitrary: anyId }, { weight: 1, arbitrary: evilString },
);
const TEAMS = [...ev.teams.map((t) => t.id), ...side.teams.map((t) => t.id)];
const JUDGES = [...ev.judges.map((j) => j.id), ...side.judges.map((j) => j.id)];
const reason = fc.oneof(fc.string({ maxLength: 500 }), fc.constantFrom('', '   ', 'x'.repeat(500), 'x'.repeat(501), '评委录入有误'));

/** A score value for a criterion or a total: on step within the max, or over it, off step, negative, or not a number. */
function scoreValue(max: number, step: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 14, arbitrary: fc.integer({ min: 0, max: max / step }).map((n) => n * step) },
    { weight: 1, arbitrary: fc.integer({ min: max + 1, max: max * 3 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max }).filter((v) => v % step !== 0) },
    { weight: 1, arbitrary: fc.integer({ min: -1_000_000, max: -1 }) },
    { weight: 1, arbitrary: evilNumber },
    { weight: 1, arbitrary: evil },
  );
}
const CRITERIA = ev.tracks[0]!.criteria;
const criteriaValues = fc.tuple(
  ...CRITERIA.map((c) => fc.oneof(
    { weight: 25, arbitrary: scoreValue(c.maxMilli, c.stepMilli).map((v) => [[c.id, v] as const]) },
    { weight: 1, arbitrary: fc.constant([] as Array<readonly [string, unknown]>) },
  )),
  fc.oneof(
    { weight: 20, arbitrary: fc.constant([] as Array<readonly [string, unknown]>) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('__proto__', 'constructor', 'toString', 'total', 'bonus'), fc.constantFrom(0, 1000, 5000)).map((e) => [e]) },
  ),
).map((ps) => own(ps.flat()));
const sheetValues = fc.oneof(
  { weight: 10, arbitrary: criteriaValues.map((criteria) => ({ criteria })) },
  { weight: 4, arbitrary: scoreValue(100_000, 10).map((total) => ({ total })) },
  { weight: 1, arbitrary: fc.tuple(criteriaValues, scoreValue(100_000, 10)).map(([criteria, total]) => ({ criteria, total })) },
  { weight: 1, arbitrary: evil },
);

/** Submission ids already used: replays of them must return the first receipt and write nothing. */
const usedSids: Array<{ sid: string; seat: string; team: string; receipt: unknown }> = [];
const sidArb = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/) },
  { weight: 3, arbitrary: fc.nat().map((i) => usedSids[i % usedSids.length]!.sid) },
  { weight: 1, arbitrary: fc.constantFrom('short', 'a'.repeat(65), 'has space!', 'sid/../x') },
  { weight: 1, arbitrary: evilString },
);

/** An event configuration with one value replaced, one key added or removed, at a random place. */
function configPaths(value: unknown, path: Array<string | number> = [], out: Array<Array<string | number>> = []) {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => configPaths(v, [...path, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) configPaths(v, [...path, k], out);
  return out;
}
const SIDE_PATHS = configPaths(side).filter((p) => p.length > 0);
function mutate(base: EventConfig, path: Array<string | number>, how: 'set' | 'add' | 'delete', key: string, value: unknown): unknown {
  const copy = structuredClone(base) as unknown as Record<string, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (how === 'set') parent[last] = value;
  if (how === 'delete') delete parent[last];
  if (how === 'add') {
    const target = parent[last];
    if (target && typeof target === 'object' && !Array.isArray(target)) {
      Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    } else parent[last] = value;
  }
  if (copy.id === MAIN) copy.id = SIDE; // never overwrite the event the other clients are using
  return copy;
}
const configArb = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.nat(SIDE_PATHS.length - 1), fc.constantFrom('set', 'add', 'delete'), evilKey, evil)
    .map(([i, how, key, value]) => mutate(side, SIDE_PATHS[i]!, how as 'set' | 'add' | 'delete', key, value)) },
  { weight: 1, arbitrary: fc.constant(side) },
  { weight: 1, arbitrary: evil },
);

/** A payload for a command without a hand-written arbitrary: its schema's keys, each a known id, a reason or anything. */
function genericPayload(name: CommandName): fc.Arbitrary<unknown> {
  const shape = (schemas[name] as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  const value = fc.oneof(idOf([...TEAMS, ...JUDGES, MAIN, SIDE, 'room1', 'room2']), reason, evil);
  return payloadOf(Object.fromEntries(Object.keys(shape).map((k) => [k, value])));
}

/** The payloads of the commands, by hand where the values matter. */
const PAYLOADS: Partial<Record<CommandName, fc.Arbitrary<unknown>>> = {
  'room:call': payloadOf({ team: idOf(TEAMS) }),
  'room:start-presentation': payloadOf({}),
  'room:start-qa': payloadOf({}),
  'room:open-scoring': payloadOf({}),
  'room:close-scoring': payloadOf({ reason }),
  'room:reveal': payloadOf({}),
  'room:reopen-judge': payloadOf({ judge: idOf(JUDGES), reason }),
  'room:mark-absent': payloadOf({ team: idOf(TEAMS), reason }),
  'room:back': payloadOf({}),
  'room:pause': payloadOf({}),
  'room:resume': payloadOf({}),
  'room:finish': payloadOf({}),
  'room:restart': payloadOf({}),
  'room:set-order': payloadOf({ order: fc.oneof(
    fc.shuffledSubarray(['r1t1', 'r1t2', 'r1t3']), fc.shuffledSubarray(['r2t1', 'r2t2', 'r2t3']),
    fc.array(idOf(TEAMS), { maxLength: 6 }), fc.constant(Array.from({ length: 2001 }, (_, i) => `t${i}`)), fc.constant(['r1t1', 'r1t1', 'r1t2']),
  ) }),
  'room:draw': payloadOf({ seed: fc.oneof(fc.string({ maxLength: 130 }), fc.constantFrom('', '  ', 'x'.repeat(129))) }),
  'timer:adjust': payloadOf({ action: fc.oneof(fc.constantFrom('pause', 'resume', 'extend'), evilString), seconds: fc.oneof(fc.integer({ min: -4000, max: 4000 }), evilNumber) }),
  'room:sync': payloadOf({}),
  'score:submit': payloadOf({ sid: sidArb, values: sheetValues, team: fc.oneof(
    { weight: 10, arbitrary: fc.constant('r1t1') }, { weight: 2, arbitrary: fc.constant('r2t1') }, { weight: 1, arbitrary: idOf(TEAMS) }) }),
  'score:correct': payloadOf({ team: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('r1t1', 'r2t1') }, { weight: 1, arbitrary: idOf(TEAMS) }),
    judge: idOf(JUDGES), values: sheetValues, reason }),
  'time:ping': payloadOf({}),
  'audit:read': payloadOf({ after: fc.oneof(fc.constantFrom('0-0', '0-1', '9999999999999-0', '-', '+', '$'), fc.string({ maxLength: 41 })), limit: fc.oneof(fc.integer({ min: -10, max: 6000 }), evilNumber) }),
  'admin:save-event': payloadOf({ config: configArb }),
  'admin:create-event': payloadOf({
    id: idOf([MAIN, SIDE]), name: fc.oneof(fc.string({ maxLength: 201 }), fc.constantFrom('', '  ', '赛事')),
    presetId: fc.oneof(fc.constant(null), fc.constantFrom(...PRESET_EVENTS.map((p) => p.id), 'constructor', '__proto__', 'toString'), evilString),
  }),
  'admin:links': payloadOf({ eventId: idOf([MAIN, SIDE]) }),
  'admin:set-awards': payloadOf({
    eventId: idOf([MAIN, SIDE]), trackId: idOf(['T01', 'T02', 'T03']), reason,
    awards: payloadOf(Object.fromEntries(['first', 'second', 'third', 'merit', 'specialPoolPercent']
      .map((k) => [k, fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -1, max: 101 }) }, { weight: 1, arbitrary: evilNumber })]))),
  }),
  'admin:regenerate-token': payloadOf({
    eventId: idOf([MAIN, SIDE]), role: fc.oneof(fc.constantFrom('host', 'display', 'judge', 'supervisor', 'admin', 'audience'), evilString),
    subject: idOf([...JUDGES, 'room1', 'room2', MAIN, SIDE]),
  }),
};

/** The seats that may send a command (mostly), or any seat (to check refusals). */
function seatsFor(name: CommandName): fc.Arbitrary<string> {
  const allowed = SEAT_NAMES.filter((s) => COMMAND_ROLES[name].includes(SEATS[s]!.role));
  const main = name === 'score:submit' ? fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('j1', 'j2', 'j3', 'j4') }, { weight: 1, arbitrary: fc.constantFrom('jRecused', 'jRoom2', 'jSpare') },
  ) : fc.constantFrom(...allowed);
  return fc.oneof({ weight: 5, arbitrary: main }, { weight: 1, arbitrary: fc.constantFrom(...SEAT_NAMES) });
}

// ---------------------------------------------------------------------------------------------------------------
// Checks.

let cases = 0;
const STACK = /\n\s+at |node_modules|\/work\/|\.ts:\d+|Error:/;

/** The last payload each server-side socket received, exactly as the server saw it (NaN as null, binary as Buffer). */
const received = new Map<string, unknown>();

function label(seatName: string, name: string, payload: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(payload) ?? 'undefined';
  } catch {
    json = String(payload);
  }
  return `${seatName} ${name} ${json.length > 300 ? `${json.slice(0, 300)}… (${json.length} chars)` : json}`;
}

/**
 * A refusal: exactly { ok: false, error: { code, message, reason?, params? } }, a known code, a reason of the table
 * under that code when named, a message for logs, no stack trace.
 */
function expectRefusal(ack: unknown, where: string): void {
  expect(ack, where).toBeTypeOf('object');
  const a = ack as { ok: unknown; error: { code: unknown; message: unknown; reason?: unknown } };
  expect(Object.keys(a).sort(), where).toEqual(['error', 'ok']);
  expect(a.ok, where).toBe(false);
  expect(Object.keys(a.error).filter((k) => k !== 'reason' && k !== 'params').sort(), where).toEqual(['code', 'message']);
  expect(ERROR_CODES, where).toContain(a.error.code);
  if (a.error.reason !== undefined) expect(REFUSALS[a.error.reason as RefusalReason], where).toBe(a.error.code);
  expect(a.error.code, `${where}: INTERNAL means a handler threw`).not.toBe('INTERNAL');
  expect(typeof a.error.message === 'string' && a.error.message.length > 0, where).toBe(true);
  expect(a.error.message as string, where).not.toMatch(STACK);
}

const READ_ONLY = new Set<CommandName>(['time:ping', 'room:sync', 'audit:read']);

/** One fuzz case: a command from a seat, its ack checked, Redis compared before and after. */
async function attempt(seatName: string, name: string, payload: unknown): Promise<void> {
  const socket = await seat(seatName);
  const role = SEATS[seatName]!.role;
  if (seatName === 'jRoom2') await setPhase('room2', 'scoring');
  const [, before] = await settledState();
  const where = label(seatName, name, payload);
  const ack = (await send(socket, name as CommandName, payload)) as Ack<unknown>;
  const [written, after] = await settledState();
  cases += 1;
  const known = Object.hasOwn(schemas, name);
  if (!ack || ack.ok !== true) {
    expectRefusal(ack, where);
    expect(written, `${where}: a refused command wrote to Redis`).toEqual([]);
    if (after !== before) expect(JSON.parse(after), `${where}: a refused command changed the state`).toEqual(JSON.parse(before));
    if (!known || !COMMAND_ROLES[name as CommandName].includes(role)) expect((ack as { error: { code: string } }).error.code, where).toBe('FORBIDDEN');
    return;
  }
  // A legitimate ok: the role may send it and the payload, as it arrived, passes the schema.
  expect(Object.keys(ack).sort(), where).toEqual(['data', 'ok']);
  expect(known, `${where}: ok for an unknown command`).toBe(true);
  const command = name as CommandName;
  expect(COMMAND_ROLES[command], `${where}: ok for a forbidden role`).toContain(role);
  const arrived = received.get(socket.id!);
  expect(schemas[command].safeParse(arrived).success, `${where}: ok for a payload the schema refuses`).toBe(true);
  if (READ_ONLY.has(command)) expect(written, `${where}: a query wrote to Redis`).toEqual([]);
  if (command === 'score:submit') {
    const p = arrived as { sid: string; team: string; values: { criteria?: Record<string, number>; total?: number } };
    const receipt = ack.data as { duplicate: boolean; total: number };
    const prior = usedSids.find((u) => u.sid === p.sid);
    if (receipt.duplicate) {
      expect(prior, `${where}: duplicate of an unknown sid`).toBeDefined();
      expect(prior!.seat, where).toBe(seatName);
      expect(receipt, where).toEqual(prior!.receipt);
      expect(written, `${where}: a replay wrote to Redis`).toEqual([]);
      expect(after, `${where}: a replay changed the state`).toBe(before);
    } else {
      expect(prior, `${where}: a reused sid was stored again`).toBeUndefined();
      const judgeId = (await server.hello(socket)).judgeId!;
      const stored = (await server.store.sheets(MAIN, p.team))[judgeId]!;
      const sent = p.values.criteria ?? {};
      expect(stored.criteria, where).toEqual(sent);
      expect(stored.total, where).toBe(p.values.total ?? Object.values(sent).reduce((a, b) => a + b, 0));
      expect(receipt.total, where).toBe(stored.total);
      usedSids.push({ sid: p.sid, seat: seatName, team: p.team, receipt: { ...receipt, duplicate: true } });
    }
  }
  if (seatName === 'host1') await setPhase('room1', 'scoring'); // keep submissions possible for the judges
  if (command === 'admin:regenerate-token') await refreshSeats();
}

// ---------------------------------------------------------------------------------------------------------------

beforeAll(async () => {
  server.app.io.on('connection', (socket) => socket.onAny((_name: string, payload: unknown) => void received.set(socket.id, payload)));
  await server.store.redis.config('SET', 'notify-keyspace-events', 'KEA');
  sub = server.redis.connect();
  sub.on('pmessage', (_pattern: string, channel: string, event: string) => writes.push(`${channel.replace(/^__keyspace@0__:/, '')} ${event}`));
  sub.on('message', (_channel: string, message: string) => barriers.get(Number(message))?.());
  await sub.psubscribe('__keyspace@0__:*');
  await sub.subscribe('fz:barrier');

  await server.store.saveEvent(side);
  links = await server.setup(ev);
  await eventLinks(server.app.ctx, side);
  const res = await fetch(`${server.url}/api/admin/setup`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: PASSWORD }),
  });
  adminToken = ((await res.json()) as { data: { token: string } }).data.token;
  voterCode = (await ok(await server.client({ token: adminToken }), 'admin:voter-codes', { eventId: MAIN, add: 1 }))[0]!.code;
  await setPhase('room1', 'scoring');
  for (const name of SEAT_NAMES) await seat(name);
  const first = await ok(await seat('j1'), 'score:submit', { sid: 'fz-seed-sid-1', team: 'r1t1', values: { criteria: { solution: 20000, model: 15000, effect: 20000, promotion: 10000, ip: 4000, defense: 8000 } } });
  usedSids.push({ sid: 'fz-seed-sid-1', seat: 'j1', team: 'r1t1', receipt: { ...first, duplicate: true } });
});

afterAll(() => {
  sub?.disconnect();
});

describe('fuzzing every socket command from every role', () => {
  const RUNS: Partial<Record<CommandName, number>> = { 'score:submit': 2000, 'audit:read': 100, 'admin:save-event': 250, 'admin:create-event': 250 };
  for (const name of Object.keys(schemas) as CommandName[]) {
    it(`${name}`, async () => {
      const host = name.startsWith('room:') || name === 'timer:adjust';
      await fc.assert(fc.asyncProperty(seatsFor(name), PAYLOADS[name] ?? genericPayload(name), fc.constantFrom(...PHASES), async (seatName, payload, phase) => {
        if (host && seatName === 'host2') await setPhase('room2', phase); // host commands in every phase
        await attempt(seatName, name, payload);
      }), fcOptions(RUNS[name] ?? (name.startsWith('room:') || name === 'timer:adjust' || name === 'score:correct' ? 160 : 200)));
    }, 120_000);
  }

  it('unknown commands and prototype names are refused with FORBIDDEN', async () => {
    const names = fc.oneof(
      fc.constantFrom('room:explode', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'admin:delete-event',
        'score:delete', 'ROOM:CALL', 'room:call ', '', 'x'.repeat(1000), 'then', 'emit', 'join'),
      fc.string({ maxLength: 30 }).filter((s) => !Object.hasOwn(schemas, s) && !['error', 'connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'].includes(s)),
    );
    await fc.assert(fc.asyncProperty(fc.constantFrom(...SEAT_NAMES), names, evil, async (seatName, name, payload) => {
      await attempt(seatName, name, payload);
    }), fcOptions(300));
  }, 120_000);

  it('commands without an acknowledgement (or with extra arguments) are dropped and change nothing', async () => {
    const names = fc.constantFrom(...(Object.keys(schemas) as CommandName[]), 'error');
    await fc.assert(fc.asyncProperty(fc.constantFrom(...SEAT_NAMES), names, evil, fc.boolean(), async (seatName, name, payload, extra) => {
      const socket = await seat(seatName);
      const [, before] = await settledState();
      const emit = socket.emit as unknown as (...args: unknown[]) => void;
      let answered: unknown = null;
      if (extra) emit.call(socket, name, payload, 'extra', (a: unknown) => { answered = a; });
      else emit.call(socket, name, payload);
      // Acks come back in order: once a later ping is answered, the dropped command has been handled.
      expect(await ok(socket, 'time:ping', {})).toHaveProperty('serverNow');
      cases += 1;
      // A command this role has a handler for is dropped; one it has none for is still refused, never run.
      const role = SEATS[seatName]!.role;
      const handled = name === 'error' || name === 'room:sync' || COMMAND_ROLES[name as CommandName].includes(role);
      if (handled) expect(answered, label(seatName, name, payload)).toBeNull();
      else if (answered !== null) {
        expectRefusal(answered, label(seatName, name, payload));
        expect((answered as { error: { code: string } }).error.code).toBe('FORBIDDEN');
      }
      expect(await settle(), label(seatName, name, payload)).toEqual([]);
      expect(await state(), label(seatName, name, payload)).toBe(before);
    }), fcOptions(250));
  }, 120_000);

  it('a frame over the 1 MB limit closes that connection only; nothing is written', async () => {
    const judge = await seat('j2');
    const closed = new Promise<string>((resolve) => judge.once('disconnect', resolve));
    await settle();
    const before = await state();
    judge.emit('score:submit', { sid: 'x'.repeat(1_100_000), team: 'r1t1', values: { total: 1 } } as never, () => undefined);
    expect(await closed).toBe('transport close');
    expect(await settle()).toEqual([]);
    expect(await state()).toBe(before);
    expect(await ok(await seat('display'), 'time:ping', {})).toHaveProperty('serverNow');
    expect(await ok(await seat('j2'), 'time:ping', {})).toHaveProperty('serverNow');
    cases += 1;
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Raw frames and handshakes, below socket.io-client: reserved event names, malformed packets, deep nesting, binary
// placeholders, hostile handshake auth.

interface Raw { ws: WebSocket; frames: string[]; closed: boolean; next(match: (f: string) => boolean, ms?: number): Promise<string | null> }

/** A bare engine.io websocket speaking socket.io by hand; answers the heartbeat. */
function rawSocket(localAddress = '127.0.0.1'): Promise<Raw> {
  const port = (server.app.http.address() as AddressInfo).port;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`, { localAddress });
  const raw: Raw = {
    ws, frames: [], closed: false,
    next(match, ms = 5000) {
      return new Promise((resolve) => {
        const found = raw.frames.find(match);
        if (found) return resolve(found);
        if (raw.closed) return resolve(null);
        const timer = setTimeout(() => { done(); resolve(null); }, ms);
        const onMessage = (d: WebSocket.RawData) => { if (match(d.toString())) { done(); resolve(d.toString()); } };
        const onClose = () => { done(); resolve(null); };
        const done = () => { clearTimeout(timer); ws.off('message', onMessage); ws.off('close', onClose); };
        ws.on('message', onMessage);
        ws.on('close', onClose);
      });
    },
  };
  ws.on('message', (d) => {
    const f = d.toString();
    if (f === '2') ws.send('3');
    raw.frames.push(f);
  });
  ws.on('close', () => { raw.closed = true; });
  ws.on('error', () => { raw.closed = true; });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(raw));
    ws.once('error', reject);
  });
}

/** Opens the default namespace with this auth; the answer frame ("40…" or "44…"), or null if the server closed. */
async function rawConnect(raw: Raw, auth: string): Promise<string | null> {
  await raw.next((f) => f.startsWith('0'));
  raw.ws.send(`40${auth}`);
  return raw.next((f) => f.startsWith('40') || f.startsWith('44'));
}

/** Whether socket.io would dispatch this event body to a handler that acknowledges it. */
function wellFormed(body: string): boolean {
  try {
    const v = JSON.parse(body) as unknown;
    if (!Array.isArray(v) || v.length === 0) return false;
    const reserved = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener', 'error'];
    return typeof v[0] === 'number' || (typeof v[0] === 'string' && !reserved.includes(v[0]));
  } catch {
    return false;
  }
}

describe('raw socket.io frames', () => {
  const names = fc.oneof(
    fc.constantFrom(...(Object.keys(schemas) as CommandName[])),
    fc.constantFrom('disconnect', 'connect', 'connect_error', 'disconnecting', 'newListener', 'removeListener', 'error', '__proto__', 'constructor'),
  );
  const frame = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(names, evil).map(([n, p]) => JSON.stringify([n, p]) ?? '[]') },
    { weight: 1, arbitrary: fc.constantFrom(
      '["room:sync",{"__proto__":{"polluted":true}}]', '["score:submit",{"sid":"abcdefgh","team":"r1t1","values":{"criteria":{"__proto__":{"solution":1}}}}]',
      '[1,{}]', '[null,{}]', '[{},{}]', '[]', '{}', '"x"', '[', '["time:ping",{}', '["time:ping",{}]]', '[NaN]', '["time:ping",Infinity]',
      `${'['.repeat(5000)}${']'.repeat(5000)}`, `["room:sync",${'['.repeat(100_000)}${']'.repeat(100_000)}]`, '["time:ping",{"a":1e999}]',
    ) },
    { weight: 1, arbitrary: fc.string({ maxLength: 50 }) },
  );
  const kind = fc.constantFrom('42', '42', '42', '4', '41', '43', '44', '45', '451-', '460', '2', '3', '6', '1', '9', '');

  it('never crash the server; a protocol violation closes only that connection', async () => {
    let raw = await rawSocket();
    let id = 1000;
    await fc.assert(fc.asyncProperty(kind, frame, async (k, body) => {
      if (raw.closed) raw = await rawSocket();
      if (!raw.frames.some((f) => f.startsWith('40'))) expect(await rawConnect(raw, JSON.stringify({ token: links.rooms[0]!.host.token }))).toMatch(/^40/);
      await settle();
      const sent = id++;
      const where = `raw ${k}${body.slice(0, 200)}`;
      raw.ws.send(k === '42' ? `42${sent}${body}` : `${k}${body}`);
      if (k === '41') raw.ws.close(); // left the namespace: start a fresh connection next time
      else if (!raw.closed) {
        const probe = id++;
        raw.ws.send(`42${probe}["time:ping",{}]`);
        const answer = await raw.next((f) => f.startsWith(`43${probe}[`), 5000);
        expect(answer !== null || raw.closed, `${where}: no answer and not closed`).toBe(true);
      }
      // A well-formed event with an ack id is always answered, unless the connection was closed.
      const expectsAck = k === '42' && wellFormed(body);
      const ack = expectsAck ? await raw.next((f) => f.startsWith(`43${sent}[`), 5000) : raw.frames.find((f) => f.startsWith(`43${sent}[`)) ?? null;
      if (expectsAck && !raw.closed) expect(ack, `${where}: no ack`).not.toBeNull();
      const answer = ack ? (JSON.parse(ack.slice(`43${sent}`.length)) as unknown[])[0] as { ok?: unknown } : null;
      if (answer && answer.ok !== true) expectRefusal(answer, where);
      if (answer?.ok === true) {
        await settle();
        await setPhase('room1', 'scoring');
      } else {
        expect(await settle(), `${where} wrote to Redis`).toEqual([]);
      }
      cases += 1;
    }), fcOptions(600));
    raw.ws.close();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  }, 120_000);

  it('hostile handshakes are refused with a clear reason, and write nothing', async () => {
    const auth = fc.oneof(
      { weight: 3, arbitrary: shaped({ token: fc.oneof(evilString, fc.stringMatching(/^[A-Za-z0-9_-]{27}$/)) }).map((v) => JSON.stringify(v) ?? '{}') },
      { weight: 2, arbitrary: shaped({ audience: idOf(['no-such-event', SIDE.toUpperCase()]) }).map((v) => JSON.stringify(v) ?? '{}') },
      { weight: 1, arbitrary: evil.map((v) => JSON.stringify(v) ?? '') },
      { weight: 1, arbitrary: fc.constantFrom('{"token":null}', '{"__proto__":{"token":"x"}}', '{"audience":{"toString":1}}', '[]', 'null', '{', '"x"') },
    );
    let n = 0;
    await fc.assert(fc.asyncProperty(auth, async (a) => {
      // 20 handshakes per loopback address, so the failure budget (30 a minute) is never what answers.
      const from = `127.0.${1 + Math.floor(n / 20 / 250)}.${1 + (Math.floor(n / 20) % 250)}`;
      n += 1;
      const raw = await rawSocket(from);
      await settle();
      const answer = await rawConnect(raw, a);
      if (answer?.startsWith('44')) {
        expect(['UNAUTHORIZED', 'NOT_FOUND'], `auth ${a.slice(0, 200)}`).toContain((JSON.parse(answer.slice(2)) as { message: string }).message);
      }
      raw.ws.close();
      expect(await settle(), `auth ${a.slice(0, 200)} wrote to Redis`).toEqual([]);
      cases += 1;
    }), fcOptions(500));
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------------------------
// HTTP: every endpoint, from many loopback addresses so the login rate limit is what it is, not what answers.

interface Reply { status: number; headers: IncomingHttpHeaders; text: string }
function http(method: string, path: string, opts: { headers?: Record<string, string>; body?: string; from?: string } = {}): Promise<Reply> {
  const port = (server.app.http.address() as AddressInfo).port;
  return new Promise((resolve, reject) => {
    const headers = { ...opts.headers, ...(opts.body !== undefined && !opts.headers?.['transfer-encoding'] ? { 'content-length': String(Buffer.byteLength(opts.body)) } : {}) };
    const req = request({ host: '127.0.0.1', port, method, path, headers, localAddress: opts.from, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A JSON API answer: { ok: true, data } or a refusal; never a stack trace; INTERNAL only with 500. */
function expectApiReply(r: Reply, where: string): { ok: boolean; data?: unknown; error?: { code: string } } {
  expect(r.text, where).not.toMatch(STACK);
  expect(r.headers['content-type'], where).toMatch(/^application\/json/);
  const body = JSON.parse(r.text) as { ok: boolean; data?: unknown; error?: { code: string } };
  if (body.ok === true) {
    expect(r.status, where).toBe(200);
    expect(Object.keys(body).sort(), where).toEqual(['data', 'ok']);
  } else {
    expectRefusal(body, where);
    expect(r.status, where).toBeGreaterThanOrEqual(400);
  }
  return body;
}

describe('fuzzing the HTTP endpoints', () => {
  const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded',
    'application/json; charset=latin1', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x', '');
  const body = fc.oneof(
    { weight: 4, arbitrary: shaped({ password: fc.oneof(fc.string({ maxLength: 210 }), fc.constantFrom('short', 'x'.repeat(200), 'x'.repeat(201), 'wrong password!')) }).map((v) => JSON.stringify(v) ?? '') },
    { weight: 2, arbitrary: evil.map((v) => JSON.stringify(v) ?? '') },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"password":', 'null', '[]', '"x"', '1e999', 'NaN', '{"password": "x", "password": "yyyyyyyyyy"}',
      '{"__proto__": {"password": "xxxxxxxxxx"}}', '{"constructor": {"prototype": {"polluted": 1}}}', '\u0000', '\ufeff{}') },
    { weight: 1, arbitrary: fc.string({ maxLength: 100 }) },
  );
  const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
    { weight: 6, arbitrary: fc.constant({} as Record<string, string>) },
    { weight: 1, arbitrary: fc.constantFrom({ 'content-encoding': 'gzip' }, { 'content-encoding': 'x-unknown' }, { 'x-forwarded-for': '10.0.0.1' },
      { origin: 'http://evil.example' }, { 'transfer-encoding': 'chunked' }, { accept: 'text/html' }) as unknown as fc.Arbitrary<Record<string, string>> },
  );
  let address = 0;
  /** A fresh loopback address every 5 requests. */
  const nextFrom = () => { address += 1; const n = Math.floor(address / 5); return `127.1.${1 + Math.floor(n / 250) % 250}.${1 + (n % 250)}`; };

  it('GET /api/health and /api/admin/status', async () => {
    const query = fc.oneof(fc.constant(''), fc.string({ maxLength: 40 }).map((s) => `?${encodeURIComponent(s)}`), fc.constantFrom('?__proto__[x]=1', '?a[b][c]=1', '?%zz'));
    await fc.assert(fc.asyncProperty(fc.constantFrom('/api/health', '/api/admin/status'), query, contentType, body, extraHeaders, async (path, q, type, b, extra) => {
      await settle();
      const r = await http('GET', `${path}${q}`, { headers: { ...(type ? { 'content-type': type } : {}), ...extra }, body: b || undefined, from: nextFrom() });
      const where = `GET ${path}${q} ${type} ${b.slice(0, 200)}`;
      expect(r.text, where).not.toMatch(STACK);
      if (path === '/api/health' && r.status === 200) {
        const h = JSON.parse(r.text) as { ok: boolean; redis: Record<string, unknown> };
        expect(h, where).toMatchObject({ ok: true, redis: { connected: true, aof: true, appendfsync: 'always' } });
      } else if (r.status === 200) {
        expect(JSON.parse(r.text), where).toEqual({ ok: true, data: { passwordSet: true } });
      } else {
        expectApiReply(r, where);
      }
      expect(await settle(), where).toEqual([]);
      cases += 1;
    }), fcOptions(400));
  }, 120_000);

  it('POST /api/admin/setup and /api/admin/login', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom('/api/admin/setup', '/api/admin/login'), contentType, body, extraHeaders, fc.boolean(), async (path, type, b, extra, right) => {
      const payload = path === '/api/admin/login' && right ? JSON.stringify({ password: PASSWORD }) : b;
      await settle();
      const r = await http('POST', path, { headers: { ...(type ? { 'content-type': type } : {}), ...extra }, body: payload, from: nextFrom() });
      const where = `POST ${path} ${type} ${JSON.stringify(extra)} ${payload.slice(0, 200)}`;
      const reply = expectApiReply(r, where);
      const written = await settle();
      if (!reply.ok) {
        expect(written, `${where}: refused but wrote`).toEqual([]);
        expect([400, 401, 403, 409, 413, 415, 429], where).toContain(r.status);
        if (r.status === 403) expect(extra.origin, where).toBe('http://evil.example');
      } else {
        expect(path, where).toBe('/api/admin/login');
        expect(payload, where).toBe(JSON.stringify({ password: PASSWORD }));
      }
      cases += 1;
    }), fcOptions(800));
  }, 120_000);

  it('bodies over 2 MB are refused with TOO_LARGE; wrong methods and unknown /api paths with NOT_FOUND', async () => {
    const big = await http('POST', '/api/admin/login', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'x'.repeat(2_200_000) }), from: nextFrom() });
    expect(expectApiReply(big, 'big body')).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
    cases += 1;
    const methods = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS');
    const paths = fc.oneof(fc.constantFrom('/api', '/api/', '/api/admin', '/api/admin/setup/x', '/api/%zz', '/api/../api/health', '/api/admin/login?x=1'),
      fc.string({ maxLength: 30 }).map((s) => `/api/${encodeURIComponent(s)}`));
    await fc.assert(fc.asyncProperty(methods, paths, async (method, path) => {
      const r = await http(method, path, { from: nextFrom() });
      const where = `${method} ${path}`;
      expect(r.text, where).not.toMatch(STACK);
      if (r.status !== 200) expectApiReply(r, where);
      cases += 1;
    }), fcOptions(300));
  }, 120_000);
});

describe('origin policy and security headers', () => {
  const port = () => (server.app.http.address() as AddressInfo).port;
  const opens = (origin: string | undefined) => new Promise<number>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port()}/socket.io/?EIO=4&transport=websocket`, origin ? { origin } : {});
    ws.once('open', () => { ws.close(); resolve(101); });
    ws.once('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); ws.terminate(); });
    ws.once('error', () => resolve(0));
  });

  it('a page of another site may not open a socket or post; this server\'s pages, listed origins and non-browsers may', async () => {
    // engine.io refuses the upgrade with a 400 (its "Forbidden" error), before any socket.io packet.
    expect(await opens('http://evil.example')).toBe(400);
    expect(await opens('null')).toBe(400);
    expect(await opens(`http://127.0.0.1:${port()}`)).toBe(101);
    expect(await opens(undefined)).toBe(101);
    process.env.ALLOWED_ORIGINS = 'https://scores.example.org';
    try {
      expect(await opens('https://scores.example.org')).toBe(101);
    } finally {
      delete process.env.ALLOWED_ORIGINS;
    }
    const body = JSON.stringify({ password: 'wrong password!' });
    const foreign = await http('POST', '/api/admin/login', { headers: { 'content-type': 'application/json', origin: 'http://evil.example' }, body, from: '127.2.0.1' });
    expect(expectApiReply(foreign, 'foreign POST')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const own = await http('POST', '/api/admin/login', { headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port()}` }, body, from: '127.2.0.2' });
    expect(own.status).toBe(401);
    cases += 7;
  });

  it('every answer carries the security headers', async () => {
    for (const [method, path] of [['GET', '/api/health'], ['GET', '/api/admin/status'], ['POST', '/api/admin/login'], ['GET', '/nowhere'], ['GET', '/api/nowhere']]) {
      const r = await http(method!, path!, { from: '127.2.0.3' });
      expect(r.headers['x-content-type-options'], path).toBe('nosniff');
      expect(r.headers['x-frame-options'], path).toBe('DENY');
      expect(r.headers['referrer-policy'], path).toBe('no-referrer');
      // express's own 404 page sends a stricter policy of its own (default-src 'none').
      expect(r.headers['content-security-policy'], path).toMatch(/frame-ancestors 'none'|default-src 'none'/);
      expect(r.headers['x-powered-by'], path).toBeUndefined();
    }
  });
});

describe('after the fuzzing', () => {
  it('the server still answers everyone, and at least 10,000 cases ran', async () => {
    const health = await http('GET', '/api/health');
    expect(health.status).toBe(200);
    for (const name of SEAT_NAMES) expect(await ok(await seat(name), 'time:ping', {})).toHaveProperty('serverNow');
    expect(await ok(await seat('audience'), 'room:sync', {})).toHaveLength(2);
    console.log(`fuzz: ${cases} cases, seed ${SEED}`);
    expect(cases).toBeGreaterThanOrEqual(runs(10_000));
  });
});
