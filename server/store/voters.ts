// The public's voting in Redis (大众评审, issue #16): voter codes (made, looked up by hash, bound to the first device,
// revoked), the tracks' voting windows, and the ballots, each recorded together with its count in one Lua script.
// Every write of the counts the mix's arithmetic reads (pub:votes, pub:scores) happens in castBallot / voidBallot here.
import { createHash, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { Milli } from '../../shared/decimal';
import type { BallotRecord, VoterBallot, VoterCodeView } from '../../shared/protocol';
import { readRefusal, type Refusal } from '../../shared/refusals';
import { CODE_ALPHABET, CODE_LENGTH, WINDOW_STATES, type WindowState } from '../../shared/voting';
import type { Actor } from './index';
import { eventKeys } from './keys';

const lua = (name: string): string => readFileSync(new URL(`./lua/${name}.lua`, import.meta.url), 'utf8');
const COMMON = lua('common');

/** A new voter code: CODE_LENGTH letters of CODE_ALPHABET drawn with node:crypto (80 bits). */
export function newVoterCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** The key a code is stored under: its SHA-256. */
export function codeHash(code: string): string {
  return createHash('sha256').update(`voter:${code}`).digest('hex');
}

/** The voter id of a device voting without a code (openByDevice): derived from the device id, stable across reloads. */
export function deviceVoterId(device: string): string {
  return `d${createHash('sha256').update(`device:${device}`).digest('hex').slice(0, 20)}`;
}

/** A ballot's field in its track's ballots hash: the voter (votes), the voter and the team (scores). */
export function ballotField(voter: string, team: string | null): string {
  return team === null ? voter : `${voter}/${team}`;
}

/** The outcome of presenting a code (or a device alone) at the handshake. */
export type Admission = { ok: true; voterId: string } | { ok: false; why: 'UNKNOWN' | 'REVOKED' | 'OTHER_DEVICE' };

/** Who cast, from where: recorded with the ballot for the supervisor. */
export interface Origin { device: string; address: string }

type Reply = { ok: true; at: string } | Refusal;

/** Voter codes, windows and ballots of events, over the store's connection. */
export class Voters {
  constructor(private readonly redis: Redis) {
    redis.defineCommand('fsVoteCast', { numberOfKeys: 5, lua: `${COMMON}\n${lua('vote_cast')}` });
    redis.defineCommand('fsVoteScore', { numberOfKeys: 5, lua: `${COMMON}\n${lua('vote_score')}` });
    redis.defineCommand('fsVoteVoid', { numberOfKeys: 7, lua: `${COMMON}\n${lua('vote_void')}` });
    redis.defineCommand('fsVoterAdmit', { numberOfKeys: 4, lua: lua('voter_admit') });
  }

  /** Runs one of the voters' scripts; its JSON reply, parsed. */
  private async run(name: 'fsVoteCast' | 'fsVoteScore' | 'fsVoteVoid' | 'fsVoterAdmit', keys: string[], args: Array<string | number>): Promise<unknown> {
    const fn = (this.redis as unknown as Record<string, (...a: Array<string | number>) => Promise<unknown>>)[name]!;
    return JSON.parse(String(await fn.call(this.redis, ...keys, ...args)));
  }

  /** A script whose refusal is a command's refusal (shared/refusals.ts). */
  private async call(name: 'fsVoteCast' | 'fsVoteScore' | 'fsVoteVoid', keys: string[], args: Array<string | number>): Promise<unknown> {
    const reply = (await this.run(name, keys, args)) as { ok: boolean };
    return reply.ok ? reply : readRefusal(reply as Parameters<typeof readRefusal>[0]);
  }

  /** Makes `count` new voter codes (v0001, v0002, … in order), returns every code of the event. */
  async addCodes(eventId: string, count: number): Promise<VoterCodeView[]> {
    const k = eventKeys(eventId);
    if (count > 0) {
      const last = await this.redis.incrby(k.voterSeq, count);
      const multi = this.redis.multi();
      for (let n = last - count + 1; n <= last; n++) {
        const voter = `v${String(n).padStart(4, '0')}`;
        const code = newVoterCode();
        multi.hset(k.voters, voter, JSON.stringify({ code, at: Date.now() }));
        multi.hset(k.voterCodes, codeHash(code), voter);
      }
      await multi.exec();
    }
    return this.codes(eventId);
  }

  /** Every voter code of the event, in voter order. */
  async codes(eventId: string): Promise<VoterCodeView[]> {
    const k = eventKeys(eventId);
    const [voters, revoked, bound] = await Promise.all([this.redis.hgetall(k.voters), this.redis.smembers(k.votersRevoked), this.redis.hkeys(k.voterDevice)]);
    const out = new Set(revoked);
    const used = new Set(bound);
    return Object.entries(voters).sort(([a], [b]) => a.localeCompare(b))
      .map(([voter, raw]) => ({ voter, code: (JSON.parse(raw) as { code: string }).code, revoked: out.has(voter), bound: used.has(voter) }));
  }

  /** Whether a voter code exists (its voter id). */
  async hasVoter(eventId: string, voter: string): Promise<boolean> {
    return (await this.redis.hexists(eventKeys(eventId).voters, voter)) === 1;
  }

  /** Revokes a voter: its code is refused from now on and its ballots still to come too (audited by the caller). */
  async revoke(eventId: string, voter: string): Promise<boolean> {
    return (await this.redis.sadd(eventKeys(eventId).votersRevoked, voter)) === 1;
  }

  /**
   * A code presented at the handshake from a device: the voter it belongs to, bound to that device if it is the first
   * (atomically, in one script: voter_admit.lua), refused from any other. Every device a code is presented from is kept
   * for the fraud report. `code` null: voting by device alone (the caller has checked the event allows it).
   */
  async admit(eventId: string, code: string | null, origin: Origin): Promise<Admission> {
    const k = eventKeys(eventId);
    return (await this.run('fsVoterAdmit', [k.voterCodes, k.voterDevice, k.voterAddress, k.votersRevoked],
      [k.prefix, code === null ? '' : codeHash(code), code === null ? deviceVoterId(origin.device) : '', origin.device, origin.address])) as Admission;
  }

  /** Each track's voting window (idle when never opened). */
  async windows(eventId: string): Promise<Map<string, WindowState>> {
    const raw = await this.redis.hgetall(eventKeys(eventId).voteWindow);
    return new Map(Object.entries(raw).filter(([, v]) => (WINDOW_STATES as readonly string[]).includes(v)) as Array<[string, WindowState]>);
  }

  /** Moves a track's window from `from` to `to`, only if it is still at `from` (false: it moved meanwhile). */
  async setWindow(eventId: string, trackId: string, from: WindowState, to: WindowState): Promise<boolean> {
    const key = eventKeys(eventId).voteWindow;
    const moved = await this.redis.eval(
      "local cur = redis.call('HGET', KEYS[1], ARGV[1]) or 'idle' if cur ~= ARGV[2] then return 0 end redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) return 1",
      1, key, trackId, from, to,
    );
    return moved === 1;
  }

  /** How many voters have a ballot or sheet for each track. */
  async voterCounts(eventId: string, trackIds: readonly string[]): Promise<Map<string, number>> {
    const k = eventKeys(eventId);
    const pipeline = this.redis.pipeline();
    for (const t of trackIds) pipeline.scard(k.voted(t));
    const replies = (await pipeline.exec()) ?? [];
    return new Map(trackIds.map((t, i) => [t, Number(replies[i]?.[1] ?? 0)]));
  }

  /**
   * Casts a ballot: votes kind (`teams`, the caller checked they are distinct teams of the track within its votes per
   * voter) or scores kind (`score`: one team of the track on stage, a total within full marks). Recorded with its
   * count atomically; refused when the window is shut, the voter revoked or the ballot already cast.
   */
  async castBallot(eventId: string, req: { trackId: string; voterId: string; origin: Origin } & (
    { kind: 'votes'; teams: string[] } | { kind: 'scores'; roomId: string; team: string; total: Milli })): Promise<Reply> {
    const k = eventKeys(eventId);
    const { trackId, voterId, origin } = req;
    if (req.kind === 'votes') {
      return await this.call('fsVoteCast', [k.voteWindow, k.ballots(trackId), k.pubVotes(trackId), k.voted(trackId), k.votersRevoked],
        [trackId, voterId, JSON.stringify(req.teams), origin.device, origin.address]) as Reply;
    }
    return await this.call('fsVoteScore', [k.room(req.roomId), k.ballots(trackId), k.pubScores(req.team), k.voted(trackId), k.votersRevoked],
      [trackId, voterId, req.team, req.total, origin.device, origin.address]) as Reply;
  }

  /** Voids a ballot with a reason, audited; refused once any of `unrevealed` has been revealed. */
  async voidBallot(eventId: string, req: { trackId: string; kind: 'votes' | 'scores'; voterId: string; team: string | null;
    unrevealed: string[]; reason: string; actor: Actor }): Promise<{ ok: true; auditId: string } | Refusal> {
    const k = eventKeys(eventId);
    const scoresKey = req.kind === 'scores' && req.team ? k.pubScores(req.team) : k.pubVotes(req.trackId);
    return await this.call('fsVoteVoid', [k.ballots(req.trackId), k.pubVotes(req.trackId), scoresKey, k.voted(req.trackId), k.revealed, k.audit, k.auditHead],
      [ballotField(req.voterId, req.kind === 'scores' ? req.team : null), req.reason, req.actor.id, req.actor.role, req.kind, JSON.stringify(req.unrevealed)]) as
      { ok: true; auditId: string } | Refusal;
  }

  /** Every recorded ballot of the given tracks. */
  async ballots(eventId: string, trackIds: readonly string[]): Promise<BallotRecord[]> {
    const k = eventKeys(eventId);
    const pipeline = this.redis.pipeline();
    for (const t of trackIds) pipeline.hvals(k.ballots(t));
    const replies = (await pipeline.exec()) ?? [];
    return replies.flatMap(([, vals]) => (vals as string[]).map((raw) => JSON.parse(raw) as BallotRecord));
  }

  /** One voter's own ballots in the given tracks (votes: field = voter; scores: fields voter/team). */
  async ownBallots(eventId: string, voterId: string, tracks: ReadonlyArray<{ id: string; kind: 'votes' | 'scores'; teams: readonly string[] }>): Promise<VoterBallot[]> {
    const k = eventKeys(eventId);
    const pipeline = this.redis.pipeline();
    for (const t of tracks) pipeline.hmget(k.ballots(t.id), ...(t.kind === 'votes' ? [voterId] : t.teams.map((team) => ballotField(voterId, team))));
    const replies = (await pipeline.exec()) ?? [];
    const out: VoterBallot[] = [];
    tracks.forEach((t, i) => {
      for (const raw of (replies[i]?.[1] as Array<string | null> | undefined) ?? []) {
        if (!raw) continue;
        const b = JSON.parse(raw) as BallotRecord;
        out.push(t.kind === 'votes'
          ? { kind: 'votes', track: t.id, teams: b.teams, at: b.at, voided: b.voided !== null }
          : { kind: 'scores', track: t.id, team: b.teams[0]!, total: b.total!, at: b.at, voided: b.voided !== null });
      }
    });
    return out;
  }

  /** The number of devices each voter's code was presented from (only voters with more than one). */
  async manyDevices(eventId: string): Promise<Array<{ voter: string; devices: number }>> {
    const k = eventKeys(eventId);
    const voters = [...new Set([...await this.redis.hkeys(k.voters), ...await this.redis.hkeys(k.voterDevice)])];
    if (voters.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const v of voters) pipeline.scard(k.voterDevices(v));
    const replies = (await pipeline.exec()) ?? [];
    return voters.map((voter, i) => ({ voter, devices: Number(replies[i]?.[1] ?? 0) })).filter((x) => x.devices > 1)
      .sort((a, b) => b.devices - a.devices || a.voter.localeCompare(b.voter));
  }
}
