// The addresses tablets and phones can reach this machine at: its LAN IPv4 addresses (os.networkInterfaces), for the
// admin to choose the one the links and QR codes carry, instead of the address the admin page was opened at; and the
// address a request came from, behind a reverse proxy too.
import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';

/** This machine's non-loopback IPv4 addresses as base URLs on `port` (`http://192.168.1.23:3000`), in interface order. */
export function lanAddresses(port: string): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.family === 'IPv4' && !a.internal && !a.address.startsWith('169.254.')) out.push(`http://${a.address}${port ? `:${port}` : ''}`);
    }
  }
  return [...new Set(out)];
}

/** The port of a Host header (`localhost:3000` → `3000`), or '' for the scheme's default. */
export function hostPort(host: string | undefined): string {
  try {
    return host ? new URL(`http://${host}`).port : '';
  } catch {
    return '';
  }
}

/**
 * The address a request (an HTTP request, a socket's handshake) came from: the connection's peer; when the peer is one of
 * `proxies` (TRUST_PROXY: the reverse proxy's own addresses, such as nginx's 127.0.0.1), the last address its
 * X-Forwarded-For names that is not a proxy. An IPv4 address is given plain, also when it came as IPv6 (`::ffff:…`).
 */
export function clientAddress(req: IncomingMessage, proxies: readonly string[]): string {
  const plain = (a: string) => a.trim().replace(/^::ffff:(?=\d+\.)/, '');
  let address = plain(req.socket.remoteAddress ?? '');
  const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',').map(plain).filter(Boolean);
  while (proxies.includes(address) && forwarded.length > 0) address = forwarded.pop()!;
  return address;
}
