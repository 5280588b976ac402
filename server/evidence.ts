// The evidence on the server: the chain checked with node:crypto, and the stored sheets checked against the log (for
// the supervisor, live), and a track's results file with its evidence (docs/results-file.md).
import { createHash } from 'node:crypto';
import type { EventConfig } from '../shared/domain';
import { checkStoredSheets, verifyChain, type Evidence, type Hasher } from '../shared/evidence';
import type { EvidenceReport } from '../shared/protocol';
import type { ResultsFile } from '../shared/results';
import { resultsFileFor } from './exports';
import type { Store } from './store/index';

/** SHA-1 or SHA-256 of a text's UTF-8 bytes, in hex. */
export const nodeHasher: Hasher = (alg, text) => createHash(alg).update(text, 'utf8').digest('hex');

/** Checks an event's chain against its recorded head, and every stored sheet against the log's last word on it. */
export async function checkEvent(store: Store, ev: EventConfig, now = Date.now()): Promise<EvidenceReport> {
  const { head, audit, sheets } = await store.evidenceSnapshot(ev.id, ev.teams.map((t) => t.id));
  const verdict = verifyChain(audit, nodeHasher);
  const chain: EvidenceReport['chain'] = !verdict.ok
    ? { ok: false, entries: audit.length, head, brokenAt: verdict.at, reason: verdict.reason }
    : verdict.head !== head
      ? { ok: false, entries: audit.length, head, brokenAt: null, reason: 'the recorded head is not the hash of the last entry' }
      : { ok: true, entries: audit.length, head, brokenAt: null, reason: null };
  return { checkedAt: now, chain, sheets: checkStoredSheets(audit, sheets) };
}

/**
 * A track's results file with its evidence: the event's audit log and head, read so that no sheet was written between
 * the file's sheets and the log (a write appends an entry and moves the head: then the file is read again).
 */
export async function resultsFileWithEvidence(store: Store, ev: EventConfig, trackId: string): Promise<ResultsFile & { evidence: Evidence }> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const { head, audit } = await store.evidenceSnapshot(ev.id);
    const file = await resultsFileFor(store, ev, trackId);
    if ((await store.auditHead(ev.id)).head === head) return { ...file, evidence: { head, audit } };
  }
  throw new Error('the audit log kept changing while the results file was read');
}
