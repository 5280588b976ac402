// `npm run -s nginx-conf -- --servers 3001,3002,3003 [--listen 8080] [--dist dist] [--prefix data/nginx]
// [--standby http://192.168.1.24:8080]` (the standby machine's address, which its pages may connect to): fills in
// deploy/nginx.conf (the processes, the built files, the server's headers, cache policy and body limit) and writes
// <prefix>/nginx.conf with the logs/ and tmp/ folders nginx needs, then prints how to start and stop it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ASSET_HEADERS, CACHE_CONTROL, securityHeaders } from '../app';
import { standbyAddress } from '../standby';
import { SCREENS } from '../../shared/links';
import { LIMITS } from '../budgets';

/** The template, in the repository. */
export const NGINX_TEMPLATE = resolve(import.meta.dirname, '..', '..', 'deploy', 'nginx.conf');

/** Debian's brotli_static module (package libnginx-mod-http-brotli-static); used when it is installed. */
export const BROTLI_STATIC_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';

/** What the configuration is filled in with. */
export interface NginxOptions {
  /** The server processes, as `host:port` (a bare port is on 127.0.0.1). */
  servers: string[];
  /** Where nginx listens: a port, or `address:port`. */
  listen: string;
  /** The built screens (`npm run build`'s dist/), as an absolute path. */
  dist: string;
  /** Whether to send the .br twins too (needs BROTLI_STATIC_MODULE). */
  brotli: boolean;
  /** The standby machine's address (the processes' STANDBY), which the pages' sockets may move to; none by default. */
  standby?: string | null;
}

/** An nginx `location` matching a screen's link path as express does (`/judge/:token` → `^/judge/[^/]+/?$`). */
function screenLocation(path: string): string {
  return `location ~ ^${path.replace(/:[A-Za-z]+/g, '[^/]+')}/?$`;
}

/** deploy/nginx.conf filled in: every @NAME@ replaced, or an error naming the one left. */
export function nginxConf(opts: NginxOptions, template = readFileSync(NGINX_TEMPLATE, 'utf8')): string {
  if (opts.servers.length === 0) throw new Error('at least one server process is needed');
  const values: Record<string, string> = {
    LOAD_MODULES: opts.brotli ? `load_module ${BROTLI_STATIC_MODULE};` : '# (brotli_static: not installed, the .gz twins are sent)',
    MAX_BODY: String(LIMITS.http.importBytes),
    SERVERS: opts.servers.map((s) => `    server ${/^\d+$/.test(s) ? `127.0.0.1:${s}` : s} max_fails=1 fail_timeout=5s;`).join('\n'),
    CACHE_ASSETS: CACHE_CONTROL.assets,
    CACHE_PAGES: CACHE_CONTROL.pages,
    LISTEN: opts.listen,
    DIST: opts.dist,
    BROTLI: opts.brotli ? '    brotli_static on;' : '',
    SECURITY_HEADERS: Object.entries(securityHeaders(opts.standby ?? null)).map(([k, v]) => `      add_header ${k} "${v}" always;`).join('\n'),
    ASSET_HEADERS: Object.entries(ASSET_HEADERS).map(([k, v]) => `        add_header ${k} "${v}" always;`).join('\n'),
    SCREEN_PAGES: Object.values(SCREENS).map(({ path, page }) => `      ${screenLocation(path)} { try_files /${page} =404; }`).join('\n'),
  };
  const out = template.replace(/@([A-Z_]+)@/g, (all, name: string) => values[name] ?? all);
  const left = /@[A-Z_]+@/.exec(out);
  if (left) throw new Error(`the template has an unknown placeholder ${left[0]}`);
  return out;
}

/** Writes <prefix>/nginx.conf and the folders its relative paths name; returns the configuration's path. */
export function writeNginxPrefix(prefix: string, conf: string): string {
  for (const dir of ['logs', 'tmp']) mkdirSync(join(prefix, dir), { recursive: true });
  const path = join(prefix, 'nginx.conf');
  writeFileSync(path, conf);
  return path;
}

/** `--servers 3001,3002` or `--servers 3001-3003` (ports on this machine), or `10.0.0.5:3000,10.0.0.6:3000`. */
export function parseServers(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean).flatMap((s) => {
    const range = /^(\d+)-(\d+)$/.exec(s);
    if (!range) return [s];
    const [from, to] = [Number(range[1]), Number(range[2])];
    return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => String(from + i));
  });
}

/** The command: prints where the configuration went and how to run nginx on it; 2 on bad arguments. */
export function main(argv: string[]): number {
  let args;
  try {
    args = parseArgs({ args: argv, options: {
      servers: { type: 'string' }, listen: { type: 'string', default: '8080' },
      dist: { type: 'string', default: 'dist' }, prefix: { type: 'string', default: 'data/nginx' }, standby: { type: 'string' },
    } }).values;
    args = { ...args, standby: standbyAddress({ STANDBY: args.standby }) };
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    args = null;
  }
  const servers = args?.servers ? parseServers(args.servers) : [];
  if (!args || servers.length === 0) {
    process.stderr.write('usage: npm run -s nginx-conf -- --servers 3001-3003 [--listen 8080] [--dist dist] [--prefix data/nginx] '
      + '[--standby http://other-machine:8080]\n'
      + '(see docs/deploy.md)\n');
    return 2;
  }
  const dist = resolve(args.dist);
  if (!existsSync(join(dist, 'index.html'))) process.stderr.write(`warning: ${dist} has no index.html yet: run npm run build\n`);
  const brotli = existsSync(BROTLI_STATIC_MODULE);
  const prefix = resolve(args.prefix);
  const path = writeNginxPrefix(prefix, nginxConf({ servers, listen: args.listen, dist, brotli, standby: args.standby }));
  process.stdout.write(`wrote ${path} (${servers.length} server processes, listening on ${args.listen}, `
    + `${brotli ? 'brotli and gzip' : 'gzip (install libnginx-mod-http-brotli-static for brotli)'})\n`
    + `check it:  nginx -t -p ${prefix} -c nginx.conf\nstart it:  nginx -p ${prefix} -c nginx.conf\n`
    + `reload it: nginx -p ${prefix} -c nginx.conf -s reload\nstop it:   nginx -p ${prefix} -c nginx.conf -s stop\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
