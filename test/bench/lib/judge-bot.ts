// A judge's tablet without the screen: an outbox of sheets, each resent with the same submission id until the server
// acknowledges it (the rules of client/judge/stores/sheet.ts), over a socket.io client that reconnects by itself.
import { randomBytes } from 'node:crypto';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ScoreReceipt, ServerToClientEvents } from '../../../shared/protocol';
import { machineSocket, standbyOrigin } from '../../../web/machines';

export type Values = { criteria: Record<string, number> } | { total: number };
export interface Pending { sid: string; team: string; values: Values }

export const newSid = (): string => randomBytes(12).toString('base64url');

/**
 * A client's socket to `url`: a server's address, or a screen's link naming a standby machine (`?standby=`), which
 * connects as the pages do (web/machines.ts: to the link's machine, moving to the standby while it is unreachable).
 */
export function clientSocket(url: string, auth: Record<string, unknown>, options: Partial<ManagerOptions & SocketOptions>):
  Socket<ServerToClientEvents, ClientToServerEvents> {
  const opts = { transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 1000, forceNew: true, ...options };
  return standbyOrigin(url) ? machineSocket(auth as Record<string, string>, opts, url) : io(url, { auth, ...opts });
}

/**
 * A handshake refused while the server's Redis is away (UNAVAILABLE) is not retried by socket.io itself: tried again
 * after 200 ms, as the apps' room feed does (shared/feed.ts), until `closed()`.
 */
export function retryRefusedHandshakes(socket: Socket, closed: () => boolean): void {
  socket.on('connect_error', () => {
    if (!socket.active) setTimeout(() => { if (!closed()) socket.connect(); }, 200);
  });
}

/** One judge's tablet: submit() queues a sheet; it is sent in order, and resent on reconnect, until acknowledged. */
export class JudgeBot {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly outbox: Pending[] = [];
  /** Every acknowledged submission, by sid, in the order acknowledged. */
  readonly receipts = new Map<string, ScoreReceipt>();
  /** Refusals other than INTERNAL and UNAVAILABLE (which are retried): none is expected in a fault test. */
  readonly refusals: Array<{ sid: string; code: string; message: string }> = [];
  /** How many sends got no acknowledgement in time, or an INTERNAL one, and were retried. */
  retries = 0;
  /** How many sends were answered UNAVAILABLE (not saved: the server's Redis was away) and kept to be resent. */
  unavailable = 0;
  private flushing = false;
  private closed = false;
  private readonly timer: NodeJS.Timeout;

  /** `options` adds to or replaces the socket.io client's (the transports, a local address to connect from). */
  constructor(readonly name: string, url: string, token: string, private readonly ackTimeoutMs = 5000,
    options: Partial<ManagerOptions & SocketOptions> = {}) {
    this.socket = clientSocket(url, { token }, options);
    this.socket.on('connect', () => void this.flush());
    this.socket.on('storage:status', (s) => { if (s.state === 'ok') void this.flush(); });
    retryRefusedHandshakes(this.socket, () => this.closed);
    this.timer = setInterval(() => void this.flush(), 200);
  }

  submit(p: Pending): void {
    this.outbox.push(p);
    void this.flush();
  }

  /** Sends the outbox in order while connected; a lost, INTERNAL or UNAVAILABLE answer leaves the item to be resent with its sid. */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.outbox.length > 0 && this.socket.connected) {
        const item = this.outbox[0]!;
        let ack: Ack<ScoreReceipt>;
        try {
          ack = await this.socket.timeout(this.ackTimeoutMs).emitWithAck('score:submit', item);
        } catch {
          this.retries += 1;
          return;
        }
        if (!ack.ok && ack.error.code === 'INTERNAL') {
          this.retries += 1;
          return;
        }
        if (!ack.ok && ack.error.code === 'UNAVAILABLE') {
          this.unavailable += 1;
          return;
        }
        if (ack.ok) this.receipts.set(item.sid, ack.data);
        else this.refusals.push({ sid: item.sid, code: ack.error.code, message: ack.error.message });
        this.outbox.shift();
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Resolves once the outbox is empty, or rejects after `ms`. */
  async drained(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (this.outbox.length > 0) {
      if (Date.now() > until) throw new Error(`${this.name}: ${this.outbox.length} sheet(s) still unacknowledged after ${ms} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    this.socket.disconnect();
  }
}
