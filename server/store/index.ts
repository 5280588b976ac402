// The Redis store: event configuration, atomic score submission, scoring open/close, aggregates, leaderboards, audit.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Milli } from '../../shared/decimal';
import { eventConfigSchema, judgeOrderFor, teamOf, trackOf, type EventConfig, type Mix, type Track } from '../../shared/domain';
import type { Phase } from '../../shared/phases';
import { TABLET_STATUS_TTL_S, type AuditView, type DisplayMode, type OwnSheet, type TabletHealth, type TimerView } from '../../shared/protocol';
import { readRefusal, type Refusal } from '../../shared/refusals';
import { rankTeams, type ScoringRules, type Standing, type TeamAggregate } from '../../shared/scoring';
import { verifyChain, type BoundSheet, type SheetValues } from '../../shared/evidence';
import { specialAwardsSchema } from '../../shared/special';
import { nodeHasher } from '../evidence';
import { EVENTS_KEY, eventKeys } from './keys';
import { Voters } from './voters';

const lua = (name: string): string => readFileSync(new URL(`./lua/${name}.lua`, import.meta.url), 'utf8');
const COMMON = lua('common');

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
  /** On the first delivery only: the room's new revision and the audit entry's id. */
  rev?: number;
  auditId?: string;
  /** With a standby (replication configured): on how many machines the sheet is, this one and the replicas that have it. */
  machines?: number;
}

/** A standby's replica is waited for (Redis's WAIT) after each sheet is written, for at most `timeoutMs`. */
export interface Replication { timeoutMs: number }

/** A judge's stored sheet for one team, bound to the audit entry that wrote it (shared/evidence.ts). */
export type StoredSheet = BoundSheet;

/** The values a judge sends: every criterion, or one total; milli-points. */
export type { SheetValues } from '../../shared/evidence';

/** A tablet's public key registered for a judge. */
export interface SigningKey {
  spki: string;
  extractable: boolean;
  at: string;
  entry: string;
}

/** How many tablets' keys one judge may register (a tablet and a few spares, a browser reset or two). */
export const MAX_KEYS_PER_JUDGE = 16;

/** One entry of the audit stream: what supervisors see of it, plus the fields that chain it (shared/evidence.ts). */
export interface AuditEntry extends AuditView {
  prev: string;
  /** 'sha256' on entries hashed with SHA-256; absent on older, SHA-1 entries. */
  alg?: 'sha256';
  /** A reveal's aggregate as shown (JSON); absent on SHA-1 entries. */
  score?: string;
}

/** Checks the audit chain: each entry's hash covers its fields and the previous entry's hash (SHA-1 or SHA-256). */
export function verifyAuditChain(entries: AuditEntry[]): { ok: true } | { ok: false; at: string; reason: string } {
  const verdict = verifyChain(entries, nodeHasher);
  return verdict.ok ? { ok: true } : { ok: false, at: verdict.at, reason: verdict.reason };
}

/**
 * A stored configuration as this code reads it: a track saved before merit awards existed has none; one saved before
 * special awards had counts lists their names only.
 */
function readConfig(raw: string): EventConfig {
  const config = JSON.parse(raw) as EventConfig;
  for (const t of config.tracks) {
    t.awards = { ...t.awards, merit: t.awards.merit ?? 0 };
    t.specialAwards = specialAwardsSchema.parse(t.specialAwards ?? []); // names only before counts existed: count 1
  }
  return config;
}

/** Freezes a parsed JSON value and everything in it. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A script's JSON reply: what it did, or its refusal, checked here once against shared/refusals.ts. */
function parseReply<T extends { ok: true }>(raw: unknown): T | Refusal {
  const reply = JSON.parse(String(raw)) as T | { ok: false; code?: unknown; message?: unknown; reason?: unknown; params?: unknown };
  return reply.ok ? reply : readRefusal(reply);
}

/** Reads a JSON array that Lua's cjson may have written as {} when empty. */
function asArray<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** The store over one ioredis connection; every method is safe to call from several processes at once. */
export class Store {
  /** Parsed configurations with the version they were read at (see getEvent). */
  private readonly events = new Map<string, { version: string; config: EventConfig }>();

  /**
   * Judges' keys read once: a key's id is the hash of its public key and a registration never changes, so a sheet's
   * signature is checked without a round trip; the submit script still refuses a key no longer registered.
   */
  private readonly keys = new Map<string, SigningKey>();

  /** The public's voting: voter codes, windows, ballots (server/store/voters.ts). */
  readonly voters: Voters;

  /**
   * With replication: the connection sheets are written and waited for on. WAIT counts the replicas that have this
   * connection's last write, and blocks the connection meanwhile, so it is not the one every other command shares.
   */
  private readonly sheetWriter: Redis;
  /** The last WAIT timed out: the next sheet waits only once the master lists a replica again (ROLE). */
  private alone = false;

  /** The store over `redis`; with `replication`, each sheet's receipt waits for the standby's replica and says on how many machines it is. */
  constructor(readonly redis: Redis, private readonly replication?: Replication) {
    this.voters = new Voters(redis);
    // The judges' sheets on a connection of their own: never queued behind the phones' and screens' reads on the main
    // one (replies come in order on a connection). Opened at the first sheet.
    this.sheetWriter = redis.duplicate({ lazyConnect: true });
    this.sheetWriter.on('error', () => undefined); // the main connection logs the outage
    for (const r of [redis, this.sheetWriter]) {
      r.defineCommand('fsRegisterKey', { numberOfKeys: 3, lua: `${COMMON}\n${lua('register_key')}` });
      r.defineCommand('fsSubmit', { numberOfKeys: 10, lua: `${COMMON}\n${lua('submit')}` });
      r.defineCommand('fsTransition', { numberOfKeys: 8, lua: `${COMMON}\n${lua('transition')}` });
      r.defineCommand('fsAggregate', { numberOfKeys: 6, lua: `${COMMON}\n${lua('aggregate')}` });
      r.defineCommand('fsImportPublic', { numberOfKeys: 3, lua: `${COMMON}\n${lua('import_public')}` });
      r.defineCommand('fsAudit', { numberOfKeys: 2, lua: `${COMMON}\n${lua('audit')}` });
      r.defineCommand('fsCorrect', { numberOfKeys: 7, lua: `${COMMON}\n${lua('correct')}` });
    }
  }

  private call(name: 'fsRegisterKey' | 'fsSubmit' | 'fsTransition' | 'fsAggregate' | 'fsAudit' | 'fsCorrect' | 'fsImportPublic', keys: string[],
    args: Array<string | number>, on: Redis = this.redis): Promise<unknown> {
    const fn = (on as unknown as Record<string, (...a: Array<string | number>) => Promise<unknown>>)[name]!;
    return fn.call(on, ...keys, ...args);
  }

  /**
   * A sheet's script on the sheets' connection, then (with replication) WAIT for one replica: the receipt says on how
   * many machines the sheet is. A WAIT that times out is no failure (the sheet is on this machine, on disk); a lost
   * connection is (the caller answers "not saved" and the tablet resends with the same id).
   */
  private async writeSheet(name: 'fsSubmit' | 'fsCorrect', keys: string[], args: Array<string | number>): Promise<SubmitReceipt | Refusal> {
    const reply = parseReply<SubmitReceipt>(await this.call(name, keys, args, this.sheetWriter));
    if (!reply.ok || !this.replication) return reply;
    return { ...reply, machines: 1 + await this.replicasWithLastWrite(this.replication.timeoutMs) };
  }

  /** How many replicas have the sheets' connection's last write, waiting at most `timeoutMs` (none listed: no wait). */
  private async replicasWithLastWrite(timeoutMs: number): Promise<number> {
    if (this.alone) {
      const role = (await this.sheetWriter.call('ROLE')) as [string, number, unknown[]?];
      if (role[0] !== 'master' || !role[2]?.length) return 0;
    }
    const acked = Number(await this.sheetWriter.call('WAIT', 1, timeoutMs));
    this.alone = acked < 1;
    return acked;
  }

  /** Closes the sheets' own connection; the caller closes `redis`. */
  disconnect(): void {
    this.sheetWriter.disconnect();
  }

  /** Saves an event's configuration and the sets the scripts check (panels, recusals, score forms); bumps each room's revision. */
  async saveEvent(input: EventConfig): Promise<void> {
    const config = eventConfigSchema.parse(input);
    const k = eventKeys(config.id);
    const multi = this.redis.multi();
    const json = JSON.stringify(config);
    multi.set(k.event, json);
    multi.set(k.eventVersion, createHash('sha256').update(json).digest('hex')); // content-addressed: safe if deleted
    multi.sadd(EVENTS_KEY, config.id);
    for (const room of config.rooms) {
      multi.del(k.panel(room.id));
      if (room.panel.length) multi.sadd(k.panel(room.id), ...room.panel);
      multi.hincrby(k.room(room.id), 'rev', 1); // what the room's screens show may have changed
    }
    for (const team of config.teams) {
      multi.del(k.recused(team.id));
      const judges = config.recusals.filter((r) => r.team === team.id).map((r) => r.judge);
      if (judges.length) multi.sadd(k.recused(team.id), ...judges);
    }
    for (const track of config.tracks) multi.set(k.form(track.id), JSON.stringify(formOf(track)));
    await multi.exec();
  }

  /**
   * Clears an event's live state (room states, sheets, results, audit, every other key of the event) but keeps its
   * configuration and its tokens, so links stay the same; each room in `roomIds` goes back to idle with its revision
   * moved forward, so open screens take the reset. For a rehearsal run again (npm run demo), never a real event.
   */
  async clearLiveState(eventId: string, roomIds: string[]): Promise<void> {
    const k = eventKeys(eventId);
    const keep = new Set([k.event, k.tokens]);
    const roomKeys = new Set(roomIds.map((r) => k.room(r)));
    const remove: string[] = [];
    const reset: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${k.prefix}*`, 'COUNT', 1000);
      for (const key of keys) {
        if (keep.has(key)) continue;
        if (roomKeys.has(key)) reset.push(key);
        else remove.push(key);
      }
      cursor = next;
    } while (cursor !== '0');
    const multi = this.redis.multi();
    for (let i = 0; i < remove.length; i += 500) multi.del(...remove.slice(i, i + 500));
    for (const key of reset) {
      multi.hset(key, { phase: 'idle', team: '', track: '', state: JSON.stringify(emptyRoomState()) });
      multi.hincrby(key, 'rev', 1);
    }
    await multi.exec();
    this.events.delete(eventId);
  }

  /** Every event's configuration, by id. */
  async listEvents(): Promise<EventConfig[]> {
    const ids = (await this.redis.smembers(EVENTS_KEY)).sort();
    const raws = ids.length ? await this.redis.mget(...ids.map((id) => eventKeys(id).event)) : [];
    return raws.flatMap((raw) => (raw ? [readConfig(raw)] : []));
  }

  /**
   * An event's configuration, or null. It is read and parsed again only when its version moved (every save bumps it,
   * whichever process saved); otherwise this process's copy is returned, frozen: callers must not modify it.
   */
  async getEvent(eventId: string): Promise<EventConfig | null> {
    const k = eventKeys(eventId);
    const version = await this.redis.get(k.eventVersion);
    const cached = this.events.get(eventId);
    if (version !== null && cached?.version === version) return cached.config;
    const [raw, current] = await this.redis.mget(k.event, k.eventVersion);
    if (!raw) {
      this.events.delete(eventId);
      return null;
    }
    const config = deepFreeze(readConfig(raw));
    if (current !== null && current !== undefined) this.events.set(eventId, { version: current, config });
    return config;
  }

  /**
   * Whether an event exists, without a round trip once this process has read it: an event is never deleted (only
   * reset), so a phone's handshake (thousands at once) costs Redis nothing.
   */
  async hasEvent(eventId: string): Promise<boolean> {
    return this.events.has(eventId) || (await this.getEvent(eventId)) !== null;
  }

  /** A room's stored state; a room never touched is idle at revision 0. */
  async readRoom(eventId: string, roomId: string): Promise<RoomRecord> {
    const k = eventKeys(eventId);
    const [phase, team, track, rev, state] = await this.redis.hmget(k.room(roomId), 'phase', 'team', 'track', 'rev', 'state');
    const rest = { ...emptyRoomState(), ...(state ? (JSON.parse(state) as Partial<RoomState>) : {}) };
    return { ...rest, phase: (phase as Phase | null) ?? 'idle', team: team || null, track: track || null, rev: Number(rev ?? 0) };
  }

  /** The judges who may submit right now in a room. */
  async openJudges(eventId: string, roomId: string): Promise<string[]> {
    return this.redis.smembers(eventKeys(eventId).open(roomId));
  }

  /** The teams of an event whose results have been revealed. */
  async revealedTeams(eventId: string): Promise<Set<string>> {
    return new Set(await this.redis.smembers(eventKeys(eventId).revealed));
  }

  /**
   * Writes a room's next state if it is still at `next.rev` (compare-and-set), with who may submit, a reveal and the
   * audit entry, atomically; CONFLICT when another change came first.
   */
  async transition(eventId: string, roomId: string, next: RoomRecord, change: {
    open: 'keep' | 'all' | 'one' | 'none'; openJudge?: string; revealTeam?: string;
    actor: Actor; action: string; reason?: string; before: string; after: string;
    /** The team the audit entry is about, when it is not the team on stage (a team marked absent). */
    auditTeam?: string;
  }): Promise<{ ok: true; rev: number; auditId: string } | Refusal> {
    const k = eventKeys(eventId);
    const { phase, team, track, rev, ...state } = next;
    const raw = await this.call('fsTransition',
      [k.room(roomId), k.open(roomId), k.panel(roomId), k.recused(team ?? ''), k.audit, k.auditHead, k.revealed,
        k.agg(change.revealTeam ?? '')],
      [String(rev), phase, team ?? '', track ?? '', JSON.stringify(state), change.open, change.openJudge ?? '',
        change.revealTeam ?? '', change.actor.id, change.actor.role, change.action, change.reason ?? '',
        change.before, change.after, roomId, change.auditTeam ?? '']);
    return parseReply<{ ok: true; rev: number; auditId: string }>(raw);
  }

  /**
   * Stores a judge's sheet for the team on stage, atomically checked; the receipt is what the judge may be told. A
   * signature (already verified by the caller) is stored with the sheet; an unsigned sheet is refused once the judge
   * has registered a key.
   */
  async submitSheet(req: {
    eventId: string; roomId: string; teamId: string; judgeId: string; sid: string; values: SheetValues; actor: Actor;
    signature?: { key: string; sig: string };
    /** The sending tablet's device (null: it never claimed): refused, atomically, when another is the judge's active one. */
    tablet?: { device: string | null };
  }): Promise<SubmitReceipt | Refusal> {
    const k = eventKeys(req.eventId);
    return this.writeSheet('fsSubmit',
      [k.room(req.roomId), k.open(req.roomId), k.panel(req.roomId), k.recused(req.teamId), k.sheets(req.teamId),
        k.sids, k.audit, k.auditHead, k.signingKeys(req.judgeId), k.device(req.judgeId)],
      [k.prefix, req.roomId, req.teamId, req.judgeId, req.sid, JSON.stringify(req.values), req.actor.id, req.actor.role,
        req.signature?.key ?? '', req.signature?.sig ?? '', req.tablet ? '1' : '', req.tablet?.device ?? '']);
  }

  /**
   * Registers a tablet's public key for a judge (SPKI in canonical base64, its id), with its audit entry, atomically;
   * a key registered already changes nothing (`registered: false`).
   */
  async registerKey(req: { eventId: string; roomId: string; judgeId: string; key: string; spki: string; extractable: boolean; actor: Actor }):
    Promise<{ ok: true; key: string; registered: boolean; auditId?: string } | Refusal> {
    const k = eventKeys(req.eventId);
    const raw = await this.call('fsRegisterKey', [k.signingKeys(req.judgeId), k.audit, k.auditHead],
      [req.key, req.spki, req.extractable ? '1' : '0', MAX_KEYS_PER_JUDGE, req.actor.id, req.actor.role, req.judgeId, req.roomId]);
    return parseReply<{ ok: true; key: string; registered: boolean; auditId?: string }>(raw);
  }

  /** A judge's registered key by its id, or null. */
  async signingKey(eventId: string, judgeId: string, key: string): Promise<SigningKey | null> {
    const id = `${eventId}\n${judgeId}\n${key}`;
    const known = this.keys.get(id);
    if (known) return known;
    const raw = await this.redis.hget(eventKeys(eventId).signingKeys(judgeId), key);
    if (!raw) return null;
    const record = JSON.parse(raw) as SigningKey;
    this.keys.set(id, record);
    return record;
  }

  /** Keeps a judge's tablet's last report for TABLET_STATUS_TTL_S (it replaces the one before). */
  async setTablet(eventId: string, judgeId: string, health: TabletHealth): Promise<void> {
    await this.redis.set(eventKeys(eventId).tablet(judgeId), JSON.stringify(health), 'EX', TABLET_STATUS_TTL_S);
  }

  /**
   * A tablet claims to be a judge's active one: with `take` it becomes so at once; without, only when none is
   * (a reconnection never takes over). Returns whether it is now the active one.
   */
  async claimTablet(eventId: string, judgeId: string, device: string, take: boolean): Promise<boolean> {
    const key = eventKeys(eventId).device(judgeId);
    if (take) {
      await this.redis.set(key, device);
      return true;
    }
    // SET NX GET: set when absent, and read what was there in the same step.
    const before = await this.redis.call('SET', key, device, 'NX', 'GET') as string | null;
    return before === null || before === device;
  }

  /** The device id of a judge's active tablet, or null when no tablet has claimed yet. */
  async activeTablet(eventId: string, judgeId: string): Promise<string | null> {
    return this.redis.get(eventKeys(eventId).device(judgeId));
  }

  /**
   * The last reports, still kept, of these judges' tablets, by judge id: every board of a judge's panels shows it (the
   * team it shows says which room's form is on it).
   */
  async tablets(eventId: string, judgeIds: readonly string[]): Promise<Map<string, TabletHealth>> {
    if (judgeIds.length === 0) return new Map();
    const k = eventKeys(eventId);
    const raws = await this.redis.mget(...judgeIds.map((j) => k.tablet(j)));
    const out = new Map<string, TabletHealth>();
    judgeIds.forEach((j, i) => {
      const raw = raws[i];
      if (raw) out.set(j, JSON.parse(raw) as TabletHealth);
    });
    return out;
  }

  /** Corrects a judge's sheet once scoring for the team has closed, with a reason; the receipt, or why not. */
  async correctSheet(req: {
    eventId: string; roomId: string; teamId: string; trackId: string; judgeId: string; values: SheetValues; actor: Actor; reason: string;
  }): Promise<SubmitReceipt | Refusal> {
    const k = eventKeys(req.eventId);
    return this.writeSheet('fsCorrect',
      [k.room(req.roomId), k.panel(req.roomId), k.recused(req.teamId), k.sheets(req.teamId), k.audit, k.auditHead, k.corrected],
      [k.prefix, req.roomId, req.teamId, req.judgeId, req.trackId, JSON.stringify(req.values), req.actor.id, req.actor.role, req.reason]);
  }

  /** The base address of an event's links, or null when the admin has not set one. */
  async linkBase(eventId: string): Promise<string | null> {
    return this.redis.get(eventKeys(eventId).linkBase);
  }

  /** Sets (or, with null, clears) the base address of an event's links; bumps each room's revision (its view shows it). */
  async setLinkBase(ev: EventConfig, base: string | null): Promise<void> {
    const k = eventKeys(ev.id);
    const multi = this.redis.multi();
    if (base) multi.set(k.linkBase, base);
    else multi.del(k.linkBase);
    for (const room of ev.rooms) multi.hincrby(k.room(room.id), 'rev', 1);
    await multi.exec();
  }

  /** The teams with a sheet the host corrected (score.correct). */
  async correctedTeams(eventId: string): Promise<Set<string>> {
    return new Set(await this.redis.smembers(eventKeys(eventId).corrected));
  }

  /** Every stored sheet of a team, by judge id. */
  async sheets(eventId: string, teamId: string): Promise<Record<string, StoredSheet>> {
    return readSheets(await this.redis.hgetall(eventKeys(eventId).sheets(teamId)));
  }

  /** Appends an audit entry for a change that has no script of its own (an event's configuration saved). */
  async appendAudit(eventId: string, entry: { actor: Actor; action: string; room?: string; team?: string; judge?: string;
    before: string; after: string; reason?: string }): Promise<string> {
    const k = eventKeys(eventId);
    const raw = await this.call('fsAudit', [k.audit, k.auditHead], [entry.actor.id, entry.actor.role, entry.action,
      entry.room ?? '', entry.team ?? '', entry.judge ?? '', entry.before, entry.after, entry.reason ?? '']);
    const reply = parseReply<{ ok: true; auditId: string }>(raw);
    if (!reply.ok) throw new Error(`audit append refused: ${reply.code}`);
    return reply.auditId;
  }

  /** One judge's sheets for the given teams (those they have), in the order of `teams`. */
  async sheetsOfJudge(eventId: string, teams: string[], judgeId: string): Promise<OwnSheet[]> {
    if (teams.length === 0) return [];
    const k = eventKeys(eventId);
    const pipeline = this.redis.pipeline();
    for (const t of teams) pipeline.hget(k.sheets(t), judgeId);
    const replies = (await pipeline.exec()) ?? [];
    return replies.flatMap(([, raw], i) => {
      if (typeof raw !== 'string') return [];
      const s = JSON.parse(raw) as StoredSheet;
      return [{ team: teams[i]!, version: s.version, total: s.total, criteria: Array.isArray(s.criteria) ? {} : s.criteria, at: s.at }];
    });
  }

  /** Computes a team's aggregate in Redis (Lua) from its valid sheets (and its track's mix), and updates its track's leaderboard. */
  async aggregate(eventId: string, teamId: string): Promise<TeamAggregate> {
    const ev = await this.requireEvent(eventId);
    const track = trackOf(ev, teamOf(ev, teamId).trackId);
    return this.computeAggregate(eventId, teamId, track.id, track.rules, judgeOrderFor(ev, track.id),
      track.criteria.map((c) => c.id), track.mix);
  }

  /**
   * Runs the aggregate script: the team's valid sheets in `order` (judge ids) under `rules`, mixed with the public's part
   * when the track has a mix (shared/mix.ts); stores and returns it.
   */
  async computeAggregate(eventId: string, teamId: string, trackId: string, rules: ScoringRules, order: string[],
    criterionIds: string[], mix: Mix | null = null): Promise<TeamAggregate> {
    const k = eventKeys(eventId);
    const counts = mix?.public.imported ? k.pubImported(trackId) : k.pubVotes(trackId);
    const mixArg = mix ? { panelPercent: mix.panelPercent, publicPercent: mix.publicPercent, kind: mix.public.kind, fullMarksMilli: mix.public.fullMarksMilli } : null;
    const raw = await this.call('fsAggregate', [k.sheets(teamId), k.recused(teamId), k.agg(teamId), k.board(trackId), counts, k.pubScores(teamId)],
      [teamId, JSON.stringify(rules), JSON.stringify(order), JSON.stringify(criterionIds), JSON.stringify(mixArg)]);
    return readAggregate(String(raw));
  }

  /**
   * Computes again the aggregates of a track's teams that have one: after the public's counts change (an import, a
   * ballot, a voided ballot), since with votes the track's most votes is part of every team's public part.
   */
  async reaggregateTrack(ev: EventConfig, trackId: string): Promise<void> {
    const k = eventKeys(ev.id);
    const teams = ev.teams.filter((t) => t.trackId === trackId).map((t) => t.id);
    if (!teams.length) return;
    const exists = await this.redis.mget(...teams.map((t) => k.agg(t)));
    for (const [i, team] of teams.entries()) if (exists[i] !== null) await this.aggregate(ev.id, team);
  }

  /** A track's public vote counts as they count now (imported, or cast by voters), team id → votes. */
  async publicCounts(ev: EventConfig, trackId: string): Promise<Record<string, number>> {
    const k = eventKeys(ev.id);
    const mix = trackOf(ev, trackId).mix;
    const raw = await this.redis.hgetall(mix?.public.imported ? k.pubImported(trackId) : k.pubVotes(trackId));
    return Object.fromEntries(Object.entries(raw).map(([team, v]) => [team, Number(v)]));
  }

  /** A team's public jurors' totals (milli-points), voter id → total. */
  async publicScores(eventId: string, teamId: string): Promise<Record<string, Milli>> {
    const raw = await this.redis.hgetall(eventKeys(eventId).pubScores(teamId));
    return Object.fromEntries(Object.entries(raw).map(([voter, v]) => [voter, Number(v)]));
  }

  /**
   * Replaces a track's imported public vote counts (checked by the caller: teams of the track, whole counts) with the
   * audit entry in the same step, then the track's aggregates again. The audit entry's id, or why not.
   */
  async importPublicCounts(ev: EventConfig, trackId: string, counts: Record<string, number>, reason: string, actor: Actor):
    Promise<{ ok: true; auditId: string } | Refusal> {
    const k = eventKeys(ev.id);
    const raw = await this.call('fsImportPublic', [k.pubImported(trackId), k.audit, k.auditHead],
      [trackId, JSON.stringify(counts), actor.id, actor.role, reason]);
    const reply = parseReply<{ ok: true; auditId: string }>(raw);
    if (reply.ok) await this.reaggregateTrack(ev, trackId);
    return reply;
  }

  /** A track's standings: its leaderboard (sorted set) and stored aggregates, ranked by the shared engine. */
  async standings(eventId: string, trackId: string): Promise<{ aggregates: TeamAggregate[]; decisions: string[][]; standings: Standing[] }> {
    const ev = await this.requireEvent(eventId);
    const track = trackOf(ev, trackId);
    const k = eventKeys(eventId);
    const onBoard = await this.redis.zrevrange(k.board(trackId), 0, -1);
    const teams = ev.teams.filter((t) => t.trackId === trackId).map((t) => t.id);
    const raws = teams.length ? await this.redis.mget(...teams.map((t) => k.agg(t))) : [];
    const aggregates = raws.flatMap((raw) => (raw ? [readAggregate(raw)] : []));
    const finalOnBoard = new Set(onBoard);
    const consistent = aggregates.filter((a) => (a.status === 'final') === finalOnBoard.has(a.team));
    if (consistent.length !== aggregates.length) throw new Error(`leaderboard of track "${trackId}" disagrees with its aggregates`);
    const decisions = (await this.decisions(eventId, trackId)).map((d) => d.teams);
    return { aggregates, decisions, standings: rankTeams(aggregates, track.rules, track.awards, decisions) };
  }

  /** The recorded panel decisions of a track, ordering tied teams. */
  async decisions(eventId: string, trackId: string): Promise<Array<{ teams: string[]; reason: string }>> {
    const raw = await this.redis.get(eventKeys(eventId).decisions(trackId));
    return raw ? (JSON.parse(raw) as Array<{ teams: string[]; reason: string }>) : [];
  }

  /**
   * Records a panel decision ordering tied teams (replacing any earlier one about them), bumps the revision of every
   * room running the track (their reveals may show a new rank), and appends the audit entry.
   */
  async recordDecision(ev: EventConfig, trackId: string, teams: string[], reason: string, actor: Actor): Promise<string> {
    const k = eventKeys(ev.id);
    const before = await this.decisions(ev.id, trackId);
    const after = [...before.filter((d) => !d.teams.some((t) => teams.includes(t))), { teams, reason }];
    const multi = this.redis.multi().set(k.decisions(trackId), JSON.stringify(after));
    for (const room of ev.rooms.filter((r) => r.trackIds.includes(trackId))) multi.hincrby(k.room(room.id), 'rev', 1);
    await multi.exec();
    return this.appendAudit(ev.id, { actor, action: 'tie.resolve', team: teams.join(','),
      before: JSON.stringify({ track: trackId, decisions: before }), after: JSON.stringify({ track: trackId, decisions: after }), reason });
  }

  /** The audit log of an event, oldest first: all of it, or the entries with ids from `start` to `end`. */
  async audit(eventId: string, start = '-', end = '+', count?: number): Promise<AuditEntry[]> {
    const k = eventKeys(eventId).audit;
    return readEntries(count ? await this.redis.xrange(k, start, end, 'COUNT', count) : await this.redis.xrange(k, start, end));
  }

  /** The hash of the newest audit entry of an event (empty before the first) and the number of entries. */
  async auditHead(eventId: string): Promise<{ head: string; entries: number }> {
    const k = eventKeys(eventId);
    const [[, head], [, entries]] = (await this.redis.multi().get(k.auditHead).xlen(k.audit).exec()) as [[unknown, string | null], [unknown, number]];
    return { head: head ?? '', entries };
  }

  /**
   * The audit log of an event (all of it, or the entries after the id `after`), the head recorded with it and the
   * stored sheets of `teams`, read together in one transaction, so that no write falls between them.
   */
  async evidenceSnapshot(eventId: string, teams: string[] = [], after?: string): Promise<{ head: string; audit: AuditEntry[]; sheets: Map<string, Record<string, StoredSheet>> }> {
    const k = eventKeys(eventId);
    const multi = this.redis.multi().get(k.auditHead).xrange(k.audit, after ? `(${after}` : '-', '+');
    for (const t of teams) multi.hgetall(k.sheets(t));
    const replies = ((await multi.exec()) ?? []).map(([err, value]) => {
      if (err) throw err;
      return value;
    });
    const sheets = new Map(teams.map((t, i) => [t, readSheets(replies[i + 2] as Record<string, string>)]));
    return { head: (replies[0] as string | null) ?? '', audit: readEntries(replies[1] as Array<[string, string[]]>), sheets };
  }

  private async requireEvent(eventId: string): Promise<EventConfig> {
    const ev = await this.getEvent(eventId);
    if (!ev) throw new Error(`no event "${eventId}"`);
    return ev;
  }
}

/** A room's state besides the fields the Lua scripts read (phase, team, track, rev). */
export interface RoomState {
  /** The phase to return to on resume. */
  pausedFrom: Phase | null;
  /** Whether pausing the room stopped a running timer: resuming restarts only a timer the pause stopped. */
  timerHeld: boolean;
  /** The running order of team ids; null: the event's order of the room's teams. */
  order: string[] | null;
  /** The seed of the last draw of the order, recorded so anyone can redo it. */
  drawSeed: string | null;
  /** What the host chose for the projector. */
  displayMode: DisplayMode;
  /** The award ceremony's screen the host is on: 0 when the room finishes or the host picks the ceremony. */
  ceremonyStep: number;
  timer: TimerView | null;
  /** Teams revealed (done) or marked absent. */
  teamStatus: Record<string, 'done' | 'absent'>;
  /** Server time (ms) of the last reveal: the audience's views hold that result until the projector has shown it. */
  revealedAt: number | null;
}

/** A room's whole stored state. */
export interface RoomRecord extends RoomState {
  phase: Phase;
  team: string | null;
  track: string | null;
  rev: number;
}

/** The state of a room never touched. */
export function emptyRoomState(): RoomState {
  return { pausedFrom: null, timerHeld: false, order: null, drawSeed: null, displayMode: 'auto', ceremonyStep: 0, timer: null, teamStatus: {}, revealedAt: null };
}

/** Who acts: an id and a role, written into the audit. */
export interface Actor {
  id: string;
  role: string;
}

/** The score form the submit script checks against, in milli-points. */
function formOf(track: Track) {
  return {
    criteria: track.criteria.map((c) => ({ id: c.id, max: c.maxMilli, step: c.stepMilli })),
    total: track.total ? { max: track.total.maxMilli, step: track.total.stepMilli } : null,
  };
}

/** A team's sheets hash (judge id → JSON) as sheets. */
function readSheets(raw: Record<string, string>): Record<string, StoredSheet> {
  return Object.fromEntries(Object.entries(raw).map(([judge, json]) => {
    const s = JSON.parse(json) as StoredSheet;
    return [judge, { ...s, criteria: Array.isArray(s.criteria) ? {} : s.criteria }];
  }));
}

/** Stream rows as audit entries. */
function readEntries(rows: Array<[string, string[]]>): AuditEntry[] {
  return rows.map(([id, flat]) => {
    const e: Record<string, string> = { id };
    for (let i = 0; i + 1 < flat.length; i += 2) e[flat[i]!] = flat[i + 1]!;
    return e as unknown as AuditEntry;
  });
}

function readAggregate(raw: string): TeamAggregate {
  const a = JSON.parse(raw) as TeamAggregate;
  return { ...a, judges: asArray(a.judges), criteriaSums: Array.isArray(a.criteriaSums) ? {} : a.criteriaSums };
}
