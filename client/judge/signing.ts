// The tablet's signing key (issue 19 point 7): an ECDSA P-256 key pair made the first time the judge opens their link,
// kept in this browser's IndexedDB, one per link. In a secure context (HTTPS, localhost) it is a WebCrypto key whose
// private half cannot be read out (non-extractable); over plain HTTP on a LAN address WebCrypto is not there, so the
// key is made with @noble/curves and its private half is stored as bytes (registered as `extractable`, and the log
// says so). Signatures are raw r||s, 64 bytes, over the UTF-8 bytes of shared/evidence.ts signedSheetText.
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

/** A tablet's key as kept in IndexedDB (or, for a fallback key when IndexedDB is refused, in localStorage). */
export interface KeyRecord {
  /** The key's id: SHA-256 (hex) of `spki` (shared/evidence.ts keyIdOf). */
  key: string;
  /** The public key, SPKI DER in base64. */
  spki: string;
  extractable: boolean;
  /** The WebCrypto private key (non-extractable). */
  privateKey?: CryptoKey;
  /** The fallback private key, hex. */
  secret?: string;
}

/** What the sheet store needs of the key: its id and public key to register, and a signature over a text. */
export interface Signer {
  key: string;
  spki: string;
  extractable: boolean;
  /** The signature over the text's UTF-8 bytes, raw r||s in base64. */
  sign(text: string): Promise<string>;
}

/** The DER prefix of a P-256 public key's SPKI before its 65-byte uncompressed point (RFC 5480). */
const P256_SPKI_PREFIX = hexToBytes('3059301306072a8648ce3d020106082a8648ce3d030107034200');

const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const keyIdOf = (spki: string): string => bytesToHex(sha256(new TextEncoder().encode(spki)));

const DB = 'finals-judge';
const STORE = 'keys';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB refused'));
  });
}

function request<T>(db: IDBDatabase, mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = run(db.transaction(STORE, mode).objectStore(STORE));
    req.onsuccess = () => resolve(req.result as T);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB refused'));
  });
}

/** A new key: WebCrypto (non-extractable) in a secure context, @noble/curves otherwise. */
export async function makeKey(secure: boolean): Promise<KeyRecord> {
  if (secure) {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const spki = toBase64(new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey)));
    return { key: keyIdOf(spki), spki, extractable: false, privateKey: pair.privateKey };
  }
  return fallbackKey();
}

function fallbackKey(): KeyRecord {
  const secret = p256.utils.randomSecretKey();
  const point = p256.getPublicKey(secret, false);
  const spki = toBase64(new Uint8Array([...P256_SPKI_PREFIX, ...point]));
  return { key: keyIdOf(spki), spki, extractable: true, secret: bytesToHex(secret) };
}

/** Signs with a kept key. */
export function signerOf(r: KeyRecord): Signer {
  return {
    key: r.key,
    spki: r.spki,
    extractable: r.extractable,
    async sign(text) {
      const bytes = new TextEncoder().encode(text);
      if (r.privateKey) {
        return toBase64(new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, r.privateKey, bytes)));
      }
      return toBase64(p256.sign(bytes, hexToBytes(r.secret!)));
    },
  };
}

/** The key kept for this link in localStorage (a fallback key, when IndexedDB is refused). */
function localKey(name: string): Signer {
  const stored = localStorage.getItem(name);
  const record = stored ? (JSON.parse(stored) as KeyRecord) : fallbackKey();
  if (!stored) localStorage.setItem(name, JSON.stringify(record));
  return signerOf(record);
}

/**
 * The tablet's key for this judge link: the one kept, or a new one made and kept now. Null when no key can be made or
 * kept here (then the tablet sends unsigned sheets, which the log records as such).
 */
export async function tabletSigner(token: string): Promise<Signer | null> {
  const name = `judge:${token}:key`;
  const secure = window.isSecureContext && Boolean(globalThis.crypto?.subtle);
  try {
    const db = await openDb();
    const kept = await request<KeyRecord | undefined>(db, 'readonly', (s) => s.get(name));
    if (kept) return signerOf(kept);
    const record = await makeKey(secure);
    // Two tabs of one link may both have made a key: the one stored first is the key (`add` refuses the second).
    await request(db, 'readwrite', (s) => s.add(record, name)).catch(() => undefined);
    return signerOf((await request<KeyRecord | undefined>(db, 'readonly', (s) => s.get(name))) ?? record);
  } catch {
    try {
      return localKey(name);
    } catch {
      return null;
    }
  }
}
