// Queries any connected role may make: the server's clock, and a fresh snapshot of the rooms it follows.
import type { RoomView } from '../../shared/protocol';
import { FOLLOWS } from '../topics';
import { command, done, type AppSocket } from './command';
import type { Ctx } from './context';

/**
 * The room views a socket follows (server/topics.ts): its own room, or every room of its event for the audience and
 * supervisors. Phones share the batched build of their welcome (server/welcome.ts), so thousands asking at once, or one
 * asking in a loop, keep at most one build of the rooms' views running per event.
 */
export async function followedRooms(ctx: Ctx, socket: AppSocket): Promise<RoomView[]> {
  const { eventId, roomId, role } = socket.data;
  const follow = FOLLOWS[role].room;
  if (!eventId || !follow) return [];
  if (follow.snapshot === 'welcome') return (await ctx.welcomes.next(eventId))?.rooms ?? [];
  const ev = await ctx.store.getEvent(eventId);
  if (!ev) return [];
  const rooms = follow.keys === 'event' ? ev.rooms : ev.rooms.filter((r) => r.id === roomId);
  return Promise.all(rooms.map((r) => ctx.views.room(ev, r)));
}

/** Binds the queries every role has. */
export function bindCommon(ctx: Ctx, socket: AppSocket): void {
  command(socket, 'time:ping', async () => done({ serverNow: Date.now() }));
  command(socket, 'room:sync', async () => done(await followedRooms(ctx, socket)));
}
