// The failover drill (`npm run chaos -- --failover`, test/integration/failover.test.ts): two machines on loopback, a
// primary (redis-server and a server process) and a standby (the replica and a second server process), with 3
// sentinels; judges, the host, a projector and phones opened from the primary's links (which name the standby). In a storm
// of submissions the primary's server and Redis are killed with kill -9: the sentinels promote the replica, every
// client moves to the standby by itself, every sheet acknowledged as saved on two machines is there, and the final
// carries on to its end, every screen equal to the export and to what `npm run results` computes from it.
import { io } from 'socket.io-client';
import { verifyAuditChain } from '../../server/store/index';
import { eventKeys } from '../../server/store/keys';
import { linkPath } from '../../shared/links';
import type { ScoreReceipt } from '../../shared/protocol';
import { computeResults, type ResultsFile } from '../../shared/results';
import { machineOf, machineSocket } from '../../web/machines';
import { makeEvent } from '../helpers/fixtures';
import { canonical, command, Report, sheetFor, until, type ScenarioResult } from './faults';
import { JudgeBot, newSid, retryRefusedHandshakes } from './lib/judge-bot';
import { sleep } from './lib/procs';
import { startTwoMachines, type TwoMachines } from './lib/two-machines';
import { Watcher } from './lib/watcher';

export interface FailoverOptions {
  /** Sheets sent during the storm (each a new sid: a new version of the judge's sheet). */
  submissions: number;
  log?: (line: string) => void;
}

/** The longest a takeover may take: from the kill to the standby acknowledging sheets. */
export const TAKEOVER_LIMIT_MS = 10_000;

/** Runs the drill; every claim is a check of the result. */
export async function failover(opts: FailoverOptions): Promise<ScenarioResult> {
  const log = opts.log ?? (() => undefined);
  const report = new Report('kill -9 the primary machine (server and Redis) mid-storm: the standby takes over');
  const ev = makeEvent({ id: 'failover', teams: 2, judges: 5 });
  const closers: Array<() => void> = [];
  let machines: TwoMachines | null = null;
  try {
    machines = await startTwoMachines({ env: { REDIS_WAIT_MS: '500' } });
    const { rig, primary, standby, primaryUrl: pUrl, standbyUrl: sUrl, store, tokens } = machines;
    const redis = store.redis;
    log('  primary, replica, 3 sentinels and both servers ready');
    await store.saveEvent(ev);
    report.check('both servers reach Redis through the sentinels', /through Sentinel/.test(primary.output()) && /through Sentinel/.test(standby.output()),
      primary.output().slice(-1000));

    // Every client opens the primary's link, which names the standby (as the admin's links and QR codes do).
    const link = (path: string) => `${pUrl}${path}`;
    const hostLink = link(linkPath.host(await tokens.ensure(ev.id, 'host', 'room1'), sUrl));
    const host = machineSocket({ token: new URL(hostLink).pathname.split('/').pop()! },
      { transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 1000 }, hostLink);
    let hostClosed = false;
    retryRefusedHandshakes(host, () => hostClosed);
    closers.push(() => { hostClosed = true; host.disconnect(); });
    const bots = await Promise.all(ev.rooms[0]!.panel.map(async (j) => {
      const token = await tokens.ensure(ev.id, 'judge', j);
      const bot = new JudgeBot(j, link(linkPath.judge(token, sUrl)), token, 3000);
      closers.push(() => bot.close());
      return bot;
    }));
    const displayToken = await tokens.ensure(ev.id, 'display', 'room1');
    const watchers = [new Watcher(link(linkPath.display(displayToken, sUrl)), { token: displayToken }),
      ...[1, 2].map(() => new Watcher(link(linkPath.audience(ev.id, sUrl)), { audience: ev.id }))];
    for (const w of watchers) closers.push(() => w.close());
    const sockets = [host, ...bots.map((b) => b.socket), ...watchers.map((w) => w.socket)];
    await until('every client connected to the primary', () => sockets.every((s) => s.connected), 15_000);
    report.check('every client starts on the primary', sockets.every((s) => machineOf(s) === pUrl));

    log('  every client connected');
    // Team 1: the storm. Each judge sends its share of sheets as fast as they are acknowledged.
    await command(host, 'room:call', { team: 'r1t1' });
    await command(host, 'room:open-scoring', {});
    const perBot = Math.ceil(opts.submissions / bots.length);
    let seed = 1;
    for (const bot of bots) for (let k = 0; k < perBot; k++) bot.submit({ sid: newSid(), team: 'r1t1', values: sheetFor(seed++) });
    const total = perBot * bots.length;
    const acked = () => bots.reduce((n, b) => n + b.receipts.size, 0);
    await until('40% of the storm acknowledged', () => acked() >= total * 0.4, 60_000);
    const beforeKill = new Map(bots.map((b) => [b.name, new Set(b.receipts.keys())]));
    const killedAt = acked();
    const t0 = Date.now();
    await machines.killPrimary();
    await until('the standby acknowledging sheets', () => acked() >= killedAt + bots.length || acked() === total, 30_000);
    const takeoverMs = Date.now() - t0;
    log(`  primary killed at ${killedAt}/${total} acknowledged; the standby acknowledges again after ${takeoverMs} ms`);
    report.check(`the standby takes over within ${TAKEOVER_LIMIT_MS / 1000} s`, takeoverMs <= TAKEOVER_LIMIT_MS, `${takeoverMs} ms`);
    await Promise.all(bots.map((b) => b.drained(60_000)));
    report.check('the sentinels promoted the replica', await rig.masterPort() === rig.replica.port);
    report.check('no submission was refused', bots.every((b) => b.refusals.length === 0), JSON.stringify(bots.flatMap((b) => b.refusals).slice(0, 3)));
    report.check('every submission was acknowledged', acked() === total, `${acked()} of ${total}`);

    // Every sheet acknowledged as saved on two machines is there, as the judge was told; and what was acknowledged after
    // the takeover says "this machine only" (the standby has no replica left).
    const sids = await redis.hgetall(eventKeys(ev.id).sids);
    const receipts = bots.flatMap((b) => [...b.receipts].map(([sid, r]) => ({ bot: b.name, sid, r, before: beforeKill.get(b.name)!.has(sid) })));
    const same = (sid: string, bot: string, r: ScoreReceipt) => {
      const raw = sids[sid];
      if (!raw) return false;
      const s = JSON.parse(raw) as { team: string; judge: string; version: number; total: number; at: string };
      return s.team === r.team && s.judge === bot && s.version === r.version && s.total === r.total && s.at === r.at;
    };
    const two = receipts.filter((x) => x.r.machines === 2);
    report.check('every receipt says on how many machines the sheet is', receipts.every((x) => x.r.machines === 1 || x.r.machines === 2));
    report.check('before the kill, sheets were saved on two machines', two.length > 0 && receipts.filter((x) => x.before).every((x) => x.r.machines === 2),
      `${receipts.filter((x) => x.before && x.r.machines !== 2).length} of ${receipts.filter((x) => x.before).length} on one machine`);
    const lost = two.filter((x) => !same(x.sid, x.bot, x.r));
    report.check('every sheet acknowledged as saved on two machines is in Redis as the judge was told', lost.length === 0,
      `${lost.length} of ${two.length} missing or different`);
    const after = bots.map((b) => [...b.receipts.values()].at(-1)!);
    report.check('after the takeover, receipts say "on this machine only"', after.every((r) => r.machines === 1), JSON.stringify(after.map((r) => r.machines)));
    report.check('the audit chain verifies', verifyAuditChain(await store.audit(ev.id)).ok);

    // Every client moved to the standby by itself.
    await until('every client on the standby', () => sockets.every((s) => s.connected && machineOf(s) === sUrl), 20_000).catch(() => undefined);
    report.check('every client (host, judges, projector, phones) moved to the standby', sockets.every((s) => s.connected && machineOf(s) === sUrl),
      sockets.map((s) => `${machineOf(s)}:${s.connected}`).join(' '));

    log('  every client on the standby; the final carries on');
    // A browser's page from the primary names it as its Origin: the standby lets it in (and its CSP lets the page try);
    // a page of another site stays out.
    const fromPage = async (origin: string) => {
      const s = io(sUrl, { auth: { audience: ev.id }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { origin } });
      const joined = await new Promise<boolean>((r) => { s.once('connect', () => r(true)); s.once('connect_error', () => r(false)); });
      s.disconnect();
      return joined;
    };
    report.check("the standby accepts the primary's pages (Origin), and not another site's", await fromPage(pUrl) && !(await fromPage('http://elsewhere.example')));
    const page = await fetch(`${sUrl}/api/health`);
    report.check("the standby's pages may connect to the primary (connect-src)",
      page.headers.get('content-security-policy')?.includes(`connect-src 'self' ${pUrl} ${pUrl.replace('http', 'ws')}`) === true);

    // The final carries on: team 1 revealed, team 2 scored and revealed, the session finished.
    await command(host, 'room:close-scoring', { reason: 'failover drill' });
    await command(host, 'room:reveal', {});
    await command(host, 'room:call', { team: 'r1t2' });
    await command(host, 'room:open-scoring', {});
    for (const bot of bots) bot.submit({ sid: newSid(), team: 'r1t2', values: sheetFor(seed++) });
    await Promise.all(bots.map((b) => b.drained(20_000)));
    await command(host, 'room:close-scoring', {});
    await command(host, 'room:reveal', {});
    await command(host, 'room:finish', {});

    // The export from the standby, recomputed independently (what `npm run results` does), equals every screen.
    const supervisor = await tokens.ensure(ev.id, 'supervisor', ev.id);
    const res = await fetch(`${sUrl}/api/events/${ev.id}/tracks/T01/results.json?token=${supervisor}`);
    report.check('the standby serves the export', res.status === 200, String(res.status));
    const file = (await res.json()) as ResultsFile;
    const expected = computeResults(file).results.map((r) => [r.team, r.score, r.rank, r.award]);
    report.equal('the export holds both teams', expected.map(([t]) => t).sort(), ['r1t1', 'r1t2']);
    const board = (w: Watcher) => w.boards.get('T01')?.rows.map((r) => [r.team.id, r.score, r.rank, r.award]);
    // The audience's views follow the projector's reveal at its pace (a few seconds).
    await until('every screen at the end', () => watchers.every((w) => w.room('room1')?.phase === 'finished' && canonical(board(w)) === canonical(expected)),
      20_000).catch(() => undefined);
    for (const [i, w] of watchers.entries()) {
      report.equal(`${i === 0 ? 'the projector' : `phone ${i}`} shows the export's leaderboard`,
        board(w), expected);
    }
    report.check('the standby server is alive', standby.alive(), standby.output().slice(-2000));
    Object.assign(report.figures, {
      submissions: total, judges: bots.length, 'takeover ms': takeoverMs, 'acked on two machines': two.length,
      'acked on one machine': receipts.length - two.length, 'answered UNAVAILABLE and resent': bots.reduce((n, b) => n + b.unavailable, 0),
      'resends (timeout or INTERNAL)': bots.reduce((n, b) => n + b.retries, 0),
    });
  } catch (err) {
    report.check('the drill ran to the end', false, `${(err as Error).stack}\n--- standby output ---\n${machines?.standby.output().slice(-3000) ?? ''}`);
  } finally {
    for (const close of closers) close();
    await machines?.stop();
    await sleep(0);
  }
  return report.done();
}
