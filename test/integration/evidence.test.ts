// Evidence a notary can check, against a real Redis and real server: the Lua SHA-256 equals node:crypto's; old SHA-1
// entries still verify; every stored sheet is bound to the entry that wrote it; a final with corrections, a recusal, a
// re-opened judge and an absent team, its judges' sheets signed by their tablets or not, exports a results file that
// `npm run results` verifies clean; a sheet edited straight in Redis, a removed, inserted or reordered entry, a
// rewritten history and a log cut short are all caught.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeKey, signerOf, type Signer } from '../../client/judge/signing';
import { hashedText, signedSheetText, verifyChain, verifyResultsEvidence, type ChainedEntry, type Evidence } from '../../shared/evidence';
import type { EventLinks } from '../../shared/protocol';
import type { ResultsFile } from '../../shared/results';
import { checkEvent, FULL_CHECK_EVERY_MS, nodeCrypto, nodeHasher } from '../../server/evidence';
import { verifyAuditChain } from '../../server/store/index';
import { eventKeys } from '../../server/store/keys';
import { makeEvent } from '../helpers/fixtures';
import { ok, useServer, type Client } from '../helpers/server';

const server = useServer();
const COMMON = readFileSync(new URL('../../server/store/lua/common.lua', import.meta.url), 'utf8');
type Exported = ResultsFile & { evidence: Evidence };

const dir = mkdtempSync(join(tmpdir(), 'fs-evidence-'));
let seq = 0;
/** Runs `npm run results` on a file (and a printed head); its exit code, stdout and stderr. */
const cli = (file: unknown, head?: string) => {
  const path = join(dir, `results-${++seq}.json`);
  writeFileSync(path, JSON.stringify(file));
  return spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/results.ts', path, ...(head ? ['--head', head] : [])], { encoding: 'utf8' });
};
/** Re-hashes a chain from `from` on, as someone rewriting the whole log behind the system's back would. */
const rehash = (entries: ChainedEntry[], from = 0): ChainedEntry[] => {
  const out = entries.map((e) => ({ ...e }));
  for (let i = from; i < out.length; i++) {
    out[i]!.prev = i === 0 ? '' : out[i - 1]!.hash;
    out[i]!.hash = nodeHasher(out[i]!.alg ?? 'sha1', hashedText(out[i]!));
  }
  return out;
};

describe('SHA-256 in Redis', () => {
  it('the Lua SHA-256 equals node:crypto on thousands of random inputs, every padding length among them', async () => {
    const script = `${COMMON}\nlocal out = {}\nfor i, a in ipairs(ARGV) do out[i] = sha256hex(a) end\nreturn out`;
    const inputs: Buffer[] = [Buffer.alloc(0), randomBytes(200_000), Buffer.from('评委 1 的评分表：\n应用成效 25 ✓ 𠮷', 'utf8')];
    for (let len = 0; len <= 200; len++) inputs.push(randomBytes(len));
    for (let i = 0; i < 3000; i++) inputs.push(randomBytes(randomInt(0, 2000)));
    for (let i = 0; i < inputs.length; i += 250) {
      const batch = inputs.slice(i, i + 250);
      const got = (await server.redis.redis.eval(script, 0, ...batch)) as string[];
      expect(got).toEqual(batch.map((b) => createHash('sha256').update(b).digest('hex')));
    }
  });

  it('old SHA-1 entries still verify, followed by SHA-256 ones; a later entry cannot fall back to SHA-1', async () => {
    const k = eventKeys('ev-legacy');
    let prev = '';
    for (let i = 0; i < 3; i++) {
      // Written as the SHA-1 chain of earlier versions did: ten fields, joined by newlines, no alg.
      const fields = { at: String(1_700_000_000_000 + i), actor: 'admin', role: 'admin', action: 'event.save', room: '', team: '',
        judge: '', before: '', after: `{"n":${i}}`, reason: '多行\n原因' };
      const hash = createHash('sha1').update([prev, ...Object.values(fields)].join('\n')).digest('hex');
      await server.redis.redis.xadd(k.audit, '*', ...Object.entries(fields).flat(), 'prev', prev, 'hash', hash);
      prev = hash;
    }
    await server.redis.redis.set(k.auditHead, prev);
    for (const n of [1, 2]) {
      await server.store.appendAudit('ev-legacy', { actor: { id: 'admin', role: 'admin' }, action: 'event.save', before: '', after: `{"v":${n}}` });
    }
    const entries = await server.store.audit('ev-legacy');
    expect(entries.map((e) => e.alg ?? 'sha1')).toEqual(['sha1', 'sha1', 'sha1', 'sha256', 'sha256']);
    expect(entries[3]!.prev).toBe(entries[2]!.hash);
    expect(verifyAuditChain(entries)).toEqual({ ok: true });
    expect(verifyAuditChain(entries.map((e, i) => (i === 1 ? { ...e, reason: '多行原因' } : e)))).toMatchObject({ ok: false, at: entries[1]!.id });
    const downgraded = rehash(entries.map((e, i) => (i === 4 ? { ...e, alg: undefined } : e)), 4);
    expect(verifyChain(downgraded, nodeHasher)).toMatchObject({ ok: false, index: 4, reason: 'a SHA-1 entry after SHA-256 entries' });
  });
});

describe('a final, verified', () => {
  const ev = makeEvent({ id: 'ev-evidence', teams: 4, judges: 6 });
  ev.judges[0]!.name = '陈立新';
  ev.teams[0]!.project = '基于多源数据融合的智能制造决策平台';
  ev.recusals.push({ judge: 'r1j6', team: 'r1t2', reason: '同单位' });
  const judges = ev.rooms[0]!.panel;
  let links: EventLinks;
  let host: Client;
  const tablets = new Map<string, Client>();
  /** The judges whose tablets sign: r1j1 and r1j3 (the re-opened judge) with WebCrypto, r1j2 with the fallback. */
  const signers = new Map<string, Signer>();
  let clean: Exported;
  let printedHead = '';
  const values = (total: number) => {
    const criteria: Record<string, number> = {};
    let left = total;
    for (const [id, max] of [['solution', 25], ['model', 20], ['effect', 25], ['promotion', 15], ['ip', 5], ['defense', 10]] as const) {
      criteria[id] = Math.min(max, left) * 1000;
      left -= Math.min(max, left);
    }
    return { criteria };
  };
  const submit = async (judge: string, team: string, total: number) => {
    const sheet = { sid: `${judge}-${team}-${total}`, team, values: values(total) };
    const signer = signers.get(judge);
    const signature = signer && { key: signer.key, sig: await signer.sign(signedSheetText({ ...sheet, judge })) };
    return ok(tablets.get(judge)!, 'score:submit', signature ? { ...sheet, signature } : sheet);
  };
  const exportFile = async (): Promise<Exported> =>
    (await (await fetch(`${server.url}/api/events/${ev.id}/tracks/T01/results.json?token=${links.supervisor.token}`)).json()) as Exported;

  beforeAll(async () => {
    links = await server.setup(ev);
    host = await server.client({ token: links.rooms[0]!.host.token });
    for (const j of links.judges) tablets.set(j.judgeId, await server.client({ token: j.token }));
    for (const [judge, secure] of [['r1j1', true], ['r1j2', false], ['r1j3', true]] as const) {
      const signer = signerOf(await makeKey(secure));
      await ok(tablets.get(judge)!, 'judge:register-key', { spki: signer.spki, extractable: signer.extractable });
      signers.set(judge, signer);
    }
    const turn = async (team: string, totals: number[], between?: () => Promise<void>) => {
      await ok(host, 'room:call', { team });
      await ok(host, 'room:open-scoring', {});
      for (const [i, judge] of judges.entries()) if (totals[i] !== undefined) await submit(judge, team, totals[i]!);
      await ok(host, 'room:close-scoring', {});
      await between?.();
      await ok(host, 'room:reveal', {});
    };
    await turn('r1t1', [74, 80, 71, 69, 77, 75]);
    await turn('r1t2', [88, 82, 85, 79, 90], async () => {
      await ok(host, 'room:reopen-judge', { judge: 'r1j3', reason: '评委录入有误，申请更正' });
      await submit('r1j3', 'r1t2', 84);
      await ok(host, 'room:close-scoring', {});
    });
    await turn('r1t3', [60, 65, 70, 75, 80, 85]);
    await ok(host, 'score:correct', { team: 'r1t3', judge: 'r1j2', values: values(66), reason: '评委书面申请更正录入错误' });
    await ok(host, 'room:mark-absent', { team: 'r1t4', reason: '团队未到场' });
    await ok(host, 'room:finish', {});
    clean = await exportFile();
    const print = await (await fetch(`${server.url}/api/events/${ev.id}/tracks/T01/print?token=${links.supervisor.token}`)).text();
    printedHead = /data-head="([0-9a-f]{64})"/.exec(print)![1]!;
  }, 60_000);

  it('binds every stored sheet to the entry that wrote it, whose after is the sheet', async () => {
    const entries = await server.store.audit(ev.id);
    for (const [judge, sheet] of Object.entries(await server.store.sheets(ev.id, 'r1t2'))) {
      const last = entries.filter((e) => e.action.startsWith('score.') && e.team === 'r1t2' && e.judge === judge).at(-1)!;
      expect(sheet.entry).toBe(last.hash);
      const { entry: _entry, ...values } = sheet;
      expect(JSON.parse(last.after)).toEqual(values);
    }
    expect((await server.store.sheets(ev.id, 'r1t2')).r1j3!.version).toBe(2);
    const reveal = entries.find((e) => e.action === 'room.reveal' && e.team === 'r1t1')!;
    expect(JSON.parse(reveal.score!)).toMatchObject({ team: 'r1t1', status: 'final', published: 7425 });
  });

  it('an untouched final verifies clean: corrections, a recusal, a re-opened judge, an absent team', async () => {
    expect(clean.evidence.head).toBe(printedHead);
    expect(verifyResultsEvidence(clean, nodeCrypto, printedHead)).toEqual([]);
    const run = cli(clean, printedHead);
    expect(run.status).toBe(0);
    // Standard error only says who signed what, judge by judge: the re-opened judge's new sheet is signed, the
    // corrected one is the host's.
    const said = run.stderr.split('\n').filter(Boolean).map((line) => line.split(': signed: ')[1]);
    const key = (judge: string) => `key ${signers.get(judge)!.key.slice(0, 8)}…`;
    expect(said).toEqual([
      `judge "r1j1" (陈立新): 3 of 3 sheets signed and verified (3 by ${key('r1j1')})`,
      `judge "r1j2" (评委1-2): 2 of 3 sheets signed and verified (2 by ${key('r1j2')} (extractable)); unsigned: team "r1t3" (项目1-3), corrected by the host`,
      `judge "r1j3" (评委1-3): 3 of 3 sheets signed and verified (3 by ${key('r1j3')})`,
      ...['r1j4', 'r1j5'].map((j) => `judge "${j}" (评委1-${j.at(-1)}): 0 of 3 sheets signed and verified; unsigned: ${
        ['team "r1t1" (基于多源数据融合的智能制造决策平台)', 'team "r1t2" (项目1-2)', 'team "r1t3" (项目1-3)'].map((t) => `${t}, no tablet key registered`).join('; ')}`),
      'judge "r1j6" (评委1-6): 0 of 2 sheets signed and verified; unsigned: team "r1t1" (基于多源数据融合的智能制造决策平台), no tablet key registered; team "r1t3" (项目1-3), no tablet key registered',
    ]);
    expect(JSON.parse(run.stdout).results.find((r: { team: string }) => r.team === 'r1t1')).toMatchObject({ score: '74.25' });
    expect(await checkEvent(server.store, ev)).toMatchObject({ chain: { ok: true, head: printedHead }, sheets: [], signatures: [] });
    // The head is on the paper: under the results summary and under the 公示 draft, of the track's and the event's pages.
    for (const pages of ['tracks/T01/print', 'print']) {
      const html = await (await fetch(`${server.url}/api/events/${ev.id}/${pages}?token=${links.supervisor.token}`)).text();
      const heads = [...html.matchAll(/data-head="([0-9a-f]*)"/g)].map((m) => m[1]);
      expect(heads.length, pages).toBeGreaterThanOrEqual(2);
      expect(new Set(heads), pages).toEqual(new Set([printedHead]));
      expect(html.slice(html.indexOf('予以公示')), pages).toContain(`data-head="${printedHead}"`);
    }
    // Without the evidence, the file is recomputed as before.
    const { evidence: _evidence, ...bare } = clean;
    expect(cli(bare).status).toBe(0);
  });

  it('flags a removed, an inserted and a reordered log entry', () => {
    const log = clean.evidence.audit;
    const removed = log.filter((_, i) => i !== 10);
    const inserted = [...log.slice(0, 10), { ...log[9]!, id: '1-1', reason: '补录' }, ...log.slice(10)];
    const reordered = [...log.slice(0, 10), log[11]!, log[10]!, ...log.slice(12)];
    for (const [audit, at] of [[removed, 11], [inserted, 11], [reordered, 11]] as const) {
      const run = cli({ ...clean, evidence: { ...clean.evidence, audit } });
      expect(run.status).toBe(3);
      expect(run.stderr).toContain(`audit log: entry ${at} (`);
      expect(run.stdout).toBe('');
    }
  });

  it('flags a history rewritten in full: the score published at the reveal no longer follows from the log', () => {
    // Someone with the machine lowers a sheet before the reveal and re-hashes the whole log after it, and the file with it.
    const log = clean.evidence.audit;
    const at = log.findIndex((e) => e.action === 'score.submit' && e.team === 'r1t1' && e.judge === 'r1j1');
    const sheet = JSON.parse(log[at]!.after) as { total: number; criteria: Record<string, number> };
    sheet.total -= 3000;
    sheet.criteria.solution! -= 3000;
    const audit = rehash(log.map((e, i) => (i === at ? { ...e, after: JSON.stringify(sheet) } : e)), at);
    const scores = clean.scores.map((s) => (s.team === 'r1t1' && s.judge === 'r1j1' && 'criteria' in s
      ? { ...s, criteria: { ...s.criteria, solution: String(Number(s.criteria.solution) - 3) } } : s));
    const run = cli({ ...clean, scores, evidence: { head: audit.at(-1)!.hash, audit } });
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('team "r1t1" (基于多源数据融合的智能制造决策平台): the score published at the reveal');
    expect(run.stderr).toContain('was 74.25; the log\'s sheets at that moment give 73.50');
    // ... and against the printed head, the rewrite shows too.
    expect(cli({ ...clean, scores, evidence: { head: audit.at(-1)!.hash, audit } }, printedHead).stderr).toContain('the printed head');
  });

  it('a sheet edited straight in Redis after the reveal is caught live and by `npm run results` on the export', async () => {
    const k = eventKeys(ev.id);
    const raw = JSON.parse((await server.redis.redis.hget(k.sheets('r1t1'), 'r1j1'))!) as { total: number; criteria: Record<string, number> };
    raw.total += 1000;
    raw.criteria.ip! += 1000;
    await server.redis.redis.hset(k.sheets('r1t1'), 'r1j1', JSON.stringify(raw));
    const report = await checkEvent(server.store, ev);
    expect(report.chain.ok).toBe(true);
    expect(report.sheets).toEqual([{ team: 'r1t1', judge: 'r1j1', kind: 'differs', entry: expect.any(String) }]);
    const run = cli(await exportFile());
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('team "r1t1" (基于多源数据融合的智能制造决策平台), judge "r1j1" (陈立新): the sheet in the file (total 75)');
    expect(run.stderr).toContain('differs from the audit log\'s last word on it');
    // A sheet deleted, and one slipped in with no entry, are caught as well.
    await server.redis.redis.hdel(k.sheets('r1t3'), 'r1j4');
    await server.redis.redis.hset(k.sheets('r1t4'), 'r1j2', JSON.stringify({ ...raw, sid: 'forged-0001' }));
    expect((await checkEvent(server.store, ev)).sheets).toEqual(expect.arrayContaining([
      { team: 'r1t3', judge: 'r1j4', kind: 'missing', entry: expect.any(String) },
      { team: 'r1t4', judge: 'r1j2', kind: 'unlogged', entry: null },
    ]));
    const stderr = cli(await exportFile()).stderr;
    expect(stderr).toContain('judge "r1j4" (评委1-4): the audit log has a sheet');
    expect(stderr).toContain('team "r1t4" (项目1-4), judge "r1j2" (评委1-2): the sheet in the file was never written by the audit log');
  });

  it('a log cut short afterwards is caught against the printed head', async () => {
    const k = eventKeys(ev.id);
    const entries = await server.store.audit(ev.id);
    // Cut the last three entries (the correction, the absent team, the finish) and point the head at what is left.
    for (const e of entries.slice(-3)) await server.redis.redis.xdel(k.audit, e.id);
    await server.redis.redis.set(k.auditHead, entries.at(-4)!.hash);
    const cut = await exportFile();
    expect(verifyChain(cut.evidence.audit, nodeHasher)).toMatchObject({ ok: true });
    const run = cli(cut, printedHead.match(/.{8}/g)!.join(' ')); // typed in off the paper, in eights
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(`the printed head ${printedHead} is not in the log`);
    // The supervisor's page shows the head it now reads, for comparing with the paper.
    expect((await checkEvent(server.store, ev)).chain).toMatchObject({ ok: true, head: entries.at(-4)!.hash });
  });

  it('the live check catches an entry rewritten or removed in the middle of the stream: on demand, and within a minute anyway', async () => {
    const k = eventKeys(ev.id);
    const before = await checkEvent(server.store, ev);
    expect(before.chain.ok).toBe(true);
    // Rewrite the stream in place, same ids, with one reason changed (a stream entry cannot be edited otherwise).
    const entries = await server.store.audit(ev.id);
    const at = entries.findIndex((e) => e.action === 'room.reopen-judge');
    await server.redis.redis.del(k.audit);
    for (const [i, { id, ...fields }] of entries.entries()) {
      const f: Record<string, string> = { ...fields, ...(i === at ? { reason: '评委要求' } : {}) };
      await server.redis.redis.xadd(k.audit, id, ...Object.entries(f).flat());
    }
    const broken = { ok: false, brokenAt: entries[at]!.id, reason: 'the entry does not match its hash' };
    expect((await checkEvent(server.store, ev, { full: true })).chain).toMatchObject(broken);
    expect((await checkEvent(server.store, ev, { now: Date.now() + FULL_CHECK_EVERY_MS })).chain).toMatchObject(broken);
    // An entry removed before it breaks the chain there instead.
    await server.redis.redis.xdel(k.audit, entries[at - 2]!.id);
    expect((await checkEvent(server.store, ev, { full: true })).chain)
      .toMatchObject({ ok: false, brokenAt: entries[at - 1]!.id, reason: 'the link to the previous entry is broken' });
  });
});
