// The room's phase machine on the server: checks a host's intent against the phase table and the room's state, then
// writes the next state atomically (compare-and-set in Redis), retrying when another change came first.
import { randomBytes } from 'node:crypto';
import { teamOf, trackOf, type EventConfig, type Room } from '../shared/domain';
import { seededShuffle } from '../shared/draw';
import { BACK_TARGET, effectivePhase, isAllowed, isIntent } from '../shared/phases';
import type { Payload, TimerView } from '../shared/protocol';
import { publicKind } from '../shared/voting';
import { refusal, type Refusal } from '../shared/refusals';
import type { TeamAggregate } from '../shared/scoring';
import type { Actor, RoomRecord, Store } from './store/index';

/** The outcome of a room command: the new revision, the audit entry, and what else changed. */
export interface Applied {
  ok: true;
  rev: number;
  auditId: string;
  prev: RoomRecord;
  next: RoomRecord;
  /** The aggregate computed when scoring closed. */
  aggregate?: TeamAggregate;
  /** The seed of a draw. */
  seed?: string;
}

/** The commands the room machine takes: the phase intents and the order and timer commands. */
export type RoomCommand =
  | { intent: 'call'; payload: Payload<'room:call'> }
  | { intent: 'start-presentation' | 'start-qa' | 'open-scoring' | 'reveal' | 'back' | 'pause' | 'resume' | 'finish' | 'restart' }
  | { intent: 'close-scoring'; payload: Payload<'room:close-scoring'> }
  | { intent: 'reopen-judge'; payload: Payload<'room:reopen-judge'> }
  | { intent: 'mark-absent'; payload: Payload<'room:mark-absent'> }
  | { intent: 'set-order'; payload: Payload<'room:set-order'> }
  | { intent: 'draw'; payload: Payload<'room:draw'> }
  | { intent: 'timer'; payload: Payload<'timer:adjust'> }
  | { intent: 'display'; payload: Payload<'display:set-mode'> }
  | { intent: 'ceremony'; payload: Payload<'display:ceremony'> };

interface Plan {
  next: RoomRecord;
  open: 'keep' | 'all' | 'one' | 'none';
  openJudge?: string;
  revealTeam?: string;
  reason?: string;
  seed?: string;
  /** The team the audit entry is about, when not the team on stage. */
  auditTeam?: string;
}

/** The teams a room runs, in the event's order: those of its tracks. */
export function roomTeams(ev: EventConfig, room: Room): string[] {
  return ev.teams.filter((t) => room.trackIds.includes(t.trackId)).map((t) => t.id);
}

/** The running order of a room: its drawn or set order, or the event's order of its teams. */
export function runningOrder(ev: EventConfig, room: Room, record: RoomRecord): string[] {
  const teams = roomTeams(ev, room);
  if (!record.order) return teams;
  const known = new Set(teams);
  const ordered = record.order.filter((t) => known.has(t));
  return [...ordered, ...teams.filter((t) => !ordered.includes(t))];
}

/** The judges of a room's panel who may score a team: not recused from it. */
export function eligibleJudges(ev: EventConfig, room: Room, teamId: string): string[] {
  const recused = new Set(ev.recusals.filter((r) => r.team === teamId).map((r) => r.judge));
  return room.panel.filter((j) => !recused.has(j));
}

function freeze(timer: TimerView | null, now: number): TimerView | null {
  if (!timer || timer.startedAt === null) return timer;
  return { ...timer, startedAt: null, elapsedMs: timer.elapsedMs + (now - timer.startedAt) };
}

function unfreeze(timer: TimerView | null, now: number): TimerView | null {
  if (!timer || timer.startedAt !== null) return timer;
  return { ...timer, startedAt: now };
}

/** What the audit records of a room's state. */
function describe(r: RoomRecord): string {
  return JSON.stringify({ phase: r.phase, team: r.team, pausedFrom: r.pausedFrom, order: r.order, drawSeed: r.drawSeed,
    displayMode: r.displayMode, ceremonyStep: r.ceremonyStep, timer: r.timer, teamStatus: r.teamStatus });
}

/** Runs room commands against the store. */
export class Rooms {
  constructor(private readonly store: Store, private readonly now: () => number = Date.now) {}

  /** Applies a command to a room, or says why not; nothing changes when it is refused. */
  async apply(eventId: string, roomId: string, command: RoomCommand, actor: Actor): Promise<Applied | Refusal> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const ev = await this.store.getEvent(eventId);
      if (!ev) return refusal('event-not-found', `no event "${eventId}"`, { event: eventId });
      const room = ev.rooms.find((r) => r.id === roomId);
      if (!room) return refusal('room-not-found', `no room "${roomId}"`, { room: roomId });
      const prev = await this.store.readRoom(eventId, roomId);
      const plan = await this.plan(ev, room, prev, command);
      if (!plan.ok) return plan;
      const { next, open, openJudge, revealTeam, reason, seed, auditTeam } = plan.plan;
      const written = await this.store.transition(eventId, roomId, next, {
        open, openJudge, revealTeam, actor, reason, auditTeam, action: `room.${command.intent}`,
        before: describe(prev), after: describe(next),
      });
      if (!written.ok) {
        if (written.reason === 'room-changed') continue;
        return written;
      }
      const applied: Applied = { ok: true, rev: written.rev, auditId: written.auditId, prev, next: { ...next, rev: written.rev }, seed };
      if (command.intent === 'close-scoring') {
        applied.aggregate = await this.store.aggregate(eventId, next.team!);
      }
      return applied;
    }
    return refusal('room-busy', 'the room is changing too fast: try again');
  }

  private async plan(ev: EventConfig, room: Room, prev: RoomRecord, command: RoomCommand): Promise<{ ok: true; plan: Plan } | Refusal> {
    const now = this.now();
    const base: RoomRecord = { ...prev, teamStatus: { ...prev.teamStatus } };
    const ok = (plan: Plan): { ok: true; plan: Plan } => ({ ok: true, plan });
    const teams = roomTeams(ev, room);
    const track = (teamId: string) => trackOf(ev, teamOf(ev, teamId).trackId);

    // A phase intent goes only where the transition table lets it; the order, timer and screen commands go in any phase.
    const { intent } = command;
    if (isIntent(intent) && !isAllowed(intent, prev.phase)) {
      return refusal('wrong-phase', `cannot ${intent} while the room is ${prev.phase}`, { intent, phase: prev.phase });
    }

    switch (command.intent) {
      case 'call': {
        const team = command.payload.team;
        if (!teams.includes(team)) return refusal('team-wrong-room', `team "${team}" does not compete in this room`, { team });
        if (prev.teamStatus[team] === 'done') return refusal('team-revealed', 'this team has already been revealed', { team: teamOf(ev, team).project });
        const teamStatus = { ...base.teamStatus };
        delete teamStatus[team];
        return ok({ next: { ...base, phase: 'on-stage', team, track: track(team).id, timer: null, teamStatus }, open: 'none' });
      }
      case 'start-presentation':
      case 'start-qa': {
        const kind = command.intent === 'start-presentation' ? 'presentation' : 'qa';
        const t = track(prev.team!);
        const seconds = kind === 'presentation' ? t.timers.presentationSec : t.timers.qaSec;
        const timer: TimerView = { kind, durationMs: seconds * 1000, startedAt: now, elapsedMs: 0 };
        return ok({ next: { ...base, phase: kind === 'presentation' ? 'presenting' : 'qa', timer }, open: 'none' });
      }
      case 'open-scoring': {
        if (eligibleJudges(ev, room, prev.team!).length === 0) return refusal('no-eligible-judge', 'no judge of this panel may score this team');
        const window = track(prev.team!).timers.scoringSec;
        const timer: TimerView | null = window > 0 ? { kind: 'scoring', durationMs: window * 1000, startedAt: now, elapsedMs: 0 } : null;
        return ok({ next: { ...base, phase: 'scoring', timer }, open: 'all' });
      }
      case 'close-scoring': {
        const sheets = await this.store.sheets(ev.id, prev.team!);
        const missing = eligibleJudges(ev, room, prev.team!).filter((j) => !sheets[j]);
        const reason = command.payload.reason ?? '';
        if (missing.length > 0 && !reason) {
          return refusal('close-needs-reason', `${missing.length} judge(s) have not scored: a reason is required to close`, { n: missing.length });
        }
        return ok({ next: { ...base, phase: 'closed', timer: null }, open: 'none', reason });
      }
      case 'reveal': {
        // With the public's votes, a team's public part is its votes over the track's most: final only once voting closes.
        const onStage = track(prev.team!);
        if (publicKind(onStage) === 'votes' && (await this.store.voters.windows(ev.id)).get(onStage.id) !== 'closed') {
          return refusal('reveal-before-votes', 'the public vote of this track is not closed yet');
        }
        const teamStatus = { ...base.teamStatus, [prev.team!]: 'done' as const };
        return ok({ next: { ...base, phase: 'revealed', teamStatus, revealedAt: now }, open: 'none', revealTeam: prev.team! });
      }
      case 'reopen-judge': {
        const judge = command.payload.judge;
        if (!command.payload.reason.trim()) return refusal('reopen-needs-reason', 'a reason is required to re-open scoring');
        if (!room.panel.includes(judge)) return refusal('judge-not-on-panel', `judge "${judge}" is not on this panel`, { judge: ev.judges.find((j) => j.id === judge)?.name ?? judge });
        if (!eligibleJudges(ev, room, prev.team!).includes(judge)) return refusal('judge-recused', 'this judge is recused from this team');
        return ok({ next: { ...base, phase: 'scoring' }, open: 'one', openJudge: judge, reason: command.payload.reason });
      }
      case 'mark-absent': {
        const team = command.payload.team;
        if (!teams.includes(team)) return refusal('team-wrong-room', `team "${team}" does not compete in this room`, { team });
        if (prev.teamStatus[team] === 'done') return refusal('team-revealed', 'this team has already been revealed', { team: teamOf(ev, team).project });
        // While paused, what counts is the phase the room was paused in; a paused room stays paused.
        const at = effectivePhase(prev);
        const onStage = prev.team === team && at !== 'idle';
        if (onStage && at !== 'on-stage') {
          return refusal('absent-on-stage', 'this team is on stage: go back to "on stage" before marking it absent');
        }
        const teamStatus = { ...base.teamStatus, [team]: 'absent' as const };
        const leaves = { team: null, track: null, timer: null, timerHeld: false, teamStatus };
        const next: RoomRecord = !onStage ? { ...base, teamStatus }
          : prev.phase === 'paused' ? { ...base, ...leaves, pausedFrom: 'idle' } : { ...base, ...leaves, phase: 'idle' };
        return ok({ next, open: onStage ? 'none' : 'keep', reason: command.payload.reason, auditTeam: team });
      }
      case 'back': {
        const target = BACK_TARGET[prev.phase]!;
        if (prev.phase === 'scoring') {
          const sheets = await this.store.sheets(ev.id, prev.team!);
          if (Object.keys(sheets).length > 0) return refusal('judges-submitted', 'judges have already scored: close scoring instead');
        }
        const next: RoomRecord = target === 'idle'
          ? { ...base, phase: 'idle', team: null, track: null, timer: null }
          : { ...base, phase: target, timer: null };
        return ok({ next, open: 'none' });
      }
      case 'pause': {
        const timerHeld = prev.timer !== null && prev.timer.startedAt !== null;
        return ok({ next: { ...base, phase: 'paused', pausedFrom: prev.phase, timerHeld, timer: freeze(prev.timer, now) }, open: 'keep' });
      }
      case 'resume': {
        const phase = effectivePhase(prev);
        const timer = prev.timerHeld ? unfreeze(prev.timer, now) : prev.timer;
        return ok({ next: { ...base, phase, pausedFrom: null, timerHeld: false, timer }, open: 'keep' });
      }
      case 'finish': {
        return ok({ next: { ...base, phase: 'finished', team: null, track: null, timer: null, ceremonyStep: 0 }, open: 'none' });
      }
      case 'restart': {
        return ok({ next: { ...base, phase: 'idle' }, open: 'none' });
      }
      case 'set-order': {
        const order = command.payload.order;
        const same = order.length === teams.length && new Set(order).size === order.length && order.every((t) => teams.includes(t));
        if (!same) return refusal('order-incomplete', 'the order must list every team of this room exactly once');
        return ok({ next: { ...base, order: [...order], drawSeed: null }, open: 'keep' });
      }
      case 'draw': {
        const started = prev.phase !== 'idle' || Object.keys(prev.teamStatus).some((t) => prev.teamStatus[t] === 'done');
        if (started) return refusal('draw-started', 'the order can be drawn only before the first team goes on stage');
        const seed = command.payload.seed ?? randomBytes(8).toString('hex');
        return ok({ next: { ...base, order: seededShuffle(teams, seed), drawSeed: seed }, open: 'keep', seed });
      }
      case 'display': {
        const mode = command.payload.mode;
        return ok({ next: { ...base, displayMode: mode, ...(mode === 'ceremony' ? { ceremonyStep: 0 } : {}) }, open: 'keep' });
      }
      case 'ceremony':
        return ok({ next: { ...base, ceremonyStep: command.payload.step }, open: 'keep' });
      case 'timer': {
        if (!prev.timer) return refusal('no-timer', 'no timer is running in this room');
        const { action, seconds } = command.payload;
        if (action === 'extend' && !seconds) return refusal('extend-seconds', 'say by how many seconds');
        const timer = action === 'pause' ? freeze(prev.timer, now)
          : action === 'resume' ? unfreeze(prev.timer, now)
            : { ...prev.timer, durationMs: Math.max(0, prev.timer.durationMs + seconds! * 1000) };
        return ok({ next: { ...base, timer }, open: 'keep' });
      }
    }
  }
}
