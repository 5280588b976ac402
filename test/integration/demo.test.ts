// `npm run demo`: flag parsing, the rehearsal event and its links against a real server, and the simulated judges scoring.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { eventConfigSchema } from '../../shared/domain';
import type { SessionHello } from '../../shared/protocol';
import { LIMITS, parseArgs, UsageError } from '../../server/cli/demo/args';
import { drawValues } from '../../server/cli/demo/bots';
import { buildDemoEvent } from '../../server/cli/demo/event';
import type { DemoLinks } from '../../server/cli/demo/links';
import { eventually, ok, useServer, type Client } from '../helpers/server';

const server = useServer();
const tmp = mkdtempSync(join(tmpdir(), 'fs-demo-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

const env = () => ({ ...process.env, REDIS_URL: server.redis.server.url, DATA_DIR: tmp });
const demoArgs = (...extra: string[]) => ['--import', 'tsx', 'server/cli/demo.ts', '--rooms', '2', '--teams', '3',
  '--judges', '5', '--url', server.url, ...extra];
const readLinks = (): DemoLinks => JSON.parse(readFileSync(join(tmp, 'demo.json'), 'utf8')) as DemoLinks;

/** Connects with a token and resolves with the server's session:hello (listening before the connection starts). */
function hello(token: string): Promise<{ socket: Client; hello: SessionHello }> {
  return new Promise((resolve, reject) => {
    const socket: Client = connect(server.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, autoConnect: false });
    const timer = setTimeout(() => reject(new Error('no session:hello within 5 s')), 5000);
    socket.once('session:hello', (h) => {
      clearTimeout(timer);
      resolve({ socket, hello: h });
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.connect();
  });
}

describe('demo CLI: flags', () => {
  it('has defaults', () => {
    expect(parseArgs([], { PORT: '4321' })).toEqual({
      rooms: 2, teams: 8, judges: 7, eventId: 'demo', bots: false, url: 'http://127.0.0.1:4321', help: false,
    });
    expect(parseArgs([], {}).url).toBe('http://127.0.0.1:3000');
    expect(parseArgs(['--rooms', '17', '--teams=3', '--judges', '5', '--event', 'rehearsal-1', '--bots', '--url', 'https://score.example.org/'], {}))
      .toEqual({ rooms: 17, teams: 3, judges: 5, eventId: 'rehearsal-1', bots: true, url: 'https://score.example.org', help: false });
    expect(parseArgs(['--help'], {}).help).toBe(true);
  });

  it('rejects bad flags with a message naming them', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--rooms', '0'], /--rooms must be from 1 to 17/],
      [['--rooms', '18'], /--rooms must be from 1 to 17/],
      [['--teams', '2.5'], /--teams must be a whole number/],
      [['--judges', '-1'], /--judges needs a value|--judges must be/],
      [['--judges', String(LIMITS.judges.max + 1)], /--judges must be from/],
      [['--rooms'], /--rooms needs a value/],
      [['--event', 'a b'], /--event must be/],
      [['--url', 'ftp://x'], /--url must start with http/],
      [['--url', 'not a url'], /--url must be an absolute/],
      [['--colour', 'red'], /unknown option --colour/],
      [['rooms'], /unexpected argument/],
      [['--bots=yes'], /--bots takes no value/],
    ];
    for (const [argv, message] of cases) {
      expect(() => parseArgs(argv, {}), argv.join(' ')).toThrow(UsageError);
      expect(() => parseArgs(argv, {}), argv.join(' ')).toThrow(message);
    }
  });

  it('exits 2 on bad input, before touching Redis', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/demo.ts', '--teams', 'many'],
      { encoding: 'utf8', env: { ...process.env, REDIS_URL: 'redis://127.0.0.1:1', DATA_DIR: tmp } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--teams must be a whole number/);
  });
});

describe('demo CLI: the rehearsal event', () => {
  it('builds a valid event with realistic names, one track per room, and the recusal', () => {
    const ev = buildDemoEvent({ eventId: 'demo', rooms: 17, teams: 60, judges: 25 });
    expect(() => eventConfigSchema.parse(ev)).not.toThrow();
    expect(ev.name).toBe('彩排 · 2026年“数据要素×”大赛广东分赛');
    expect(ev.rooms).toHaveLength(17);
    expect(ev.rooms.map((r) => r.trackIds[0])).toEqual(ev.tracks.map((t) => t.id));
    expect(ev.teams).toHaveLength(17 * 60);
    expect(new Set(ev.judges.map((j) => j.name)).size).toBe(17 * 25);
    for (const track of ev.tracks) {
      const projects = ev.teams.filter((t) => t.trackId === track.id).map((t) => t.project);
      expect(new Set(projects).size).toBe(60);
    }
    const small = buildDemoEvent({ eventId: 'demo', rooms: 2, teams: 3, judges: 5 });
    expect(small).toEqual(buildDemoEvent({ eventId: 'demo', rooms: 2, teams: 3, judges: 5 }));
    expect(small.tracks.map((t) => t.name)).toEqual(['工业制造', '现代农业']);
    expect(small.teams[0]!.project).toMatch(/^基于.+平台$/);
    expect(small.recusals).toEqual([{ team: 'r1t02', judge: 'r1j01', reason: '同单位回避' }]);
    expect(small.judges[0]!.org).toBe(small.teams[1]!.leadOrg);
    expect(buildDemoEvent({ eventId: 'demo', rooms: 2, teams: 1, judges: 5 }).recusals).toEqual([]);
  });

  it('draws values on the step, within 70-90% of the max', () => {
    const form = buildDemoEvent({ eventId: 'demo', rooms: 1, teams: 1, judges: 1 }).tracks[0]!;
    for (let i = 0; i < 200; i++) {
      const v = drawValues(form);
      expect('criteria' in v).toBe(true);
      if (!('criteria' in v)) continue;
      for (const c of form.criteria) {
        const x = v.criteria[c.id]!;
        expect(Number.isInteger(x) && x % c.stepMilli === 0).toBe(true);
        expect(x).toBeGreaterThanOrEqual(Math.floor((c.maxMilli * 0.7) / c.stepMilli) * c.stepMilli);
        expect(x).toBeLessThanOrEqual(Math.ceil((c.maxMilli * 0.9) / c.stepMilli) * c.stepMilli);
      }
    }
    const total = drawValues({ criteria: [], total: { maxMilli: 100_000, stepMilli: 500 } });
    expect('total' in total && total.total % 500 === 0 && total.total >= 70_000 && total.total <= 90_000).toBe(true);
  });

  it('saves the event and writes demo.json with tokens the running server accepts', async () => {
    const r = spawnSync(process.execPath, demoArgs(), { encoding: 'utf8', env: env(), timeout: 20_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const links = readLinks();
    expect(links.eventId).toBe('demo');
    expect(links.baseUrl).toBe(server.url);
    expect(links.admin).toBe(`${server.url}/admin`);
    expect(links.audience).toBe(`${server.url}/live/demo`);
    expect(links.supervisor).toBe(`${server.url}/supervisor/${links.supervisorToken}`);
    expect(links.rooms).toHaveLength(2);
    expect(links.judges).toHaveLength(10);
    for (const room of links.rooms) {
      expect(room.host).toBe(`${server.url}/host/${room.hostToken}`);
      expect(room.display).toBe(`${server.url}/display/${room.displayToken}`);
      expect(r.stdout).toContain(room.host);
    }
    for (const j of links.judges) {
      expect(j.url).toBe(`${server.url}/judge/${j.token}`);
      expect(r.stdout).toContain(j.url);
    }
    expect(r.stdout.indexOf(links.rooms[0]!.host)).toBeLessThan(r.stdout.indexOf(links.admin));

    const host = await hello(links.rooms[0]!.hostToken);
    expect(host.hello).toMatchObject({ role: 'host', eventId: 'demo', roomId: 'room1' });
    const judge = links.judges.find((j) => j.roomId === 'room2')!;
    const jh = await hello(judge.token);
    expect(jh.hello).toMatchObject({ role: 'judge', eventId: 'demo', roomId: 'room2', judgeId: judge.judgeId });
    const display = await hello(links.rooms[1]!.displayToken);
    expect(display.hello).toMatchObject({ role: 'display', roomId: 'room2' });
    const supervisor = await hello(links.supervisorToken);
    expect(supervisor.hello).toMatchObject({ role: 'supervisor', eventId: 'demo' });
    for (const s of [host, jh, display, supervisor]) s.socket.disconnect();

    const ev = (await server.store.getEvent('demo'))!;
    expect(ev.teams).toHaveLength(6);
    expect(ev.judges).toHaveLength(10);
    expect(ev.recusals).toEqual([{ team: 'r1t02', judge: 'r1j01', reason: '同单位回避' }]);
    expect(await server.redis.redis.smembers('fs:{demo}:recused:r1t02')).toEqual(['r1j01']);
  });

  it('refuses to replace an event it did not make', async () => {
    await server.store.saveEvent({ ...buildDemoEvent({ eventId: 'real', rooms: 1, teams: 1, judges: 1 }), name: '正式决赛' });
    const r = spawnSync(process.execPath, [...demoArgs(), '--event', 'real'], { encoding: 'utf8', env: env(), timeout: 20_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/exists and was not made by the demo/);
    expect((await server.store.getEvent('real'))!.name).toBe('正式决赛');
  });
});

describe('demo CLI: simulated judges', () => {
  it('score the team on stage once scoring opens, except the recused judge', async () => {
    const child = spawn(process.execPath, demoArgs('--bots'), { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

    // Re-running replaces the rehearsal and keeps its links.
    await eventually(() => expect(out).toMatch(/all 10 simulated judges connected/), 15_000);
    expect(out).toMatch(/Replacing the existing rehearsal event "demo"/);
    const links = readLinks();
    const { socket: host } = await hello(links.rooms[0]!.hostToken);
    const team = 'r1t02';
    await ok(host, 'room:call', { team });
    await ok(host, 'room:open-scoring', {});
    const eligible = links.judges.filter((j) => j.roomId === 'room1' && j.judgeId !== 'r1j01').map((j) => j.judgeId);
    expect(eligible).toHaveLength(4);
    await eventually(async () => {
      expect(Object.keys(await server.store.sheets('demo', team)).sort()).toEqual(eligible.sort());
    }, 15_000);
    const sheets = await server.store.sheets('demo', team);
    for (const s of Object.values(sheets)) {
      expect(s.version).toBe(1);
      expect(s.total).toBeGreaterThanOrEqual(60_000);
      expect(s.total).toBeLessThanOrEqual(95_000);
    }
    await eventually(() => expect(out.match(/scored r1t02/g)).toHaveLength(4), 5000);
    host.disconnect();

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toMatch(/SIGTERM: stopping 10 simulated judges/);
    expect(err).toBe('');
    expect(Object.keys(await server.store.sheets('demo', team))).not.toContain('r1j01');
  });
});
