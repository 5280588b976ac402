// The fault scenarios behind `npm run chaos` and test/integration/chaos.test.ts: kill -9 of the server and of Redis in
// a storm of submissions, a judge offline, a display reconnecting, a client clock off by minutes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { estimateOffset, formatCountdown, remainingMs } from '../../shared/clock';
import { Tokens } from '../../server/auth';
import { eventKeys } from '../../server/store/keys';
import { Store, verifyAuditChain } from '../../server/store/index';
import type { EventConfig } from '../../shared/domain';
import type { Ack, ClientToServerEvents, CommandName, CommandResults, ServerToClientEvents } from '../../shared/protocol';
import { aggregateTeam, type Sheet, type TeamAggregate } from '../../shared/scoring';
import { makeEvent } from '../helpers/fixtures';
import { JudgeBot, newSid, type Values } from './lib/judge-bot';
import { sleep, spawnServer, TestRedisProcess, type ServerProcess } from './lib/procs';
import { FaultProxy } from './lib/proxy';
import { Watcher } from './lib/watcher';

/** One verified claim. */
export interface Check { name: string; ok: boolean; detail?: string }

/** What a scenario found: its checks and the figures worth printing. */
export interface ScenarioResult { name: string; ok: boolean; ms: number; checks: Check[]; figures: Record<string, number | string> }

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonical(v: unknown): string {
  const sort = (x: unknown): unknown => Array.isArray(x) ? x.map(sort)
    : x && typeof x === 'object' ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sort((x as Record<string, unknown>)[k])])) : x;
  return JSON.stringify(sort(v)) ?? 'undefined';
}

/** A scenario's checks and figures. */
export class Report {
  readonly checks: Check[] = [];
  readonly figures: Record<string, number | string> = {};
  private readonly started = Date.now();

  constructor(readonly name: string) {}

  check(name: string, ok: boolean, detail?: string): boolean {
    this.checks.push({ name, ok, detail: ok ? undefined : detail });
    return ok;
  }

  /** Deep equality, whatever the order of object keys. */
  equal(name: string, actual: unknown, expected: unknown): boolean {
    const a = canonical(actual);
    const e = canonical(expected);
    return this.check(name, a === e, `expected ${e.slice(0, 400)}, got ${a.slice(0, 400)}`);
  }

  done(): ScenarioResult {
    return { name: this.name, ok: this.checks.every((c) => c.ok), ms: Date.now() - this.started, checks: this.checks, figures: this.figures };
  }
}

function connectClient(url: string, auth: Record<string, unknown>): Client {
  return io(url, { auth, transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 1000, forceNew: true });
}

async function connected(socket: Client, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!socket.connected) {
    if (Date.now() > until) throw new Error('a client did not (re)connect in time');
    await sleep(20);
  }
}

/** Sends a command (waiting for the connection first) and returns its data, or throws with the refusal. */
export async function command<E extends CommandName>(socket: Client, name: E, payload: unknown): Promise<CommandResults[E]> {
  await connected(socket);
  const emit = socket.timeout(10_000).emitWithAck as unknown as (n: string, p: unknown) => Promise<Ack<CommandResults[E]>>;
  const ack = await emit.call(socket, name, payload);
  if (!ack.ok) throw new Error(`${name} refused: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** A deterministic sheet on the default criteria (step 1 point). */
export function sheetFor(seed: number): { criteria: Record<string, number> } {
  let x = (seed * 2654435761) % 4294967296;
  const next = (max: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return (x % (max + 1)) * 1000;
  };
  return { criteria: { solution: next(25), model: next(20), effect: next(25), promotion: next(15), ip: next(5), defense: next(10) } };
}

const totalOf = (v: Values): number => ('total' in v ? v.total : Object.values(v.criteria).reduce((a, b) => a + b, 0));

/**
 * A server process over a private Redis (given by REDIS_URL, or with `embedded` the server's own under a DATA_DIR), the
 * event, its tokens and a direct Redis connection for the checks.
 */
class Harness {
  server!: ServerProcess;
  redis!: TestRedisProcess;
  /** With `embedded`: the server's DATA_DIR. */
  dataDir: string | null = null;
  store!: Store;
  tokens!: Tokens;
  readonly sockets: Array<{ close?: () => void; disconnect?: () => void }> = [];

  constructor(readonly ev: EventConfig, readonly embedded = false) {}

  async start(): Promise<void> {
    let url: string;
    if (this.embedded) {
      this.dataDir = mkdtempSync(join(tmpdir(), 'fs-chaos-embedded-'));
      this.server = await spawnServer({ redisUrl: '', env: { DATA_DIR: this.dataDir } });
      url = /private redis-server on (redis:\/\/[^\s,]+)/.exec(this.server.output())![1]!;
    } else {
      this.redis = await TestRedisProcess.start();
      url = this.redis.url;
    }
    this.store = new Store(new Redis(url, { maxRetriesPerRequest: null }));
    this.store.redis.on('error', () => undefined); // refused while Redis is down on purpose; it reconnects
    this.tokens = new Tokens(this.store.redis);
    await this.store.saveEvent(this.ev);
    if (!this.embedded) this.server = await spawnServer({ redisUrl: this.redis.url });
  }

  /** kill -9 of the server's own redis-server (its pid is in DATA_DIR/redis/embedded.json). */
  killEmbeddedRedis(): void {
    const { pid } = JSON.parse(readFileSync(join(this.dataDir!, 'redis', 'embedded.json'), 'utf8')) as { pid: number };
    process.kill(pid, 'SIGKILL');
  }

  token(role: 'host' | 'display' | 'judge' | 'supervisor', subject: string): Promise<string> {
    return this.tokens.ensure(this.ev.id, role, subject);
  }

  async host(roomId: string, url = this.server.url): Promise<Client> {
    const s = connectClient(url, { token: await this.token('host', roomId) });
    this.sockets.push(s);
    await connected(s);
    return s;
  }

  async judgeBot(judgeId: string, url = this.server.url, ackTimeoutMs = 5000): Promise<JudgeBot> {
    const bot = new JudgeBot(judgeId, url, await this.token('judge', judgeId), ackTimeoutMs);
    this.sockets.push(bot);
    return bot;
  }

  /** Every acknowledged submission is stored under its sid with the receipt the judge was given. */
  async checkReceipts(report: Report, bots: JudgeBot[]): Promise<void> {
    const sids = await this.store.redis.hgetall(eventKeys(this.ev.id).sids);
    let missing = 0;
    let differ = 0;
    for (const bot of bots) {
      for (const [sid, r] of bot.receipts) {
        const raw = sids[sid];
        if (!raw) {
          missing += 1;
          continue;
        }
        const stored = JSON.parse(raw) as { team: string; judge: string; version: number; total: number; at: string };
        if (stored.team !== r.team || stored.judge !== bot.name || stored.version !== r.version || stored.total !== r.total || stored.at !== r.at) differ += 1;
      }
    }
    report.check('every acknowledged sheet is in Redis under its sid', missing === 0, `${missing} acknowledged sid(s) missing`);
    report.check('every stored receipt is the one the judge was given', differ === 0, `${differ} receipt(s) differ`);
  }

  /** Closes scoring in a room and compares the aggregate the server stored with one recomputed from the raw sheets. */
  async closeAndCompare(report: Report, host: Client, roomId: string, teamId: string, lastSent: Map<string, Values>): Promise<void> {
    await command(host, 'room:close-scoring', { reason: 'chaos: close' });
    const room = this.ev.rooms.find((r) => r.id === roomId)!;
    const team = this.ev.teams.find((t) => t.id === teamId)!;
    const track = this.ev.tracks.find((t) => t.id === team.trackId)!;
    const { aggregates } = await this.store.standings(this.ev.id, track.id);
    const stored = aggregates.find((a) => a.team === teamId);
    const raw = await this.store.sheets(this.ev.id, teamId);
    const fromRedis: Sheet[] = room.panel.filter((j) => raw[j]).map((j) => ({ judge: j, total: raw[j]!.total, criteria: raw[j]!.criteria }));
    const fromJudges: Sheet[] = room.panel.filter((j) => lastSent.has(j)).map((j) => {
      const v = lastSent.get(j)!;
      return { judge: j, total: totalOf(v), criteria: 'criteria' in v ? v.criteria : {} };
    });
    report.equal(`${roomId}: the stored aggregate equals shared/scoring.ts on the raw sheets`, stored, aggregateTeam(teamId, fromRedis, track.rules));
    report.equal(`${roomId}: … and on what the judges last sent`, stored, aggregateTeam(teamId, fromJudges, track.rules));
  }

  async health(): Promise<{ status: number; ok: boolean; restarts?: number }> {
    try {
      const res = await fetch(`${this.server.url}/api/health`);
      const body = (await res.json()) as { ok: boolean; storage?: { restarts: number } };
      return { status: res.status, ok: body.ok, restarts: body.storage?.restarts };
    } catch {
      return { status: 0, ok: false };
    }
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) (s.close ?? s.disconnect)!.call(s);
    await this.server?.kill('SIGTERM').catch(() => undefined); // with `embedded`, its Redis goes with it
    this.store?.redis.disconnect();
    await this.redis?.stop();
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export interface StormOptions {
  /** Total submissions of the storm (each a new sid, so each a new version of the judge's sheet). */
  submissions: number;
  /** How many times the fault strikes during the storm (evenly spread). */
  kills: number;
  /** How long the killed process stays down before it is restarted. */
  downMs: number;
  log?: (line: string) => void;
}

/**
 * 9 judge bots in 3 rooms send `submissions` sheets as fast as the server acknowledges them; `fault` is killed with
 * SIGKILL `kills` times and restarted (`embedded-redis`: the server's own redis-server, which nobody but the server
 * restarts). Then: every acknowledged sheet is in Redis, each sid stored exactly once, the
 * audit chain intact, and the aggregates of close-scoring equal a recomputation from the raw sheets.
 */
export async function storm(fault: 'server' | 'redis' | 'embedded-redis', opts: StormOptions): Promise<ScenarioResult> {
  const log = opts.log ?? (() => undefined);
  const report = new Report({ server: 'kill -9 the server mid-storm', redis: 'kill -9 Redis mid-storm',
    'embedded-redis': 'kill -9 the embedded redis-server mid-storm (the server restarts it)' }[fault]);
  const ev = makeEvent({ id: `chaos-${fault}`, rooms: 3, teams: 2, judges: 3 });
  const h = new Harness(ev, fault === 'embedded-redis');
  try {
    await h.start();
    const hosts = await Promise.all(ev.rooms.map((r) => h.host(r.id)));
    for (const [i, host] of hosts.entries()) {
      await command(host, 'room:call', { team: `r${i + 1}t1` });
      await command(host, 'room:open-scoring', {});
    }
    const judges = ev.rooms.flatMap((r) => r.panel);
    const bots = await Promise.all(judges.map((j) => h.judgeBot(j)));
    const perBot = Math.ceil(opts.submissions / bots.length);
    const lastSent = new Map<string, Values>();
    let seed = 1;
    for (const [b, bot] of bots.entries()) {
      const roomIndex = Math.floor(b / 3);
      for (let k = 0; k < perBot; k++) {
        const values = sheetFor(seed++);
        bot.submit({ sid: newSid(), team: `r${roomIndex + 1}t1`, values });
        lastSent.set(bot.name, values);
      }
    }
    const total = perBot * bots.length;
    const acked = () => bots.reduce((n, b) => n + b.receipts.size, 0);
    const started = Date.now();
    const downtimes: number[] = [];
    const recoveries: number[] = [];
    for (let k = 1; k <= opts.kills; k++) {
      const at = Math.floor((total * k) / (opts.kills + 1));
      await until(`${at} acknowledgements`, () => acked() >= at, 120_000);
      const before = acked();
      const t0 = Date.now();
      if (fault === 'server') {
        await h.server.kill('SIGKILL');
        await sleep(opts.downMs);
        h.server = await spawnServer({ redisUrl: h.redis.url, port: h.server.port });
      } else if (fault === 'redis') {
        h.redis.kill9();
        await sleep(opts.downMs);
        await h.redis.restart();
      } else {
        h.killEmbeddedRedis(); // and nothing else: the server restarts it
      }
      downtimes.push(Date.now() - t0);
      await until('the first acknowledgement after the restart', () => acked() > before + bots.length || acked() === total, 60_000);
      recoveries.push(Date.now() - t0);
      log(`  ${fault} killed at ${before}/${total} acknowledged; back after ${downtimes.at(-1)} ms, acknowledging again after ${recoveries.at(-1)} ms`);
    }
    await Promise.all(bots.map((b) => b.drained(120_000)));
    const stormMs = Date.now() - started;

    const refusals = bots.flatMap((b) => b.refusals);
    report.check('no submission was refused', refusals.length === 0, JSON.stringify(refusals.slice(0, 3)));
    report.equal('every submission was acknowledged', acked(), total);
    await h.checkReceipts(report, bots);
    const k = eventKeys(ev.id);
    let onceEach = true;
    let lastStored = true;
    for (const bot of bots) {
      const team = [...bot.receipts.values()][0]!.team;
      const sheet = (await h.store.sheets(ev.id, team))[bot.name];
      if (sheet?.version !== perBot) onceEach = false;
      const v = lastSent.get(bot.name)! as { criteria: Record<string, number> };
      if (canonical(sheet?.criteria) !== canonical(v.criteria)) lastStored = false;
    }
    report.check(`each sid stored exactly once (every judge's sheet is at version ${perBot})`, onceEach);
    report.check("each judge's current sheet is the last one they sent", lastStored);
    const audit = await h.store.audit(ev.id);
    report.check('the audit chain verifies', verifyAuditChain(audit).ok);
    report.equal('one audit entry per stored submission', audit.filter((e) => e.action === 'score.submit').length, total);
    report.equal('the sids hash holds exactly the submissions', await h.store.redis.hlen(k.sids), total);
    for (const [i, host] of hosts.entries()) await h.closeAndCompare(report, host, `room${i + 1}`, `r${i + 1}t1`, lastSent);
    report.check('the server process is alive', h.server.alive(), h.server.output().slice(-2000));
    const health = await h.health();
    report.check('GET /api/health says ok', health.status === 200 && health.ok, JSON.stringify(health));
    if (fault === 'embedded-redis') report.equal('GET /api/health counts the restarts', health.restarts, opts.kills);

    Object.assign(report.figures, {
      submissions: total, judges: bots.length, kills: opts.kills, 'storm ms': stormMs,
      'acks marked duplicate (resent after a lost ack)': bots.reduce((n, b) => n + [...b.receipts.values()].filter((r) => r.duplicate).length, 0),
      'resends (timeout or INTERNAL)': bots.reduce((n, b) => n + b.retries, 0),
      'answered UNAVAILABLE (not saved) and resent': bots.reduce((n, b) => n + b.unavailable, 0),
      'down ms (max)': Math.max(...downtimes), 'to first ack after restart ms (max)': Math.max(...recoveries),
    });
  } catch (err) {
    report.check('the scenario ran to the end', false, `${(err as Error).stack}\n--- server output ---\n${h.server?.output().slice(-3000) ?? ''}`);
  } finally {
    await h.stop();
  }
  return report.done();
}

export interface OfflineOptions {
  /** How long the judge (and the display) stay off the network. */
  offlineMs: number;
  log?: (line: string) => void;
}

/**
 * A judge offline for `offlineMs` whose sheet is sent exactly once when back (lost before arriving, and ack lost); a
 * display that reconnects gets a correct snapshot; a client clock off by minutes shows the same countdown.
 */
export async function offline(opts: OfflineOptions): Promise<ScenarioResult> {
  const log = opts.log ?? (() => undefined);
  const report = new Report(`a judge and a display offline for ${Math.round(opts.offlineMs / 1000)} s, clocks off by minutes`);
  const ev = makeEvent({ id: 'chaos-offline', rooms: 1, teams: 3, judges: 3 });
  const h = new Harness(ev);
  const proxies: FaultProxy[] = [];
  try {
    await h.start();
    const host = await h.host('room1');
    await command(host, 'room:call', { team: 'r1t1' });
    await command(host, 'room:open-scoring', {});
    const judgeProxy = await FaultProxy.start(h.server.port);
    const displayProxy = await FaultProxy.start(h.server.port);
    proxies.push(judgeProxy, displayProxy);
    const bot = await h.judgeBot('r1j1', judgeProxy.url, 5000);
    await connected(bot.socket);
    const display = new Watcher(displayProxy.url, { token: await h.token('display', 'room1') });
    h.sockets.push(display);
    await until('the display snapshot', () => display.room('room1') !== undefined);
    const k = eventKeys(ev.id);
    const storedVersion = async () => (await h.store.sheets(ev.id, 'r1t1')).r1j1?.version ?? 0;
    const auditFor = async () => (await h.store.audit(ev.id)).filter((e) => e.action === 'score.submit' && e.judge === 'r1j1').length;

    // 1. The network is gone before the sheet reaches the server.
    judgeProxy.mode = 'blackhole';
    const first = { sid: newSid(), team: 'r1t1', values: sheetFor(101) };
    bot.submit(first);
    const t0 = Date.now();
    let arrivedWhileOffline = false;
    while (Date.now() - t0 < opts.offlineMs) {
      if ((await storedVersion()) !== 0) arrivedWhileOffline = true;
      await sleep(Math.min(1000, opts.offlineMs / 4));
    }
    report.check('nothing reached the server while the judge was offline', !arrivedWhileOffline);
    judgeProxy.cut();
    judgeProxy.mode = 'pass';
    const back = Date.now();
    await bot.drained(30_000);
    report.figures['judge: back online → sheet acknowledged ms'] = Date.now() - back;
    report.equal('the queued sheet was acknowledged once, as new', { duplicate: bot.receipts.get(first.sid)?.duplicate, version: bot.receipts.get(first.sid)?.version }, { duplicate: false, version: 1 });
    report.equal('… and stored once (version 1, one audit entry)', [await storedVersion(), await auditFor()], [1, 1]);

    // 2. The sheet reaches the server but the acknowledgement is lost; the tablet resends the same sid when back.
    judgeProxy.mode = 'drop-replies';
    const second = { sid: newSid(), team: 'r1t1', values: sheetFor(202) };
    bot.submit(second);
    await until('the second sheet in Redis', async () => (await storedVersion()) === 2, 10_000);
    judgeProxy.mode = 'blackhole';
    await sleep(opts.offlineMs);
    judgeProxy.cut();
    judgeProxy.mode = 'pass';
    await bot.drained(30_000);
    report.equal('the resent sheet got the first receipt (duplicate), not a new version',
      { duplicate: bot.receipts.get(second.sid)?.duplicate, version: bot.receipts.get(second.sid)?.version }, { duplicate: true, version: 2 });
    report.equal('… and is stored once (version 2, two audit entries, two sids)', [await storedVersion(), await auditFor(), await h.store.redis.hlen(k.sids)], [2, 2, 2]);
    report.figures['judge: resends while offline'] = bot.retries;
    log(`  judge offline twice for ${opts.offlineMs} ms: stored exactly once each time (${bot.retries} resends)`);

    // 3. The display is offline while the room moves on; when it is back its snapshot is the room as it is now.
    displayProxy.mode = 'blackhole';
    const [framesBefore, connectsBefore] = [display.frames, display.connects];
    const others = await Promise.all(['r1j2', 'r1j3'].map((j) => h.judgeBot(j)));
    others.forEach((b, i) => b.submit({ sid: newSid(), team: 'r1t1', values: sheetFor(300 + i) }));
    await Promise.all(others.map((b) => b.drained(30_000)));
    await command(host, 'room:close-scoring', {});
    await command(host, 'room:reveal', {});
    await command(host, 'room:call', { team: 'r1t2' });
    await command(host, 'room:start-presentation', {});
    await sleep(Math.min(opts.offlineMs, 5000));
    const framesWhileOffline = display.connects === connectsBefore ? display.frames - framesBefore : 0;
    displayProxy.cut();
    displayProxy.mode = 'pass';
    const displayBack = Date.now();
    const reference = connectClient(h.server.url, { token: await h.token('display', 'room1') });
    h.sockets.push(reference);
    const refBoards = new Map<string, unknown>();
    reference.on('board:leaderboard', (b) => void refBoards.set(b.trackId, b));
    const [refView] = await command(reference, 'room:sync', {});
    await until('the display back with the current room', () => display.room('room1')?.rev === refView!.rev, 30_000);
    report.figures['display: back online → current snapshot ms'] = Date.now() - displayBack;
    report.check('the display received nothing while offline', framesWhileOffline === 0, `${framesWhileOffline} frames`);
    report.equal("the reconnected display's room equals the server's", display.room('room1'), refView);
    await until('the leaderboard', () => display.boards.has('T01') && refBoards.has('T01'), 10_000);
    report.equal("… and its leaderboard equals the server's", display.boards.get('T01'), refBoards.get('T01'));
    const agg = (await h.store.standings(ev.id, 'T01')).aggregates.find((a) => a.team === 'r1t1') as TeamAggregate;
    report.equal('… which shows the team revealed while it was offline', display.boards.get('T01')?.rows.map((r) => r.team.id), agg.status === 'final' ? ['r1t1'] : []);

    // 4. Clocks off by minutes: the countdown follows the server's clock through the time:ping offset.
    const timer = refView!.timer!;
    report.check('a presentation timer is running', timer !== null && timer.startedAt !== null);
    const realNow = Date.now;
    const worst: number[] = [];
    for (const skew of [7 * 60_000, -5 * 60_000, 0, 3 * 3600_000]) {
      let shown = 0;
      let naive = 0;
      try {
        Date.now = () => realNow() + skew;
        const offset = await estimateOffset(async () => (await command(reference, 'time:ping', {})).serverNow, 5);
        shown = remainingMs(timer, Date.now() + offset);
        naive = remainingMs(timer, Date.now());
      } finally {
        Date.now = realNow;
      }
      const truth = remainingMs(timer, Date.now());
      worst.push(Math.abs(shown - truth));
      report.check(`clock off by ${skew / 60_000} min: the countdown is within 250 ms of the server's`, Math.abs(shown - truth) < 250,
        `shown ${formatCountdown(shown)} (${shown} ms), server ${formatCountdown(truth)} (${truth} ms), without the offset ${formatCountdown(naive)}`);
    }
    report.figures['clock skew: worst countdown error ms'] = Math.max(...worst);
    report.check('the server process is alive', h.server.alive());
  } catch (err) {
    report.check('the scenario ran to the end', false, `${(err as Error).stack}\n--- server output ---\n${h.server?.output().slice(-3000) ?? ''}`);
  } finally {
    for (const p of proxies) await p.close();
    await h.stop();
  }
  return report.done();
}

/** The report of some scenarios, as text. */
export function summary(results: ScenarioResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name}  (${(r.ms / 1000).toFixed(1)} s)`);
    for (const c of r.checks) lines.push(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.ok ? '' : `\n       ${c.detail ?? ''}`}`);
    for (const [k, v] of Object.entries(r.figures)) lines.push(`  · ${k}: ${v}`);
  }
  return lines.join('\n');
}
