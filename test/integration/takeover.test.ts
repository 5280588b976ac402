// A spare tablet takes over (issue 17 point 3), over real sockets and Redis: two tablets signed in as one judge. The
// spare claims (judge:claim with take) and is sent the judge's saved sheets by the server; the first is told it was
// replaced (judge:tablet) and is refused from then on (tablet-replaced): a sheet it still had queued is not stored
// (it stays in its outbox); a reconnection never takes over; taking back lets the first tablet resend its queued sheet
// with the same id, stored once, and a resend of an acknowledged sheet is a duplicate, never a second version.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SheetValues } from '../../shared/evidence';
import type { EventLinks, JudgeView, PanelView } from '../../shared/protocol';
import { eventKeys } from '../../server/store/keys';
import { makeEvent } from '../helpers/fixtures';
import { openScoringFor } from '../helpers/turns';
import { eventually, ok, record, send, useServer } from '../helpers/server';

const server = useServer();
const ev = makeEvent({ id: 'takeover', teams: 3, judges: 3 });
let links: EventLinks;

const tokenOf = (judge: string) => links.judges.find((j) => j.judgeId === judge)!.token;
const values = (total: number): SheetValues => ({ criteria: { solution: Math.min(25, total) * 1000, model: Math.max(0, total - 25) * 1000, effect: 0, promotion: 0, ip: 0, defense: 0 } });
const states = (frames: Array<[string, unknown]>) => frames.filter(([e]) => e === 'judge:state').map(([, v]) => v as JudgeView);
const told = (frames: Array<[string, unknown]>) => frames.filter(([e]) => e === 'judge:tablet').map(([, v]) => v as { device: string });
const stored = async (team: string, judge: string) => {
  const raw = await server.store.redis.hget(eventKeys(ev.id).sheets(team), judge);
  return raw ? (JSON.parse(raw) as { version: number; sid: string; total: number }) : null;
};

beforeAll(async () => {
  links = await server.setup(ev);
  await openScoringFor(server.store, server.app.ctx.rooms, ev.id, 'room1', 'r1t1');
});

describe('a spare tablet takes over', () => {
  it('shows the spare the saved sheets from the server, tells the first it was replaced, and refuses the first from then on', async () => {
    const first = await server.client({ token: tokenOf('r1j1') });
    const firstFrames = record(first);
    expect(await ok(first, 'judge:claim', { device: 'tablet-one', take: true })).toEqual({ active: true });
    expect(await ok(first, 'score:submit', { sid: 'one-r1t1-0001', team: 'r1t1', values: values(30) })).toMatchObject({ version: 1, total: 30_000 });

    // The spare opens the link: its first judge:state (from the server, not the first tablet's storage) has the sheet.
    const spare = await server.client({ token: tokenOf('r1j1') });
    const spareFrames = record(spare);
    await eventually(() => expect(states(spareFrames).at(-1)?.sheets).toEqual([expect.objectContaining({ team: 'r1t1', version: 1, total: 30_000 })]));
    expect(states(spareFrames).at(-1)?.canScore).toBe(true);
    expect(await ok(spare, 'judge:claim', { device: 'tablet-spare', take: true })).toEqual({ active: true });
    await eventually(() => expect(told(firstFrames)).toEqual([{ device: 'tablet-spare' }]));
    expect(told(spareFrames)).toEqual([]); // the one taking over is answered by its ack, not told
    expect(await server.store.redis.get(eventKeys(ev.id).device('r1j1'))).toBe('tablet-spare');

    // The first tablet had a sheet queued and not acknowledged: sent now, it is refused and nothing is stored.
    const queued = { sid: 'one-r1t1-0002', team: 'r1t1', values: values(40) };
    expect(await send(first, 'score:submit', queued)).toMatchObject({ ok: false, error: { code: 'CONFLICT', reason: 'tablet-replaced' } });
    expect(await send(first, 'judge:status', { visible: true, team: 'r1t1', outbox: 1, battery: null }))
      .toMatchObject({ ok: false, error: { reason: 'tablet-replaced' } });
    expect(await stored('r1t1', 'r1j1')).toMatchObject({ version: 1, sid: 'one-r1t1-0001', total: 30_000 });
    // A socket that never claimed is refused too once a tablet has.
    const stray = await server.client({ token: tokenOf('r1j1') });
    expect(await send(stray, 'score:submit', { sid: 'stray-r1t1-01', team: 'r1t1', values: values(41) })).toMatchObject({ ok: false, error: { reason: 'tablet-replaced' } });

    // The spare scores: its sheet is the judge's next version.
    expect(await ok(spare, 'score:submit', { sid: 'spare-r1t1-01', team: 'r1t1', values: values(35) })).toMatchObject({ version: 2, total: 35_000 });
    expect(await ok(spare, 'judge:status', { visible: true, team: 'r1t1', outbox: 0, battery: 0.9 })).toHaveProperty('heardAt');
  });

  it('never takes over on a reconnection, only when asked; taking back resends a queued sheet once', async () => {
    const first = await server.client({ token: tokenOf('r1j2') });
    expect(await ok(first, 'judge:claim', { device: 'j2-tablet-one', take: true })).toEqual({ active: true });
    expect(await ok(first, 'score:submit', { sid: 'j2-one-000001', team: 'r1t1', values: values(20) })).toMatchObject({ version: 1 });
    const spare = await server.client({ token: tokenOf('r1j2') });
    const spareFrames = record(spare);
    expect(await ok(spare, 'judge:claim', { device: 'j2-tablet-spare', take: true })).toEqual({ active: true });

    // The first tablet comes back from a Wi-Fi drop (a new socket, no take): it is told it is not the active one.
    first.disconnect();
    const again = await server.client({ token: tokenOf('r1j2') });
    expect(await ok(again, 'judge:claim', { device: 'j2-tablet-one', take: false })).toEqual({ active: false });
    const queued = { sid: 'j2-one-000002', team: 'r1t1', values: values(45) };
    expect(await send(again, 'score:submit', queued)).toMatchObject({ ok: false, error: { reason: 'tablet-replaced' } });
    expect(told(spareFrames)).toEqual([]);
    // A spare reconnecting (no take) stays the active one.
    expect(await ok(spare, 'judge:claim', { device: 'j2-tablet-spare', take: false })).toEqual({ active: true });

    // The judge returns to the first tablet and takes back (confirmed on the tablet): the spare is told.
    expect(await ok(again, 'judge:claim', { device: 'j2-tablet-one', take: true })).toEqual({ active: true });
    await eventually(() => expect(told(spareFrames)).toEqual([{ device: 'j2-tablet-one' }]));
    expect(await send(spare, 'score:submit', { sid: 'j2-spare-00001', team: 'r1t1', values: values(50) })).toMatchObject({ ok: false, error: { reason: 'tablet-replaced' } });
    // Its queued sheet goes out with its own id: stored once; its ack lost and the sheet resent, a duplicate.
    expect(await ok(again, 'score:submit', queued)).toMatchObject({ version: 2, total: 45_000, duplicate: false });
    expect(await ok(again, 'score:submit', queued)).toMatchObject({ version: 2, duplicate: true });
    expect(await stored('r1t1', 'r1j2')).toMatchObject({ version: 2, sid: 'j2-one-000002', total: 45_000 });
  });

  it('keeps a judge whose tablet never claims working as before, and refuses a bad claim', async () => {
    const judge = await server.client({ token: tokenOf('r1j3') });
    expect(await ok(judge, 'score:submit', { sid: 'j3-unclaimed-1', team: 'r1t1', values: values(33) })).toMatchObject({ version: 1 });
    for (const payload of [{ device: 'short', take: true }, { device: 'tablet-three', take: 'yes' }, { device: 'tablet three!', take: true }, { take: true }]) {
      expect(await send(judge, 'judge:claim', payload)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', reason: 'bad-payload' } });
    }
    expect(await server.store.redis.get(eventKeys(ev.id).device('r1j3'))).toBeNull();
    const host = await server.client({ token: links.rooms[0]!.host.token });
    expect(await send(host, 'judge:claim', { device: 'host-device', take: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The host's board counts the judge's tablet as online.
    const panels = record(await server.client({ token: links.rooms[0]!.host.token }));
    await eventually(() => expect((panels.filter(([e]) => e === 'room:panel').at(-1)?.[1] as PanelView | undefined)?.judges.find((j) => j.id === 'r1j3')?.connected).toBe(true));
  });
});
