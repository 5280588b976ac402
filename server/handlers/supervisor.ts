// The supervisor's queries: read the audit log, with the verdict of its hash chain; check the stored sheets against the
// log (the page asks every few seconds); read the public voting's fraud report. Supervisors change nothing but one
// thing, as the notary of the public's vote: they void a suspicious ballot before the reveal, with a reason (audited).
import { checkEvent } from '../evidence';
import { verifyAuditChain } from '../store/index';
import { auditView } from '../notify';
import { publicKind } from '../../shared/voting';
import { fraudReport } from '../voting';
import { command, done, fail, type AppSocket } from './command';
import type { Ctx } from './context';

/** Binds the supervisor's audit and evidence queries on a socket. */
export function bindSupervisor(ctx: Ctx, socket: AppSocket): void {
  command(socket, 'audit:read', async ({ after, limit }) => {
    const eventId = socket.data.eventId;
    if (!eventId) return fail('no-event-session', 'this session has no event');
    const all = await ctx.store.audit(eventId);
    const verified = verifyAuditChain(all).ok;
    const index = after ? all.findIndex((e) => e.id === after) : -1;
    if (after && index < 0) return fail('audit-entry-not-found', `no audit entry "${after}"`, { entry: after });
    const start = index + 1;
    return done({ entries: all.slice(start, start + (limit ?? 1000)).map(auditView), verified });
  });
  command(socket, 'evidence:check', async ({ full }) => {
    const ev = socket.data.eventId ? await ctx.store.getEvent(socket.data.eventId) : null;
    if (!ev) return fail('no-event-session', 'this session has no event');
    return done(await checkEvent(ctx.store, ev, { full }));
  });
  command(socket, 'vote:report', async () => {
    const ev = socket.data.eventId ? await ctx.store.getEvent(socket.data.eventId) : null;
    if (!ev) return fail('no-event-session', 'this session has no event');
    return done(await fraudReport(ctx.store, ev));
  });
  command(socket, 'vote:void', async ({ track: trackId, voter, team, reason }) => {
    const ev = socket.data.eventId ? await ctx.store.getEvent(socket.data.eventId) : null;
    if (!ev) return fail('no-event-session', 'this session has no event');
    const track = ev.tracks.find((t) => t.id === trackId);
    if (!track) return fail('track-not-found', `no track "${trackId}"`, { track: trackId });
    const kind = publicKind(track);
    if (!kind) return fail('voting-no-public', 'this track has no public vote');
    const teams = ev.teams.filter((t) => t.trackId === trackId).map((t) => t.id);
    // A ballot of votes names the voter alone; a public juror's sheet names the team too.
    if ((kind === 'votes') !== (team === null) || (team !== null && !teams.includes(team))) return fail('ballot-not-found', 'no such ballot');
    const voided = await ctx.store.voters.voidBallot(ev.id, {
      trackId, kind, voterId: voter, team, unrevealed: team === null ? teams : [team], reason, actor: { id: 'supervisor', role: 'supervisor' },
    });
    if (!voided.ok) return voided;
    const { auditId } = voided;
    // The void changes the public's counts: the aggregates already computed from them are computed again.
    await ctx.store.reaggregateTrack(ev, trackId);
    return done({ auditId }, () => ctx.notifier.publish(ev, [
      { topic: 'voter', voterId: voter }, { topic: 'voting', trackId, countsOnly: true }, { topic: 'board', trackId }, { topic: 'audit', auditId },
    ]));
  });
}
