// Judges' signatures (issue 19 point 7): the one signed text of a sheet (shared/evidence.ts signedSheetText) is stable,
// and a tablet's signature over it, made with WebCrypto (node's globalThis.crypto.subtle, as in a secure context) or
// with the @noble/curves fallback (plain HTTP on a LAN address), verifies with node:crypto as `npm run results` checks
// it; a changed score, sheet id, team or judge does not. A log's sheets get one verdict each, whether the log is checked
// whole or a stretch at a time (the supervisor's live check).
import { describe, expect, it } from 'vitest';
import { makeKey, signerOf } from '../../client/judge/signing';
import { keyIdOf, signatureProblems, signatureVerdicts, signedSheetText, type ChainedEntry, type RegisteredKeys, type SignedSheet } from '../../shared/evidence';
import { nodeCrypto, nodeHasher, nodeVerifier, readPublicKey } from '../../server/evidence';

const sheet: SignedSheet = {
  team: 'r1t1', judge: 'r1j1', sid: '0f3c9a7e5b1d4c2a',
  values: { criteria: { solution: 23_500, model: 18_000, effect: 20_000, promotion: 12_000, ip: 4_000, defense: 9_000 } },
};

describe('the signed text of a sheet', () => {
  it('is one text whatever the order of the criteria, and names everything signed', () => {
    const text = signedSheetText(sheet);
    expect(text).toBe('["finals-scoring/sheet/1","r1t1","r1j1","0f3c9a7e5b1d4c2a",{"criteria":[["defense",9000],["effect",20000],'
      + '["ip",4000],["model",18000],["promotion",12000],["solution",23500]]}]');
    const reversed = Object.fromEntries(Object.entries((sheet.values as { criteria: Record<string, number> }).criteria).reverse());
    expect(signedSheetText({ ...sheet, values: { criteria: reversed } })).toBe(text);
    expect(signedSheetText({ team: 't9', judge: 'j2', sid: 'abcdefgh', values: { total: 87_500 } }))
      .toBe('["finals-scoring/sheet/1","t9","j2","abcdefgh",{"total":87500}]');
    // A value, the sheet id, the team or the judge changed is another text.
    for (const other of [{ ...sheet, sid: '0f3c9a7e5b1d4c2b' }, { ...sheet, team: 'r1t2' }, { ...sheet, judge: 'r1j2' },
      { ...sheet, values: { criteria: { ...(sheet.values as { criteria: Record<string, number> }).criteria, ip: 4_500 } } }]) {
      expect(signedSheetText(other)).not.toBe(text);
    }
  });
});

describe('a tablet signature, checked with node:crypto', () => {
  for (const [how, secure] of [['WebCrypto, non-extractable', true], ['@noble/curves fallback, extractable', false]] as const) {
    it(`${how}: verifies; a changed score does not; the key's id is the server's`, async () => {
      const record = await makeKey(secure);
      expect(record.extractable).toBe(!secure);
      if (secure) {
        expect(record.privateKey!.extractable).toBe(false);
        await expect(crypto.subtle.exportKey('pkcs8', record.privateKey!)).rejects.toThrow();
      }
      const signer = signerOf(record);
      const sig = await signer.sign(signedSheetText(sheet));
      expect(Buffer.from(sig, 'base64')).toHaveLength(64);
      // The server reads the key into the same canonical SPKI and gives it the same id.
      expect(readPublicKey(signer.spki)).toBe(signer.spki);
      expect(keyIdOf(nodeHasher, signer.spki)).toBe(signer.key);
      expect(nodeVerifier(signer.spki, signedSheetText(sheet), sig)).toBe(true);
      const changed = { ...sheet, values: { criteria: { ...(sheet.values as { criteria: Record<string, number> }).criteria, solution: 24_000 } } };
      expect(nodeVerifier(signer.spki, signedSheetText(changed), sig)).toBe(false);
      // Another tablet's key does not verify it; a malformed signature or key is simply false.
      const other = signerOf(await makeKey(secure));
      expect(nodeVerifier(other.spki, signedSheetText(sheet), sig)).toBe(false);
      expect(nodeVerifier(signer.spki, signedSheetText(sheet), sig.slice(4))).toBe(false);
      expect(nodeVerifier('AAAA', signedSheetText(sheet), sig)).toBe(false);
    });
  }

  it('the server refuses a key that is not P-256', async () => {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign', 'verify']);
    const spki = Buffer.from(await crypto.subtle.exportKey('spki', pair.publicKey)).toString('base64');
    expect(readPublicKey(spki)).toBeNull();
    expect(readPublicKey('bm90IGEga2V5')).toBeNull();
  });
});

describe('the signature verdicts of a log', () => {
  let n = 0;
  const entry = (action: string, judge: string, after: object): ChainedEntry => ({
    id: `${++n}-0`, alg: 'sha256', at: String(n), actor: judge, role: 'judge', action, room: 'room1',
    team: action === 'judge.register-key' ? '' : 'r1t1', judge, before: '', after: JSON.stringify(after), reason: '', score: '', prev: '', hash: '',
  });
  const sheetOf = (sid: string, total: number) => ({ version: 1, total, criteria: { solution: total }, at: '1', sid });

  it('names each sheet signed and verified, unsigned with no key, or at fault; whole or a stretch at a time', async () => {
    const a = signerOf(await makeKey(true));
    const b = signerOf(await makeKey(false));
    const signedBy = async (s: typeof a, judge: string, sid: string, total = 20_000) => ({
      ...sheetOf(sid, total), key: s.key, sig: await s.sign(signedSheetText({ team: 'r1t1', judge, sid, values: { criteria: { solution: total } } })),
    });
    const log = [
      entry('score.submit', 'r1j1', sheetOf('s1', 20_000)), // before any key: accepted unsigned
      entry('judge.register-key', 'r1j1', { key: a.key, spki: a.spki, extractable: false }),
      entry('score.submit', 'r1j1', await signedBy(a, 'r1j1', 's2')),
      entry('score.submit', 'r1j1', await signedBy(b, 'r1j1', 's3')), // b is not r1j1's key
      entry('score.submit', 'r1j1', { ...(await signedBy(a, 'r1j1', 's4')), total: 21_000, criteria: { solution: 21_000 } }), // raised after signing
      entry('score.submit', 'r1j1', sheetOf('s5', 20_000)), // unsigned after a key
      entry('score.correct', 'r1j1', sheetOf('correction', 19_000)), // the host's: no verdict
      entry('judge.register-key', 'r1j2', { key: a.key, spki: b.spki, extractable: true }), // a key that is not its id
      entry('judge.register-key', 'r1j2', { key: b.key, spki: b.spki, extractable: true }),
      entry('score.submit', 'r1j2', await signedBy(b, 'r1j2', 's6')),
    ];
    const whole = signatureVerdicts(log, nodeCrypto);
    expect(whole.map((v) => [v.entry.id, v.kind, v.key ?? null, v.extractable ?? null])).toEqual([
      [log[0]!.id, 'no-key', null, null],
      [log[2]!.id, 'signed', a.key, false],
      [log[3]!.id, 'unknown-key', b.key, null],
      [log[4]!.id, 'invalid', a.key, false],
      [log[5]!.id, 'unsigned', null, null],
      [log[7]!.id, 'bad-key', null, null],
      [log[9]!.id, 'signed', b.key, true],
    ]);
    expect(signatureProblems(whole).map((p) => [p.team, p.judge, p.kind])).toEqual([
      ['r1t1', 'r1j1', 'unknown-key'], ['r1t1', 'r1j1', 'invalid'], ['r1t1', 'r1j1', 'unsigned'], ['', 'r1j2', 'bad-key'],
    ]);
    // The keys registered so far carry from one stretch to the next.
    for (const cut of [1, 2, 5, 8]) {
      const keys: RegisteredKeys = new Map();
      expect([...signatureVerdicts(log.slice(0, cut), nodeCrypto, keys), ...signatureVerdicts(log.slice(cut), nodeCrypto, keys)], `cut at ${cut}`).toEqual(whole);
    }
  });
});
