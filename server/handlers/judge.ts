// The judge's one command: submit a score sheet for the team on stage in their own room. The ack is sent only after
// Redis has stored the sheet, so a tablet says "saved" only when it is.
import { command, done, fail, refused, type AppSocket } from './command';
import type { Ctx } from './context';

/** Binds the judge's commands on a socket. */
export function bindJudge(ctx: Ctx, socket: AppSocket): void {
  command(socket, 'score:submit', async ({ sid, team, values }) => {
    const { eventId, roomId, judgeId } = socket.data;
    if (!eventId || !roomId || !judgeId) return fail('judge-no-panel', 'this judge sits on no panel');
    const receipt = await ctx.store.submitSheet({
      eventId, roomId, teamId: team, judgeId, sid, values, actor: { id: judgeId, role: 'judge' },
    });
    if (!receipt.ok) return refused(receipt);
    const ack = { team: receipt.team, version: receipt.version, total: receipt.total, at: receipt.at, duplicate: receipt.duplicate };
    if (receipt.duplicate) return done(ack);
    // The ack goes as soon as Redis has the sheet (validate, store, ack, then broadcast): first what the judge sees of
    // it (the room's patch, their own state), then the host's panel board, the supervisors' sheets and the audit entry.
    return done(ack, async () => {
      const ev = (await ctx.store.getEvent(eventId))!;
      const room = ev.rooms.find((r) => r.id === roomId)!;
      await ctx.notifier.roomChanged(ev, room, { judges: [judgeId], sheet: true, withoutPanel: true });
      await ctx.notifier.panelChanged(ev, room);
      await ctx.notifier.sheetsChanged(ev, team);
      if (receipt.auditId) await ctx.notifier.audited(eventId, receipt.auditId);
    });
  });
}
