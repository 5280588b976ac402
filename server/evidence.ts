// The evidence on the server: the chain checked with node:crypto, and the stored sheets and the judges' signatures
// checked against the log for the supervisor, live (every few seconds: incrementally from what this process verified
// last, and the whole log at least once a minute and on demand); the tablets' signatures checked with node:crypto.
// Light on purpose: `npm run results` loads it.
import { createHash, createPublicKey, verify } from 'node:crypto';
import type { EventConfig } from '../shared/domain';
import {
  checkStoredSheets, lastWords, signatureProblems, signatureVerdicts, verifyChain, type EvidenceCrypto, type Hasher,
  type LastWords, type RegisteredKeys, type SignatureProblem, type SignatureVerifier,
} from '../shared/evidence';
import type { EvidenceReport } from '../shared/protocol';
import type { Store } from './store/index';

/** SHA-1 or SHA-256 of a text's UTF-8 bytes, in hex. */
export const nodeHasher: Hasher = (alg, text) => createHash(alg).update(text, 'utf8').digest('hex');

/**
 * An ECDSA P-256 public key (SPKI DER, base64) read and written back in canonical base64; null when it is not one.
 * The canonical form is what is registered and logged, so that one key has one id.
 */
export function readPublicKey(spki: string): string | null {
  try {
    const key = createPublicKey({ key: Buffer.from(spki, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') return null;
    return key.export({ format: 'der', type: 'spki' }).toString('base64');
  } catch {
    return null;
  }
}

/** Checks a tablet's signature (raw r||s, as WebCrypto and @noble/curves make it) over a text's UTF-8 bytes. */
export const nodeVerifier: SignatureVerifier = (spki, text, sig) => {
  try {
    const key = createPublicKey({ key: Buffer.from(spki, 'base64'), format: 'der', type: 'spki' });
    return verify('sha256', Buffer.from(text, 'utf8'), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64'));
  } catch {
    return false;
  }
};

/** The hash and signature checks of the evidence, with node:crypto. */
export const nodeCrypto: EvidenceCrypto = { hash: nodeHasher, verify: nodeVerifier };

/** How old the last check of the whole log may be before a check reads the whole log again. */
export const FULL_CHECK_EVERY_MS = 60_000;

/**
 * What this process has verified of an event's log: an intact chain up to an entry, the last words so far, the keys
 * registered so far and the signature problems found so far (the log only grows, so they stay).
 */
interface Verified {
  lastId: string;
  head: string;
  strong: boolean;
  entries: number;
  words: LastWords;
  keys: RegisteredKeys;
  signatures: SignatureProblem[];
  fullAt: number;
}

const verified = new WeakMap<Store, Map<string, Verified>>();

/**
 * Checks an event's chain against its recorded head, every stored sheet against the log's last word on it, and every
 * judge's sheet in the log against its signature and the keys registered before it. Reads only the entries after
 * those this process verified last, unless `full`, or the last full check is a minute old, or the head no longer
 * follows from them (a log cut short or rewritten): then the whole log.
 */
export async function checkEvent(store: Store, ev: EventConfig, opts: { full?: boolean; now?: number } = {}): Promise<EvidenceReport> {
  const now = opts.now ?? Date.now();
  const byEvent = verified.get(store) ?? new Map<string, Verified>();
  verified.set(store, byEvent);
  const teams = ev.teams.map((t) => t.id);
  const known = opts.full ? undefined : byEvent.get(ev.id);
  if (known && now - known.fullAt < FULL_CHECK_EVERY_MS) {
    const { head, audit, sheets } = await store.evidenceSnapshot(ev.id, teams, known.lastId || undefined);
    const verdict = verifyChain(audit, nodeHasher, known);
    if (verdict.ok && verdict.head === head) {
      const words = lastWords(audit, known.words);
      const signatures = [...known.signatures, ...signatureProblems(signatureVerdicts(audit, nodeCrypto, known.keys))];
      byEvent.set(ev.id, { ...known, lastId: audit.at(-1)?.id ?? known.lastId, head, strong: verdict.strong, entries: known.entries + audit.length, words, signatures });
      return { checkedAt: now, chain: { ok: true, entries: known.entries + audit.length, head, brokenAt: null, reason: null },
        sheets: checkStoredSheets(words, sheets), signatures };
    }
  }
  const { head, audit, sheets } = await store.evidenceSnapshot(ev.id, teams);
  const words = lastWords(audit);
  const keys: RegisteredKeys = new Map();
  const signatures = signatureProblems(signatureVerdicts(audit, nodeCrypto, keys));
  const verdict = verifyChain(audit, nodeHasher);
  const intact = verdict.ok && verdict.head === head;
  if (intact) byEvent.set(ev.id, { lastId: audit.at(-1)?.id ?? '', head, strong: verdict.strong, entries: audit.length, words, keys, signatures, fullAt: now });
  else byEvent.delete(ev.id);
  const chain: EvidenceReport['chain'] = !verdict.ok
    ? { ok: false, entries: audit.length, head, brokenAt: verdict.at, reason: verdict.reason }
    : intact
      ? { ok: true, entries: audit.length, head, brokenAt: null, reason: null }
      : { ok: false, entries: audit.length, head, brokenAt: null, reason: 'the recorded head is not the hash of the last entry' };
  return { checkedAt: now, chain, sheets: checkStoredSheets(words, sheets), signatures };
}
