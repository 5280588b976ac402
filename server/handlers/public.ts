// The public's part (大众评审, issue 16) as the host and the admin handle it: importing a track's vote counts from an
// outside platform (.xlsx or .csv), with a reason, audited; then the track's aggregates and boards again.
import { refusal } from '../../shared/refusals';
import { readSheet, previewPublicVotes } from '../imports';
import { roomTouched } from '../topics';
import { command, done, fail, type AppSocket } from './command';
import type { Ctx } from './context';

/** Binds the public-part commands an admin or a host may send (the role check is the command's). */
export function bindPublic(ctx: Ctx, socket: AppSocket): void {
  command(socket, 'public:import', async ({ eventId, trackId, file, reason }) => {
    const { role, roomId } = socket.data;
    const ev = await ctx.store.getEvent(eventId);
    // A host imports for the tracks of their own room only; anything else reads as not found.
    const room = role === 'host' ? ev?.rooms.find((r) => r.id === roomId && socket.data.eventId === eventId) : undefined;
    if (!ev || (role === 'host' && !room)) return fail('event-not-found', `no event "${eventId}"`, { event: eventId });
    const track = ev.tracks.find((t) => t.id === trackId && (!room || room.trackIds.includes(t.id)));
    if (!track) return fail('track-not-found', `no track "${trackId}" here`, { track: trackId });
    if (track.mix?.public.kind !== 'votes' || !track.mix.public.imported) {
      return fail('public-not-imported', 'this track has no imported public votes');
    }
    let rows: Awaited<ReturnType<typeof readSheet>>;
    try {
      rows = await readSheet(Buffer.from(file.base64, 'base64'), file.name);
    } catch {
      return refusal('import-rows', 'the file is not a readable .xlsx or .csv', { row: 1, column: '', detail: '文件无法读取（请使用 .xlsx 或 .csv）' });
    }
    const { counts, errors } = previewPublicVotes(ev, trackId, rows);
    const first = errors[0];
    if (first) return refusal('import-rows', `row ${first.row}, ${first.column}: ${first.message}`, { row: first.row, column: first.column, detail: first.message });
    const actor = role === 'host' ? { id: `host:${roomId}`, role: 'host' } : { id: 'admin', role: 'admin' };
    const imported = await ctx.store.importPublicCounts(ev, trackId, counts, reason, actor);
    if (!imported.ok) return imported;
    const rooms = ev.rooms.filter((r) => r.trackIds.includes(trackId)).flatMap((r) => roomTouched(r.id));
    await ctx.notifier.publish(ev, [{ topic: 'board', trackId }, ...rooms, { topic: 'audit', auditId: imported.auditId }]);
    return done({ auditId: imported.auditId, counts });
  });
}
