// A watching screen without the screen: its copy of the rooms (RoomMirror) and leaderboards, reset on every reconnect
// and rebuilt from the snapshots that follow, as docs/protocol.md §6 says a client must.
import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import { clientSocket, retryRefusedHandshakes } from './judge-bot';
import { RoomMirror } from '../../../shared/mirror';
import type { Ack, BoardView, ClientToServerEvents, RoomView, ServerToClientEvents } from '../../../shared/protocol';

export class Watcher {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly mirror = new RoomMirror();
  readonly boards = new Map<string, BoardView>();
  /** Frames received since the last reconnect. */
  frames = 0;
  connects = 0;
  private closed = false;

  /** `options` adds to or replaces the socket.io client's (the transports, a local address to connect from). */
  constructor(url: string, auth: Record<string, unknown>, options: Partial<ManagerOptions & SocketOptions> = {}) {
    this.socket = clientSocket(url, auth, options);
    retryRefusedHandshakes(this.socket, () => this.closed);
    this.socket.on('connect', () => {
      this.connects += 1;
      this.frames = 0;
      this.mirror.reset();
    });
    this.socket.onAny(() => { this.frames += 1; });
    this.socket.on('room:snapshot', (v) => void this.mirror.snapshot(v));
    this.socket.on('room:patch', (p) => {
      if (this.mirror.patch(p) === 'needs-sync') void this.sync();
    });
    this.socket.on('board:leaderboard', (b) => void this.boards.set(b.trackId, b));
    this.socket.on('audience:welcome', (w) => {
      for (const v of w.rooms) this.mirror.snapshot(v);
      for (const b of w.boards) this.boards.set(b.trackId, b);
    });
  }

  private async sync(): Promise<void> {
    const ack = (await this.socket.timeout(5000).emitWithAck('room:sync', {}).catch(() => null)) as Ack<RoomView[]> | null;
    if (ack?.ok) for (const v of ack.data) this.mirror.snapshot(v);
  }

  room(id: string): RoomView | undefined {
    return this.mirror.rooms.get(id);
  }

  close(): void {
    this.closed = true;
    this.socket.disconnect();
  }
}
