// The watching screens' socket: reconnects within a second of the network's return (a projector must come back fast),
// and drops at once when the browser says it is offline, so the indicator shows without waiting for the heartbeat; it
// moves to the standby machine when its own is unreachable (web/machines.ts).
import { machineSocket, type AppSocket, type HandshakeAuth } from '../../web/machines';

export type WatchSocket = AppSocket;

/**
 * A socket with the given handshake auth (a display token, an audience event id, a voter; for a phone, made afresh at
 * each connection); it connects at once.
 */
export function watchSocket(auth: HandshakeAuth): WatchSocket {
  const first = typeof auth === 'function' ? auth() : auth;
  const socket: WatchSocket = machineSocket(auth, {
    transports: ['websocket', 'polling'], reconnectionDelay: 250, reconnectionDelayMax: 1000, randomizationFactor: 0.2,
    // A phone may wait its turn to connect when thousands come back at once (server/budgets.ts, phoneAdmissions).
    timeout: 'audience' in first || 'voter' in first ? 120_000 : 20_000,
  });
  window.addEventListener('offline', () => socket.disconnect());
  window.addEventListener('online', () => {
    if (!socket.connected) socket.connect();
  });
  return socket;
}

/** A URL query option of the page (?chime=1, ?theme=light, ?speed=2, ?accent=%23ff7a00). */
export function option(name: string): string | null {
  return new URLSearchParams(location.search).get(name);
}
