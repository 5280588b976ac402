// `npm run docs`: rewrites the type listings of docs/protocol.md from the code, so the document cannot drift from it.
// A listing is the block between `<!-- listing: FILE NAME NAME…; FILE NAME… -->` and `<!-- /listing -->`: the named
// declarations of shared/*.ts (interfaces, types, constants; `schemas.score:submit` names one member) as they are in the
// source, with their TSDoc. `npm run docs -- --check` only says whether the document is current (exit 1 if not);
// test/unit/docs.test.ts holds `npm test` to it.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

/** The documents whose listings are generated. */
export const GENERATED_DOCS = ['docs/protocol.md'];

const LISTING = /^([ \t]*)<!-- listing: (.+?) -->\n[\s\S]*?^[ \t]*<!-- \/listing -->$/gm;

/** The source text of a node with the comments attached to it (none separated from it by a blank line), dedented. */
function withComments(sf: ts.SourceFile, node: ts.Node): string {
  const text = sf.text;
  let start = node.getStart(sf);
  for (const c of [...(ts.getLeadingCommentRanges(text, node.pos) ?? [])].reverse()) {
    if (text.slice(c.end, start).split('\n').length > 2) break;
    start = c.pos;
  }
  const indent = start - (text.lastIndexOf('\n', start - 1) + 1);
  return text.slice(start, node.end).split('\n')
    .map((line, i) => (i === 0 ? line : line.slice(Math.min(indent, line.search(/\S|$/)))))
    .join('\n');
}

function nameOf(node: ts.Node): string | undefined {
  const name = (node as { name?: ts.Node }).name;
  return name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? name.text : undefined;
}

/** The top-level declaration `name` of a file, or `name.member`: one member of an interface or of an object constant. */
function find(sf: ts.SourceFile, name: string): ts.Node {
  const dot = name.indexOf('.');
  const top = dot < 0 ? name : name.slice(0, dot);
  const member = dot < 0 ? undefined : name.slice(dot + 1);
  let found: ts.Node | undefined;
  let body: ts.Node | undefined;
  for (const s of sf.statements) {
    if (ts.isVariableStatement(s)) {
      const d = s.declarationList.declarations.find((v) => nameOf(v) === top);
      if (d) [found, body] = [s, d.initializer];
    } else if (nameOf(s) === top) {
      [found, body] = [s, s];
    }
  }
  if (found && member === undefined) return found;
  while (body && (ts.isAsExpression(body) || ts.isSatisfiesExpression(body) || ts.isParenthesizedExpression(body))) {
    body = body.expression;
  }
  const members = body && (ts.isObjectLiteralExpression(body) ? body.properties : ts.isInterfaceDeclaration(body) ? body.members : undefined);
  const hit = members?.find((m) => nameOf(m) === member);
  if (!hit) throw new Error(`${sf.fileName}: no declaration ${name}`);
  return hit;
}

/** The member names of an interface of a file (the events of ServerToClientEvents, …). */
export function memberNames(file: string, text: string, name: string): string[] {
  const node = find(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true), name);
  if (!ts.isInterfaceDeclaration(node)) throw new Error(`${file}: ${name} is not an interface`);
  return node.members.map(nameOf).filter((n): n is string => n !== undefined);
}

/** The code fence of one listing spec (`FILE NAME…; FILE NAME…`), reading files with `read`. */
export function listing(spec: string, read: (path: string) => string): string {
  const parts: string[] = [];
  for (const group of spec.split(';')) {
    const [file, ...names] = group.trim().split(/\s+/);
    if (!file || names.length === 0) throw new Error(`listing "${spec}": give a file and the names to list`);
    const sf = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, true);
    parts.push(`// ${file}`, ...names.map((n) => `${withComments(sf, find(sf, n))}\n`));
  }
  return ['```ts', parts.join('\n').trimEnd(), '```'].join('\n');
}

/** The document with every listing block rewritten from the code. */
export function renderListings(doc: string, read: (path: string) => string): string {
  return doc.replace(LISTING, (_block, indent: string, spec: string) => {
    const lines = [`<!-- listing: ${spec} -->`, ...listing(spec, read).split('\n'), '<!-- /listing -->'];
    return lines.map((line) => (line === '' ? line : indent + line)).join('\n');
  });
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const read = (path: string) => readFileSync(path, 'utf8');
  let stale = 0;
  for (const file of GENERATED_DOCS) {
    const doc = read(file);
    const next = renderListings(doc, read);
    if (next === doc) continue;
    stale++;
    if (check) process.stderr.write(`${file} is out of date: run npm run docs\n`);
    else writeFileSync(file, next);
  }
  return check && stale > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
