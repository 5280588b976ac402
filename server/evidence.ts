// The evidence on the server: the chain checked with node:crypto, and the stored sheets checked against the log (for
// the supervisor, live). Light on purpose: `npm run results` loads it.
import { createHash } from 'node:crypto';
import type { EventConfig } from '../shared/domain';
import { checkStoredSheets, verifyChain, type Hasher } from '../shared/evidence';
import type { EvidenceReport } from '../shared/protocol';
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
