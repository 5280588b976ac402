// The public's voting (大众评审, issue #16) over real sockets and a real Redis: voter codes bound to the first device, a
// revoked code, the votes kind's window and final ballots (the reveal waits for its close, then shows votes over the most), the scores kind during a team's scoring, a voided ballot
// (audited, its votes taken out), a flood of voters with no ballot lost or counted twice, and secrecy: no display, phone,
// judge or voter hears a count before the reveal.
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventConfig } from '../../shared/domain';
import type { VoterView, VotingView } from '../../shared/protocol';
import { printedCode } from '../../shared/voting';
import { eventKeys } from '../../server/store/keys';
import { makeEvent } from '../helpers/fixtures';
import { eventually, ok, record, send, useServer, type Client } from '../helpers/server';
import { must, openScoringFor } from '../helpers/turns';

const server = useServer();
const ev: EventConfig = makeEvent({ id: 'voters', rooms: 2, teams: 4, judges: 3 });
ev.tracks[0]!.mix = { panelPercent: 70, publicPercent: 30, public: { kind: 'votes', fullMarksMilli: 100_000, votesPerVoter: 2, imported: false, openByDevice: false } };
ev.tracks[1]!.mix = { panelPercent: 60, publicPercent: 40, public: { kind: 'scores', fullMarksMilli: 100_000, votesPerVoter: 1, imported: false, openByDevice: false } };
const open = makeEvent({ id: 'voters-open', rooms: 1, teams: 3, judges: 3 });
open.tracks[0]!.mix = { panelPercent: 70, publicPercent: 30, public: { kind: 'votes', fullMarksMilli: 100_000, votesPerVoter: 1, imported: false, openByDevice: true } };

let admin: Client;
let host1: Client;
let supervisor: Client;
let codes: string[] = [];
let deviceSeq = 0;
const device = () => `device-${String(++deviceSeq).padStart(12, '0')}`;
const voter = (code: string | null, dev: string, event = ev.id) => server.client({ voter: { event, code, device: dev } });
const k = eventKeys(ev.id);

beforeAll(async () => {
  const links = await server.setup(ev);
  await server.setup(open);
  const res = await fetch(`${server.url}/api/admin/setup`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'correct horse battery' }),
  });
  admin = await server.client({ token: ((await res.json()) as { data: { token: string } }).data.token });
  host1 = await server.client({ token: links.rooms[0]!.host.token });
  supervisor = await server.client({ token: links.supervisor.token });
  codes = (await ok(admin, 'admin:voter-codes', { eventId: ev.id, add: 400 })).map((c) => c.code);
});

describe('voter codes', () => {
  it('are unguessable, distinct, and listed again unchanged', async () => {
    expect(new Set(codes).size).toBe(400);
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/); // 16 × 5 bits = 80 bits
    expect((await ok(admin, 'admin:voter-codes', { eventId: ev.id, add: 0 })).map((c) => c.code)).toEqual(codes);
  });

  it('bind to the first device: the same phone comes back, a second device is refused', async () => {
    const phone = device();
    const first = await voter(printedCode(codes[0]!).toLowerCase(), phone); // typed off the card, in groups, lower case
    expect(await server.hello(first)).toMatchObject({ role: 'voter', eventId: ev.id, voterId: 'v0001' });
    first.disconnect();
    const again = await voter(codes[0]!, phone);
    expect((await server.hello(again)).voterId).toBe('v0001');
    await expect(voter(codes[0]!, device())).rejects.toThrow('OTHER_DEVICE');
    await expect(voter('0000-0000-0000-0000', device())).rejects.toThrow('UNAUTHORIZED');
    await expect(voter(null, device())).rejects.toThrow('UNAUTHORIZED'); // this event takes codes only
    const listed = await ok(admin, 'admin:voter-codes', { eventId: ev.id, add: 0 });
    expect(listed[0]).toMatchObject({ voter: 'v0001', bound: true, revoked: false });
    // The attempt from the second device is kept for the supervisor.
    const report = await ok(supervisor, 'vote:report', {});
    expect(report.manyDevices).toContainEqual({ voter: 'v0001', devices: 2 });
  });

  it('a phone coming back to its own code changes nothing; a revoked code never used is refused and binds no device', async () => {
    const phone = device();
    (await voter(codes[340]!, phone)).disconnect();
    const before = await Promise.all([server.store.redis.hget(k.voterDevice, 'v0341'), server.store.redis.hget(k.voterAddress, 'v0341'),
      server.store.redis.smembers(k.voterDevices('v0341'))]);
    expect(before).toEqual([phone, expect.any(String), [phone]]);
    (await voter(codes[340]!, phone)).disconnect();
    expect(await Promise.all([server.store.redis.hget(k.voterDevice, 'v0341'), server.store.redis.hget(k.voterAddress, 'v0341'),
      server.store.redis.smembers(k.voterDevices('v0341'))])).toEqual(before);
    await ok(admin, 'admin:revoke-voter', { eventId: ev.id, voter: 'v0342', reason: '座位卡作废' });
    const stranger = device();
    await expect(voter(codes[341]!, stranger)).rejects.toThrow('REVOKED');
    expect((await ok(admin, 'admin:voter-codes', { eventId: ev.id, add: 0 }))[341]).toMatchObject({ voter: 'v0342', bound: false, revoked: true });
    expect(await server.store.redis.smembers(k.voterDevices('v0342'))).toEqual([stranger]); // the attempt is kept
  });

  it('a revoked code is dropped at once and refused afterwards', async () => {
    const phone = device();
    const v = await voter(codes[1]!, phone);
    const revoked = new Promise((resolve) => v.once('session:revoked', resolve));
    await ok(admin, 'admin:revoke-voter', { eventId: ev.id, voter: 'v0002', reason: '座位卡遗失' });
    await revoked;
    await eventually(() => expect(v.connected).toBe(false));
    await expect(voter(codes[1]!, phone)).rejects.toThrow('REVOKED');
    const audit = await server.store.audit(ev.id);
    expect(audit.at(-1)).toMatchObject({ action: 'voter.revoke', reason: '座位卡遗失', after: 'revoked' });
  });
});

describe('the votes kind', () => {
  it('takes one final ballot per voter while the host has the window open, and counts it with the ballot', async () => {
    const v = await voter(codes[2]!, device());
    const states: VoterView[] = [];
    v.on('voter:state', (s) => states.push(s));
    expect(await send(v, 'vote:cast', { track: 'T01', teams: ['r1t1'] })).toMatchObject({ ok: false, error: { code: 'WRONG_PHASE', reason: 'voting-not-open' } });
    const hostViews: VotingView[] = [];
    host1.on('voting:state', (s) => hostViews.push(s));
    expect(await ok(host1, 'vote:open', { track: 'T01' })).toEqual({ window: 'open' });
    expect(await send(host1, 'vote:open', { track: 'T01' })).toMatchObject({ ok: false, error: { code: 'WRONG_PHASE', reason: 'window-move' } });
    expect(await send(host1, 'vote:open', { track: 'T02' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } }); // not its room's
    for (const teams of [['r1t1', 'r1t2', 'r1t3'], ['r1t1', 'r1t1'], ['r2t1']]) {
      expect(await send(v, 'vote:cast', { track: 'T01', teams }), teams.join()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', reason: 'ballot-teams' } });
    }
    const cast = await ok(v, 'vote:cast', { track: 'T01', teams: ['r1t1', 'r1t2'] });
    expect(cast).toMatchObject({ track: 'T01', teams: ['r1t1', 'r1t2'] });
    // The ack came after Redis had it: the ballot and its count are there, together.
    expect(await server.store.redis.hgetall(k.pubVotes('T01'))).toEqual({ r1t1: '1', r1t2: '1' });
    expect(await send(v, 'vote:cast', { track: 'T01', teams: ['r1t3'] })).toMatchObject({ ok: false, error: { code: 'CONFLICT', reason: 'ballot-final' } });
    expect(await server.store.redis.hgetall(k.pubVotes('T01'))).toEqual({ r1t1: '1', r1t2: '1' });
    await eventually(() => expect(states.at(-1)?.ballots).toEqual([{ kind: 'votes', track: 'T01', teams: ['r1t1', 'r1t2'], at: cast.at, voided: false }]));
    await eventually(() => expect(hostViews.at(-1)?.tracks).toEqual([expect.objectContaining({ trackId: 'T01', window: 'open', voters: 1 })]));
  });

  it('a voided ballot comes out of the counts, audited, and cannot be voided twice', async () => {
    const v = await voter(codes[3]!, device());
    await ok(v, 'vote:cast', { track: 'T01', teams: ['r1t3'] });
    expect(await server.store.redis.hget(k.pubVotes('T01'), 'r1t3')).toBe('1');
    expect(await send(supervisor, 'vote:void', { track: 'T01', voter: 'v0004', team: null, reason: '' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const { auditId } = await ok(supervisor, 'vote:void', { track: 'T01', voter: 'v0004', team: null, reason: '同一设备连续投票' });
    expect(await server.store.redis.hget(k.pubVotes('T01'), 'r1t3')).toBe('0');
    expect((await server.store.audit(ev.id, auditId, auditId))[0]).toMatchObject({ action: 'vote.void', actor: 'supervisor', reason: '同一设备连续投票', team: 'r1t3' });
    expect(await send(supervisor, 'vote:void', { track: 'T01', voter: 'v0004', team: null, reason: '再次' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', reason: 'ballot-voided' } });
    const report = await ok(supervisor, 'vote:report', {});
    expect(report.ballots.find((b) => b.voter === 'v0004')).toMatchObject({ teams: ['r1t3'], voided: { reason: '同一设备连续投票' } });
    // Still final for the voter: a voided ballot is not a second chance.
    expect(await send(v, 'vote:cast', { track: 'T01', teams: ['r1t1'] })).toMatchObject({ ok: false, error: { reason: 'ballot-final' } });
  });

  it('a flood of voters: every ballot counted once, none lost, none twice', async () => {
    const flood = codes.slice(10, 310);
    const phones = await Promise.all(flood.map((c) => voter(c, device())));
    const before = await server.store.redis.hgetall(k.pubVotes('T01'));
    // Each voter sends its ballot twice at once (a double tap): one of the two is taken.
    const acks = await Promise.all(phones.flatMap((p, i) => {
      const teams = [`r1t${(i % 4) + 1}`, `r1t${((i + 1) % 4) + 1}`];
      return [send(p, 'vote:cast', { track: 'T01', teams }), send(p, 'vote:cast', { track: 'T01', teams })];
    }));
    expect(acks.filter((a) => a.ok)).toHaveLength(300);
    expect(acks.filter((a) => !a.ok).every((a) => !a.ok && a.error.code === 'CONFLICT')).toBe(true);
    const after = await server.store.redis.hgetall(k.pubVotes('T01'));
    const added = [1, 2, 3, 4].map((n) => Number(after[`r1t${n}`] ?? 0) - Number(before[`r1t${n}`] ?? 0));
    expect(added).toEqual([150, 150, 150, 150]);
    const ballots = (await ok(supervisor, 'vote:report', {})).ballots.filter((b) => b.track === 'T01' && !b.voided);
    expect(new Set(ballots.map((b) => b.voter)).size).toBe(ballots.length);
    expect(await server.store.redis.scard(k.voted('T01'))).toBe(ballots.length);
    for (const p of phones) p.disconnect();
  }, 60_000);

  it('closes for good; the reveal waits for the close; a ballot after the close is refused; voiding after the reveal is refused', async () => {
    await openScoringFor(server.store, server.app.ctx.rooms, ev.id, 'room1', 'r1t1');
    for (const judge of ['r1j1', 'r1j2', 'r1j3']) {
      const sheet = await server.store.submitSheet({ eventId: ev.id, roomId: 'room1', teamId: 'r1t1', judgeId: judge, sid: `voters-r1t1-${judge}`,
        values: { criteria: { solution: 20000, model: 15000, effect: 20000, promotion: 10000, ip: 4000, defense: 8000 } }, actor: { id: judge, role: 'judge' } });
      expect(sheet.ok).toBe(true);
    }
    await must(server.app.ctx.rooms, ev.id, 'room1', { intent: 'close-scoring', payload: {} });
    // While voting is open the team's public part (its votes over the track's most) is not final: no reveal yet.
    expect(await send(host1, 'room:reveal', {})).toMatchObject({ ok: false, error: { code: 'WRONG_PHASE', reason: 'reveal-before-votes' } });
    expect(await ok(host1, 'vote:close', { track: 'T01' })).toEqual({ window: 'closed' });
    expect(await send(host1, 'vote:open', { track: 'T01' })).toMatchObject({ ok: false, error: { reason: 'window-move' } });
    const late = await voter(codes[4]!, device());
    expect(await send(late, 'vote:cast', { track: 'T01', teams: ['r1t1'] })).toMatchObject({ ok: false, error: { reason: 'voting-not-open' } });
    await ok(host1, 'room:reveal', {});
    // The revealed public part is the team's votes over the track's most, × 100, half-up to 2 decimals, as closed.
    const counts = Object.values(await server.store.redis.hgetall(k.pubVotes('T01'))).map(Number);
    const votes = Number(await server.store.redis.hget(k.pubVotes('T01'), 'r1t1'));
    const most = Math.max(...counts);
    const expected = Math.floor((2 * votes * 100 * 100 + most) / (2 * most));
    const board = (await server.app.ctx.views.board(ev, 'T01')).rows.find((r) => r.team.id === 'r1t1');
    expect(board?.parts?.public).toBe(`${Math.floor(expected / 100)}.${String(expected % 100).padStart(2, '0')}`);
    expect(await send(supervisor, 'vote:void', { track: 'T01', voter: 'v0003', team: null, reason: '晚了' }))
      .toMatchObject({ ok: false, error: { code: 'WRONG_PHASE', reason: 'ballot-revealed' } });
  });
});

describe('the scores kind', () => {
  it('takes one score per juror for the team on stage during its scoring, within full marks', async () => {
    const v = await voter(codes[5]!, device());
    expect(await send(v, 'vote:score', { team: 'r2t1', total: 88_500 })).toMatchObject({ ok: false, error: { code: 'SCORING_NOT_OPEN' } });
    expect(await send(v, 'vote:cast', { track: 'T02', teams: ['r2t1'] })).toMatchObject({ ok: false, error: { reason: 'voting-wrong-kind' } });
    await openScoringFor(server.store, server.app.ctx.rooms, ev.id, 'room2', 'r2t1');
    expect(await send(v, 'vote:score', { team: 'r2t1', total: 100_001 })).toMatchObject({ ok: false, error: { code: 'OVER_MAX' } });
    expect(await send(v, 'vote:score', { team: 'r2t2', total: 80_000 })).toMatchObject({ ok: false, error: { code: 'SCORING_NOT_OPEN' } });
    expect(await ok(v, 'vote:score', { team: 'r2t1', total: 88_500 })).toMatchObject({ team: 'r2t1', total: 88_500 });
    expect(await send(v, 'vote:score', { team: 'r2t1', total: 90_000 })).toMatchObject({ ok: false, error: { reason: 'ballot-final' } });
    expect(await server.store.redis.hgetall(k.pubScores('r2t1'))).toEqual({ v0006: '88500' });
    const w = await voter(codes[6]!, device());
    await ok(w, 'vote:score', { team: 'r2t1', total: 70_000 });
    await ok(supervisor, 'vote:void', { track: 'T02', voter: 'v0007', team: 'r2t1', reason: '测试作废' });
    expect(await server.store.redis.hgetall(k.pubScores('r2t1'))).toEqual({ v0006: '88500' });
  });
});

describe('voting by device alone (openByDevice)', () => {
  it('lets a phone vote without a code, once, bound to its device id', async () => {
    const phone = device();
    const v = await voter(null, phone, open.id);
    const hello = await server.hello(v);
    expect(hello.voterId).toMatch(/^d[0-9a-f]{20}$/);
    const links = await ok(admin, 'admin:links', { eventId: open.id });
    const host = await server.client({ token: links.rooms[0]!.host.token });
    await ok(host, 'vote:open', { track: 'T01' });
    await ok(v, 'vote:cast', { track: 'T01', teams: ['r1t2'] });
    v.disconnect();
    const again = await voter(null, phone, open.id);
    expect((await server.hello(again)).voterId).toBe(hello.voterId);
    expect(await send(again, 'vote:cast', { track: 'T01', teams: ['r1t1'] })).toMatchObject({ ok: false, error: { reason: 'ballot-final' } });
    expect(await server.store.redis.hgetall(eventKeys(open.id).pubVotes('T01'))).toEqual({ r1t2: '1' });
  });
});

describe('secrecy', () => {
  it('no display, phone, judge or voter hears a count; the host hears only how many voted', async () => {
    const links = await ok(admin, 'admin:links', { eventId: ev.id });
    const watchers = {
      display: await server.client({ token: links.rooms[1]!.display.token }),
      audience: await server.client({ audience: ev.id }),
      judge: await server.client({ token: links.judges.find((j) => j.judgeId === 'r2j1')!.token }),
      voter: await voter(codes[7]!, device()),
    };
    const frames = Object.fromEntries(Object.entries(watchers).map(([role, s]) => [role, record(s)]));
    const host2 = await server.client({ token: links.rooms[1]!.host.token });
    const hostFrames = record(host2);
    await openScoringFor(server.store, server.app.ctx.rooms, ev.id, 'room2', 'r2t2');
    await server.app.ctx.notifier.publish(ev.id, [{ topic: 'room', roomId: 'room2' }]);
    const jurors = await Promise.all(codes.slice(320, 330).map((c) => voter(c, device())));
    const totals = jurors.map((_, i) => 61_234 + i * 7);
    await Promise.all(jurors.map((j, i) => ok(j, 'vote:score', { team: 'r2t2', total: totals[i]! })));
    await eventually(() => expect(hostFrames.filter(([n]) => n === 'voting:state').map(([, v]) => (v as VotingView).tracks[0]!.voters)).toContain(12));
    await eventually(() => expect(frames.voter!.some(([n]) => n === 'room:snapshot' || n === 'audience:welcome')).toBe(true));
    for (const [role, list] of Object.entries(frames)) {
      const text = JSON.stringify(list);
      for (const value of [...totals, 88_500]) expect(text, `${role} heard ${value}`).not.toMatch(new RegExp(`(?<![0-9])${value}(?![0-9])`));
      for (const [name, payload] of list) {
        if (name === 'voting:state') {
          expect(role).toBe('voter');
          expect((payload as VotingView).tracks.every((t) => t.voters === null)).toBe(true);
        }
      }
    }
    // The host's view of the voting carries the number of voters and nothing per team.
    for (const [name, payload] of hostFrames) {
      if (name === 'voting:state') expect(JSON.stringify(payload)).not.toMatch(/61234|"votes"/);
    }
  });
});
