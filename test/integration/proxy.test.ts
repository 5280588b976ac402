// nginx (deploy/nginx.conf, filled in by server/cli/nginx-conf.ts) in front of 3 server processes on one Redis: the
// built files served by nginx (precompressed, cached), then a final through it with judges, a host, displays and phones
// spread over the processes by their addresses (127.0.0.x); one process is killed with SIGKILL mid-scoring: its clients
// come back through nginx on the others, no acknowledged sheet is lost or stored twice, and every screen equals the
// track's export.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { CACHE_CONTROL, SECURITY_HEADERS } from '../../server/app';
import { SCREENS } from '../../shared/links';
import { Tokens } from '../../server/auth';
import { BROTLI_STATIC_MODULE, nginxConf, writeNginxPrefix } from '../../server/cli/nginx-conf';
import { freePort } from '../../server/redis/embedded';
import { eventKeys } from '../../server/store/keys';
import { Store } from '../../server/store/index';
import { computeResults } from '../../shared/results';
import { JudgeBot, newSid } from '../bench/lib/judge-bot';
import { spawnServer, type ServerProcess } from '../bench/lib/procs';
import { Watcher } from '../bench/lib/watcher';
import { E2E_DIST } from '../e2e/global-setup';
import { makeEvent } from '../helpers/fixtures';
import { useRealRedis } from '../helpers/redis';
import { eventually, ok, type Client } from '../helpers/server';

/** Debian's nginx package; .ci/run installs it. */
const NGINX = '/usr/sbin/nginx';

const redis = useRealRedis();
const servers: ServerProcess[] = [];
const closers: Array<() => void> = [];
let nginx: ChildProcess | null = null;
let prefix = '';
afterAll(async () => {
  for (const close of closers) close();
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((r) => nginx!.once('exit', r));
    nginx.kill('SIGTERM');
    await exited;
  }
  await Promise.all(servers.map((s) => s.kill('SIGTERM')));
  if (prefix) rmSync(prefix, { recursive: true, force: true });
});

/** An HTTP request from a given local address. */
function http(url: string, opts: { from?: string; method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers, localAddress: opts.from }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** socket.io client options connecting from `address`: the polling transport first (sticky by address), then WebSocket. */
function from(address: string): Partial<ManagerOptions & SocketOptions> {
  // engine.io-client hands `agent` to both transports in Node (its type says string | boolean).
  return { transports: ['polling', 'websocket'], agent: new Agent({ localAddress: address }) as unknown as string };
}

/** One line of nginx's access log (log_format finals): who asked what, and the process that answered last. */
interface Logged { from: string; method: string; uri: string; status: number; upstream: string | null }

function accessLog(): Logged[] {
  const text = readFileSync(join(prefix, 'logs', 'access.log'), 'utf8');
  return text.split('\n').filter(Boolean).map((line) => {
    const m = /^(\S+) \[[^\]]+\] "(\S+) (\S+) [^"]*" (\d{3}) \d+ upstream=(.*) \S+$/.exec(line);
    if (!m) throw new Error(`unreadable access log line: ${line}`);
    return { from: m[1]!, method: m[2]!, uri: m[3]!, status: Number(m[4]), upstream: m[5] === '-' ? null : m[5]!.split(', ').at(-1)! };
  });
}

describe('nginx in front of 3 server processes', () => {
  it('serves the built files, keeps each client on one process, and carries a final through the loss of a process', async () => {
    if (!existsSync(NGINX)) throw new Error(`nginx is not installed (${NGINX}): apt-get install nginx (.ci/run installs it)`);
    const ev = makeEvent({ id: 'proxy', teams: 2, judges: 5 });
    const store = new Store(redis.connect());
    await store.saveEvent(ev);
    const tokens = new Tokens(store.redis);
    servers.push(...await Promise.all([0, 1, 2].map(() => spawnServer({ redisUrl: redis.server.url, env: { TRUST_PROXY: '127.0.0.1' } }))));

    prefix = mkdtempSync(join(tmpdir(), 'fs-nginx-'));
    chmodSync(prefix, 0o755); // started as root, nginx's workers run as nobody and must reach its tmp/
    const port = await freePort();
    const brotli = existsSync(BROTLI_STATIC_MODULE);
    const conf = writeNginxPrefix(prefix, nginxConf({ servers: servers.map((s) => String(s.port)), listen: `127.0.0.1:${port}`, dist: E2E_DIST, brotli }));
    let nginxOut = '';
    nginx = spawn(NGINX, ['-p', prefix, '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
    nginx.stderr!.on('data', (d: Buffer) => { nginxOut += d.toString(); });
    const url = `http://127.0.0.1:${port}`;
    await eventually(async () => {
      expect(nginx!.exitCode, nginxOut).toBeNull();
      expect((await http(`${url}/api/health`)).status).toBe(200);
    }, 10_000);

    // The built files come from nginx: the .gz (.br) twin, the server's headers, pages revalidated, assets immutable.
    const page = await http(`${url}/live/${ev.id}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(page.status).toBe(200);
    expect(page.headers).toMatchObject({ 'content-encoding': 'gzip', 'cache-control': CACHE_CONTROL.pages, vary: 'Accept-Encoding',
      'content-security-policy': SECURITY_HEADERS['Content-Security-Policy'], 'x-frame-options': 'DENY' });
    const html = gunzipSync(page.body).toString();
    expect(html).toBe(readFileSync(join(E2E_DIST, 'display', 'live', 'index.html'), 'utf8'));
    expect((await http(`${url}/live/${ev.id}`, { headers: { 'accept-encoding': 'gzip', 'if-none-match': page.headers.etag! } })).status).toBe(304);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const asset = await http(`${url}${script}`, { headers: { 'accept-encoding': brotli ? 'br, gzip' : 'gzip' } });
    expect(asset.headers).toMatchObject({ 'content-encoding': brotli ? 'br' : 'gzip', 'cache-control': CACHE_CONTROL.assets, 'x-content-type-options': 'nosniff' });
    // A hashed file carries only the headers that matter for it, as from the server (ASSET_HEADERS).
    expect(asset.headers['content-security-policy']).toBeUndefined();
    // Each screen's link (and with a trailing slash) gets its page, as from the server.
    for (const { path, page: file } of Object.values(SCREENS)) {
      for (const link of [path.replace(/:[A-Za-z]+/g, 'x1'), `${path.replace(/:[A-Za-z]+/g, 'x1')}/`]) {
        expect((await http(`${url}${link}`)).body.toString(), link).toBe(readFileSync(join(E2E_DIST, file), 'utf8'));
      }
    }
    const files = accessLog().filter((l) => !l.uri.startsWith('/api/'));
    expect(files.length).toBeGreaterThan(Object.keys(SCREENS).length * 2);
    expect(files.filter((l) => l.upstream !== null)).toEqual([]);
    // The API goes to the processes, with the browser's Host (port included) kept: a page of this site may post.
    const wrong = { method: 'POST', body: JSON.stringify({ password: 'not the password' }), headers: { 'content-type': 'application/json' } };
    expect((await http(`${url}/api/admin/login`, { ...wrong, headers: { ...wrong.headers, origin: url } })).status).toBe(401);

    // Which process each address lands on: nginx's log names the process that answered.
    const addresses = Array.from({ length: 90 }, (_, i) => `127.0.0.${i + 10}`);
    for (const a of addresses) expect((await http(`${url}/api/health`, { from: a })).status).toBe(200);
    const landed = new Map(accessLog().filter((l) => l.uri === '/api/health' && addresses.includes(l.from)).map((l) => [l.from, l.upstream!]));
    const pools = servers.map((s) => addresses.filter((a) => landed.get(a) === `127.0.0.1:${s.port}`));
    // The victim is the process with the most addresses; its clients: the host, two judges, a display, two phones.
    const order = [0, 1, 2].sort((a, b) => pools[b]!.length - pools[a]!.length);
    const [victim, p1, p2] = order.map((i) => ({ server: servers[i]!, pool: [...pools[i]!] }));
    expect([victim!.pool.length, p1!.pool.length, p2!.pool.length].every((n) => n >= 6), `addresses per process: ${pools.map((p) => p.length)}`).toBe(true);
    const take = (p: { pool: string[] }) => p.pool.shift()!;

    // Each browser is counted as itself (TRUST_PROXY): wrong passwords from one address lock out that address only, on
    // the process both addresses land on.
    const [guesser, neighbour] = [take(p1!), take(p1!)];
    const tries = [];
    for (let i = 0; i < 11; i++) tries.push((await http(`${url}/api/admin/login`, { ...wrong, from: guesser })).status);
    expect(tries).toEqual([...Array(10).fill(401), 429]);
    expect((await http(`${url}/api/admin/login`, { ...wrong, from: neighbour })).status).toBe(401);

    const connects = new Map<string, number>();
    const count = (name: string, s: Client) => s.on('connect', () => void connects.set(name, (connects.get(name) ?? 0) + 1));
    const where = new Map<string, { address: string; server: ServerProcess }>();
    const place = (name: string, p: { server: ServerProcess; pool: string[] }) => {
      const address = take(p);
      where.set(name, { address, server: p.server });
      return address;
    };

    const hostAddress = place('host', victim!);
    const host: Client = io(url, { auth: { token: await tokens.ensure(ev.id, 'host', 'room1') }, reconnectionDelay: 100,
      reconnectionDelayMax: 1000, forceNew: true, ...from(hostAddress) });
    closers.push(() => host.disconnect());
    count('host', host);
    const judgeAt = [victim, p1, p2, victim, p1];
    const bots = await Promise.all(ev.rooms[0]!.panel.map(async (j, i) => {
      const bot = new JudgeBot(j, url, await tokens.ensure(ev.id, 'judge', j), 2000, from(place(j, judgeAt[i]!)));
      closers.push(() => bot.close());
      count(j, bot.socket);
      return bot;
    }));
    const displayToken = await tokens.ensure(ev.id, 'display', 'room1');
    const watchers = new Map<string, Watcher>();
    for (const [name, p, auth] of [['display-a', victim, { token: displayToken }], ['display-b', p2, { token: displayToken }],
      ['phone-a1', victim, { audience: ev.id }], ['phone-a2', victim, { audience: ev.id }], ['phone-b1', p1, { audience: ev.id }],
      ['phone-b2', p1, { audience: ev.id }], ['phone-c1', p2, { audience: ev.id }], ['phone-c2', p2, { audience: ev.id }]] as const) {
      const w = new Watcher(url, auth, from(place(name, p!)));
      closers.push(() => w.close());
      count(name, w.socket);
      watchers.set(name, w);
    }
    const sockets = new Map<string, Client>([['host', host], ...bots.map((b) => [b.name, b.socket] as const),
      ...[...watchers].map(([n, w]) => [n, w.socket] as const)]);
    // Every client is on the process its address hashes to, and moved from polling to WebSocket on that same process.
    await eventually(() => {
      for (const [name, s] of sockets) expect(s.io.engine?.transport.name, name).toBe('websocket');
      for (const w of watchers.values()) expect(w.room('room1')).toBeDefined();
    }, 15_000);
    const handshakes = accessLog().filter((l) => l.uri.startsWith('/socket.io/') && l.uri.includes('transport=polling'));
    for (const [name, { address, server }] of where) {
      const own = handshakes.filter((l) => l.from === address);
      expect(own.length, name).toBeGreaterThan(0);
      expect(new Set(own.map((l) => l.upstream)), name).toEqual(new Set([`127.0.0.1:${server.port}`]));
    }
    expect(new Set([...where.values()].map((w) => w.server.port)).size).toBe(3);

    // Team 1: three judges scored, a fourth sends as the victim is killed with SIGKILL, the fifth after.
    await ok(host, 'room:call', { team: 'r1t1' });
    await ok(host, 'room:open-scoring', {});
    const sheet = (i: number, team: number) => ({ criteria: { solution: 15_000 + i * 2000 + team * 1000, model: 12_000 + i * 1000,
      effect: 20_000 - i * 1000, promotion: 10_000, ip: 3000 + team * 1000, defense: 5000 + i * 1000 } });
    const sent = new Map<string, { sid: string; team: string; values: ReturnType<typeof sheet> }>();
    const submit = (i: number, team: number) => {
      const item = { sid: newSid(), team: `r1t${team}`, values: sheet(i, team) };
      sent.set(`${bots[i]!.name}/${item.team}`, item);
      bots[i]!.submit(item);
    };
    for (const i of [0, 1, 2]) submit(i, 1);
    await Promise.all(bots.slice(0, 3).map((b) => b.drained(10_000)));
    submit(3, 1);
    await victim!.server.kill('SIGKILL');
    submit(4, 1);
    await Promise.all(bots.map((b) => b.drained(30_000)));

    // The victim's clients are back through nginx on the other two; nobody else moved.
    const victims = [...where].filter(([, w]) => w.server === victim!.server).map(([n]) => n);
    await eventually(() => {
      for (const [name, s] of sockets) expect(s.connected, name).toBe(true);
      for (const [name] of where) expect(connects.get(name), name).toBe(victims.includes(name) ? 2 : 1);
    }, 20_000);
    const after = accessLog().filter((l) => l.uri.startsWith('/socket.io/') && l.status === 200);
    for (const name of victims) {
      const last = after.filter((l) => l.from === where.get(name)!.address).at(-1);
      expect([p1!.server.port, p2!.server.port].map((p) => `127.0.0.1:${p}`), name).toContain(last?.upstream);
    }

    await ok(host, 'room:close-scoring', {});
    await ok(host, 'room:reveal', {});
    // Team 2 on the two remaining processes.
    await ok(host, 'room:call', { team: 'r1t2' });
    await ok(host, 'room:open-scoring', {});
    for (const i of [0, 1, 2, 3, 4]) submit(i, 2);
    await Promise.all(bots.map((b) => b.drained(10_000)));
    await ok(host, 'room:close-scoring', {});
    await ok(host, 'room:reveal', {});

    // Nothing acknowledged was lost, nothing stored twice: each sheet once, as sent, one audit entry and one sid each.
    expect(bots.flatMap((b) => b.refusals)).toEqual([]);
    for (const team of ['r1t1', 'r1t2']) {
      const stored = await store.sheets(ev.id, team);
      for (const bot of bots) {
        expect(stored[bot.name], `${bot.name} on ${team}`).toMatchObject({ version: 1, criteria: sent.get(`${bot.name}/${team}`)!.values.criteria });
        expect(bot.receipts.get(sent.get(`${bot.name}/${team}`)!.sid)).toMatchObject({ team, version: 1 });
      }
    }
    expect((await store.audit(ev.id)).filter((e) => e.action === 'score.submit')).toHaveLength(10);
    expect(await store.redis.hlen(eventKeys(ev.id).sids)).toBe(10);

    // Every screen, the victim's included, shows the export: the leaderboard the results file gives, and the same room.
    await ok(host, 'room:finish', {});
    const supervisor = await tokens.ensure(ev.id, 'supervisor', ev.id);
    const file = await http(`${url}/api/events/${ev.id}/tracks/T01/results.json?token=${supervisor}`);
    expect(file.status).toBe(200);
    const expected = computeResults(JSON.parse(file.body.toString())).results.map((r) => [r.team, r.score, r.rank, r.award]);
    expect(expected.map(([team]) => team).sort()).toEqual(['r1t1', 'r1t2']);
    const reference = new Watcher(url, { token: displayToken });
    closers.push(() => reference.close());
    await eventually(() => expect(reference.room('room1')?.phase).toBe('finished'), 10_000);
    await eventually(() => {
      for (const [name, w] of watchers) {
        expect(w.boards.get('T01')?.rows.map((r) => [r.team.id, r.score, r.rank, r.award]), name).toEqual(expected);
        expect(w.room('room1'), name).toEqual(reference.room('room1'));
      }
    }, 20_000);
  }, 90_000);
});
