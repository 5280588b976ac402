// The floor: a bare `ws` server that speaks just enough Engine.IO/socket.io for socket.io-client to connect (the open
// packet, the namespace connect, heartbeats), and on a trigger from its "host" connection sends the given bytes to every
// other socket with ws.send, nothing else. What a broadcast costs at the least on this machine.
import { WebSocketServer, type WebSocket } from 'ws';
import { serve } from './child';

const port = Number(process.env.PORT);
const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false, maxPayload: 10_000_000 });
const clients = new Set<WebSocket>();
let n = 0;

wss.on('connection', (ws, req) => {
  const isHost = (req.url ?? '').includes('host=1');
  const sid = `floor${(n += 1)}`;
  if (!isHost) clients.add(ws);
  ws.on('close', () => clients.delete(ws));
  ws.send(`0${JSON.stringify({ sid, upgrades: [], pingInterval: 25_000, pingTimeout: 60_000, maxPayload: 1_000_000 })}`);
  ws.on('message', (data) => {
    const text = data.toString();
    if (isHost && text.startsWith('T')) {
      const bytes = Buffer.from(text.slice(1));
      for (const c of clients) c.send(bytes, { binary: false });
      return;
    }
    if (text.startsWith('40')) ws.send(`40${JSON.stringify({ sid })}`);
  });
});
const heartbeat = setInterval(() => { for (const c of clients) c.send('2'); }, 20_000);
await new Promise<void>((ok) => wss.once('listening', () => ok()));

serve(async (req) => {
  if (req.type === 'count') return { clients: clients.size };
  if (req.type === 'close') {
    clearInterval(heartbeat);
    for (const c of clients) c.terminate();
    return {};
  }
  throw new Error(`unknown request ${req.type}`);
});
process.send!({ type: 'ready' });
