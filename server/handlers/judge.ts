// The judge's commands: register the tablet's signing key, report the tablet's health (judge:status, for the host's
// panel board), vote on a track's special-award ballot (special:vote), and submit a (signed) score sheet for the team on stage in their own room. A signature is checked here
// (node:crypto) before the sheet is stored; the ack is sent only after Redis has stored the sheet, so a tablet says
// "saved" only when it is.
import { keyIdOf, signedSheetText } from '../../shared/evidence';
import { Bucket, type Budget } from '../budgets';
import { nodeHasher, nodeVerifier, readPublicKey } from '../evidence';
import { command, done, fail, type AppSocket } from './command';
import type { Ctx } from './context';

/** Binds the judge's commands on a socket; `statusBudget`: how often its tablet may report its status. */
export function bindJudge(ctx: Ctx, socket: AppSocket, statusBudget: Budget): void {
  const reports = new Bucket(statusBudget);
  // The tablet's health for the host's panel board: kept in Redis (every process's board sees it), then the board.
  command(socket, 'judge:status', async (status) => {
    const { eventId, roomId, judgeId } = socket.data;
    if (!eventId || !roomId || !judgeId) return fail('judge-no-panel', 'this judge sits on no panel');
    if (!reports.take()) return fail('status-too-often', 'the tablet reports its status too often');
    const heardAt = Date.now();
    await ctx.store.setTablet(eventId, roomId, judgeId, { ...status, heardAt });
    return done({ heardAt }, () => ctx.notifier.publish(eventId, [{ topic: 'panel', roomId }]));
  });

  command(socket, 'judge:register-key', async ({ spki, extractable }) => {
    const { eventId, roomId, judgeId } = socket.data;
    if (!eventId || !judgeId) return fail('judge-no-panel', 'this judge sits on no panel');
    const canonical = readPublicKey(spki);
    if (!canonical) return fail('signing-key-invalid', 'the key is not an ECDSA P-256 public key (SPKI)');
    const reply = await ctx.store.registerKey({
      eventId, roomId: roomId ?? '', judgeId, key: keyIdOf(nodeHasher, canonical), spki: canonical, extractable, actor: { id: judgeId, role: 'judge' },
    });
    if (!reply.ok) return reply;
    const { auditId } = reply;
    return done({ key: reply.key, registered: reply.registered }, auditId ? () => ctx.notifier.publish(eventId, [{ topic: 'audit', auditId }]) : undefined);
  });

  // A special-award ballot (issue 15): stored only while the host has it open; the host hears only that they voted.
  command(socket, 'special:vote', async ({ trackId, picks }) => {
    const { eventId, roomId, judgeId } = socket.data;
    if (!eventId || !roomId || !judgeId) return fail('judge-no-panel', 'this judge sits on no panel');
    const ev = await ctx.store.getEvent(eventId);
    if (!ev) return fail('event-not-found', `no event "${eventId}"`, { event: eventId });
    if (!ev.tracks.some((t) => t.id === trackId)) return fail('special-wrong-track', `no track "${trackId}"`);
    const out = await ctx.views.special.vote(ev, { trackId, judgeId, roomId, picks });
    if (!out.ok) return out;
    return done({ auditId: out.auditId }, () => ctx.notifier.publish(ev, [{ topic: 'ballot', trackId, judges: [judgeId] },
      { topic: 'special', trackId }, { topic: 'audit', auditId: out.auditId }]));
  });

  command(socket, 'score:submit', async ({ sid, team, values, signature }) => {
    const { eventId, roomId, judgeId } = socket.data;
    if (!eventId || !roomId || !judgeId) return fail('judge-no-panel', 'this judge sits on no panel');
    if (signature) {
      const key = await ctx.store.signingKey(eventId, judgeId, signature.key);
      if (!key) return fail('signature-unknown-key', 'the sheet is signed with a key not registered for this judge');
      if (!nodeVerifier(key.spki, signedSheetText({ team, judge: judgeId, sid, values }), signature.sig)) {
        return fail('signature-invalid', 'the signature does not match the sheet');
      }
    }
    const receipt = await ctx.store.submitSheet({
      eventId, roomId, teamId: team, judgeId, sid, values, signature, actor: { id: judgeId, role: 'judge' },
    });
    if (!receipt.ok) return receipt;
    const ack = { team: receipt.team, version: receipt.version, total: receipt.total, at: receipt.at, duplicate: receipt.duplicate,
      ...(receipt.machines === undefined ? {} : { machines: receipt.machines }) };
    if (receipt.duplicate) return done(ack);
    // The ack goes as soon as Redis has the sheet (validate, store, ack, then broadcast): first what the judge sees of
    // it (the room's patch, their own state), then the host's panel board, the supervisors' sheets and the audit entry.
    const audit = receipt.auditId ? [{ topic: 'audit', auditId: receipt.auditId } as const] : [];
    return done(ack, () => ctx.notifier.publish(eventId, [{ topic: 'room', roomId, sheet: true }, { topic: 'judge', roomId, judges: [judgeId] },
      { topic: 'panel', roomId }, { topic: 'sheets', teamId: team }, ...audit]));
  });
}
