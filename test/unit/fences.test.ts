// The layer fences hold: ESLint (eslint.config.js) refuses, in each folder, an import of a layer it may not use, a
// Node module where the code runs in a browser and a runtime's globals where the other runtime may run it, while a
// file that keeps to its layer passes; and each environment's TypeScript config (tsconfig.*.json) knows only its own
// runtime's globals. The fixtures are placed in the folders virtually: nothing is written.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

/** The rules ESLint breaks in `code` placed at `file` (a path from the repository's root). */
async function broken(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

const IMPORTS = 'no-restricted-imports';
const GLOBALS = 'no-restricted-globals';

/** One violation per line: the file it is placed in, the code, the rule that must refuse it. */
const VIOLATIONS: Array<[string, string, string]> = [
  ['shared/fixture.ts', "import '../server/rooms';", IMPORTS],
  ['shared/fixture.ts', "import '../client/common/connect';", IMPORTS],
  ['shared/fixture.ts', "import '../display/common/score';", IMPORTS],
  ['shared/fixture.ts', "import '../web/i18n';", IMPORTS],
  ['shared/fixture.ts', "import 'node:fs';", IMPORTS],
  ['shared/fixture.ts', "import 'fs';", IMPORTS],
  ['shared/fixture.ts', 'export const width = window.innerWidth;', GLOBALS],
  ['shared/fixture.ts', 'export const title = document.title;', GLOBALS],
  ['shared/fixture.ts', "export const saved = localStorage.getItem('x');", GLOBALS],
  ['shared/fixture.ts', 'export const env = process.env;', GLOBALS],
  ['shared/fixture.ts', "export const bytes = Buffer.from('x');", GLOBALS],
  ['server/fixture.ts', "import '../client/common/connect';", IMPORTS],
  ['server/handlers/fixture.ts', "import '../../display/common/score';", IMPORTS],
  ['server/fixture.ts', "import '../web/i18n';", IMPORTS],
  ['server/fixture.ts', 'export const title = document.title;', GLOBALS],
  ['web/fixture.ts', "import '../server/rooms';", IMPORTS],
  ['web/fixture.ts', "import '../client/common/connect';", IMPORTS],
  ['web/fixture.ts', "import '../display/common/score';", IMPORTS],
  ['web/fixture.ts', "import 'node:crypto';", IMPORTS],
  ['web/fixture.ts', 'export const env = process.env;', GLOBALS],
  ['client/judge/fixture.ts', "import '../../server/rooms';", IMPORTS],
  ['client/judge/fixture.ts', "import { createHash } from 'crypto'; export const hash = createHash;", IMPORTS],
  ['client/judge/fixture.ts', 'export const env = process.env;', GLOBALS],
  ['client/judge/Fixture.vue', '<script setup lang="ts">\nimport \'../../server/rooms\';\n</script>\n', IMPORTS],
  ['display/projector/fixture.ts', "import '../../client/common/connect';", IMPORTS],
  ['display/projector/fixture.ts', "import '../../server/rooms';", IMPORTS],
  ['display/projector/fixture.ts', "import 'node:path';", IMPORTS],
  ['display/projector/fixture.ts', "export const load = require('x');", GLOBALS],
];

/** A file in each folder that keeps to its layer. */
const GOOD: Array<[string, string]> = [
  ['shared/fixture.ts', "import { z } from 'zod';\nimport { PHASES } from './phases';\nexport const phases = z.array(z.string()).parse(PHASES);\n"],
  ['server/fixture.ts', "import { readFileSync } from 'node:fs';\nimport { PHASES } from '../shared/phases';\nexport const port = process.env.PORT ?? readFileSync('x', 'utf8') + PHASES.length;\n"],
  ['web/fixture.ts', "import { io } from 'socket.io-client';\nimport { PHASES } from '../shared/phases';\nexport const socket = io({ auth: { phase: PHASES[0]! } });\nexport const title = document.title + localStorage.length;\n"],
  ['client/judge/fixture.ts', "import { makeI18n } from '../../web/i18n';\nimport { PHASES } from '../../shared/phases';\nimport { connectSocket } from '../common/connect';\nexport const all = [makeI18n, PHASES, connectSocket, window.innerWidth];\n"],
  ['display/projector/fixture.ts', "import { makeI18n } from '../../web/i18n';\nimport { PHASES } from '../../shared/phases';\nimport { watchSocket } from '../common/socket';\nexport const all = [makeI18n, PHASES, watchSocket, document.title];\n"],
  ['test/unit/fixture.ts', "import '../../server/rooms';\nimport '../../client/common/connect';\nexport const both = [process.env, globalThis.document];\n"],
];

describe('the lint fences', () => {
  it.each(VIOLATIONS)('refuses in %s: %s', async (file, code, rule) => {
    expect(await broken(file, code)).toContain(rule);
  });

  it.each(GOOD)('passes a file that keeps to its layer: %s', async (file, code) => {
    expect(await broken(file, code)).toEqual([]);
  });
});

/** The messages of TypeScript on `code` placed at `file`, checked with the options of the config `config`. */
function typeErrors(config: string, file: string, code: string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(resolve(root, config), {}, {
    ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
  })!;
  const path = resolve(root, file);
  const host = ts.createCompilerHost(parsed.options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => (name === path ? ts.createSourceFile(name, code, language) : read(name, language, ...rest));
  const exists = host.fileExists.bind(host);
  host.fileExists = (name) => name === path || exists(name);
  // The config's own declarations come along (client/env.d.ts: vite's types for the browser apps).
  const declarations = parsed.fileNames.filter((name) => name.endsWith('.d.ts'));
  const program = ts.createProgram({ rootNames: [path, ...declarations], options: parsed.options, host });
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(path)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('the TypeScript environments', () => {
  it('gives shared/ neither the DOM nor Node', () => {
    expect(typeErrors('tsconfig.shared.json', 'shared/fixture.ts', 'export const width = window.innerWidth;').join()).toMatch(/Cannot find name 'window'/);
    expect(typeErrors('tsconfig.shared.json', 'shared/fixture.ts', 'export const env = process.env;').join()).toMatch(/Cannot find name 'process'/);
    expect(typeErrors('tsconfig.shared.json', 'shared/fixture.ts', "import { PHASES } from './phases';\nexport const n: number = PHASES.length;\n")).toEqual([]);
  });

  it('gives server/ Node, not the DOM', () => {
    expect(typeErrors('tsconfig.server.json', 'server/fixture.ts', 'export const title = document.title;').join()).toMatch(/Cannot find name 'document'/);
    expect(typeErrors('tsconfig.server.json', 'server/fixture.ts', "import { readFileSync } from 'node:fs';\nexport const port = process.env.PORT ?? readFileSync('x', 'utf8');\n")).toEqual([]);
  });

  it('gives the browser apps the DOM, not Node, even through the libraries they import', () => {
    const libraries = "import { io } from 'socket.io-client';\nimport { createI18n } from 'vue-i18n';\nimport { defineStore } from 'pinia';\nexport const used = [io, createI18n, defineStore];\n";
    expect(typeErrors('tsconfig.web.json', 'display/projector/fixture.ts', `${libraries}export const env = process.env;\n`).join()).toMatch(/Cannot find name 'process'/);
    expect(typeErrors('tsconfig.web.json', 'client/judge/fixture.ts', `${libraries}export const title = document.title + import.meta.env.MODE;\n`)).toEqual([]);
  });
});
