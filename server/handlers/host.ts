// The host's commands: run one room's order and phases. The room is the one of the host's token, never the payload's.
import { type EventConfig, type Room, type Team, type Track } from '../../shared/domain';
import type { Actor } from '../store/index';
import type { RoomCommand } from '../rooms';
import { correctScore, resolveTie } from '../results';
import type { Io } from '../notify';
import { channelOf, roomTouched, specialTouched } from '../topics';
import { ownSheet } from '../views';
import { moveWindow, publicKind, type WindowIntent } from '../../shared/voting';
import { command, done, fail, type AppSocket, type Outcome } from './command';
import type { Ctx } from './context';

/** Who acts for the audit: the host of a room. */
const hostOf = (roomId: string): Actor => ({ id: `host:${roomId}`, role: 'host' });

/** Applies a room command for the socket's own room, then notifies everyone who sees that room. */
export async function runRoomCommand(ctx: Ctx, socket: AppSocket, cmd: RoomCommand): Promise<Outcome<{ rev: number; seed?: string }>> {
  const { eventId, roomId } = socket.data;
  if (!eventId || !roomId) return fail('no-room', 'this session has no room');
  const applied = await ctx.rooms.apply(eventId, roomId, cmd, hostOf(roomId));
  if (!applied.ok) return applied;
  const board = cmd.intent === 'reveal' && applied.next.track ? [{ topic: 'board', trackId: applied.next.track } as const] : [];
  // A track's last reveal (or absence, or the room finishing) makes its special awards ready to decide.
  const ev = ['reveal', 'mark-absent', 'finish', 'restart'].includes(cmd.intent) ? await ctx.store.getEvent(eventId) : null;
  const special = (ev?.rooms.find((r) => r.id === roomId)?.trackIds ?? []).map((trackId) => ({ topic: 'special', trackId }) as const);
  await ctx.notifier.publish(eventId, [...roomTouched(roomId), ...board, ...special, { topic: 'audit', auditId: applied.auditId }]);
  return done(applied.seed === undefined ? { rev: applied.rev } : { rev: applied.rev, seed: applied.seed });
}

/** The host's event and room and a team of that room, or the refusal that names what is wrong. */
async function hostTeam(ctx: Ctx, socket: AppSocket, team: string): Promise<Outcome<{ ev: EventConfig; room: Room; teamCfg: Team }>> {
  const { eventId, roomId } = socket.data;
  const ev = eventId ? await ctx.store.getEvent(eventId) : null;
  const room = ev?.rooms.find((r) => r.id === roomId);
  const teamCfg = ev?.teams.find((t) => t.id === team);
  if (!ev || !room || !teamCfg) return fail('team-not-found', `no team "${team}"`, { team });
  if (!room.trackIds.includes(teamCfg.trackId)) return fail('team-wrong-room', `team "${team}" does not compete in this room`, { team: teamCfg.project });
  return done({ ev, room, teamCfg });
}

/**
 * The host's event and room and a track the room runs, or the refusal: no room, or `refusal` (the command's word for
 * a track this room does not run).
 */
async function hostTrack(ctx: Ctx, socket: AppSocket, trackId: string,
  refusal: 'special-wrong-track' | 'track-not-found'): Promise<Outcome<{ ev: EventConfig; room: Room; track: Track }>> {
  const { eventId, roomId } = socket.data;
  const ev = eventId ? await ctx.store.getEvent(eventId) : null;
  const room = ev?.rooms.find((r) => r.id === roomId);
  if (!ev || !room) return fail('no-room', 'this session has no room');
  const track = room.trackIds.includes(trackId) ? ev.tracks.find((t) => t.id === trackId) : undefined;
  if (!track) return fail(refusal, `track "${trackId}" is not run in this room`, { track: trackId });
  return done({ ev, room, track });
}

/** Binds a track's special-award commands (issue 15): open and close the ballot, decide, announce. */
function bindSpecial(ctx: Ctx, socket: AppSocket): void {
  const special = ctx.views.special;
  const after = (ev: EventConfig, trackId: string, auditId: string, board = false) =>
    () => ctx.notifier.publish(ev, [...specialTouched(trackId, { board }), { topic: 'audit', auditId }]);
  command(socket, 'special:open-ballot', async ({ trackId }) => {
    const found = await hostTrack(ctx, socket, trackId, 'special-wrong-track');
    if (!found.ok) return found;
    const { ev, room } = found.data;
    const out = await special.openBallot(ev, trackId, hostOf(room.id));
    return out.ok ? done({ auditId: out.auditId }, after(ev, trackId, out.auditId)) : out;
  });
  command(socket, 'special:close-ballot', async ({ trackId }) => {
    const found = await hostTrack(ctx, socket, trackId, 'special-wrong-track');
    if (!found.ok) return found;
    const { ev, room } = found.data;
    const out = await special.closeBallot(ev, trackId, hostOf(room.id));
    return out.ok ? done({ auditId: out.auditId, tally: out.tally }, after(ev, trackId, out.auditId)) : out;
  });
  command(socket, 'special:decide', async ({ trackId, winners, reason }) => {
    const found = await hostTrack(ctx, socket, trackId, 'special-wrong-track');
    if (!found.ok) return found;
    const { ev, room } = found.data;
    const out = await special.decide(ev, { trackId, winners, reason, actor: hostOf(room.id) });
    if (!out.ok) return out;
    // A correction after the announcement reaches every screen at once.
    const { record } = await special.read(ev.id, trackId);
    return done({ auditId: out.auditId }, after(ev, trackId, out.auditId, record.announced));
  });
  command(socket, 'special:announce', async ({ trackId }) => {
    const found = await hostTrack(ctx, socket, trackId, 'special-wrong-track');
    if (!found.ok) return found;
    const { ev, room } = found.data;
    const out = await special.announce(ev, trackId, hostOf(room.id));
    return out.ok ? done({ auditId: out.auditId }, after(ev, trackId, out.auditId, true)) : out;
  });
}

/** Opens or closes the voting window of one of the host's tracks (votes kind), by the rules of shared/voting.ts; audited. */
async function moveVoting(ctx: Ctx, socket: AppSocket, trackId: string, intent: WindowIntent) {
  const found = await hostTrack(ctx, socket, trackId, 'track-not-found');
  if (!found.ok) return found;
  const { ev, room, track } = found.data;
  const kind = publicKind(track);
  if (!kind) return fail('voting-no-public', 'this track has no public vote');
  if (kind !== 'votes') return fail('voting-wrong-kind', 'public jurors score during each team\'s scoring: there is no window');
  const current = (await ctx.store.voters.windows(ev.id)).get(trackId) ?? 'idle';
  const next = moveWindow(current, intent);
  if (!next) return fail('window-move', `the window is ${current}`, { window: current });
  if (!(await ctx.store.voters.setWindow(ev.id, trackId, current, next))) return fail('room-changed', 'the window changed meanwhile; try again');
  const auditId = await ctx.store.appendAudit(ev.id, { actor: hostOf(room.id), action: `vote.${intent}`, room: room.id, before: current, after: next });
  // The votes are final once the window closes: the track's public parts (votes over the most votes) are computed again.
  if (next === 'closed') await ctx.store.reaggregateTrack(ev, trackId);
  await ctx.notifier.publish(ev, [{ topic: 'voting', trackId }, { topic: 'board', trackId }, { topic: 'audit', auditId }]);
  return done({ window: next });
}

/** Binds the host's commands on a socket. */
export function bindHost(ctx: Ctx, socket: AppSocket, io: Io): void {
  const run = (cmd: RoomCommand) => runRoomCommand(ctx, socket, cmd);
  bindSpecial(ctx, socket);
  command(socket, 'vote:open', ({ track }) => moveVoting(ctx, socket, track, 'open'));
  command(socket, 'vote:close', ({ track }) => moveVoting(ctx, socket, track, 'close'));
  command(socket, 'room:call', (payload) => run({ intent: 'call', payload }));
  command(socket, 'room:start-presentation', () => run({ intent: 'start-presentation' }));
  command(socket, 'room:start-qa', () => run({ intent: 'start-qa' }));
  command(socket, 'room:open-scoring', () => run({ intent: 'open-scoring' }));
  command(socket, 'room:close-scoring', (payload) => run({ intent: 'close-scoring', payload }));
  command(socket, 'room:reveal', () => run({ intent: 'reveal' }));
  command(socket, 'room:reopen-judge', (payload) => run({ intent: 'reopen-judge', payload }));
  command(socket, 'room:mark-absent', (payload) => run({ intent: 'mark-absent', payload }));
  command(socket, 'room:back', () => run({ intent: 'back' }));
  command(socket, 'room:pause', () => run({ intent: 'pause' }));
  command(socket, 'room:resume', () => run({ intent: 'resume' }));
  command(socket, 'room:finish', () => run({ intent: 'finish' }));
  command(socket, 'room:restart', () => run({ intent: 'restart' }));
  command(socket, 'room:set-order', (payload) => run({ intent: 'set-order', payload }));
  command(socket, 'room:draw', async (payload) => {
    const out = await run({ intent: 'draw', payload });
    return out.ok ? done({ rev: out.data.rev, seed: out.data.seed! }) : out;
  });
  command(socket, 'timer:adjust', (payload) => run({ intent: 'timer', payload }));
  command(socket, 'display:set-mode', (payload) => run({ intent: 'display', payload }));
  command(socket, 'display:ceremony', (payload) => run({ intent: 'ceremony', payload }));
  command(socket, 'display:reload', async () => {
    const { eventId, roomId } = socket.data;
    if (!eventId || !roomId) return fail('no-room', 'this session has no room');
    const displays = await io.in(channelOf(eventId, 'display', 'room', roomId)).fetchSockets();
    for (const d of displays) d.emit('display:reload');
    return done({ displays: displays.length });
  });
  command(socket, 'room:resolve-tie', async ({ teams, reason }) => {
    const found = await hostTeam(ctx, socket, teams[0]!);
    if (!found.ok) return found;
    const { ev, room, teamCfg: first } = found.data;
    const decided = await resolveTie(ctx.store, { ev, trackId: first.trackId, teams, reason, actor: hostOf(room.id) });
    if (!decided.ok) return decided;
    const { auditId } = decided;
    const rooms = ev.rooms.filter((x) => x.trackIds.includes(first.trackId)).flatMap((r) => roomTouched(r.id));
    await ctx.notifier.publish(ev, [{ topic: 'board', trackId: first.trackId }, ...rooms, { topic: 'audit', auditId }]);
    return done({ auditId });
  });
  command(socket, 'score:sheets', async ({ team }) => {
    const found = await hostTeam(ctx, socket, team);
    if (!found.ok) return found;
    const { ev } = found.data;
    // Values reach the host console only once the team's scores are public.
    if (!(await ctx.store.revealedTeams(ev.id)).has(team)) return fail('sheets-before-reveal', 'the sheets are shown once the team is revealed');
    const stored = await ctx.store.sheets(ev.id, team);
    return done(Object.fromEntries(Object.entries(stored).map(([judge, s]) => [judge, ownSheet(team, s)])));
  });
  command(socket, 'score:correct', async ({ team, judge, values, reason }) => {
    const found = await hostTeam(ctx, socket, team);
    if (!found.ok) return found;
    const { ev, room, teamCfg } = found.data;
    const receipt = await correctScore(ctx.store, { ev, room, team: teamCfg, judge, values, reason, actor: hostOf(room.id) });
    if (!receipt.ok) return receipt;
    const audit = receipt.auditId ? [{ topic: 'audit', auditId: receipt.auditId } as const] : [];
    await ctx.notifier.publish(ev, [...roomTouched(room.id), { topic: 'board', trackId: teamCfg.trackId }, { topic: 'sheets', teamId: team }, ...audit]);
    return done({ team, version: receipt.version, total: receipt.total, at: receipt.at, duplicate: false,
      ...(receipt.machines === undefined ? {} : { machines: receipt.machines }) });
  });
}
