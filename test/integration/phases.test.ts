// The phase table, walked: every intent from every phase is applied to a real room in Redis; allowed ones land where
// the table says, forbidden ones are refused with WRONG_PHASE and change nothing (same revision, same state).
import { beforeAll, describe, expect, it } from 'vitest';
import { INTENTS, PHASES, BACK_TARGET, TRANSITIONS, isAllowed, type Intent, type Phase } from '../../shared/phases';
import { Rooms, type RoomCommand } from '../../server/rooms';
import { emptyRoomState, Store, type RoomRecord } from '../../server/store/index';
import { useRealRedis } from '../helpers/redis';
import { makeEvent } from '../helpers/fixtures';
import { HOST } from '../helpers/turns';

const ctx = useRealRedis();
let store: Store;
let rooms: Rooms;
beforeAll(() => {
  store = new Store(ctx.redis);
  rooms = new Rooms(store);
});

/** The command for an intent, with a payload that is valid whatever the phase. */
function commandFor(intent: Intent): RoomCommand {
  switch (intent) {
    case 'call': return { intent, payload: { team: 'r1t2' } };
    case 'close-scoring': return { intent, payload: { reason: '测试' } };
    case 'reopen-judge': return { intent, payload: { judge: 'r1j1', reason: '测试' } };
    case 'mark-absent': return { intent, payload: { team: 'r1t3' } };
    default: return { intent } as RoomCommand;
  }
}

/** Puts a fresh room into `phase`, with team r1t1 on stage where the phase has one (paused: from scoring). */
async function roomIn(eventId: string, phase: Phase): Promise<RoomRecord> {
  await store.saveEvent(makeEvent({ id: eventId, teams: 3, judges: 5 }));
  const withTeam = phase !== 'idle' && phase !== 'finished';
  const { rev } = await store.readRoom(eventId, 'room1');
  const next: RoomRecord = {
    ...emptyRoomState(), phase, rev, team: withTeam ? 'r1t1' : null, track: withTeam ? 'T01' : null,
    pausedFrom: phase === 'paused' ? 'scoring' : null,
    timer: phase === 'presenting' ? { kind: 'presentation', durationMs: 480_000, startedAt: 1, elapsedMs: 0 } : null,
  };
  const written = await store.transition(eventId, 'room1', next, {
    open: phase === 'scoring' || phase === 'paused' ? 'all' : 'none', actor: HOST, action: 'test.setup', before: '', after: '',
  });
  if (!written.ok) throw new Error(written.code);
  return store.readRoom(eventId, 'room1');
}

describe('the phase table', () => {
  const cases = INTENTS.flatMap((intent) => PHASES.map((phase) => [intent, phase] as const));

  it.each(cases)('%s from %s', async (intent, phase) => {
    const eventId = `ph-${intent}-${phase}`;
    const before = await roomIn(eventId, phase);
    const out = await rooms.apply(eventId, 'room1', commandFor(intent), HOST);
    const after = await store.readRoom(eventId, 'room1');
    if (!isAllowed(intent, phase)) {
      expect(out).toMatchObject({ ok: false, code: 'WRONG_PHASE' });
      expect(after).toEqual(before);
      return;
    }
    expect(out, JSON.stringify(out)).toMatchObject({ ok: true });
    const to = TRANSITIONS[intent].to;
    const expected = to === 'same' ? phase : to === 'previous' ? (intent === 'back' ? BACK_TARGET[phase] : before.pausedFrom) : to;
    expect(after.phase).toBe(expected);
    expect(after.rev).toBe(before.rev + 1);
  });

  it('covers every phase and intent (no phase is a dead end)', () => {
    for (const phase of PHASES) {
      expect(INTENTS.some((i) => isAllowed(i, phase)), phase).toBe(true);
    }
    expect(Object.keys(BACK_TARGET).every((p) => isAllowed('back', p as Phase))).toBe(true);
  });
});

describe('rules beyond the table', () => {
  it('closing with judges missing needs a reason; back from scoring is refused once a sheet is in', async () => {
    const eventId = 'rules-1';
    await roomIn(eventId, 'scoring');
    expect(await rooms.apply(eventId, 'room1', { intent: 'close-scoring', payload: {} }, HOST))
      .toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    await store.submitSheet({ eventId, roomId: 'room1', teamId: 'r1t1', judgeId: 'r1j1', sid: 'sid-rules-1',
      values: { criteria: { solution: 20000, model: 15000, effect: 20000, promotion: 10000, ip: 4000, defense: 8000 } },
      actor: { id: 'r1j1', role: 'judge' } });
    expect(await rooms.apply(eventId, 'room1', { intent: 'back' }, HOST)).toMatchObject({ ok: false, code: 'JUDGES_SUBMITTED' });
  });

  it('a team on stage can be marked absent only before it presents; a revealed team never', async () => {
    await roomIn('rules-2', 'presenting');
    expect(await rooms.apply('rules-2', 'room1', { intent: 'mark-absent', payload: { team: 'r1t1' } }, HOST))
      .toMatchObject({ ok: false, code: 'WRONG_PHASE' });
    await roomIn('rules-3', 'on-stage');
    expect(await rooms.apply('rules-3', 'room1', { intent: 'mark-absent', payload: { team: 'r1t1', reason: '未到场' } }, HOST))
      .toMatchObject({ ok: true });
    expect(await store.readRoom('rules-3', 'room1')).toMatchObject({ phase: 'idle', team: null, teamStatus: { r1t1: 'absent' } });
    expect((await store.audit('rules-3')).at(-1)).toMatchObject({ action: 'room.mark-absent', team: 'r1t1', reason: '未到场' });
    await rooms.apply('rules-3', 'room1', { intent: 'mark-absent', payload: { team: 'r1t2' } }, HOST);
    expect((await store.audit('rules-3')).at(-1)).toMatchObject({ action: 'room.mark-absent', team: 'r1t2' });
    await roomIn('rules-4', 'closed');
    await rooms.apply('rules-4', 'room1', { intent: 'reveal' }, HOST);
    expect(await rooms.apply('rules-4', 'room1', { intent: 'mark-absent', payload: { team: 'r1t1' } }, HOST))
      .toMatchObject({ ok: false, code: 'WRONG_PHASE' });
    expect(await rooms.apply('rules-4', 'room1', { intent: 'call', payload: { team: 'r1t1' } }, HOST))
      .toMatchObject({ ok: false, code: 'WRONG_PHASE' });
  });

  it('the draw is seeded and recorded, and only before the first team', async () => {
    await roomIn('rules-5', 'idle');
    const drawn = await rooms.apply('rules-5', 'room1', { intent: 'draw', payload: { seed: '2026-决赛' } }, HOST);
    expect(drawn).toMatchObject({ ok: true, seed: '2026-决赛' });
    const a = (await store.readRoom('rules-5', 'room1')).order;
    await roomIn('rules-6', 'idle');
    await rooms.apply('rules-6', 'room1', { intent: 'draw', payload: { seed: '2026-决赛' } }, HOST);
    expect((await store.readRoom('rules-6', 'room1')).order).toEqual(a);
    expect([...a!].sort()).toEqual(['r1t1', 'r1t2', 'r1t3']);
    await roomIn('rules-7', 'on-stage');
    expect(await rooms.apply('rules-7', 'room1', { intent: 'draw', payload: {} }, HOST)).toMatchObject({ ok: false, code: 'WRONG_PHASE' });
    const audit = await store.audit('rules-5');
    expect(audit.at(-1)).toMatchObject({ action: 'room.draw' });
    expect(JSON.parse(audit.at(-1)!.after)).toMatchObject({ drawSeed: '2026-决赛', order: a });
  });

  it('the order must name every team of the room once', async () => {
    await roomIn('rules-8', 'idle');
    for (const order of [['r1t1', 'r1t2'], ['r1t1', 'r1t1', 'r1t2'], ['r1t1', 'r1t2', 'x']]) {
      expect(await rooms.apply('rules-8', 'room1', { intent: 'set-order', payload: { order } }, HOST))
        .toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    }
    expect(await rooms.apply('rules-8', 'room1', { intent: 'set-order', payload: { order: ['r1t3', 'r1t1', 'r1t2'] } }, HOST))
      .toMatchObject({ ok: true });
  });

  it('pause freezes the timer and resume restarts it where it stood; extend adds time', async () => {
    let now = 1_000_000;
    const clocked = new Rooms(store, () => now);
    await roomIn('rules-9', 'on-stage');
    await clocked.apply('rules-9', 'room1', { intent: 'start-presentation' }, HOST);
    now += 30_000;
    await clocked.apply('rules-9', 'room1', { intent: 'pause' }, HOST);
    expect((await store.readRoom('rules-9', 'room1')).timer).toEqual({ kind: 'presentation', durationMs: 480_000, startedAt: null, elapsedMs: 30_000 });
    now += 600_000;
    await clocked.apply('rules-9', 'room1', { intent: 'resume' }, HOST);
    await clocked.apply('rules-9', 'room1', { intent: 'timer', payload: { action: 'extend', seconds: 60 } }, HOST);
    expect(await store.readRoom('rules-9', 'room1')).toMatchObject({
      phase: 'presenting', timer: { durationMs: 540_000, startedAt: now, elapsedMs: 30_000 },
    });
  });

  it('resuming the room leaves a timer the host had stopped by hand stopped', async () => {
    let now = 2_000_000;
    const clocked = new Rooms(store, () => now);
    await roomIn('rules-10', 'on-stage');
    await clocked.apply('rules-10', 'room1', { intent: 'start-presentation' }, HOST);
    now += 20_000;
    await clocked.apply('rules-10', 'room1', { intent: 'timer', payload: { action: 'pause' } }, HOST);
    now += 5_000;
    await clocked.apply('rules-10', 'room1', { intent: 'pause' }, HOST);
    now += 60_000;
    expect(await clocked.apply('rules-10', 'room1', { intent: 'resume' }, HOST)).toMatchObject({ ok: true });
    expect(await store.readRoom('rules-10', 'room1')).toMatchObject({
      phase: 'presenting', timer: { startedAt: null, elapsedMs: 20_000 }, timerHeld: false,
    });
  });

  it('a paused room: the team on stage can be marked absent (the room stays paused, then resumes empty)', async () => {
    await roomIn('rules-11', 'on-stage');
    await rooms.apply('rules-11', 'room1', { intent: 'pause' }, HOST);
    expect(await rooms.apply('rules-11', 'room1', { intent: 'mark-absent', payload: { team: 'r1t1', reason: '未到场' } }, HOST))
      .toMatchObject({ ok: true });
    expect(await store.readRoom('rules-11', 'room1')).toMatchObject({ phase: 'paused', pausedFrom: 'idle', team: null, teamStatus: { r1t1: 'absent' } });
    await rooms.apply('rules-11', 'room1', { intent: 'resume' }, HOST);
    expect(await store.readRoom('rules-11', 'room1')).toMatchObject({ phase: 'idle', team: null, timer: null });
    // Paused while presenting: still refused, as unpaused.
    await roomIn('rules-12', 'presenting');
    await rooms.apply('rules-12', 'room1', { intent: 'pause' }, HOST);
    expect(await rooms.apply('rules-12', 'room1', { intent: 'mark-absent', payload: { team: 'r1t1' } }, HOST))
      .toMatchObject({ ok: false, code: 'WRONG_PHASE' });
  });
});
