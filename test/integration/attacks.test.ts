// A hostile venue network: a token-guessing storm from the tablets' own address (every valid tablet still connects),
// a phone flooding commands (answered cheaply, disconnected; a judge on the same server still scores), and the cap on
// phones per address (on a server whose cap is lowered to 5), the phones' turns to connect (lowered to 20 a second, 5
// at once, 40 waiting), which the operators' handshakes never wait for.
import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../server/budgets';
import { eventKeys } from '../../server/store/keys';
import type { Ack } from '../../shared/protocol';
import { makeEvent } from '../helpers/fixtures';
import { eventually, ok, useServer, type Client } from '../helpers/server';
import { openScoringFor } from '../helpers/turns';

const PHONES_PER_ADDRESS = 5;
/** Past one phone dropped for flooding, the next phone from that address waits this long. */
const FLOODER_WAIT_MS = 3000;
const ADMISSIONS = { perSecond: 20, burst: 5, queue: 40 };
const server = useServer({ limits: {
  ...LIMITS, audiencePerAddress: PHONES_PER_ADDRESS, phoneAdmissions: ADMISSIONS,
  phoneDrops: { ...LIMITS.phoneDrops, freePerKey: 1, baseMs: FLOODER_WAIT_MS, maxMs: FLOODER_WAIT_MS },
} });

/** A socket from a given loopback address; resolves to 'connected' or the handshake's refusal. */
function handshake(auth: Record<string, unknown>, localAddress = '127.0.0.1'): { socket: Client; result: Promise<string>; role: Promise<string> } {
  const socket: Client = connect(server.url, {
    auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 60_000, localAddress,
  } as Parameters<typeof connect>[1]);
  const result = new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err) => resolve(err.message));
  });
  const role = new Promise<string>((resolve) => socket.once('session:hello', (h) => resolve(h.role)));
  return { socket, result, role };
}

const guess = (i: number) => ({ token: `guess-${i}-${'x'.repeat(30)}` });

describe('no valid credential is ever locked out', () => {
  it('connects every one of 200 tablets while a guessing storm comes from the same address', async () => {
    const ev = makeEvent({ id: 'storm', rooms: 20, teams: 1, judges: 8 });
    const links = await server.setup(ev);
    const tablets = [
      ...links.rooms.flatMap((r) => [{ role: 'host', token: r.host.token }, { role: 'display', token: r.display.token }]),
      ...links.judges.map((j) => ({ role: 'judge', token: j.token })),
    ];
    expect(tablets).toHaveLength(200);
    const storm: Array<ReturnType<typeof handshake>> = [];
    try {
      // The storm starts: more failures than the free ones of an address; the first are refused at once.
      for (let i = 0; i < 60; i++) storm.push(handshake(guess(i)));
      const refused: string[] = [];
      for (const s of storm) void s.result.then((r) => refused.push(r));
      await eventually(() => expect(refused.length).toBeGreaterThanOrEqual(LIMITS.handshakeFailures.freePerKey));
      expect(new Set(refused)).toEqual(new Set(['UNAUTHORIZED']));

      // It goes on while every tablet of the venue, behind the same NAT address, connects.
      for (let i = 60; i < 260; i++) storm.push(handshake(guess(i)));
      const connecting = tablets.map((t) => ({ ...t, ...handshake({ token: t.token }) }));
      const results = await Promise.all(connecting.map((c) => c.result));
      expect(results.filter((r) => r !== 'connected')).toEqual([]);
      expect(await Promise.all(connecting.map((c) => c.role))).toEqual(tablets.map((t) => t.role));
      for (const c of connecting) c.socket.disconnect();
      // The guesses past the free ones are still being held: failures slow down, valid tokens never did.
      const settled = await Promise.all(storm.map((s) => Promise.race([s.result, Promise.resolve('held')])));
      expect(settled.filter((r) => r === 'held').length).toBeGreaterThan(0);
      expect(settled.filter((r) => r !== 'held' && r !== 'UNAUTHORIZED')).toEqual([]);
    } finally {
      for (const s of storm) s.socket.disconnect();
    }
  }, 60_000);
});

describe('a noisy phone cannot slow the judges', () => {
  it('answers a flooding phone cheaply, disconnects it, and a judge on the same server still scores', async () => {
    const ev = makeEvent({ id: 'flood', rooms: 1, teams: 2, judges: 3 });
    const links = await server.setup(ev);
    await openScoringFor(server.store, server.app.ctx.rooms, ev.id, 'room1', 'r1t1');
    const judge = await server.client({ token: links.judges[0]!.token });
    const phone = await server.client({ audience: ev.id });
    const dropped = new Promise<string>((resolve) => phone.once('disconnect', resolve));
    const answers: Array<Ack<unknown>> = [];
    // A loop of commands a phone may not send, with acks; the server stops listening long before it ends.
    const emit = phone.emit.bind(phone) as unknown as (name: string, payload: unknown, ack: (a: Ack<unknown>) => void) => void;
    for (let i = 0; i < 2000; i++) emit('score:submit', { sid: `flood-${i}`, team: 'r1t1', values: { total: 1 } }, (a) => answers.push(a));
    const sheet = { criteria: { solution: 20000, model: 15000, effect: 20000, promotion: 10000, ip: 4000, defense: 8000 } };
    const receipt = await ok(judge, 'score:submit', { sid: 'judge-during-flood', team: 'r1t1', values: sheet });
    expect(receipt).toMatchObject({ team: 'r1t1', version: 1, duplicate: false });
    expect(await dropped).toBe('io server disconnect');
    const codes = answers.map((a) => (a.ok ? 'ok' : a.error.code));
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.length).toBeLessThan(2000);
    expect(new Set(codes)).toEqual(new Set(['FORBIDDEN', 'RATE_LIMITED']));
    expect(codes.at(-1)).toBe('RATE_LIMITED');
    // Nothing of the flood reached the store: the judge's sheet is the only one.
    expect(await server.store.redis.hlen(eventKeys(ev.id).sids)).toBe(1);
  });

  it('lets a phone sync and ping as the live page does, and drops one asking in a loop', async () => {
    const ev = makeEvent({ id: 'sync-loop', rooms: 2, teams: 2, judges: 3 });
    await server.setup(ev);
    const calm = await server.client({ audience: ev.id });
    for (let i = 0; i < 3; i++) await ok(calm, 'time:ping', {});
    expect(await ok(calm, 'room:sync', {})).toHaveLength(2);
    const loop = await server.client({ audience: ev.id });
    const dropped = new Promise<string>((resolve) => loop.once('disconnect', resolve));
    const answers: Array<Ack<unknown>> = [];
    for (let i = 0; i < 200; i++) loop.emit('room:sync', {}, (a) => answers.push(a as Ack<unknown>));
    expect(await dropped).toBe('io server disconnect');
    expect(answers.filter((a) => !a.ok).map((a) => !a.ok && a.error.code)).toContain('RATE_LIMITED');
    expect(calm.connected).toBe(true);
  });

  it('holds new phones from an address whose phones keep flooding (never refuses them); other addresses connect at once', async () => {
    const ev = makeEvent({ id: 'flood-again', rooms: 1, teams: 1, judges: 3 });
    await server.setup(ev);
    const from = '127.0.0.9';
    const flood = async () => {
      const p = handshake({ audience: ev.id }, from);
      expect(await p.result).toBe('connected');
      const dropped = new Promise<string>((resolve) => p.socket.once('disconnect', resolve));
      const emit = p.socket.emit.bind(p.socket) as unknown as (name: string, payload: unknown, ack: () => void) => void;
      for (let i = 0; i < 100; i++) emit('room:explode', {}, () => undefined);
      expect(await dropped).toBe('io server disconnect');
    };
    await flood(); // the free one
    await flood(); // past it: the address's next phone waits
    const held = handshake({ audience: ev.id }, from);
    const elsewhere = handshake({ audience: ev.id }, '127.0.0.10');
    const first = await Promise.race([held.result.then(() => 'held phone'), elsewhere.result.then(() => 'other address')]);
    expect(first).toBe('other address');
    expect(await held.result).toBe('connected');
    for (const s of [held, elsewhere]) s.socket.disconnect();
  });
});

describe('a storm of phones', () => {
  it('makes phones wait their turn (refusing those past the queue) while a judge and a host connect at once', async () => {
    const ev = makeEvent({ id: 'phone-storm', rooms: 1, teams: 1, judges: 3 });
    const links = await server.setup(ev);
    const order: string[] = [];
    // 60 phones from 12 addresses (5 each, the cap): the burst goes in, 40 wait their turn, the rest are refused (but
    // for the few let in by the turns that come while they arrive).
    const phones = Array.from({ length: 60 }, (_, i) => handshake({ audience: ev.id }, `127.0.20.${i % 12 + 1}`));
    phones.forEach((p, i) => void p.result.then((r) => order.push(`phone ${i}: ${r}`)));
    await eventually(() => expect(order.length).toBeGreaterThanOrEqual(ADMISSIONS.burst));
    const judge = handshake({ token: links.judges[0]!.token }, '127.0.20.1');
    const host = handshake({ token: links.rooms[0]!.host.token }, '127.0.20.1');
    void judge.result.then((r) => order.push(`judge: ${r}`));
    void host.result.then((r) => order.push(`host: ${r}`));
    const results = await Promise.all(phones.map((p) => p.result));
    expect(await Promise.all([judge.result, host.result])).toEqual(['connected', 'connected']);
    const refused = results.filter((r) => r !== 'connected');
    expect(results.filter((r) => r === 'connected').length).toBeGreaterThanOrEqual(ADMISSIONS.burst + ADMISSIONS.queue);
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused)).toEqual(new Set(['RATE_LIMITED']));
    // The operators were let in while most of the waiting phones still waited.
    const lastOperator = Math.max(order.indexOf('judge: connected'), order.indexOf('host: connected'));
    const phonesBefore = order.slice(0, lastOperator).filter((o) => o.endsWith(': connected')).length;
    expect(phonesBefore).toBeLessThan(ADMISSIONS.burst + ADMISSIONS.queue / 2);
    for (const s of [...phones, judge, host]) s.socket.disconnect();
  }, 30_000);
});

describe('phones per address', () => {
  it(`refuses the phone past ${PHONES_PER_ADDRESS} from one address with RATE_LIMITED, not from another address; a freed place is taken again`, async () => {
    const ev = makeEvent({ id: 'nat', rooms: 1, teams: 1, judges: 3 });
    const links = await server.setup(ev);
    const from = '127.0.0.7';
    const phones = Array.from({ length: PHONES_PER_ADDRESS }, () => handshake({ audience: ev.id }, from));
    expect(await Promise.all(phones.map((p) => p.result))).toEqual(Array(PHONES_PER_ADDRESS).fill('connected'));
    const extra = handshake({ audience: ev.id }, from);
    expect(await extra.result).toBe('RATE_LIMITED');
    const judge = handshake({ token: links.judges[0]!.token }, from); // only phones are capped
    const elsewhere = handshake({ audience: ev.id }, '127.0.0.8');
    expect([await judge.result, await elsewhere.result]).toEqual(['connected', 'connected']);
    phones[0]!.socket.disconnect();
    await eventually(async () => {
      const again = handshake({ audience: ev.id }, from);
      const r = await again.result;
      again.socket.disconnect();
      expect(r).toBe('connected');
    });
    for (const s of [...phones, extra, judge, elsewhere]) s.socket.disconnect();
  });
});
