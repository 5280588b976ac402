// The admin console's one socket, opened once signed in, with the admin session token.
import { connectSocket, type AppSocket } from '../common/connect';

let socket: AppSocket | null = null;

/** The admin socket, connecting it with the session token on first use. */
export function adminSocket(token: string): AppSocket {
  socket ??= connectSocket({ token });
  return socket;
}
