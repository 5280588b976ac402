// The typed socket.io client every app uses: websocket first, reconnecting for ever, with the handshake auth given.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A socket to this page's server with the given handshake auth; it connects at once and reconnects by itself. */
export function connectSocket(auth: Record<string, string>): AppSocket {
  return io({ auth, transports: ['websocket', 'polling'], reconnectionDelay: 500, reconnectionDelayMax: 3000 });
}
