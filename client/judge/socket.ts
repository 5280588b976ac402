// The judge app's one socket, authenticated with the token in the link; the network's own offline signal drops it
// at once (socket.io's heartbeat would take seconds), and its return reconnects.
import { linkParam } from '../../web/link';
import { connectSocket } from '../common/connect';

export const token = linkParam();
export const socket = connectSocket({ token });

window.addEventListener('offline', () => socket.disconnect());
window.addEventListener('online', () => {
  if (!socket.connected) socket.connect();
});
