// The Redis store: event configuration, atomic score submission, scoring open/close, aggregates, leaderboards, audit.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Milli } from '../../shared/decimal';
import { eventConfigSchema, type EventConfig, type Track } from '../../shared/domain';
import { rankTeams, type ScoringRules, type Standing, type TeamAggregate } from '../../shared/scoring';
import { EVENTS_KEY, eventKeys } from './keys';

const lua = (name: string): string => readFileSync(new URL(`./lua/${name}.lua`, import.meta.url), 'utf8');
const COMMON = lua('common');

/** A stable reason a command was refused. */
export interface Refusal {
  ok: false;
  code: string;
  message: string;
}

/** What a judge is told once Redis has their sheet. */
export interface SubmitReceipt {
  ok: true;
  team: string;
  judge: string;
  version: number;
  total: Milli;
  /** Milliseconds since the epoch, from Redis's clock, as a string. */
  at: string;
  /** True when this submission id had already been stored: nothing was written again. */
  duplicate: boolean;
}

/** A judge's stored sheet for one team. */
export interface StoredSheet {
  version: number;
  total: Milli;
  criteria: Record<string, Milli>;
  at: string;
  sid: string;
}

/** The values a judge sends: every criterion, or one total; milli-points. */
export type SheetValues = { criteria: Record<string, Milli> } | { total: Milli };

/** One entry of the audit stream. */
export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  role: string;
  action: string;
  room: string;
  team: string;
  judge: string;
  before: string;
  after: string;
  reason: string;
  prev: string;
  hash: string;
}

const AUDIT_FIELDS = ['at', 'actor', 'role', 'action', 'room', 'team', 'judge', 'before', 'after', 'reason'] as const;

/** Checks the audit chain: each entry's hash covers its fields and the previous entry's hash. */
export function verifyAuditChain(entries: AuditEntry[]): { ok: true } | { ok: false; at: string; reason: string } {
  let prev = '';
  for (const e of entries) {
    if (e.prev !== prev) return { ok: false, at: e.id, reason: 'the link to the previous entry is broken' };
    const hash = createHash('sha1').update([prev, ...AUDIT_FIELDS.map((f) => e[f])].join('\n')).digest('hex');
    if (hash !== e.hash) return { ok: false, at: e.id, reason: 'the entry does not match its hash' };
    prev = e.hash;
  }
  return { ok: true };
}

function parseReply<T>(raw: unknown): T | Refusal {
  return JSON.parse(String(raw)) as T | Refusal;
}

/** Reads a JSON array that Lua's cjson may have written as {} when empty. */
function asArray<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** The store over one ioredis connection; every method is safe to call from several processes at once. */
export class Store {
  constructor(readonly redis: Redis) {
    redis.defineCommand('fsSubmit', { numberOfKeys: 8, lua: `${COMMON}\n${lua('submit')}` });
    redis.defineCommand('fsScoring', { numberOfKeys: 6, lua: `${COMMON}\n${lua('scoring')}` });
    redis.defineCommand('fsAggregate', { numberOfKeys: 4, lua: `${COMMON}\n${lua('aggregate')}` });
  }

  private call(name: 'fsSubmit' | 'fsScoring' | 'fsAggregate', keys: string[], args: Array<string | number>): Promise<unknown> {
    const fn = (this.redis as unknown as Record<string, (...a: Array<string | number>) => Promise<unknown>>)[name]!;
    return fn.call(this.redis, ...keys, ...args);
  }

  /** Saves an event's configuration and the sets the scripts check (panels, recusals, score forms). */
  async saveEvent(input: EventConfig): Promise<void> {
    const config = eventConfigSchema.parse(input);
    const k = eventKeys(config.id);
    const multi = this.redis.multi();
    multi.set(k.event, JSON.stringify(config));
    multi.sadd(EVENTS_KEY, config.id);
    for (const room of config.rooms) {
      multi.del(k.panel(room.id));
      if (room.panel.length) multi.sadd(k.panel(room.id), ...room.panel);
    }
    for (const team of config.teams) {
      multi.del(k.recused(team.id));
      const judges = config.recusals.filter((r) => r.team === team.id).map((r) => r.judge);
      if (judges.length) multi.sadd(k.recused(team.id), ...judges);
    }
    for (const track of config.tracks) multi.set(k.form(track.id), JSON.stringify(formOf(track)));
    await multi.exec();
  }

  /** An event's configuration, or null. */
  async getEvent(eventId: string): Promise<EventConfig | null> {
    const raw = await this.redis.get(eventKeys(eventId).event);
    return raw ? (JSON.parse(raw) as EventConfig) : null;
  }

  /** Opens scoring for a team in a room: every panel judge not recused from it may submit. */
  async openScoring(eventId: string, roomId: string, teamId: string, actor: Actor): Promise<{ ok: true; rev: number } | Refusal> {
    const ev = await this.requireEvent(eventId);
    const team = ev.teams.find((t) => t.id === teamId);
    const room = ev.rooms.find((r) => r.id === roomId);
    if (!room) return refuse('UNKNOWN_ROOM', `no room "${roomId}"`);
    if (!team) return refuse('UNKNOWN_TEAM', `no team "${teamId}"`);
    if (!room.trackIds.includes(team.trackId)) return refuse('WRONG_ROOM', 'this team is not in a track of this room');
    return this.scoring('open', ev.id, roomId, teamId, team.trackId, '', actor, '');
  }

  /** Closes scoring in a room, then computes the team's aggregate in Redis. */
  async closeScoring(eventId: string, roomId: string, actor: Actor, reason = ''): Promise<{ ok: true; rev: number; aggregate: TeamAggregate } | Refusal> {
    const k = eventKeys(eventId);
    const [teamId, trackId] = await this.redis.hmget(k.room(roomId), 'team', 'track');
    const closed = await this.scoring('close', eventId, roomId, teamId ?? '', trackId ?? '', '', actor, reason);
    if (!closed.ok) return closed;
    return { ...closed, aggregate: await this.aggregate(eventId, teamId!) };
  }

  /** Re-opens scoring for one judge on the team on stage; a reason is required. */
  async reopenScoring(eventId: string, roomId: string, judgeId: string, actor: Actor, reason: string): Promise<{ ok: true; rev: number } | Refusal> {
    const k = eventKeys(eventId);
    const [teamId, trackId] = await this.redis.hmget(k.room(roomId), 'team', 'track');
    return this.scoring('reopen', eventId, roomId, teamId ?? '', trackId ?? '', judgeId, actor, reason);
  }

  private async scoring(action: string, eventId: string, roomId: string, teamId: string, trackId: string,
    judgeId: string, actor: Actor, reason: string): Promise<{ ok: true; rev: number } | Refusal> {
    const k = eventKeys(eventId);
    const raw = await this.call('fsScoring',
      [k.room(roomId), k.open(roomId), k.panel(roomId), k.recused(teamId), k.audit, k.auditHead],
      [action, roomId, teamId, trackId, judgeId, actor.id, actor.role, reason]);
    return parseReply<{ ok: true; rev: number }>(raw);
  }

  /** Stores a judge's sheet for the team on stage, atomically checked; the receipt is what the judge may be told. */
  async submitSheet(req: {
    eventId: string; roomId: string; teamId: string; judgeId: string; sid: string; values: SheetValues; actor: Actor;
  }): Promise<SubmitReceipt | Refusal> {
    const k = eventKeys(req.eventId);
    const raw = await this.call('fsSubmit',
      [k.room(req.roomId), k.open(req.roomId), k.panel(req.roomId), k.recused(req.teamId), k.sheets(req.teamId),
        k.sids, k.audit, k.auditHead],
      [k.prefix, req.roomId, req.teamId, req.judgeId, req.sid, JSON.stringify(req.values), req.actor.id, req.actor.role]);
    return parseReply<SubmitReceipt>(raw);
  }

  /** Every stored sheet of a team, by judge id. */
  async sheets(eventId: string, teamId: string): Promise<Record<string, StoredSheet>> {
    const raw = await this.redis.hgetall(eventKeys(eventId).sheets(teamId));
    return Object.fromEntries(Object.entries(raw).map(([judge, json]) => {
      const s = JSON.parse(json) as StoredSheet;
      return [judge, { ...s, criteria: Array.isArray(s.criteria) ? {} : s.criteria }];
    }));
  }

  /** Computes a team's aggregate in Redis (Lua) from its valid sheets, and updates its track's leaderboard. */
  async aggregate(eventId: string, teamId: string): Promise<TeamAggregate> {
    const ev = await this.requireEvent(eventId);
    const team = ev.teams.find((t) => t.id === teamId);
    if (!team) throw new Error(`no team "${teamId}"`);
    const track = ev.tracks.find((t) => t.id === team.trackId)!;
    const room = ev.rooms.find((r) => r.trackIds.includes(track.id));
    return this.computeAggregate(eventId, teamId, track.id, track.rules, judgeOrder(ev, room?.panel ?? []),
      track.criteria.map((c) => c.id));
  }

  /** Runs the aggregate script: the team's valid sheets in `order` (judge ids) under `rules`; stores and returns it. */
  async computeAggregate(eventId: string, teamId: string, trackId: string, rules: ScoringRules, order: string[],
    criterionIds: string[]): Promise<TeamAggregate> {
    const k = eventKeys(eventId);
    const raw = await this.call('fsAggregate', [k.sheets(teamId), k.recused(teamId), k.agg(teamId), k.board(trackId)],
      [teamId, JSON.stringify(rules), JSON.stringify(order), JSON.stringify(criterionIds)]);
    return readAggregate(String(raw));
  }

  /** A track's standings: its leaderboard (sorted set) and stored aggregates, ranked by the shared engine. */
  async standings(eventId: string, trackId: string): Promise<{ aggregates: TeamAggregate[]; standings: Standing[] }> {
    const ev = await this.requireEvent(eventId);
    const track = ev.tracks.find((t) => t.id === trackId);
    if (!track) throw new Error(`no track "${trackId}"`);
    const k = eventKeys(eventId);
    const onBoard = await this.redis.zrevrange(k.board(trackId), 0, -1);
    const teams = ev.teams.filter((t) => t.trackId === trackId).map((t) => t.id);
    const raws = teams.length ? await this.redis.mget(...teams.map((t) => k.agg(t))) : [];
    const aggregates = raws.flatMap((raw) => (raw ? [readAggregate(raw)] : []));
    const finalOnBoard = new Set(onBoard);
    const consistent = aggregates.filter((a) => (a.status === 'final') === finalOnBoard.has(a.team));
    if (consistent.length !== aggregates.length) throw new Error(`leaderboard of track "${trackId}" disagrees with its aggregates`);
    return { aggregates, standings: rankTeams(aggregates, track.rules, track.awards) };
  }

  /** The whole audit log of an event, oldest first. */
  async audit(eventId: string): Promise<AuditEntry[]> {
    const rows = await this.redis.xrange(eventKeys(eventId).audit, '-', '+');
    return rows.map(([id, flat]) => {
      const e: Record<string, string> = { id };
      for (let i = 0; i + 1 < flat.length; i += 2) e[flat[i]!] = flat[i + 1]!;
      return e as unknown as AuditEntry;
    });
  }

  private async requireEvent(eventId: string): Promise<EventConfig> {
    const ev = await this.getEvent(eventId);
    if (!ev) throw new Error(`no event "${eventId}"`);
    return ev;
  }
}

/** Who acts: an id and a role, written into the audit. */
export interface Actor {
  id: string;
  role: string;
}

function refuse(code: string, message: string): Refusal {
  return { ok: false, code, message };
}

/** The score form the submit script checks against, in milli-points. */
function formOf(track: Track) {
  return {
    criteria: track.criteria.map((c) => ({ id: c.id, max: c.maxMilli, step: c.stepMilli })),
    total: track.total ? { max: track.total.maxMilli, step: track.total.stepMilli } : null,
  };
}

/** Every judge of the event, the room's panel first in panel order: the order that separates equal totals. */
function judgeOrder(ev: EventConfig, panel: string[]): string[] {
  const rest = ev.judges.map((j) => j.id).filter((id) => !panel.includes(id));
  return [...panel, ...rest];
}

function readAggregate(raw: string): TeamAggregate {
  const a = JSON.parse(raw) as TeamAggregate;
  return { ...a, judges: asArray(a.judges), criteriaSums: Array.isArray(a.criteriaSums) ? {} : a.criteriaSums };
}
