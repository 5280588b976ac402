// The host's commands: run one room's order and phases. The room is the one of the host's token, never the payload's.
import type { EventConfig, Room, Team } from '../../shared/domain';
import { rankTeams } from '../../shared/scoring';
import type { Actor } from '../store/index';
import type { RoomCommand } from '../rooms';
import { channels, type Io } from '../notify';
import { ownSheet } from '../views';
import { command, done, fail, type AppSocket, type Outcome } from './command';
import type { Ctx } from './context';

/** Applies a room command for the socket's own room, then notifies everyone who sees that room. */
export async function runRoomCommand(ctx: Ctx, socket: AppSocket, cmd: RoomCommand): Promise<Outcome<{ rev: number; seed?: string }>> {
  const { eventId, roomId } = socket.data;
  if (!eventId || !roomId) return fail('no-room', 'this session has no room');
  const actor: Actor = { id: `host:${roomId}`, role: 'host' };
  const applied = await ctx.rooms.apply(eventId, roomId, cmd, actor);
  if (!applied.ok) return applied;
  const ev = (await ctx.store.getEvent(eventId))!;
  const room = ev.rooms.find((r) => r.id === roomId)!;
  await ctx.notifier.roomChanged(ev, room);
  if (cmd.intent === 'reveal' && applied.next.track) await ctx.notifier.boardChanged(ev, applied.next.track);
  await ctx.notifier.audited(eventId, applied.auditId);
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

/** Binds the host's commands on a socket. */
export function bindHost(ctx: Ctx, socket: AppSocket, io: Io): void {
  const run = (cmd: RoomCommand) => runRoomCommand(ctx, socket, cmd);
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
    const displays = (await io.in(channels.room(eventId, roomId)).fetchSockets()).filter((s) => s.data.role === 'display');
    for (const d of displays) d.emit('display:reload');
    return done({ displays: displays.length });
  });
  command(socket, 'room:resolve-tie', async ({ teams, reason }) => {
    const { eventId, roomId } = socket.data;
    const ev = eventId ? await ctx.store.getEvent(eventId) : null;
    const room = ev?.rooms.find((r) => r.id === roomId);
    const first = ev?.teams.find((t) => t.id === teams[0]);
    if (!ev || !room || !first) return fail('team-not-found', `no team "${teams[0]}"`, { team: teams[0]! });
    if (!room.trackIds.includes(first.trackId)) return fail('team-wrong-room', 'these teams do not compete in this room', { team: first.project });
    if (new Set(teams).size !== teams.length) return fail('tie-team-twice', 'a team is named twice');
    // The tie as the rules leave it, before any decision: so a decision can also be made again.
    const track = ev.tracks.find((t) => t.id === first.trackId)!;
    const { aggregates } = await ctx.store.standings(ev.id, first.trackId);
    const standings = rankTeams(aggregates, track.rules, track.awards);
    const rank = standings.find((s) => s.team === teams[0])?.rank ?? null;
    const group = standings.filter((s) => s.rank !== null && s.rank === rank).map((s) => s.team);
    const revealed = await ctx.store.revealedTeams(ev.id);
    if (rank === null || group.length !== teams.length || !teams.every((t) => group.includes(t) && revealed.has(t))) {
      return fail('tie-not-shared-rank', 'a decision orders exactly the revealed teams that share one rank');
    }
    const auditId = await ctx.store.recordDecision(ev, first.trackId, teams, reason, { id: `host:${room.id}`, role: 'host' });
    await ctx.notifier.boardChanged(ev, first.trackId);
    for (const r of ev.rooms.filter((x) => x.trackIds.includes(first.trackId))) await ctx.notifier.roomChanged(ev, r);
    await ctx.notifier.audited(ev.id, auditId);
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
    const record = await ctx.store.readRoom(ev.id, room.id);
    const revealed = (await ctx.store.revealedTeams(ev.id)).has(team);
    if (!revealed && !(record.team === team && record.phase === 'closed')) {
      return fail('correct-not-closed', 'a score can be corrected once its scoring has closed');
    }
    const receipt = await ctx.store.correctSheet({ eventId: ev.id, roomId: room.id, teamId: team, trackId: teamCfg.trackId,
      judgeId: judge, values, actor: { id: `host:${room.id}`, role: 'host' }, reason });
    if (!receipt.ok) return receipt;
    await ctx.store.aggregate(ev.id, team);
    await ctx.notifier.roomChanged(ev, room);
    await ctx.notifier.boardChanged(ev, teamCfg.trackId);
    await ctx.notifier.sheetsChanged(ev, team);
    if (receipt.auditId) await ctx.notifier.audited(ev.id, receipt.auditId);
    return done({ team, version: receipt.version, total: receipt.total, at: receipt.at, duplicate: false });
  });
}
