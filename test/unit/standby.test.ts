// The standby machine's configuration (server/standby.ts: sentinels, STANDBY, REDIS_WAIT_MS), the links that carry its
// address (shared/links.ts), what the pages allow (server/app.ts securityHeaders) and read (web/machines.ts).
import { describe, expect, it } from 'vitest';
import { securityHeaders, SECURITY_HEADERS } from '../../server/app';
import { nginxConf } from '../../server/cli/nginx-conf';
import { parseSentinels, redisTarget, sentinelOptions, standbyAddress, waitTimeout } from '../../server/standby';
import { linkPath } from '../../shared/links';
import { machineOf, machineSocket, standbyOrigin } from '../../web/machines';

describe('the standby configuration', () => {
  it('reads REDIS_SENTINELS as host:port pairs and refuses anything else, naming it', () => {
    expect(parseSentinels('192.168.1.23:26379, 192.168.1.24:26379,[::1]:26380')).toEqual([
      { host: '192.168.1.23', port: 26379 }, { host: '192.168.1.24', port: 26379 }, { host: '::1', port: 26380 }]);
    for (const bad of ['192.168.1.23', 'host:0', 'host:70000', ':26379', 'a:b']) expect(() => parseSentinels(bad), bad).toThrow(/REDIS_SENTINELS/);
    expect(() => parseSentinels(' , ')).toThrow(/no sentinel/);
  });

  it('prefers the sentinels to REDIS_URL, and the embedded Redis when neither is given', () => {
    expect(redisTarget({ REDIS_SENTINELS: 'a:1', REDIS_URL: 'redis://x' })).toEqual({ kind: 'sentinel', sentinels: [{ host: 'a', port: 1 }], name: 'finals' });
    expect(redisTarget({ REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'gd', REDIS_PASSWORD: 'pw' })).toMatchObject({ name: 'gd', password: 'pw' });
    expect(() => redisTarget({ REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'no spaces' })).toThrow(/REDIS_SENTINEL_NAME/);
    expect(redisTarget({ REDIS_URL: 'redis://x:6379' })).toEqual({ kind: 'url', url: 'redis://x:6379' });
    expect(redisTarget({})).toEqual({ kind: 'embedded' });
    const opts = sentinelOptions({ kind: 'sentinel', sentinels: [{ host: 'a', port: 1 }], name: 'finals', password: 'pw' });
    expect(opts).toMatchObject({ sentinels: [{ host: 'a', port: 1 }], name: 'finals', role: 'master', password: 'pw' });
    expect([1, 5, 50].map((n) => (opts.retryStrategy as (n: number) => number)(n))).toEqual([100, 500, 1000]);
  });

  it('reads STANDBY as an http(s) origin, and REDIS_WAIT_MS as whole milliseconds', () => {
    expect(standbyAddress({ STANDBY: 'http://192.168.1.24:3000/' })).toBe('http://192.168.1.24:3000');
    expect(standbyAddress({})).toBeNull();
    expect(() => standbyAddress({ STANDBY: '192.168.1.24:3000' })).toThrow(/STANDBY/);
    expect(() => standbyAddress({ STANDBY: 'ftp://192.168.1.24' })).toThrow(/http/);
    expect(waitTimeout({})).toBe(1000);
    expect(waitTimeout({ REDIS_WAIT_MS: '250' })).toBe(250);
    for (const bad of ['0', '1.5', 'soon', '100000']) expect(() => waitTimeout({ REDIS_WAIT_MS: bad }), bad).toThrow(/REDIS_WAIT_MS/);
  });

  it('lets the pages connect to the standby (http and ws), and nothing else changes', () => {
    expect(securityHeaders(null)).toBe(SECURITY_HEADERS);
    const csp = securityHeaders('http://192.168.1.24:3000')['Content-Security-Policy']!;
    expect(csp).toContain("connect-src 'self' http://192.168.1.24:3000 ws://192.168.1.24:3000;");
    expect(csp.replace(' http://192.168.1.24:3000 ws://192.168.1.24:3000', '')).toBe(SECURITY_HEADERS['Content-Security-Policy']);
    // nginx in front sends the same headers (npm run nginx-conf -- --standby …).
    const conf = nginxConf({ servers: ['3001'], listen: '8080', dist: '/srv/dist', brotli: false, standby: 'http://192.168.1.24:8080' });
    expect(conf).toContain("connect-src 'self' http://192.168.1.24:8080 ws://192.168.1.24:8080;");
    expect(nginxConf({ servers: ['3001'], listen: '8080', dist: '/srv/dist', brotli: false })).toContain("connect-src 'self';");
  });
});

describe('links that name the standby', () => {
  it('carry ?standby= when there is one, and the page reads it back', () => {
    expect(linkPath.judge('tok')).toBe('/judge/tok');
    const path = linkPath.judge('tok', 'http://192.168.1.24:3000');
    expect(path).toBe('/judge/tok?standby=http%3A%2F%2F192.168.1.24%3A3000');
    expect(standbyOrigin(`http://192.168.1.23:3000${path}`)).toBe('http://192.168.1.24:3000');
    expect(standbyOrigin('http://192.168.1.23:3000/judge/tok')).toBeNull();
    expect(standbyOrigin('http://192.168.1.23:3000/judge/tok?standby=javascript%3Aalert(1)')).toBeNull();
    expect(standbyOrigin('http://192.168.1.23:3000/judge/tok?standby=http%3A%2F%2F192.168.1.23%3A3000')).toBeNull();
  });

  it('a socket starts on the page\'s own machine', () => {
    const socket = machineSocket({ token: 't' }, { autoConnect: false }, 'https://[::1]:8443/judge/t?standby=http%3A%2F%2F10.0.0.2%3A3000');
    expect(machineOf(socket)).toBe('https://[::1]:8443');
    socket.disconnect();
  });
});
