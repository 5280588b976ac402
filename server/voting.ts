// What the public's voting looks like to each role (大众评审, issue #16): the voting view (windows and how many have
// voted: host and supervisors; windows only: voters), a voter's own ballots, and the supervisor's fraud report. None of
// them carries a count of votes or a public score: those reach a screen only through the reveal.
import type { EventConfig, Track } from '../shared/domain';
import type { BallotRecord, FraudReport, VoterView, VotingView } from '../shared/protocol';
import { publicKind } from '../shared/voting';
import type { Store } from './store/index';

/** A ten-second window of one track holding at least this many ballots is a burst. */
export const BURST_BALLOTS = 50;
const BURST_MS = 10_000;
/** An address from which more voters than this cast is listed. */
export const SHARED_ADDRESS_VOTERS = 5;

/** The tracks voters take part in, with their kind. */
export function votingTracks(ev: EventConfig): Array<{ track: Track; kind: 'votes' | 'scores' }> {
  return ev.tracks.flatMap((track) => {
    const kind = publicKind(track);
    return kind ? [{ track, kind }] : [];
  });
}

/** The voting view of the given tracks (all of the event's when none), with how many have voted or without (`counts`). */
export async function votingView(store: Store, ev: EventConfig, opts: { trackIds?: readonly string[]; counts: boolean }): Promise<VotingView> {
  const tracks = votingTracks(ev).filter(({ track }) => !opts.trackIds || opts.trackIds.includes(track.id));
  const [windows, counts] = await Promise.all([
    store.voters.windows(ev.id),
    opts.counts ? store.voters.voterCounts(ev.id, tracks.map((t) => t.track.id)) : Promise.resolve(null),
  ]);
  return {
    eventId: ev.id,
    tracks: tracks.map(({ track, kind }) => ({
      trackId: track.id,
      trackName: track.name,
      kind,
      votesPerVoter: track.mix!.public.votesPerVoter,
      fullMarksMilli: track.mix!.public.fullMarksMilli,
      window: kind === 'votes' ? windows.get(track.id) ?? 'idle' : 'idle',
      openByDevice: track.mix!.public.openByDevice,
      voters: counts ? counts.get(track.id) ?? 0 : null,
      teams: ev.teams.filter((t) => t.trackId === track.id).map((t) => ({ id: t.id, project: t.project, name: t.name, leadOrg: t.leadOrg })),
    })),
  };
}

/** A voter's own ballots in every track voters take part in. */
export async function voterView(store: Store, ev: EventConfig, voterId: string): Promise<VoterView> {
  const tracks = votingTracks(ev).map(({ track, kind }) => ({ id: track.id, kind, teams: ev.teams.filter((t) => t.trackId === track.id).map((t) => t.id) }));
  return { voterId, ballots: await store.voters.ownBallots(ev.id, voterId, tracks) };
}

/** The fraud report: every ballot, codes shown from several devices, bursts, addresses with many voters. */
export async function fraudReport(store: Store, ev: EventConfig): Promise<FraudReport> {
  const ballots = await store.voters.ballots(ev.id, votingTracks(ev).map((t) => t.track.id));
  ballots.sort((a, b) => Number(b.at) - Number(a.at) || a.voter.localeCompare(b.voter));
  return {
    eventId: ev.id,
    ballots: ballots.map((b) => ({ ...b, device: b.device.slice(0, 8) })),
    manyDevices: await store.voters.manyDevices(ev.id),
    bursts: bursts(ballots),
    sharedAddresses: sharedAddresses(ballots),
  };
}

/** Ten-second windows (aligned) of a track with at least BURST_BALLOTS ballots, busiest first. */
export function bursts(ballots: readonly BallotRecord[]): FraudReport['bursts'] {
  const counts = new Map<string, { track: string; from: number; ballots: number }>();
  for (const b of ballots) {
    const from = Math.floor(Number(b.at) / BURST_MS) * BURST_MS;
    const key = `${b.track}@${from}`;
    const entry = counts.get(key) ?? { track: b.track, from, ballots: 0 };
    entry.ballots += 1;
    counts.set(key, entry);
  }
  return [...counts.values()].filter((c) => c.ballots >= BURST_BALLOTS).sort((a, b) => b.ballots - a.ballots || a.from - b.from);
}

/** Addresses from which more than SHARED_ADDRESS_VOTERS distinct voters cast, most first. */
export function sharedAddresses(ballots: readonly BallotRecord[]): FraudReport['sharedAddresses'] {
  const voters = new Map<string, Set<string>>();
  for (const b of ballots) {
    const set = voters.get(b.address) ?? new Set<string>();
    set.add(b.voter);
    voters.set(b.address, set);
  }
  return [...voters].map(([address, set]) => ({ address, voters: set.size })).filter((a) => a.voters > SHARED_ADDRESS_VOTERS)
    .sort((a, b) => b.voters - a.voters || a.address.localeCompare(b.address));
}
