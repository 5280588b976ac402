// A TCP proxy that can fail like venue Wi-Fi: pass traffic, drop it all (connections stay open), drop only the replies,
// or cut every connection at once.
import { createServer, connect, type Server, type Socket } from 'node:net';

export type ProxyMode = 'pass' | 'blackhole' | 'drop-replies';

/** Forwards 127.0.0.1:<port> to a target port, misbehaving on demand. */
export class FaultProxy {
  mode: ProxyMode = 'pass';
  private readonly pairs = new Set<[Socket, Socket]>();

  private constructor(private readonly server: Server, readonly port: number, private readonly target: number) {}

  static async start(target: number): Promise<FaultProxy> {
    const ref: { proxy?: FaultProxy } = {};
    const server = createServer((client) => ref.proxy!.accept(client));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const addr = server.address();
    ref.proxy = new FaultProxy(server, typeof addr === 'object' && addr ? addr.port : 0, target);
    return ref.proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private accept(client: Socket): void {
    const upstream = connect(this.target, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    client.on('data', (d) => { if (this.mode !== 'blackhole') upstream.write(d); });
    upstream.on('data', (d) => { if (this.mode === 'pass') client.write(d); });
    const close = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  }

  /** Drops every open connection (as when a tablet re-joins the network): both ends see the connection close. */
  cut(): void {
    for (const [a, b] of this.pairs) {
      a.resetAndDestroy();
      b.destroy();
    }
    this.pairs.clear();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((ok) => this.server.close(() => ok()));
  }
}
