// clientAddress: whose address a request is counted against, directly and behind a trusted reverse proxy.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../server/addresses';

const req = (peer: string, forwarded?: string) =>
  ({ socket: { remoteAddress: peer }, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } }) as unknown as IncomingMessage;

describe('clientAddress', () => {
  it('is the peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress(req('::ffff:192.168.1.7', '10.9.9.9'), [])).toBe('192.168.1.7');
    expect(clientAddress(req('fe80::1'), [])).toBe('fe80::1');
  });

  it("is the address a trusted proxy forwarded, and not one the client wrote in its own header", () => {
    expect(clientAddress(req('::ffff:127.0.0.1', '192.168.1.7'), ['127.0.0.1'])).toBe('192.168.1.7');
    expect(clientAddress(req('127.0.0.1', '6.6.6.6, 192.168.1.7'), ['127.0.0.1'])).toBe('192.168.1.7');
    expect(clientAddress(req('10.0.0.1', '192.168.1.7, 10.0.0.9'), ['10.0.0.1', '10.0.0.9'])).toBe('192.168.1.7');
  });

  it('is the peer when it is not a trusted proxy, or names nobody', () => {
    expect(clientAddress(req('192.168.1.8', '192.168.1.7'), ['127.0.0.1'])).toBe('192.168.1.8');
    expect(clientAddress(req('127.0.0.1'), ['127.0.0.1'])).toBe('127.0.0.1');
  });
});
