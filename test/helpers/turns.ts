// Moves a room through a team's turn with the real room machine, for tests that need scoring open or closed.
import { expect } from 'vitest';
import type { Refusal } from '../../shared/refusals';
import type { Applied, RoomCommand, Rooms } from '../../server/rooms';
import type { Actor, Store } from '../../server/store/index';

export const HOST: Actor = { id: 'host:test', role: 'host' };

/** Applies a command and fails the test if it is refused. */
export async function must(rooms: Rooms, eventId: string, roomId: string, command: RoomCommand): Promise<Applied> {
  const out: Applied | Refusal = await rooms.apply(eventId, roomId, command, HOST);
  if (!out.ok) expect.fail(`${command.intent} refused: ${out.code} ${out.message}`);
  return out;
}

/** Ends whatever turn is running (closing and revealing it), then calls `team` on stage and opens scoring. */
export async function openScoringFor(store: Store, rooms: Rooms, eventId: string, roomId: string, team: string): Promise<void> {
  const room = await store.readRoom(eventId, roomId);
  if (room.phase === 'scoring') await must(rooms, eventId, roomId, { intent: 'close-scoring', payload: { reason: 'test: next team' } });
  if (room.phase === 'scoring' || room.phase === 'closed') await must(rooms, eventId, roomId, { intent: 'reveal' });
  await must(rooms, eventId, roomId, { intent: 'call', payload: { team } });
  await must(rooms, eventId, roomId, { intent: 'open-scoring' });
}
