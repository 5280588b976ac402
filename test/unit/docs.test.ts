// The documents against the code: docs/protocol.md's listings are what `npm run docs` writes from shared/, its tables
// name every command (with its roles), server event and error code; docs/results-file.md's examples use only fields the
// code has; and every file or script the docs name exists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_DOCS, memberNames, renderListings } from '../../server/cli/docs';
import { COMMAND_ROLES, ERROR_CODES, ROLES } from '../../shared/protocol';
import { computeResults, resultsFileSchema } from '../../shared/results';

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

  it('§2.3 explains every error code', () => {
    expect(table(PROTOCOL, '### 2.3 Error codes').map(([code]) => code).sort()).toEqual([...ERROR_CODES].sort());
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
    expect([...keys(computed.results[0]), 'reason']).toEqual(expect.arrayContaining(keys(row)));
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

describe('the files, scripts and links the docs name exist', () => {
  const docs = ['README.md', 'RELIABILITY.md', 'BENCHMARKS.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  const lua = readdirSync('server/store/lua').map((f) => `server/store/lua/${f}`);
  const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);

  it.each([...docs, ...lua])('%s', (file) => {
    const text = read(file);
    const missing: string[] = [];
    // a path from the top of the repository, not inside a URL or a longer path
    for (const [path] of text.matchAll(/(?<![\w/.:-])(?:shared|server|client|display|test|docs|public)\/[\w./-]*\w/g)) {
      if (!existsSync(path)) missing.push(path);
    }
    // a Lua script by its name
    for (const [name] of text.matchAll(/\b[\w-]+\.lua\b/g)) {
      if (!existsSync(`server/store/lua/${name}`)) missing.push(name);
    }
    // a Markdown link to a file, relative to the document
    for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (!/^[a-z]+:/.test(target!) && !existsSync(join(dirname(file), target!))) missing.push(target!);
    }
    for (const [, script] of text.matchAll(/npm run (?:-s )?([\w:-]+)/g)) {
      if (!scripts.includes(script!)) missing.push(`npm run ${script}`);
    }
    expect(missing).toEqual([]);
  });
});
