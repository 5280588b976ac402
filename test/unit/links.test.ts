// The addresses a tablet or phone could never reach (shared/links.ts): the projector shows no QR code of them and the
// admin page warns about them.
import { describe, expect, it } from 'vitest';
import { linkPath } from '../../shared/links';
import { isLoopback } from '../../web/link';

describe('isLoopback', () => {
  it('is true for this device\'s own addresses, false for a LAN or public one', () => {
    for (const base of ['http://localhost:3000', 'http://app.localhost', 'http://127.0.0.1:5173', 'http://127.1.2.3', 'http://[::1]:3000', 'http://0.0.0.0:3000']) {
      expect(isLoopback(base), base).toBe(true);
    }
    for (const base of ['http://192.168.1.23:3000', 'http://10.0.0.5', 'https://finals.example.org', 'http://128.0.0.1', 'http://localhost.example.org']) {
      expect(isLoopback(base), base).toBe(false);
    }
  });
  it('the live page of an event is /live/<eventId>', () => {
    expect(linkPath.audience('gd-2026')).toBe('/live/gd-2026');
  });
});
