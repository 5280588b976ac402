// A complete track final over real sockets and a real Redis: a host, 7 judges, 2 displays, audience sockets and a
// supervisor; a recusal, a missing judge, a re-opened score, an absent team and a server restart in the middle of
// scoring. No score reaches a display, the audience or another judge before its reveal; the screens' final
// leaderboard equals `npm run results` on the exported raw scores, to the digit.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { eventLinks } from '../../server/links';
import { resultsFileFor } from '../../server/exports';
import { Store } from '../../server/store/index';
import { formatMilli } from '../../shared/decimal';
import { RoomMirror } from '../../shared/mirror';
import type { BoardView, EventLinks, JudgeView, RoomView } from '../../shared/protocol';
import { computeResults } from '../../shared/results';
import { makeEvent } from '../helpers/fixtures';
import { useRealRedis } from '../helpers/redis';
import { eventually, ok, record, send, type Client } from '../helpers/server';

const redis = useRealRedis();
const TEAMS = 10;
const JUDGES = 7;

/** One running server process (app factory) on the shared Redis. */
async function boot() {
  const store = new Store(redis.connect());
  // The audience waits for each reveal the projector plays (here at ?speed=20, a rehearsal's pace).
  const app = createApp({ redis: store.redis, store, staticDir: '/nonexistent', revealSpeed: 20 });
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
  return { store, app, url: `http://127.0.0.1:${(app.http.address() as AddressInfo).port}` };
}

/** A watching screen: every frame it received, and its mirror of the room views and leaderboards. */
interface Watcher {
  name: string;
  socket: Client;
  frames: Array<[string, unknown]>;
  mirror: RoomMirror;
  boards: Map<string, BoardView>;
  judge: JudgeView | null;
}

function open(url: string, name: string, auth: Record<string, unknown>): Promise<Watcher> {
  return new Promise((resolve, reject) => {
    const socket: Client = connect(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    const w: Watcher = { name, socket, frames: record(socket), mirror: new RoomMirror(), boards: new Map(), judge: null };
    socket.on('room:snapshot', (v) => void w.mirror.snapshot(v));
    socket.on('room:patch', (p) => {
      if (w.mirror.patch(p) === 'needs-sync') {
        void ok(socket, 'room:sync', {}).then((views) => views.forEach((v) => w.mirror.snapshot(v)));
      }
    });
    socket.on('board:leaderboard', (b) => void w.boards.set(b.trackId, b));
    socket.on('audience:welcome', (welcome) => {
      for (const v of welcome.rooms) w.mirror.snapshot(v);
      for (const b of welcome.boards) w.boards.set(b.trackId, b);
    });
    socket.on('judge:state', (j) => { w.judge = j; });
    socket.once('connect', () => resolve(w));
    socket.once('connect_error', reject);
  });
}

/** Distinct totals in hundredths (60.01 … 99.99, never ending in 0), so a leaked value cannot hide. */
function totalsTable(): number[][] {
  const used = new Set<number>();
  let x = 20261122;
  const next = (): number => {
    for (;;) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const h = 6001 + (x % 3999);
      if (h % 10 !== 0 && !used.has(h)) {
        used.add(h);
        return h * 10; // milli-points
      }
    }
  };
  return Array.from({ length: TEAMS }, () => Array.from({ length: JUDGES }, next));
}

/** Whether a frame's JSON shows a value: as a decimal ("87.37") or as milli-points (87370) standing alone. */
function shows(frame: unknown, milli: number): boolean {
  const json = JSON.stringify(frame);
  return json.includes(`"${formatMilli(milli)}"`) || new RegExp(`(^|[^0-9.])${milli}([^0-9]|$)`).test(json);
}

describe('a complete track final', () => {
  it('runs 10 teams end to end, secret until each reveal, and matches the results file', async () => {
    const ev = makeEvent({ id: 'final', teams: TEAMS, judges: JUDGES, track: { criteria: [], total: { maxMilli: 100_000, stepMilli: 10 } } });
    ev.tracks[0]!.rules.criteriaOrder = [];
    const judges = ev.rooms[0]!.panel;
    ev.recusals.push({ team: 'r1t3', judge: judges[6]!, reason: '同单位回避' });
    const totals = totalsTable();

    let server = await boot();
    await server.store.saveEvent(ev);
    const links: EventLinks = await eventLinks(server.app.ctx, ev);
    const hostToken = links.rooms[0]!.host.token;
    const watchersAuth: Array<[string, Record<string, unknown>]> = [
      ['display-1', { token: links.rooms[0]!.display.token }],
      ['display-2', { token: links.rooms[0]!.display.token }],
      ['audience-1', { audience: ev.id }],
      ['audience-2', { audience: ev.id }],
      ['audience-3', { audience: ev.id }],
    ];
    const judgeAuth = links.judges.map((j) => [j.judgeId, { token: j.token }] as const);
    let host!: Client;
    let watchers: Watcher[] = [];
    let judgeClients = new Map<string, Watcher>();
    let supervisor!: Watcher;
    const allFrames: Array<{ who: string; frames: Array<[string, unknown]> }> = [];
    const connectAll = async (url: string) => {
      host = (await open(url, 'host', { token: hostToken })).socket;
      watchers = await Promise.all(watchersAuth.map(([n, a]) => open(url, n, a)));
      judgeClients = new Map(await Promise.all(judgeAuth.map(async ([id, a]) => [id, await open(url, id, a)] as const)));
      supervisor = await open(url, 'supervisor', { token: links.supervisor.token });
      for (const w of [...watchers, ...judgeClients.values()]) allFrames.push({ who: w.name, frames: w.frames });
      await eventually(() => {
        for (const w of watchers) expect(w.mirror.rooms.get('room1')).toBeDefined();
        for (const w of judgeClients.values()) expect(w.judge).not.toBeNull();
      });
    };
    const disconnectAll = () => {
      for (const s of [host, supervisor.socket, ...watchers.map((w) => w.socket), ...[...judgeClients.values()].map((w) => w.socket)]) s.disconnect();
    };
    await connectAll(server.url);

    const drawn = await ok(host, 'room:draw', { seed: '2026年决赛抽签' });
    expect(drawn.seed).toBe('2026年决赛抽签');
    await eventually(() => expect(watchers[0]!.mirror.rooms.get('room1')!.drawSeed).toBe('2026年决赛抽签'));
    const runOrder = watchers[0]!.mirror.rooms.get('room1')!.order.map((t) => t.id);
    expect([...runOrder].sort()).toEqual(ev.teams.map((t) => t.id).sort());

    const submit = async (judgeId: string, team: string, milli: number, sid = `${judgeId}-${team}-${milli}`) =>
      send(judgeClients.get(judgeId)!.socket, 'score:submit', { sid, team, values: { total: milli } });
    const secretUntilReveal = (team: string, teamIndex: number) => {
      for (const { who, frames } of allFrames) {
        for (const [name, frame] of frames) {
          totals[teamIndex]!.forEach((milli, j) => {
            const own = who === judges[j] && (name === 'judge:state');
            if (!own && shows(frame, milli)) expect.fail(`${who} saw judge ${judges[j]}'s score of ${team} in ${name} before the reveal`);
          });
        }
      }
    };

    const absentTeam = runOrder[TEAMS - 1]!;
    for (const [i, team] of runOrder.entries()) {
      const teamIndex = ev.teams.findIndex((t) => t.id === team);
      if (team === absentTeam) {
        await ok(host, 'room:mark-absent', { team, reason: '团队未到场' });
        continue;
      }
      await ok(host, 'room:call', { team });
      expect((await send(judgeClients.get(judges[0]!)!.socket, 'score:submit', { sid: `early-${team}`, team, values: { total: 80_000 } })))
        .toMatchObject({ ok: false, error: { code: 'SCORING_NOT_OPEN' } });
      await ok(host, 'room:start-presentation', {});
      await ok(host, 'room:start-qa', {});
      await ok(host, 'room:open-scoring', {});
      const eligible = judges.filter((j) => !(team === 'r1t3' && j === judges[6]));
      if (team === 'r1t3') {
        expect(await submit(judges[6]!, team, 70_000)).toMatchObject({ ok: false, error: { code: 'RECUSED' } });
        await eventually(() => expect(judgeClients.get(judges[6]!)!.judge).toMatchObject({ recused: true, canScore: false }));
      }
      const missing = i === 3 ? judges[1]! : null;
      const restartAfter = i === 7 ? 3 : -1;
      for (const [n, judgeId] of eligible.entries()) {
        if (judgeId === missing) continue;
        if (n === restartAfter) {
          // The server process dies in the middle of scoring; a new one starts on the same Redis.
          disconnectAll();
          await server.app.close();
          server.app.http.close();
          server = await boot();
          await connectAll(server.url);
          const stored = await server.store.sheets(ev.id, team);
          expect(Object.keys(stored).sort()).toEqual(eligible.slice(0, restartAfter).sort());
          expect(watchers[0]!.mirror.rooms.get('room1')).toMatchObject({ phase: 'scoring', team: { id: team } });
        }
        const receipt = await submit(judgeId, team, totals[teamIndex]![judges.indexOf(judgeId)]!);
        expect(receipt, `${judgeId} on ${team}`).toMatchObject({ ok: true, data: { version: 1, duplicate: false } });
        // Replaying the same submission (a tablet resending after a lost ack) stores nothing new.
        expect(await submit(judgeId, team, totals[teamIndex]![judges.indexOf(judgeId)]!)).toMatchObject({ ok: true, data: { version: 1, duplicate: true } });
      }
      const submitted = eligible.length - (missing ? 1 : 0);
      // The displays follow every sheet; the audience's phones only the host's commands (below: after the close).
      const displays = watchers.filter((w) => w.name.startsWith('display'));
      const audience = watchers.filter((w) => w.name.startsWith('audience'));
      await eventually(() => {
        for (const w of displays) expect(w.mirror.rooms.get('room1')!.progress).toMatchObject({ expected: eligible.length });
        for (const w of displays) expect(w.mirror.rooms.get('room1')!.progress!.submitted).toHaveLength(submitted);
      });
      for (const w of audience) expect(w.mirror.rooms.get('room1')!.progress!.submitted.length).toBeLessThan(Math.max(1, submitted));
      if (missing) {
        expect(await send(host, 'room:close-scoring', {})).toMatchObject({ ok: false, error: { code: 'REASON_REQUIRED' } });
        await ok(host, 'room:close-scoring', { reason: '评委临时离场' });
      } else {
        await ok(host, 'room:close-scoring', {});
      }
      await eventually(() => {
        for (const w of audience) expect(w.mirror.rooms.get('room1')).toMatchObject({ phase: 'closed', progress: { expected: eligible.length } });
        for (const w of audience) expect(w.mirror.rooms.get('room1')!.progress!.submitted).toHaveLength(submitted);
      });
      if (i === 5) {
        // A judge asks to correct a slip: the host re-opens scoring for that judge only, with a reason.
        await ok(host, 'room:reopen-judge', { judge: judges[2]!, reason: '评委录入有误，申请更正' });
        expect(await submit(judges[0]!, team, 99_990)).toMatchObject({ ok: false, error: { code: 'SCORING_CLOSED' } });
        totals[teamIndex]![2] = totals[teamIndex]![2]! - 1000;
        expect(await submit(judges[2]!, team, totals[teamIndex]![2]!)).toMatchObject({ ok: true, data: { version: 2 } });
        await ok(host, 'room:close-scoring', {});
      }
      secretUntilReveal(team, teamIndex);
      await ok(host, 'room:reveal', {});
      await eventually(() => {
        for (const w of watchers) expect(w.mirror.rooms.get('room1')!.reveal?.team).toBe(team);
      });
      const reveal = watchers[0]!.mirror.rooms.get('room1')!.reveal!;
      const validTotals = eligible.filter((j) => j !== missing).map((j) => formatMilli(totals[teamIndex]![judges.indexOf(j)]!));
      expect(reveal.judges.flatMap((j) => (j.total === null ? [] : [j.total])).sort()).toEqual(validTotals.sort());
      expect(reveal.judges.filter((j) => j.dropped === 'highest')).toHaveLength(validTotals.length >= 5 ? 1 : 0);
    }
    await ok(host, 'room:finish', {});

    // The screens' final leaderboard equals the recomputation from the exported results file, to the digit.
    const file = await resultsFileFor(server.store, ev, 'T01');
    const recomputed = computeResults(file).results;
    await eventually(() => {
      for (const w of watchers) expect(w.boards.get('T01')!.rows).toHaveLength(TEAMS - 1);
    });
    for (const w of watchers) {
      const board = w.boards.get('T01')!;
      const shown = board.rows.map((r) => [r.team.id, r.score, r.rank, r.award]);
      const expected = recomputed.filter((r) => r.rank !== null).map((r) => [r.team, r.score, r.rank, r.award]);
      expect(shown).toEqual(expected);
    }
    // marked 缺席 by the host: its own status with the host's reason in the results file (issue 13 §17)
    expect(recomputed.find((r) => r.team === absentTeam)).toMatchObject({ status: 'absent', reason: '团队未到场', rank: null });
    const dir = mkdtempSync(join(tmpdir(), 'fs-final-'));
    writeFileSync(join(dir, 'results.json'), JSON.stringify(file));
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/results.ts', join(dir, 'results.json')], { encoding: 'utf8' });
    expect(cli.status).toBe(0);
    expect(JSON.parse(cli.stdout).results).toEqual(recomputed);

    // The room view every screen holds equals the server's, and the supervisor saw a complete, verified audit.
    const serverView: RoomView = await server.app.ctx.views.room(ev, ev.rooms[0]!);
    await eventually(() => {
      for (const w of watchers) expect(w.mirror.rooms.get('room1')).toEqual(serverView);
    });
    const audit = await ok(supervisor.socket, 'audit:read', {});
    expect(audit.verified).toBe(true);
    expect(audit.entries.filter((e) => e.action === 'score.submit').length).toBeGreaterThanOrEqual((TEAMS - 1) * 6);
    expect(audit.entries.find((e) => e.action === 'room.reopen-judge')).toMatchObject({ reason: '评委录入有误，申请更正', judge: judges[2] });
    expect(audit.entries.find((e) => e.action === 'room.close-scoring' && e.reason === '评委临时离场')).toBeDefined();
    disconnectAll();
    await server.app.close();
    server.app.http.close();
  }, 120_000);
});
