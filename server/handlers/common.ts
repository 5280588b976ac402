// Queries any connected role may make: the server's clock, and a fresh snapshot of the rooms it follows.
import type { RoomView } from '../../shared/protocol';
import { command, done, type AppSocket } from './command';
import type { Ctx } from './context';

/** The room views a socket follows: its own room, or every room of its event for the audience and supervisors. */
export async function followedRooms(ctx: Ctx, socket: AppSocket): Promise<RoomView[]> {
  const { eventId, roomId } = socket.data;
  if (!eventId) return [];
  const ev = await ctx.store.getEvent(eventId);
  if (!ev) return [];
  const everyRoom = socket.data.role === 'audience' || socket.data.role === 'supervisor';
  const rooms = everyRoom ? ev.rooms : ev.rooms.filter((r) => r.id === roomId);
  return Promise.all(rooms.map((r) => ctx.views.room(ev, r)));
}

/** Binds the queries every role has. */
export function bindCommon(ctx: Ctx, socket: AppSocket): void {
  command(socket, 'time:ping', async () => done({ serverNow: Date.now() }));
  command(socket, 'room:sync', async () => done(await followedRooms(ctx, socket)));
}
