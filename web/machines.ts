// The two machines a page knows (docs/deploy.md): its own (the address it was opened at) and the standby's, from its
// link's `?standby=`; and the one place a socket moves between them: while the machine it tried is unreachable, each
// further reconnection attempt goes to the other one, so tablets, projectors and phones follow a takeover by themselves.
import { Manager, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/protocol';
import { STANDBY_PARAM } from '../shared/links';

/** The standby machine's origin from a page's address (`?standby=http%3A%2F%2F…`), or null: none, unreadable, or the page's own. */
export function standbyOrigin(href: string): string | null {
  const page = new URL(href);
  const raw = page.searchParams.get(STANDBY_PARAM);
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin === page.origin ? null : url.origin;
  } catch {
    return null;
  }
}

/** socket.io's options naming the machine at `origin` (hostname without IPv6 brackets, port, TLS or not). */
function aimAt(origin: string): Pick<ManagerOptions, 'hostname' | 'port' | 'secure'> {
  const url = new URL(origin);
  const secure = url.protocol === 'https:';
  return { hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port || (secure ? '443' : '80'), secure };
}

/** The origin a socket connects (or tries to connect) to now. */
export function machineOf(socket: Socket): string {
  const { hostname = '', port = '', secure = false } = socket.io.opts;
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  return new URL(`${secure ? 'https' : 'http'}://${host}:${port}`).origin;
}

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A socket's handshake auth: fixed, or made afresh for each connection (a phone names the welcome it keeps now). */
export type HandshakeAuth = Record<string, unknown> | (() => Record<string, unknown>);

/**
 * A socket to the page's own machine with the given handshake auth and options; with a standby in the link, every
 * reconnection attempt after the first goes to the other machine than the one tried last.
 */
export function machineSocket(auth: HandshakeAuth, opts: Partial<ManagerOptions & SocketOptions>,
  href: string = location.href): AppSocket {
  const own = new URL(href).origin;
  const standby = standbyOrigin(href);
  const manager = new Manager({ ...opts, ...aimAt(own) });
  if (standby) {
    manager.on('reconnect_attempt', (attempt) => {
      if (attempt < 2) return; // a blip: try the same machine once first
      Object.assign(manager.opts, aimAt(machineOf(socket) === own ? standby : own));
    });
  }
  const socket: AppSocket = manager.socket('/', { auth: typeof auth === 'function' ? (send) => send(auth()) : auth });
  return socket;
}
