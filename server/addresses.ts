// The addresses tablets and phones can reach this machine at: its LAN IPv4 addresses (os.networkInterfaces), for the
// admin to choose the one the links and QR codes carry, instead of the address the admin page was opened at.
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
