// The documents against the code: docs/protocol.md's listings are what `npm run docs` writes from shared/, its tables
// name every command (with its roles), server event, error code and audit action, and §4 gives each command's payload
// keys as its schema has them; docs/redis.md lists every key of an event; docs/results-file.md's examples use only
// fields the code has; and every file or script the docs name exists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_DOCS, memberNames, renderListings } from '../../server/cli/docs';
import { AUDIT_ACTIONS } from '../../shared/audit';
import { COMMAND_ROLES, ERROR_CODES, ROLES, schemas, type CommandName } from '../../shared/protocol';
import { computeResults, resultsFileSchema } from '../../shared/results';
import { eventKeys, EVENTS_KEY } from '../../server/store/keys';

const read = (path: string) => readFileSync(path, 'utf8');
const PROTOCOL = read('docs/protocol.md');

/** The first column and the others of the first table after a heading, code spans unwrapped. */
function table(doc: string, heading: string): Array<[string, string[]]> {
  const at = doc.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`no heading ${heading}`);
  const lines = doc.slice(at).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows = lines.slice(first + 2, lines.findIndex((l, i) => i > first && !l.startsWith('|')));
  return rows.map((row) => {
    const cells = row.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
    return [cells[0]!.replace(/^`|`$/g, ''), cells.slice(1)];
  });
}

/** The keys of an inline object type (`{ team: id, reason?: string }`), `?` kept, nested objects skipped. */
function topKeys(span: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (let i = 0; i < span.length; i++) {
    const c = span[i]!;
    if (c === '{') depth++;
    else if (c === '}') depth--;
    if (depth === 1 && (c === '{' || c === ',')) {
      const key = /^\s*([A-Za-z]+\??)\s*:/.exec(span.slice(i + 1));
      if (key) keys.push(key[1]!);
    }
  }
  return keys;
}

describe('docs/protocol.md', () => {
  it.each(GENERATED_DOCS)('%s: every listing is what `npm run docs` writes from the code', (file) => {
    const doc = read(file);
    expect(doc).toContain('<!-- listing: ');
    expect(renderListings(doc, read)).toBe(doc);
  });

  it('§4.1 lists every command with the roles that may send it', () => {
    const roles = (cell: string) => (cell === 'every role' ? [...ROLES] : cell.split(', ')).sort();
    const documented = Object.fromEntries(table(PROTOCOL, '### 4.1 Summary').map(([command, cells]) => [command, roles(cells[0]!)]));
    const code = Object.fromEntries(Object.entries(COMMAND_ROLES).map(([command, r]) => [command, [...r].sort()]));
    expect(documented).toEqual(code);
  });

  it('§3.1 lists every server event', () => {
    const events = memberNames('shared/protocol.ts', read('shared/protocol.ts'), 'ServerToClientEvents');
    expect(table(PROTOCOL, '### 3.1 Who gets what, when').map(([event]) => event).sort()).toEqual(events.sort());
  });

  it('§4 gives each command\'s payload with the keys of its schema (or as a listing)', () => {
    const documented = new Map<string, string[]>();
    for (const section of PROTOCOL.split(/^#{3,4} /m)) {
      const heading = section.slice(0, section.indexOf('\n'));
      const commands = [...heading.matchAll(/`([a-z]+:[a-z-]+)`/g)].map((m) => m[1]!).filter((c) => c in schemas) as CommandName[];
      const at = section.search(/payload/i);
      if (commands.length === 0 || at < 0) continue;
      // the payload's type, or one per command (`{ … }` or `{ … }`); none inline: a listing follows
      const spans = /^:? `(\{[^`]*)`(?: or `(\{[^`]*)`)?/.exec(section.slice(at + 7).replace(/\n\s*/g, ' '))?.slice(1);
      const keys = spans ? spans.filter((x) => x !== undefined).flatMap(topKeys) : ['(listing)'];
      documented.set(commands.join(' '), [...new Set(keys)].sort());
    }
    const expected = new Map<string, string[]>();
    for (const commands of documented.keys()) {
      const keys = commands.split(' ').flatMap((c) => Object.entries(schemas[c as CommandName].shape)
        .map(([key, schema]) => (schema.isOptional() ? `${key}?` : key)));
      const listed = PROTOCOL.includes(`<!-- listing: shared/protocol.ts schemas.${commands} `);
      expected.set(commands, listed ? ['(listing)'] : [...new Set(keys)].sort());
    }
    expect(documented).toEqual(expected);
    expect([...documented.keys()].flatMap((c) => c.split(' ')).sort()).toEqual(Object.keys(schemas).sort());
  });

  it('§3.9 names every audit action', () => {
    const table = PROTOCOL.slice(PROTOCOL.indexOf('| `action` | `actor` |'));
    const actions = table.slice(0, table.indexOf('\n\n')).split('\n').flatMap((row) => [...row.split('|')[1]!.matchAll(/`([a-z]+\.[a-z-]+)`/g)].map((m) => m[1]!));
    expect(actions.sort()).toEqual(Object.keys(AUDIT_ACTIONS).sort());
  });

  it('§2.3 explains every error code', () => {
    expect(table(PROTOCOL, '### 2.3 Error codes').map(([code]) => code).sort()).toEqual([...ERROR_CODES].sort());
  });
});

describe('docs/redis.md', () => {
  it('lists every key of an event (server/store/keys.ts), and no other', () => {
    const { prefix: _prefix, ...keys } = eventKeys('E');
    const code = Object.values(keys).map((k) => (typeof k === 'string' ? k : k('<id>')));
    const documented = [...read('docs/redis.md').matchAll(/^\| `(fs:[^`]+)`/gm)].map((m) => m[1]!.replace(/<\w+>/g, '<id>'));
    expect(documented.filter((k) => k.startsWith('fs:{E}:')).sort()).toEqual(code.sort());
    expect(documented).toContain(EVENTS_KEY);
  });
});

/** The JSON of each ```jsonc block of a document, its `//` comments dropped (a bare `"key": value` is wrapped in {}). */
function jsoncBlocks(doc: string): unknown[] {
  return [...doc.matchAll(/^```jsonc\n([\s\S]*?)^```$/gm)].map(([, body]) => {
    const json = body!.replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*/g, (_m, string?: string) => string ?? '');
    return JSON.parse(json.trim().startsWith('{') ? json : `{${json}}`);
  });
}

describe('docs/results-file.md', () => {
  const [input, output, evidence] = jsoncBlocks(read('docs/results-file.md')) as Array<Record<string, unknown>>;
  const keys = (o: unknown) => Object.keys(o as object).sort();

  it('the input example is a results file, with only the fields of its schema', () => {
    expect(resultsFileSchema.safeParse(input).success).toBe(true);
    expect(keys(resultsFileSchema.shape)).toEqual(expect.arrayContaining(keys(input)));
    expect(keys(resultsFileSchema.shape.rules.shape)).toEqual(keys(input!.rules));
  });

  it('the output example has the fields `npm run results` prints', () => {
    const computed = computeResults(JSON.parse(read('docs/examples/results-example.json')));
    expect(keys(output)).toEqual(keys(computed));
    const row = (output!.results as object[])[0];
    const mixed = computeResults(JSON.parse(read('docs/examples/results-mix-example.json')));
    expect([...keys(computed.results[0]), ...keys(mixed.results[0]), 'reason']).toEqual(expect.arrayContaining(keys(row)));
  });

  it('the evidence example\'s audit entry has the fields of a stored entry', () => {
    const entry = ((evidence!.evidence as { audit: object[] }).audit)[0];
    const fields = [
      ...memberNames('shared/protocol.ts', read('shared/protocol.ts'), 'AuditView'),
      ...memberNames('server/store/index.ts', read('server/store/index.ts'), 'AuditEntry'),
    ];
    expect(fields.sort()).toEqual(keys(entry));
  });
});

describe('the files, scripts and links the docs and the code\'s comments name exist', () => {
  const docs = ['README.md', 'RELIABILITY.md', 'BENCHMARKS.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  const sources = ['shared', 'server', 'web', 'client', 'display', 'test']
    .flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => `${dir}/${f}`))
    .filter((f) => /\.(ts|vue|lua)$/.test(f));
  const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);

  /** What a file names that is not there: repository paths, Lua scripts, npm scripts; in Markdown, relative links. */
  function missing(file: string): string[] {
    const text = read(file);
    const out: string[] = [];
    // a path from the top of the repository, not inside a URL or a longer path
    for (const [path] of text.matchAll(/(?<![\w/.:-])(?:shared|server|web|client|display|test|docs|public|deploy)\/[\w./-]*\w/g)) {
      // (the fence test lints and compiles code it places, virtually, at such paths)
      if (!existsSync(path) && !/\/fixture\.(ts|vue)$/i.test(path)) out.push(path);
    }
    for (const [name] of text.matchAll(/\b[\w-]+\.lua\b/g)) {
      if (!existsSync(`server/store/lua/${name}`)) out.push(name);
    }
    for (const [, script] of text.matchAll(/npm run (?:-s )?([\w:-]+)/g)) {
      if (!scripts.includes(script!)) out.push(`npm run ${script}`);
    }
    if (file.endsWith('.md')) {
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (!/^[a-z]+:/.test(target!) && !existsSync(join(dirname(file), target!))) out.push(target!);
      }
    }
    return out.map((name) => `${file}: ${name}`);
  }

  it.each(docs)('%s', (file) => expect(missing(file)).toEqual([]));

  it('the sources (shared, server, web, client, display, test; their comments above all)', () => {
    expect(sources.length).toBeGreaterThan(100);
    expect(sources.flatMap(missing)).toEqual([]);
  });
});
