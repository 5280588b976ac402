// Judges' signatures (issue 19 point 7), against a real Redis, the real server and socket.io clients: a tablet registers
// its key (logged), a spare tablet its own; a signed sheet is stored with its signature in the log; a bad, unknown or
// missing signature is refused and nothing changes; a judge with no key is still accepted, unsigned; a host's correction
// is signed by nobody. The exported results file verifies clean with `npm run results`, which says who signed each
// judge's sheets; a signature or score forged in the log, a key slipped into Redis behind the system's back, and an
// unsigned sheet after a key are all named, by `npm run results` and by the supervisor's live check.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeKey, signerOf, type Signer } from '../../client/judge/signing';
import { hashedText, keyIdOf, signedSheetText, verifyResultsEvidence, type ChainedEntry, type Evidence, type SheetValues } from '../../shared/evidence';
import type { EventLinks } from '../../shared/protocol';
import type { ResultsFile } from '../../shared/results';
import { checkEvent, nodeCrypto, nodeHasher } from '../../server/evidence';
import { eventKeys } from '../../server/store/keys';
import { makeEvent } from '../helpers/fixtures';
import { ok, send, useServer, type Client } from '../helpers/server';

const server = useServer();
type Exported = ResultsFile & { evidence: Evidence };

const dir = mkdtempSync(join(tmpdir(), 'fs-signatures-'));
let seq = 0;
/** Runs `npm run results` on a file: its exit code, stdout, stderr, and the path it gave the file. */
const cli = (file: unknown) => {
  const path = join(dir, `results-${++seq}.json`);
  writeFileSync(path, JSON.stringify(file));
  return { ...spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/results.ts', path], { encoding: 'utf8' }), path };
};
/** Re-hashes a chain from `from` on, as someone rewriting the log behind the system's back would. */
const rehash = (entries: ChainedEntry[], from: number): ChainedEntry[] => {
  const out = entries.map((e) => ({ ...e }));
  for (let i = from; i < out.length; i++) {
    out[i]!.prev = i === 0 ? '' : out[i - 1]!.hash;
    out[i]!.hash = nodeHasher(out[i]!.alg ?? 'sha1', hashedText(out[i]!));
  }
  return out;
};

const values = (total: number): SheetValues => {
  const criteria: Record<string, number> = {};
  let left = total;
  for (const [id, max] of [['solution', 25], ['model', 20], ['effect', 25], ['promotion', 15], ['ip', 5], ['defense', 10]] as const) {
    criteria[id] = Math.min(max, left) * 1000;
    left -= Math.min(max, left);
  }
  return { criteria };
};

describe('judges sign their sheets', () => {
  const ev = makeEvent({ id: 'ev-signed', teams: 3, judges: 5 });
  ev.judges[0]!.name = '陈立新';
  ev.teams[0]!.project = '基于多源数据融合的智能制造决策平台';
  let links: EventLinks;
  let host: Client;
  const tablets = new Map<string, Client>();
  let tablet: Signer; // r1j1's tablet: WebCrypto, non-extractable
  let spare: Signer; // r1j1's spare tablet: the @noble/curves fallback
  let other: Signer; // r1j3's tablet
  let clean: Exported;
  let n = 0;
  const signed = async (by: Signer, judge: string, team: string, v: SheetValues, sid = `sid-${judge}-${team}-${++n}`) =>
    ({ sid, team, values: v, signature: { key: by.key, sig: await by.sign(signedSheetText({ team, judge, sid, values: v })) } });
  const exportFile = async (): Promise<Exported> =>
    (await (await fetch(`${server.url}/api/events/${ev.id}/tracks/T01/results.json?token=${links.supervisor.token}`)).json()) as Exported;
  const auditLength = async () => (await server.store.audit(ev.id)).length;

  beforeAll(async () => {
    links = await server.setup(ev);
    host = await server.client({ token: links.rooms[0]!.host.token });
    for (const j of links.judges) tablets.set(j.judgeId, await server.client({ token: j.token }));
    tablet = signerOf(await makeKey(true));
    spare = signerOf(await makeKey(false));
    other = signerOf(await makeKey(true));
  });

  it('registers a tablet key once, logged with its id and whether it is extractable; a spare tablet adds its own', async () => {
    const j1 = tablets.get('r1j1')!;
    expect(await ok(j1, 'judge:register-key', { spki: tablet.spki, extractable: false })).toEqual({ key: tablet.key, registered: true });
    expect(await ok(j1, 'judge:register-key', { spki: tablet.spki, extractable: false })).toEqual({ key: tablet.key, registered: false });
    expect(await ok(j1, 'judge:register-key', { spki: spare.spki, extractable: true })).toEqual({ key: spare.key, registered: true });
    expect(await ok(tablets.get('r1j3')!, 'judge:register-key', { spki: other.spki, extractable: false })).toMatchObject({ registered: true });
    const logged = (await server.store.audit(ev.id)).filter((e) => e.action === 'judge.register-key');
    expect(logged.map((e) => [e.judge, e.actor, e.role, JSON.parse(e.after)])).toEqual([
      ['r1j1', 'r1j1', 'judge', { key: tablet.key, spki: tablet.spki, extractable: false }],
      ['r1j1', 'r1j1', 'judge', { key: spare.key, spki: spare.spki, extractable: true }],
      ['r1j3', 'r1j3', 'judge', { key: other.key, spki: other.spki, extractable: false }],
    ]);
    expect(keyIdOf(nodeHasher, tablet.spki)).toBe(tablet.key);
  });

  it('refuses a key that is not a P-256 public key, and a host registering one; nothing is logged', async () => {
    const before = await auditLength();
    const p384 = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign']);
    const spki = Buffer.from(await crypto.subtle.exportKey('spki', p384.publicKey)).toString('base64');
    const bad = await send(tablets.get('r1j2')!, 'judge:register-key', { spki, extractable: false });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', reason: 'signing-key-invalid' } });
    expect(await send(host, 'judge:register-key', { spki: tablet.spki, extractable: false })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await auditLength()).toBe(before);
    expect(await server.redis.redis.exists(eventKeys(ev.id).signingKeys('r1j2'))).toBe(0);
  });

  it('stores a signed sheet with its signature; refuses a bad, unknown or missing one and changes nothing', async () => {
    await ok(host, 'room:call', { team: 'r1t1' });
    await ok(host, 'room:open-scoring', {});
    const j1 = tablets.get('r1j1')!;
    const first = await signed(tablet, 'r1j1', 'r1t1', values(74));
    expect(await ok(j1, 'score:submit', first)).toMatchObject({ version: 1, total: 74_000, duplicate: false });
    // The resend of the outbox: the same id and signature, the first receipt.
    expect(await ok(j1, 'score:submit', first)).toMatchObject({ version: 1, duplicate: true });
    const entry = (await server.store.audit(ev.id)).at(-1)!;
    expect(entry).toMatchObject({ action: 'score.submit', team: 'r1t1', judge: 'r1j1' });
    expect(JSON.parse(entry.after)).toMatchObject({ total: 74_000, key: tablet.key, sig: first.signature.sig });
    expect((await server.store.sheets(ev.id, 'r1t1')).r1j1).toMatchObject({ key: tablet.key, sig: first.signature.sig, entry: entry.hash });

    const stored = await server.redis.redis.hget(eventKeys(ev.id).sheets('r1t1'), 'r1j1');
    const length = await auditLength();
    // Signed over other values than those sent; signed with a key the server does not know; not signed at all.
    const lie = await signed(tablet, 'r1j1', 'r1t1', values(90));
    const refusals = [
      [{ ...lie, values: values(60) }, 'signature-invalid'],
      [await signed(other, 'r1j1', 'r1t1', values(60)), 'signature-unknown-key'],
      [{ sid: 'unsigned-r1j1-1', team: 'r1t1', values: values(60) }, 'signature-required'],
      [{ ...first, sid: 'replayed-signature-1' }, 'signature-invalid'],
    ] as const;
    for (const [payload, reason] of refusals) {
      expect(await send(j1, 'score:submit', payload), reason).toMatchObject({ ok: false, error: { code: 'BAD_SIGNATURE', reason } });
    }
    expect(await server.redis.redis.hget(eventKeys(ev.id).sheets('r1t1'), 'r1j1')).toBe(stored);
    expect(await auditLength()).toBe(length);

    // The spare tablet's key is as good: a new version, signed by it.
    expect(await ok(j1, 'score:submit', await signed(spare, 'r1j1', 'r1t1', values(75)))).toMatchObject({ version: 2, total: 75_000 });
    expect(JSON.parse((await server.store.audit(ev.id)).at(-1)!.after)).toMatchObject({ key: spare.key });
    // A judge who registered no key (an old tablet) is still accepted: the sheet is logged unsigned.
    expect(await ok(tablets.get('r1j2')!, 'score:submit', { sid: 'unsigned-r1j2-1', team: 'r1t1', values: values(80) })).toMatchObject({ version: 1 });
    const unsigned = JSON.parse((await server.store.audit(ev.id)).at(-1)!.after) as Record<string, unknown>;
    expect(unsigned.key).toBeUndefined();
    expect(unsigned.sig).toBeUndefined();
    await ok(tablets.get('r1j3')!, 'score:submit', await signed(other, 'r1j3', 'r1t1', values(71)));
    for (const judge of ['r1j4', 'r1j5']) await ok(tablets.get(judge)!, 'score:submit', { sid: `unsigned-${judge}`, team: 'r1t1', values: values(69) });
    await ok(host, 'room:close-scoring', {});
    await ok(host, 'room:reveal', {});
    // The host's correction of a judge with a key: signed by nobody, and so marked.
    await ok(host, 'score:correct', { team: 'r1t1', judge: 'r1j3', values: values(72), reason: '评委书面申请更正录入错误' });
    const correction = JSON.parse((await server.store.audit(ev.id)).at(-1)!.after) as Record<string, unknown>;
    expect(correction).toMatchObject({ sid: 'correction' });
    expect(correction.sig).toBeUndefined();
  });

  it('the exported results file verifies clean with `npm run results`, which says who signed each judge\'s sheets', async () => {
    clean = await exportFile();
    expect(verifyResultsEvidence(clean, nodeCrypto)).toEqual([]);
    const run = cli(clean);
    expect(run.status).toBe(0);
    const team = 'team "r1t1" (基于多源数据融合的智能制造决策平台)';
    // The log's last word on each sheet: r1j1's from the spare tablet, r1j3's the host's correction.
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      `judge "r1j1" (陈立新): 1 of 1 sheets signed and verified (1 by key ${spare.key.slice(0, 8)}… (extractable))`,
      `judge "r1j2" (评委1-2): 0 of 1 sheets signed and verified; unsigned: ${team}, no tablet key registered`,
      `judge "r1j3" (评委1-3): 0 of 1 sheets signed and verified; unsigned: ${team}, corrected by the host`,
      `judge "r1j4" (评委1-4): 0 of 1 sheets signed and verified; unsigned: ${team}, no tablet key registered`,
      `judge "r1j5" (评委1-5): 0 of 1 sheets signed and verified; unsigned: ${team}, no tablet key registered`,
    ].map((line) => `${run.path}: signed: ${line}`));
    expect((await checkEvent(server.store, ev, { full: true })).signatures).toEqual([]);
  });

  it('a score forged in the log (the whole chain re-hashed) no longer matches its signature: named', () => {
    const log = clean.evidence.audit;
    const at = log.findIndex((e) => e.action === 'score.submit' && e.judge === 'r1j1' && e.after.includes(spare.key));
    const sheet = JSON.parse(log[at]!.after) as { total: number; criteria: Record<string, number> };
    sheet.total += 1000;
    sheet.criteria.defense! += 1000;
    const audit = rehash(log.map((e, i) => (i === at ? { ...e, after: JSON.stringify(sheet) } : e)), at);
    const run = cli({ ...clean, evidence: { head: audit.at(-1)!.hash, audit } });
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(`team "r1t1" (基于多源数据融合的智能制造决策平台), judge "r1j1" (陈立新): the signature of the sheet of entry ${log[at]!.id} (total 76) does not match it`);
    expect(run.stderr).toContain('signed: judge "r1j1" (陈立新): 0 of 1 sheets signed and verified; signature not verified: team "r1t1" (基于多源数据融合的智能制造决策平台)');
  });

  it('a signature edited in the log is named', () => {
    const log = clean.evidence.audit;
    const at = log.findIndex((e) => e.action === 'score.submit' && e.judge === 'r1j3');
    const sheet = JSON.parse(log[at]!.after) as { sig: string };
    const bytes = Buffer.from(sheet.sig, 'base64');
    bytes[10]! ^= 1;
    sheet.sig = bytes.toString('base64');
    const audit = rehash(log.map((e, i) => (i === at ? { ...e, after: JSON.stringify(sheet) } : e)), at);
    const problems = verifyResultsEvidence({ ...clean, evidence: { head: audit.at(-1)!.hash, audit } }, nodeCrypto)!;
    expect(problems).toEqual([`team "r1t1" (基于多源数据融合的智能制造决策平台), judge "r1j3" (评委1-3): the signature of the sheet of entry ${log[at]!.id} (total 71) does not match it: forged or changed`]);
  });

  it('a key slipped into Redis behind the system\'s back signs a sheet the server takes, and the results file names it', async () => {
    // Someone with the machine adds their own key to r1j2's keys (no command, no entry) and sends a sheet signed with it.
    const forger = signerOf(await makeKey(true));
    await server.redis.redis.hset(eventKeys(ev.id).signingKeys('r1j2'), forger.key,
      JSON.stringify({ spki: forger.spki, extractable: false, at: String(Date.now()), entry: '' }));
    await ok(host, 'room:call', { team: 'r1t2' });
    await ok(host, 'room:open-scoring', {});
    await ok(tablets.get('r1j2')!, 'score:submit', await signed(forger, 'r1j2', 'r1t2', values(95)));
    const run = cli(await exportFile());
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(`team "r1t2" (项目1-2), judge "r1j2" (评委1-2): the sheet of entry`);
    expect(run.stderr).toContain(`is signed with a key (${forger.key.slice(0, 16)}…) not registered for this judge in the log`);
    // The supervisor's live check (the few entries since the last check) names it too.
    const slipped = (await server.store.audit(ev.id)).at(-1)!;
    expect((await checkEvent(server.store, ev)).signatures).toEqual([{ team: 'r1t2', judge: 'r1j2', kind: 'unknown-key', entry: slipped.id }]);
  });

  it('an unsigned sheet of a judge who registered a key (the keys deleted in Redis first) is named', async () => {
    await server.redis.redis.del(eventKeys(ev.id).signingKeys('r1j3'));
    await ok(tablets.get('r1j3')!, 'score:submit', { sid: 'unsigned-r1j3-2', team: 'r1t2', values: values(60) });
    const stderr = cli(await exportFile()).stderr;
    expect(stderr).toContain('team "r1t2" (项目1-2), judge "r1j3" (评委1-3): the sheet of entry');
    expect(stderr).toContain('is unsigned, though the judge\'s tablet had registered a key');
    const unsigned = (await server.store.audit(ev.id)).at(-1)!;
    const live = [expect.objectContaining({ kind: 'unknown-key' }), { team: 'r1t2', judge: 'r1j3', kind: 'unsigned', entry: unsigned.id }];
    expect((await checkEvent(server.store, ev)).signatures).toEqual(live);
    expect((await checkEvent(server.store, ev, { full: true })).signatures).toEqual(live);
  });
});
