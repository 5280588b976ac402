// The supervisor's queries: read the audit log, with the verdict of its hash chain; check the stored sheets against the
// log (the page asks every few seconds). Supervisors change nothing.
import { checkEvent } from '../evidence';
import { verifyAuditChain } from '../store/index';
import { auditView } from '../notify';
import { command, done, fail, type AppSocket } from './command';
import type { Ctx } from './context';

/** Binds the supervisor's audit and evidence queries on a socket. */
export function bindSupervisor(ctx: Ctx, socket: AppSocket): void {
  command(socket, 'audit:read', async ({ after, limit }) => {
    const eventId = socket.data.eventId;
    if (!eventId) return fail('BAD_REQUEST', 'this session has no event');
    const all = await ctx.store.audit(eventId);
    const verified = verifyAuditChain(all).ok;
    const index = after ? all.findIndex((e) => e.id === after) : -1;
    if (after && index < 0) return fail('NOT_FOUND', `no audit entry "${after}"`);
    const start = index + 1;
    return done({ entries: all.slice(start, start + (limit ?? 1000)).map(auditView), verified });
  });
  command(socket, 'evidence:check', async ({ full }) => {
    const ev = socket.data.eventId ? await ctx.store.getEvent(socket.data.eventId) : null;
    if (!ev) return fail('BAD_REQUEST', 'this session has no event');
    return done(await checkEvent(ctx.store, ev, { full }));
  });
}
