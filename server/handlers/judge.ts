// The judge's commands: claim to be the judge's active tablet (judge:claim: a spare tablet takes over, the replaced one
// is told and stops sending), register the tablet's signing key, report the tablet's health (judge:status, for the
// host's panel board), vote on a track's special-award ballot (special:vote), and submit a (signed) score sheet for the
// team on stage in a room whose panel they sit on (a judge may sit on several: the room named is checked against
// shared/domain.ts judgeRooms, at each command). Only the active tablet may submit or report: a replaced one is refused
// (tablet-replaced) and its unsent sheets are not stored. A signature is checked here
// (node:crypto) before the sheet is stored; the ack is sent only after Redis has stored the sheet, so a tablet says
// "saved" only when it is.
import { judgeRooms } from '../../shared/domain';
import { keyIdOf, signedSheetText } from '../../shared/evidence';
import { Bucket, type Budget } from '../budgets';
import { nodeHasher, nodeVerifier, readPublicKey } from '../evidence';
import { channels } from '../notify';
import { command, done, fail, type AppSocket, type Outcome } from './command';
import type { Ctx } from './context';

/** Binds the judge's commands on a socket; `statusBudget`: how often its tablet may report its status. */
export function bindJudge(ctx: Ctx, socket: AppSocket, statusBudget: Budget): void {
  const reports = new Bucket(statusBudget);
  /** A refusal when another tablet than this socket's is the judge's active one (none claimed yet: any may send). */
  const replaced = async (eventId: string, judgeId: string): Promise<Outcome<never> | null> => {
    const active = await ctx.store.activeTablet(eventId, judgeId);
    return active === null || active === socket.data.device ? null
      : fail('tablet-replaced', 'another tablet has taken over for this judge');
  };

  /**
   * The room of a sheet from a page of before, which names none: the judge's room running the team's track, or their
   * first. (A tablet names the room; the store's script checks that the judge sits on its panel, with the write.)
   */
  const roomOf = async (eventId: string, judgeId: string, team: string): Promise<string | Outcome<never>> => {
    const ev = await ctx.store.getEvent(eventId);
    const rooms = ev ? judgeRooms(ev, judgeId) : [];
    if (!ev || rooms.length === 0) return fail('judge-no-panel', 'this judge sits on no panel');
    const track = ev.teams.find((t) => t.id === team)?.trackId;
    return (rooms.find((r) => track !== undefined && r.trackIds.includes(track)) ?? rooms[0]!).id;
  };

  /** The refusal of a sheet for a room whose panel the judge is not on, naming the judge as the organiser typed them. */
  const notOnPanel = async (eventId: string, judgeId: string, roomId: string): Promise<Outcome<never>> => {
    const ev = await ctx.store.getEvent(eventId);
    const name = ev?.judges.find((j) => j.id === judgeId)?.name ?? judgeId;
    return fail('judge-not-on-panel', `judge "${judgeId}" is not on the panel of room "${roomId}"`, { judge: name });
  };

  // A tablet claims to be the judge's active one; on a change every other tablet of the judge (on any process) is told.
  command(socket, 'judge:claim', async ({ device, take }) => {
    const { eventId, judgeId, tokenHash } = socket.data;
    if (!eventId || !judgeId) return fail('judge-no-panel', 'this judge sits on no panel');
    socket.data.device = device;
    const before = await ctx.store.activeTablet(eventId, judgeId);
    const active = await ctx.store.claimTablet(eventId, judgeId, device, take);
    if (!active || before === device || !tokenHash) return done({ active });
    return done({ active }, async () => { socket.to(channels.token(tokenHash)).emit('judge:tablet', { device }); });
  });

  // The tablet's health for the panel boards of the judge's rooms: kept in Redis (every process's boards see it), then the boards.
  command(socket, 'judge:status', async (status) => {
    const { eventId, judgeId } = socket.data;
    const ev = eventId ? await ctx.store.getEvent(eventId) : null;
    const rooms = ev && judgeId ? judgeRooms(ev, judgeId) : [];
    if (!eventId || !judgeId || rooms.length === 0) return fail('judge-no-panel', 'this judge sits on no panel');
    if (!reports.take()) return fail('status-too-often', 'the tablet reports its status too often');
    const refused = await replaced(eventId, judgeId);
    if (refused) return refused;
    const heardAt = Date.now();
    await ctx.store.setTablet(eventId, judgeId, { ...status, heardAt });
    return done({ heardAt }, () => ctx.notifier.publish(eventId, rooms.map((r) => ({ topic: 'panel', roomId: r.id }) as const)));
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
    const { eventId, judgeId } = socket.data;
    if (!eventId || !judgeId) return fail('judge-no-panel', 'this judge sits on no panel');
    const ev = await ctx.store.getEvent(eventId);
    if (!ev) return fail('event-not-found', `no event "${eventId}"`, { event: eventId });
    if (!ev.tracks.some((t) => t.id === trackId)) return fail('special-wrong-track', `no track "${trackId}"`);
    const out = await ctx.views.special.vote(ev, { trackId, judgeId, picks });
    if (!out.ok) return out;
    return done({ auditId: out.auditId }, () => ctx.notifier.publish(ev, [{ topic: 'ballot', trackId, judges: [judgeId] },
      { topic: 'special', trackId }, { topic: 'audit', auditId: out.auditId }]));
  });

  command(socket, 'score:submit', async ({ sid, team, room, values, signature }) => {
    const { eventId, judgeId } = socket.data;
    if (!eventId || !judgeId) return fail('judge-no-panel', 'this judge sits on no panel');
    // The judge's panel and whether this tablet is still the judge's active one are checked by the store's script,
    // with the write: a sheet is one round trip to Redis.
    const roomId = room ?? await roomOf(eventId, judgeId, team);
    if (typeof roomId !== 'string') return roomId;
    if (signature) {
      const key = await ctx.store.signingKey(eventId, judgeId, signature.key);
      if (!key) return fail('signature-unknown-key', 'the sheet is signed with a key not registered for this judge');
      if (!nodeVerifier(key.spki, signedSheetText({ team, judge: judgeId, sid, values }), signature.sig)) {
        return fail('signature-invalid', 'the signature does not match the sheet');
      }
    }
    const receipt = await ctx.store.submitSheet({
      eventId, roomId, teamId: team, judgeId, sid, values, signature, actor: { id: judgeId, role: 'judge' },
      tablet: { device: socket.data.device ?? null },
    });
    if (!receipt.ok) return receipt.reason === 'judge-not-on-panel' ? notOnPanel(eventId, judgeId, roomId) : receipt;
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
