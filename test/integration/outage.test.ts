// A storage outage in a real server process: kill -9 of the embedded redis-server during scoring (the server restarts
// it, nobody else does), a Redis given by REDIS_URL that stays down a while, a redis-server that keeps dying, and
// SIGTERM/SIGINT in each state. Judges get "not saved" (UNAVAILABLE) during the outage, never a false receipt, and
// their outbox's resend lands exactly once; screens are told; health says what is happening.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { Tokens } from '../../server/auth';
import { embeddedRedisDir, readEmbeddedState } from '../../server/redis/embedded';
import { eventKeys } from '../../server/store/keys';
import { Store } from '../../server/store/index';
import type { StorageStatus } from '../../shared/protocol';
import { JudgeBot, newSid } from '../bench/lib/judge-bot';
import { sleep, spawnServer, TestRedisProcess, type ServerProcess } from '../bench/lib/procs';
import { makeEvent } from '../helpers/fixtures';
import { eventually, ok, send, type Client } from '../helpers/server';

const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The redis-server processes listening on `port`, whoever started them (Redis titles itself "redis-server host:port"). */
const redisProcessesOn = (port: number): number[] => readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((d) => {
  try {
    const title = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').join(' ');
    return title.includes('redis-server') && title.includes(`127.0.0.1:${port}`) ? [Number(d)] : [];
  } catch {
    return []; // ended meanwhile
  }
});

/** The pid of the embedded redis-server the server under `dataDir` runs now (it writes it at each start). */
/** The pid of the private Redis of a server on `dataDir`, from the file its launcher writes. */
const redisPid = (dataDir: string): number => {
  const state = readEmbeddedState(embeddedRedisDir(dataDir));
  if (!state) throw new Error(`no private Redis recorded under ${dataDir}`);
  return state.pid;
};

/** A server process on its own embedded Redis under a fresh DATA_DIR, with a direct Redis connection for the checks. */
async function embeddedServer(): Promise<{ server: ServerProcess; dataDir: string; store: Store; pids: Set<number>; redisPort: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fs-outage-'));
  const server = await spawnServer({ redisUrl: '', env: { DATA_DIR: dataDir } });
  const url = /private redis-server on (redis:\/\/[^\s,]+)/.exec(server.output())![1]!;
  const store = new Store(new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => 100 }));
  store.redis.on('error', () => undefined); // down on purpose in these tests
  const pids = new Set([redisPid(dataDir)]);
  const redisPort = Number(new URL(url).port);
  expect(redisProcessesOn(redisPort)).toEqual([...pids]);
  cleanups.push(async () => {
    store.redis.disconnect();
    await server.kill('SIGKILL');
    for (const pid of redisProcessesOn(redisPort)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { server, dataDir, store, pids, redisPort };
}

function connect(url: string, auth: Record<string, string>): Client {
  const s: Client = io(url, { auth, transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 500, forceNew: true });
  cleanups.push(() => s.disconnect());
  return s;
}

async function connected(s: Client): Promise<void> {
  await eventually(() => expect(s.connected).toBe(true), 30_000);
}

/** Saves a one-room event, calls its first team and opens scoring; returns the host socket and a token maker. */
async function openScoring(server: ServerProcess, store: Store, id: string): Promise<{ host: Client; token: (role: 'judge' | 'display', subject: string) => Promise<string> }> {
  await store.saveEvent(makeEvent({ id, rooms: 1, teams: 2, judges: 3 }));
  const tokens = new Tokens(store.redis);
  const host = connect(server.url, { token: await tokens.ensure(id, 'host', 'room1') });
  await connected(host);
  await ok(host, 'room:call', { team: 'r1t1' });
  await ok(host, 'room:open-scoring', {});
  return { host, token: (role, subject) => tokens.ensure(id, role, subject) };
}

/** Every storage:status a socket receives, in order. */
function statuses(s: Client): StorageStatus['state'][] {
  const seen: StorageStatus['state'][] = [];
  s.on('storage:status', (st) => seen.push(st.state));
  return seen;
}

async function health(server: ServerProcess): Promise<{ status: number; body: Record<string, unknown> & { storage: Record<string, unknown> } }> {
  const res = await fetch(`${server.url}/api/health`);
  return { status: res.status, body: await res.json() as Record<string, unknown> & { storage: Record<string, unknown> } };
}

/** Resolves with the exit code once the process has ended, and how long it took from now. */
async function exitOf(server: ServerProcess): Promise<{ code: number | null; ms: number }> {
  const t0 = Date.now();
  if (server.child.exitCode !== null) return { code: server.child.exitCode, ms: 0 };
  const code = await new Promise<number | null>((r) => server.child.once('exit', (c) => r(c)));
  return { code, ms: Date.now() - t0 };
}

const sheet = { criteria: { solution: 20_000, model: 15_000, effect: 20_000, promotion: 10_000, ip: 4_000, defense: 8_000 } };

describe('the embedded redis-server is supervised', () => {
  it('kill -9 during scoring: refused "not saved" while away, restarted by the server, the outbox resend lands once', async () => {
    const { server, dataDir, store, pids } = await embeddedServer();
    const { host, token } = await openScoring(server, store, 'outage-embedded');
    const hostSeen = statuses(host);
    const judge = connect(server.url, { token: await token('judge', 'r1j1') });
    await connected(judge);
    const judgeSeen = statuses(judge);
    const display = connect(server.url, { token: await token('display', 'room1') });
    await connected(display);
    const displaySeen = statuses(display);
    const bot = new JudgeBot('r1j2', server.url, await token('judge', 'r1j2'));
    cleanups.push(() => bot.close());
    await eventually(() => expect(bot.socket.connected).toBe(true), 30_000);

    const first = redisPid(dataDir);
    const killedAt = Date.now();
    process.kill(first, 'SIGKILL');
    // The server notices at once and tells every screen; a sheet sent now is refused as not saved, never acknowledged.
    await eventually(() => expect(judgeSeen).toContain('reconnecting'), 3000);
    const sid = newSid();
    const during = await send(judge, 'score:submit', { sid, team: 'r1t1', values: sheet });
    bot.submit({ sid: newSid(), team: 'r1t1', values: sheet });
    // A receipt here would be a lie unless Redis really has it: "not saved" is the answer while it is away.
    if (during.ok) expect(await store.redis.hexists(eventKeys('outage-embedded').sids, sid)).toBe(1);
    else expect(during.error).toEqual({ code: 'UNAVAILABLE', message: expect.stringMatching(/^not saved/) });

    // Nobody restarts Redis here but the server itself; scoring works again within 3 s of the death.
    let again: Awaited<ReturnType<typeof send<'score:submit'>>> | null = null;
    while (!again?.ok) {
      expect(Date.now() - killedAt, 'scoring works again within 3 s').toBeLessThan(3000);
      again = await send(judge, 'score:submit', { sid, team: 'r1t1', values: sheet });
      if (!again.ok) {
        expect(again.error.code).toBe('UNAVAILABLE');
        await sleep(50);
      }
    }
    const recoveredMs = Date.now() - killedAt;
    pids.add(redisPid(dataDir));
    expect(redisPid(dataDir)).not.toBe(first);
    await bot.drained(10_000);
    expect(bot.refusals).toEqual([]);

    // Each sheet stored exactly once: version 1, one sid, one audit entry each.
    const sheets = await store.sheets('outage-embedded', 'r1t1');
    expect(sheets.r1j1?.version).toBe(1);
    expect(sheets.r1j2?.version).toBe(1);
    expect(await store.redis.hlen(eventKeys('outage-embedded').sids)).toBe(2);
    const audit = (await store.audit('outage-embedded')).filter((e) => e.action === 'score.submit');
    expect(audit.map((e) => e.judge).sort()).toEqual(['r1j1', 'r1j2']);

    // Hosts and displays were told, and told again when it was over; health says what happened.
    for (const seen of [hostSeen, judgeSeen, displaySeen]) await eventually(() => expect(seen).toEqual(['reconnecting', 'ok']));
    const h = await health(server);
    expect(h.status).toBe(200);
    expect(h.body).toMatchObject({ ok: true, status: 'ok', storage: { mode: 'embedded', state: 'ok', restarts: 1 } });
    expect(server.alive()).toBe(true);
    expect(server.output()).toContain('was killed by SIGKILL; starting it again');
    console.log(`embedded redis-server killed: scoring again after ${recoveredMs} ms; the bot was answered UNAVAILABLE ${bot.unavailable} time(s)`);
  }, 90_000);

  it('a redis-server that keeps dying (5 times within a minute) stops the server with the log and how to recover', async () => {
    const { server, dataDir, pids, redisPort } = await embeddedServer();
    const exited = exitOf(server);
    for (let death = 1; death <= 5; death++) {
      const pid = redisPid(dataDir);
      pids.add(pid);
      process.kill(pid, 'SIGKILL');
      if (death < 5) await eventually(() => expect(redisPid(dataDir)).not.toBe(pid), 10_000);
    }
    const { code } = await exited;
    expect(code).toBe(1);
    const out = server.output();
    expect(out).toContain('died 5 times within a minute (the last time: was killed by SIGKILL)');
    expect(out).toContain(`The last lines of its log (${join(dataDir, 'redis', 'redis.log')})`);
    expect(out).toContain('Ready to accept connections'); // a line of Redis's own log
    expect(out).toContain('To recover:');
    expect(out).toContain('redis-check-aof --fix');
    expect(redisProcessesOn(redisPort)).toEqual([]);
  }, 90_000);
});

describe('a Redis given by REDIS_URL', () => {
  it('down: health says degraded, commands and handshakes are refused UNAVAILABLE, the resend lands once when it is back', async () => {
    const redis = await TestRedisProcess.start();
    cleanups.push(() => redis.stop());
    const server = await spawnServer({ redisUrl: redis.url });
    cleanups.push(() => server.kill('SIGKILL'));
    const store = new Store(new Redis(redis.url, { maxRetriesPerRequest: null, retryStrategy: () => 100 }));
    store.redis.on('error', () => undefined);
    cleanups.push(() => store.redis.disconnect());
    const { host, token } = await openScoring(server, store, 'outage-external');
    const hostSeen = statuses(host);
    const bot = new JudgeBot('r1j1', server.url, await token('judge', 'r1j1'));
    cleanups.push(() => bot.close());
    await eventually(() => expect(bot.socket.connected).toBe(true), 30_000);
    const judgeToken = await token('judge', 'r1j2');

    redis.kill9();
    await eventually(() => expect(hostSeen).toEqual(['reconnecting']), 5000);
    const h = await health(server);
    expect(h.status).toBe(503);
    expect(h.body).toMatchObject({ ok: false, status: 'degraded', redis: { connected: false }, storage: { mode: 'external', state: 'reconnecting', restarts: 0 } });
    expect(Date.parse(h.body.storage.since as string)).toBeGreaterThan(0);

    bot.submit({ sid: newSid(), team: 'r1t1', values: sheet });
    await eventually(() => expect(bot.unavailable).toBeGreaterThan(0));
    expect(bot.outbox).toHaveLength(1); // kept, to be resent
    expect(bot.receipts.size).toBe(0);
    expect(await send(host, 'room:sync', {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    // A tablet that reconnects now is told why it cannot get in, rather than INTERNAL.
    const late = io(server.url, { auth: { token: judgeToken }, transports: ['websocket'], reconnection: false, forceNew: true });
    cleanups.push(() => late.disconnect());
    expect(await new Promise<string>((r) => late.once('connect_error', (e) => r(e.message)))).toBe('UNAVAILABLE');

    await redis.restart();
    await bot.drained(20_000);
    expect(bot.refusals).toEqual([]);
    expect((await store.sheets('outage-external', 'r1t1')).r1j1?.version).toBe(1);
    expect(await store.redis.hlen(eventKeys('outage-external').sids)).toBe(1);
    expect((await store.audit('outage-external')).filter((e) => e.action === 'score.submit')).toHaveLength(1);
    await eventually(() => expect(hostSeen).toEqual(['reconnecting', 'ok']));
    expect((await health(server)).body).toMatchObject({ ok: true, status: 'ok', storage: { mode: 'external', state: 'ok' } });

    // SIGTERM while that Redis is dead: the server still stops within 5 s.
    redis.kill9();
    await eventually(() => expect(hostSeen).toEqual(['reconnecting', 'ok', 'reconnecting']), 5000);
    const exited = exitOf(server);
    server.child.kill('SIGTERM');
    const { code, ms } = await exited;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(5000);
    console.log(`SIGTERM with the REDIS_URL Redis dead: stopped in ${ms} ms`);
  }, 90_000);
});

describe('SIGTERM and SIGINT stop the server and its embedded Redis within 5 s', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    for (const redisState of ['alive', 'just killed'] as const) {
      it(`${signal} with Redis ${redisState}`, async () => {
        const { server, dataDir, pids, redisPort } = await embeddedServer();
        if (redisState === 'just killed') {
          process.kill(redisPid(dataDir), 'SIGKILL');
          await eventually(() => expect(server.output()).toContain('was killed by SIGKILL'), 5000);
        }
        const exited = exitOf(server);
        server.child.kill(signal);
        const { code, ms } = await exited;
        expect(code, server.output()).toBe(0);
        expect(ms).toBeLessThan(5000);
        console.log(`${signal} with Redis ${redisState}: the server and its Redis stopped in ${ms} ms`);
        // No redis-server of this DATA_DIR is left: neither the first nor any the supervisor started meanwhile.
        expect(redisProcessesOn(redisPort)).toEqual([]);
        for (const pid of pids) expect(isAlive(pid), `redis-server ${pid}`).toBe(false);
        expect(readEmbeddedState(embeddedRedisDir(dataDir))).toBeNull();
      }, 60_000);
    }
  }
});
