// Every refusal a person can meet has words in Chinese and English: each error code and each reason of
// shared/refusals.ts has both texts with the same placeholders, and every reason the server's code (TypeScript
// handlers, the room machine, the Lua scripts) refuses with is one of them, under the code the table gives it.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actingMessages } from '../../client/common/messages';
import { messages } from '../../web/messages';
import { voteMessages } from '../../display/live/vote-messages';
import { INTENTS, PHASES } from '../../shared/phases';
import { ERROR_CODES } from '../../shared/protocol';
import { readRefusal, refusal, REFUSALS, VOTER_REFUSALS, type RefusalReason } from '../../shared/refusals';

const root = resolve(import.meta.dirname, '..', '..');
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const files = (dir: string, ext: string): string[] => readdirSync(resolve(root, dir), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith(ext)).map((f) => readFileSync(resolve(root, dir, f), 'utf8'));

describe('refusals in words', () => {
  const keys = [...ERROR_CODES, ...Object.keys(REFUSALS)] as Array<string>;

  it('has Chinese and English words, with the same placeholders, for every error code and every reason', () => {
    for (const key of keys) {
      // A voter's refusals are worded on the phones' page (display/live/vote-messages.ts), the others in the acting apps.
      const voter = (VOTER_REFUSALS as readonly string[]).includes(key);
      const zh = ((voter ? voteMessages['zh-CN'].vote.refused : actingMessages['zh-CN'].refusal) as Record<string, string>)[key];
      const en = ((voter ? voteMessages.en.vote.refused : actingMessages.en.refusal) as Record<string, string>)[key];
      expect(zh, key).toMatch(/[\u4e00-\u9fff]/);
      expect(en, key).toMatch(/^[\x20-\x7e“”’]+$/);
      expect(placeholders(en!), key).toEqual(placeholders(zh!));
    }
    // …and for the phases and intents a refusal names.
    for (const intent of INTENTS) expect(actingMessages['zh-CN'].intent[intent] && actingMessages.en.intent[intent], intent).toBeTruthy();
    for (const phase of PHASES) expect(messages['zh-CN'].phase[phase] && messages.en.phase[phase], phase).toBeTruthy();
  });

  it('knows every reason the server refuses with, under the code the table gives it', () => {
    const ts = [...files('server', '.ts')].join('\n');
    const named = [...ts.matchAll(/\b(?:fail|refuse|refusal)\('([^']+)'/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(40);
    for (const reason of named) expect(Object.keys(REFUSALS), reason).toContain(reason);
    // No handler refuses with a bare code any more (it would reach a screen in English).
    expect(ts).not.toMatch(/\b(?:fail|refuse)\('[A-Z_]+'/);

    const lua = files('server/store/lua', '.lua').join('\n');
    // fail('CODE', 'message' [.. more], 'reason' …) and read_values' `return nil, nil, 'CODE', 'message', 'reason'`.
    const refusals = [...lua.matchAll(/'([A-Z_]+)',\s*'[^']*'(?:\s*\.\.\s*[\w.()]+(?:\s*\.\.\s*'[^']*')?)*,\s*'([a-z][a-z-]*)'/g)];
    const codes = [...lua.matchAll(/'([A-Z][A-Z_]+)',\s*'/g)].length;
    expect(refusals.length).toBe(codes); // every code in a refusal comes with its reason
    expect(refusals.length).toBeGreaterThan(15);
    for (const [, code, reason] of refusals) expect(REFUSALS[reason as RefusalReason], `${reason}`).toBe(code);
  });
});

describe('a refusal crossing a boundary untyped (a Lua reply)', () => {
  it('is read as it came when its reason is known and its code is the reason\'s', () => {
    expect(readRefusal({ code: 'NOT_ON_PANEL', message: 'not on the panel', reason: 'judge-not-on-panel', params: { judge: 'j1' } }))
      .toEqual({ ok: false, code: 'NOT_ON_PANEL', message: 'not on the panel', reason: 'judge-not-on-panel', params: { judge: 'j1' } });
    expect(readRefusal({ code: 'CONFLICT', message: 'the room changed meanwhile', reason: 'room-changed' }))
      .toEqual(refusal('room-changed', 'the room changed meanwhile'));
    expect(refusal('signing-keys-full', 'full', { max: 16 })).toEqual({ ok: false, code: 'CONFLICT', message: 'full', reason: 'signing-keys-full', params: { max: 16 } });
  });

  it('is a bug of the script, thrown, when its reason, code, message or parameters do not fit the table', () => {
    expect(() => readRefusal({ code: 'CONFLICT', message: 'm', reason: 'no-such-reason' })).toThrow(/unknown reason/);
    expect(() => readRefusal({ code: 'CONFLICT', message: 'm' })).toThrow(/unknown reason/);
    expect(() => readRefusal({ code: 'toString', message: 'm', reason: 'toString' })).toThrow(/unknown reason/);
    expect(() => readRefusal({ code: 'WRONG_PHASE', message: 'm', reason: 'room-changed' })).toThrow(/code WRONG_PHASE, not CONFLICT/);
    expect(() => readRefusal({ code: 'CONFLICT', reason: 'room-changed' })).toThrow(/without a message/);
    expect(() => readRefusal({ code: 'CONFLICT', message: 'm', reason: 'room-changed', params: ['x'] })).toThrow(/parameters/);
    expect(() => readRefusal({ code: 'CONFLICT', message: 'm', reason: 'room-changed', params: { x: { y: 1 } } })).toThrow(/parameters/);
  });
});
