// The voter's commands (大众评审): cast one final ballot for a track while its window is open (votes kind), or score the
// team on stage during its scoring (scores kind). The ack goes once Redis has the ballot, so the phone says 已投票 only
// then; nothing counted is sent to anyone but supervisors (the host hears how many have voted).
import { publicKind } from '../../shared/voting';
import type { Origin } from '../store/voters';
import { command, done, fail, type AppSocket } from './command';
import type { Ctx } from './context';

/** Binds a voter's commands on a socket; `origin`: its device and address, recorded with each ballot. */
export function bindVoter(ctx: Ctx, socket: AppSocket, origin: Origin): void {
  /** The voter's event and the track voted in, checked: it has voters of this kind, and this voter may take part. */
  const trackFor = async (trackId: string, kind: 'votes' | 'scores') => {
    const { eventId, voterId } = socket.data;
    const ev = eventId ? await ctx.store.getEvent(eventId) : null;
    if (!ev || !voterId) return fail('no-event-session', 'this session has no event');
    const track = ev.tracks.find((t) => t.id === trackId);
    if (!track) return fail('track-not-found', `no track "${trackId}"`, { track: trackId });
    const actual = publicKind(track);
    if (!actual) return fail('voting-no-public', 'this track has no public vote');
    if (actual !== kind) return fail('voting-wrong-kind', `this track's public part is ${actual}`);
    if (voterId.startsWith('d') && !track.mix!.public.openByDevice) return fail('voter-code-required', 'this track takes votes with a voter code only');
    return done({ ev, track, voterId });
  };

  command(socket, 'vote:cast', async ({ track: trackId, teams }) => {
    const found = await trackFor(trackId, 'votes');
    if (!found.ok) return found;
    const { ev, track, voterId } = found.data;
    const n = track.mix!.public.votesPerVoter;
    const ofTrack = new Set(ev.teams.filter((t) => t.trackId === track.id).map((t) => t.id));
    if (teams.length > n || new Set(teams).size !== teams.length || !teams.every((t) => ofTrack.has(t))) {
      return fail('ballot-teams', `at most ${n} distinct teams of the track`, { n });
    }
    const cast = await ctx.store.voters.castBallot(ev.id, { kind: 'votes', trackId, voterId, origin, teams });
    if (!cast.ok) return cast;
    return done({ track: trackId, teams, at: cast.at }, () => ctx.notifier.publish(ev, [
      { topic: 'voter', voterId }, { topic: 'voting', trackId, countsOnly: true },
    ]));
  });

  command(socket, 'vote:score', async ({ team, total }) => {
    const { eventId } = socket.data;
    const teamCfg = eventId ? (await ctx.store.getEvent(eventId))?.teams.find((t) => t.id === team) : undefined;
    if (!teamCfg) return fail('team-not-found', `no team "${team}"`, { team });
    const found = await trackFor(teamCfg.trackId, 'scores');
    if (!found.ok) return found;
    const { ev, track, voterId } = found.data;
    const max = track.mix!.public.fullMarksMilli;
    if (total > max) return fail('public-over-max', 'the score is over full marks', { max: max / 1000 });
    // The room where the team is on stage now (the script checks it again, atomically, with the ballot).
    const rooms = ev.rooms.filter((r) => r.trackIds.includes(track.id));
    const records = await Promise.all(rooms.map((r) => ctx.store.readRoom(ev.id, r.id)));
    const room = rooms.find((_, i) => records[i]!.team === team);
    if (!room) return fail('public-scoring-not-open', 'this team is not being scored now');
    const cast = await ctx.store.voters.castBallot(ev.id, { kind: 'scores', trackId: track.id, voterId, origin, roomId: room.id, team, total });
    if (!cast.ok) return cast;
    return done({ team, total, at: cast.at }, () => ctx.notifier.publish(ev, [
      { topic: 'voter', voterId }, { topic: 'voting', trackId: track.id, countsOnly: true },
    ]));
  });
}
