// The typed socket.io client every app uses: websocket first, reconnecting for ever, with the handshake auth given; to
// the page's own machine, or the standby's when that one is unreachable (web/machines.ts).
import { machineSocket, type AppSocket } from '../../web/machines';

export type { AppSocket };

/** A socket to this page's server with the given handshake auth; it connects at once and reconnects by itself. */
export function connectSocket(auth: Record<string, string>): AppSocket {
  return machineSocket(auth, { transports: ['websocket', 'polling'], reconnectionDelay: 500, reconnectionDelayMax: 3000 });
}
