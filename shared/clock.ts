// The server's clock seen from a client: the offset estimated from a few pings, so countdowns follow the server.
import type { TimerView } from './protocol';

/** Estimates serverNow − localNow from round trips, keeping the sample with the shortest one. */
export async function estimateOffset(ping: () => Promise<number>, samples = 3): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < samples; i++) {
    const sent = Date.now();
    const serverNow = await ping();
    const received = Date.now();
    const rtt = received - sent;
    if (rtt < best.rtt) best = { rtt, offset: serverNow + rtt / 2 - received };
  }
  return best.offset;
}

/** Milliseconds left on a server timer at server time `serverNow` (negative: overrun). */
export function remainingMs(timer: TimerView, serverNow: number): number {
  const running = timer.startedAt === null ? 0 : serverNow - timer.startedAt;
  return timer.durationMs - timer.elapsedMs - running;
}

/** A countdown as m:ss, with a minus sign when overrun. */
export function formatCountdown(ms: number): string {
  const over = ms < 0;
  const s = Math.floor(Math.abs(ms) / 1000) + (over ? 0 : ms % 1000 > 0 ? 1 : 0);
  const text = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  return over ? `-${text}` : text;
}
