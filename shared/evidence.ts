// Evidence a notary can check: the audit chain's hashes, the score sheets replayed from the log (the log is the record,
// a stored sheet a cache of its last word), and the score published at each reveal recomputed from the log at that
// moment; the judges' tablets' signatures on their sheets (ECDSA P-256 over signedSheetText, checked against the keys
// registered in the log). Pure: the hash and signature functions are passed in (node:crypto on the server and in
// `npm run results`).
import { z } from 'zod';
import { formatMilli, formatScaled, type Milli } from './decimal';
import { parseResultsFile } from './results';
import { aggregateTeam, type Sheet, type TeamAggregate } from './scoring';

/** The hash algorithms of the chain: SHA-1 for entries written before SHA-256 (they have no field alg). */
export type HashAlg = 'sha1' | 'sha256';
/** Hashes a text (its UTF-8 bytes) and returns lowercase hex. */
export type Hasher = (alg: HashAlg, text: string) => string;
/**
 * Checks an ECDSA P-256 / SHA-256 signature: the public key as SPKI (DER, base64), the signed text (its UTF-8 bytes),
 * the signature as raw r||s (64 bytes, base64, as WebCrypto makes it). False for a malformed key or signature.
 */
export type SignatureVerifier = (spki: string, text: string, sig: string) => boolean;
/** What checking a results file's evidence needs: the chain's hash and the tablets' signatures. */
export interface EvidenceCrypto {
  hash: Hasher;
  verify: SignatureVerifier;
}

/** The fields an entry's hash covers, in order (server/store/lua/common.lua AUDIT_FIELDS, the same list). */
export const AUDIT_FIELDS = ['at', 'actor', 'role', 'action', 'room', 'team', 'judge', 'before', 'after', 'reason', 'score'] as const;
/** The fields a SHA-1 entry's hash covered: no score field then. */
const SHA1_FIELDS = AUDIT_FIELDS.slice(0, 10);

/** The audit actions that write a judge's sheet: their `after` is the sheet. */
export const SHEET_ACTIONS: readonly string[] = ['score.submit', 'score.correct'];
/** The audit action of a reveal: its `score` is the team's aggregate as the screens showed it. */
export const REVEAL_ACTION = 'room.reveal';
/** The audit action of a tablet's public key registered for a judge: its `after` is a KeyRegistration. */
export const REGISTER_KEY_ACTION = 'judge.register-key';

// ---------------------------------------------------------------------------------------------------------------
// Judges' signatures (issue 19 point 7). A tablet makes an ECDSA P-256 key pair when its judge first opens the link,
// registers the public key (logged: judge.register-key), and signs each sheet when it is made; the signature and the
// key's id travel with the sheet into the log (the `key` and `sig` of a score.submit entry's `after`). A sheet without
// them is unsigned: from a tablet that registered no key, or a host's correction (signed by nobody).

/** A sheet's values as the judge sends them, in milli-points: every criterion, or one total. */
export type SheetValues = { criteria: Record<string, Milli> } | { total: Milli };

/** What a judge's tablet signs of a sheet: the team, the judge, the submission id (a fresh nonce) and the values. */
export interface SignedSheet {
  team: string;
  judge: string;
  sid: string;
  values: SheetValues;
}

/** The tag the signed text starts with: the format's name and version. */
export const SIGNED_SHEET_TAG = 'finals-scoring/sheet/1';

/**
 * The one text a tablet signs and every checker verifies (its UTF-8 bytes): a JSON array of the tag, team, judge,
 * submission id and the values, criteria as [id, milli] pairs sorted by id, so it does not depend on key order.
 */
export function signedSheetText(s: SignedSheet): string {
  const values = 'criteria' in s.values
    ? { criteria: Object.keys(s.values.criteria).sort().map((id) => [id, (s.values as { criteria: Record<string, Milli> }).criteria[id]!]) }
    : { total: s.values.total };
  return JSON.stringify([SIGNED_SHEET_TAG, s.team, s.judge, s.sid, values]);
}

/** A key's id: the SHA-256 (hex) of its SPKI in base64, as registered and logged. */
export const keyIdOf = (hash: Hasher, spki: string): string => hash('sha256', spki);

/** A public key registered for a judge (a judge.register-key entry's `after`). */
export interface KeyRegistration {
  key: string;
  spki: string;
  /** The private key could be read out of the tablet (the fallback outside a secure context), so it proves less. */
  extractable: boolean;
}

const registrationSchema = z.object({ key: z.string(), spki: z.string(), extractable: z.boolean() });

/** Reads a judge.register-key entry's `after`, or null. */
export function readRegistration(json: string): KeyRegistration | null {
  try {
    const r = registrationSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** The signature a sheet carries, or null when it is unsigned. */
export function sheetSignature(json: string): { key: string; sig: string } | null {
  try {
    const s = JSON.parse(json) as { key?: unknown; sig?: unknown };
    return typeof s.key === 'string' && typeof s.sig === 'string' ? { key: s.key, sig: s.sig } : null;
  } catch {
    return null;
  }
}

const text = z.string().max(5_000_000);
/** One audit entry with its chain fields, as the results file carries it (and as the stream holds it). */
export const chainedEntrySchema = z.object({
  id: z.string().max(40),
  alg: z.literal('sha256').optional(),
  at: text, actor: text, role: text, action: text, room: text, team: text, judge: text,
  before: text, after: text, reason: text, score: text.optional(),
  prev: z.string().max(64),
  hash: z.string().max(64),
});
export type ChainedEntry = z.infer<typeof chainedEntrySchema>;

/** The evidence part of a results file (docs/results-file.md): the event's audit log and its head when exported. */
export const evidenceSchema = z.object({
  head: z.string().max(64),
  audit: z.array(chainedEntrySchema),
});
export type Evidence = z.infer<typeof evidenceSchema>;

/** The length in UTF-8 bytes of a string (a lone surrogate counts as U+FFFD, 3 bytes, as encoders write it). */
function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/**
 * The text an entry's hash is taken of. SHA-256 entries: 'sha256', the previous hash and every field, each written
 * <UTF-8 byte length>:<value>, (unambiguous whatever the values hold). SHA-1 entries: the previous hash and the ten
 * fields joined by newlines.
 */
export function hashedText(e: ChainedEntry): string {
  if (e.alg === 'sha256') {
    return ['sha256', e.prev, ...AUDIT_FIELDS.map((f) => e[f] ?? '')].map((v) => `${utf8Length(v)}:${v},`).join('');
  }
  return [e.prev, ...SHA1_FIELDS.map((f) => e[f])].join('\n');
}

/** The verdict on a chain: intact up to its head, or where and why it breaks. */
export type ChainVerdict = { ok: true; head: string; entries: number; strong: boolean } | { ok: false; at: string; index: number; reason: string };

/**
 * Checks the chain: each entry links to the previous entry's hash and matches its own hash; once an entry is SHA-256
 * no later one may be SHA-1. An edited, inserted, removed or reordered entry breaks it at that point. `from` continues
 * a chain already verified up to its head (`strong`: that head's entry was SHA-256).
 */
export function verifyChain(entries: ChainedEntry[], hash: Hasher, from = { head: '', strong: false }): ChainVerdict {
  let prev = from.head;
  let strong = from.strong;
  for (const [index, e] of entries.entries()) {
    if (e.prev !== prev) return { ok: false, at: e.id, index, reason: 'the link to the previous entry is broken' };
    if (strong && e.alg !== 'sha256') return { ok: false, at: e.id, index, reason: 'a SHA-1 entry after SHA-256 entries' };
    strong ||= e.alg === 'sha256';
    if (hash(e.alg ?? 'sha1', hashedText(e)) !== e.hash) return { ok: false, at: e.id, index, reason: 'the entry does not match its hash' };
    prev = e.hash;
  }
  return { ok: true, head: prev, entries: entries.length, strong };
}

/** A sheet as the log's last word on it has it (the `after` of the entry that wrote it). */
export interface LoggedSheet {
  /** The id and hash of the entry that wrote it. */
  id: string;
  hash: string;
  version: number;
  total: Milli;
  criteria: Record<string, Milli>;
  at: string;
  sid: string;
}

const loggedSchema = z.object({
  version: z.number().int(),
  total: z.number().int(),
  criteria: z.union([z.record(z.string(), z.number().int()), z.array(z.never())]),
  at: z.string(),
  sid: z.string(),
});

/** Reads a sheet's JSON (a stored sheet or an entry's `after`): its values, or null when it is not a sheet. */
export function readSheet(json: string): Omit<LoggedSheet, 'id' | 'hash'> | null {
  try {
    const s = loggedSchema.safeParse(JSON.parse(json));
    if (!s.success) return null;
    return { ...s.data, criteria: Array.isArray(s.data.criteria) ? {} : s.data.criteria };
  } catch {
    return null;
  }
}

const pairKey = (team: string, judge: string) => `${team}\u0000${judge}`;

/** Replays the sheets of the log: calls `visit` on each entry with the sheets as they stand just before it. */
function replay(entries: ChainedEntry[], visit: (e: ChainedEntry, sheets: Map<string, LoggedSheet | null>) => void): Map<string, LoggedSheet | null> {
  const sheets = new Map<string, LoggedSheet | null>();
  for (const e of entries) {
    visit(e, sheets);
    if (SHEET_ACTIONS.includes(e.action)) {
      const s = readSheet(e.after);
      sheets.set(pairKey(e.team, e.judge), s && { ...s, id: e.id, hash: e.hash });
    }
  }
  return sheets;
}

/** The log's last word on each sheet, by team then judge (null: the entry's `after` is not a readable sheet). */
export type LastWords = Map<string, Map<string, LoggedSheet | null>>;

/** The log's last word on each sheet; with `words`, the words so far, updated in place by the entries that follow. */
export function lastWords(entries: ChainedEntry[], words: LastWords = new Map()): LastWords {
  for (const [key, s] of replay(entries, () => {})) {
    const [team, judge] = key.split('\u0000') as [string, string];
    if (!words.has(team)) words.set(team, new Map());
    words.get(team)!.set(judge, s);
  }
  return words;
}

/**
 * Why a stored sheet is not what the log says. `differs`: its values differ from the log's last entry on it;
 * `unlogged`: no entry wrote it; `missing`: the log has a sheet the store lacks; `unbound`: it names another entry
 * than the log's last on it.
 */
export type SheetProblemKind = 'differs' | 'unlogged' | 'missing' | 'unbound';

/** A stored sheet that disagrees with the log. */
export interface SheetProblem {
  team: string;
  judge: string;
  kind: SheetProblemKind;
  /** The id of the log's last entry on this sheet, if any. */
  entry: string | null;
}

/** A stored sheet as read from Redis: its values and the hash of the entry that wrote it (absent on older sheets). */
export interface BoundSheet {
  version: number;
  total: Milli;
  criteria: Record<string, Milli>;
  at: string;
  sid: string;
  entry?: string;
}

const sameValues = (a: Omit<BoundSheet, 'entry'>, b: Omit<BoundSheet, 'entry'>) =>
  a.version === b.version && a.total === b.total && a.at === b.at && a.sid === b.sid &&
  Object.keys(a.criteria).length === Object.keys(b.criteria).length &&
  Object.entries(a.criteria).every(([k, v]) => b.criteria[k] === v);

/**
 * Compares the stored sheets of some teams with the log's last word on each: a sheet whose values differ ('differs'),
 * one no entry wrote ('unlogged'), one the log has but the store lacks ('missing'), one that names another entry
 * than the last ('unbound').
 */
export function checkStoredSheets(words: LastWords, stored: Map<string, Record<string, BoundSheet>>): SheetProblem[] {
  const problems: SheetProblem[] = [];
  for (const [team, sheets] of stored) {
    const logged = words.get(team) ?? new Map<string, LoggedSheet | null>();
    for (const [judge, s] of Object.entries(sheets)) {
      const last = logged.get(judge);
      if (last === undefined) problems.push({ team, judge, kind: 'unlogged', entry: null });
      else if (last === null || !sameValues(s, last)) problems.push({ team, judge, kind: 'differs', entry: last?.id ?? null });
      else if (s.entry !== undefined && s.entry !== last.hash) problems.push({ team, judge, kind: 'unbound', entry: last.id });
    }
    for (const [judge, last] of logged) {
      if (!Object.hasOwn(sheets, judge)) problems.push({ team, judge, kind: 'missing', entry: last?.id ?? null });
    }
  }
  return problems;
}

/** What a results file's evidence says: the problems found, and who signed the file's sheets, each in words. */
export interface EvidenceFindings {
  /** Each names the team and judge (or the entry of the log); none when it all holds. */
  problems: string[];
  /** One line per judge with sheets in the file: how many are signed and verified, by which keys, which are unsigned. */
  signatures: string[];
}

/**
 * Verifies the evidence of a results file (parsed JSON): the chain, its head, every sheet of the file against the
 * log's last word, the score published at each reveal of the file's teams against the recomputation from the log
 * at that moment, and every judge's sheet of those teams against its signature (signatureVerdicts). Returns the
 * problems found, each naming the team and judge in words; none when it all holds. A file without `evidence` returns
 * null. Throws ResultsFileError when the file itself is malformed.
 */
export function verifyResultsEvidence(input: unknown, crypto: EvidenceCrypto, printedHead?: string): string[] | null {
  return examineEvidence(input, crypto, printedHead)?.problems ?? null;
}

/** As verifyResultsEvidence, with the summary of the signatures on the file's sheets besides the problems. */
export function examineEvidence(input: unknown, crypto: EvidenceCrypto, printedHead?: string): EvidenceFindings | null {
  const { hash } = crypto;
  const file = parseResultsFile(input);
  const raw = (input as { evidence?: unknown }).evidence;
  if (raw === undefined) return null;
  const parsed = evidenceSchema.safeParse(raw);
  if (!parsed.success) return { problems: [`evidence: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`], signatures: [] };
  const { audit, head } = parsed.data;
  const named = input as { teams: Array<{ id: string; name: string }>; judges: Array<{ id: string; name: string }>;
    recusals?: Array<{ team: string; judge: string }> };
  const teamName = new Map(named.teams.map((t) => [t.id, t.name]));
  const judgeName = new Map(named.judges.map((j) => [j.id, j.name]));
  const who = (team: string, judge?: string) =>
    `team "${team}" (${teamName.get(team) ?? '?'})${judge === undefined ? '' : `, judge "${judge}" (${judgeName.get(judge) ?? '?'})`}`;
  const problems: string[] = [];

  const chain = verifyChain(audit, hash);
  if (!chain.ok) problems.push(`audit log: entry ${chain.index + 1} (${chain.at}): ${chain.reason}`);
  else if (chain.head !== head) problems.push(`audit log: its last entry's hash ${chain.head || '(none)'} is not the head ${head} recorded with it`);
  if (printedHead !== undefined && !audit.some((e) => e.hash === printedHead)) {
    problems.push(`audit log: the printed head ${printedHead} is not in the log: the log was cut short or rewritten`);
  }

  const teams = new Set(file.teams);
  const recused = new Set((named.recusals ?? []).map((r) => pairKey(r.team, r.judge)));
  const order = new Map(file.judges.map((j, i) => [j, i]));
  const sheetsAt = (team: string, sheets: Map<string, LoggedSheet | null>): Sheet[] => [...sheets]
    .map(([key, s]) => ({ key, s, judge: key.split('\u0000')[1]! }))
    .filter(({ key, s }) => key.startsWith(`${team}\u0000`) && s && !recused.has(key))
    .sort((a, b) => (order.get(a.judge) ?? Infinity) - (order.get(b.judge) ?? Infinity))
    .map(({ judge, s }) => ({ judge, total: s!.total, criteria: s!.criteria }));

  const verdicts = signatureVerdicts(audit, crypto).filter((v) => v.kind === 'bad-key' || teams.has(v.entry.team));
  problems.push(...verdicts.flatMap((v) => signatureWords(v, who) ?? []));

  const final = replay(audit, (e, sheets) => {
    if (e.action !== REVEAL_ACTION || !teams.has(e.team) || !e.score) return;
    let shown: TeamAggregate;
    try {
      shown = JSON.parse(e.score) as TeamAggregate;
    } catch {
      problems.push(`${who(e.team)}: the score recorded at the reveal (entry ${e.id}) is not readable`);
      return;
    }
    // With a mix the log's sheets vouch for the panel's part (P); the public's part comes from the results file's counts.
    if (shown.parts) shown = { ...shown, published: shown.parts.panel };
    const again = aggregateTeam(e.team, sheetsAt(e.team, sheets), file.rules);
    if (again.status !== shown.status || again.published !== shown.published) {
      const show = (a: TeamAggregate) => (a.published === null ? a.status : formatScaled(a.published, file.rules.decimals));
      problems.push(`${who(e.team)}: the score published at the reveal (entry ${e.id}) was ${show(shown)}; the log's sheets at that moment give ${show(again)}`);
    }
  });

  const inFile = new Map<string, Sheet>();
  for (const byTeam of [file.sheets, file.excludedSheets]) for (const [team, list] of byTeam) for (const s of list) inFile.set(pairKey(team, s.judge), s);
  const same = (a: Sheet, b: LoggedSheet) => a.total === b.total &&
    (file.criteria.length === 0 || file.criteria.every((c) => a.criteria[c] === b.criteria[c]));
  for (const [key, s] of inFile) {
    const [team, judge] = key.split('\u0000') as [string, string];
    const last = final.get(key);
    if (!last) problems.push(`${who(team, judge)}: the sheet in the file was never written by the audit log`);
    else if (!same(s, last)) {
      problems.push(`${who(team, judge)}: the sheet in the file (total ${formatMilli(s.total)}) differs from the audit log's last word on it (entry ${last.id}, total ${formatMilli(last.total)})`);
    }
  }
  for (const [key, last] of final) {
    const [team, judge] = key.split('\u0000') as [string, string];
    if (teams.has(team) && last && !recused.has(key) && !inFile.has(key)) {
      problems.push(`${who(team, judge)}: the audit log has a sheet (entry ${last.id}) that the file lacks`);
    }
  }
  return { problems, signatures: signedBy(file.judges, inFile, final, verdicts, {
    team: (id) => who(id), judge: (id) => `judge "${id}" (${judgeName.get(id) ?? '?'})`,
  }) };
}

/**
 * Who signed the sheets of a file, judge by judge (in the file's order): how many of the judge's sheets (the log's
 * last word on each) are signed and verified, by which of the judge's keys, and which are unsigned and why.
 */
function signedBy(judges: string[], inFile: Map<string, Sheet>, final: Map<string, LoggedSheet | null>,
  verdicts: SignatureVerdict[], name: { team: (id: string) => string; judge: (id: string) => string }): string[] {
  const byEntry = new Map(verdicts.map((v) => [v.entry.id, v]));
  const sheets = [...inFile.keys()].map((key) => key.split('\u0000') as [string, string]);
  return judges.flatMap((judge) => {
    const mine = sheets.filter(([, j]) => j === judge).map(([t]) => ({ team: t, last: final.get(pairKey(t, judge)) }))
      .filter((s): s is { team: string; last: LoggedSheet } => !!s.last); // a sheet the log never wrote is named above
    if (!mine.length) return [];
    const keys = new Map<string, { n: number; extractable: boolean }>();
    const unsigned: string[] = [];
    const failing: string[] = [];
    for (const { team: t, last } of mine) {
      // A sheet written by score.submit has a verdict; one without is a host's correction (score.correct).
      const v = byEntry.get(last.id);
      if (v?.kind === 'signed') {
        const k = keys.get(v.key!) ?? { n: 0, extractable: v.extractable! };
        keys.set(v.key!, { ...k, n: k.n + 1 });
      } else if (!v || v.kind === 'no-key') {
        unsigned.push(`${name.team(t)}, ${v ? 'no tablet key registered' : 'corrected by the host'}`);
      } else {
        failing.push(name.team(t));
      }
    }
    const signed = [...keys.values()].reduce((n, k) => n + k.n, 0);
    const by = [...keys].map(([key, k]) => `${k.n} by key ${key.slice(0, 8)}…${k.extractable ? ' (extractable)' : ''}`);
    return [`${name.judge(judge)}: ${signed} of ${mine.length} sheets signed and verified${by.length ? ` (${by.join(', ')})` : ''}` +
      (unsigned.length ? `; unsigned: ${unsigned.join('; ')}` : '') + (failing.length ? `; signature not verified: ${failing.join('; ')}` : '')];
  });
}

/** The keys registered for each judge so far, by judge then key id. */
export type RegisteredKeys = Map<string, Map<string, KeyRegistration>>;

/**
 * What is wrong with a signature: a registration whose key is unreadable or not the id of its SPKI ('bad-key'); a
 * sheet signed with a key not registered for its judge earlier in the log ('unknown-key'); a signature that does not
 * verify over the sheet ('invalid'); an unsigned sheet from a judge who had registered a key ('unsigned': the server
 * refuses it, so only a tampered server writes one).
 */
export type SignatureProblemKind = 'bad-key' | 'unknown-key' | 'invalid' | 'unsigned';

/**
 * What the signature check says of one entry: a score.submit sheet signed with a key registered for its judge and
 * verified ('signed'), an unsigned sheet of a judge who had registered no key ('no-key': accepted, it proves less), or a
 * problem. A valid registration and a correction (score.correct, signed by nobody) have no verdict.
 */
export interface SignatureVerdict {
  entry: ChainedEntry;
  kind: 'signed' | 'no-key' | SignatureProblemKind;
  /** The key the sheet names (signed, unknown-key, invalid). */
  key?: string;
  /** The registered key's own words: whether it could be read out of the tablet (signed). */
  extractable?: boolean;
  /** The sheet's total, milli-points (every kind but bad-key). */
  total?: Milli;
}

/**
 * Checks the signatures of a stretch of the log: every score.submit sheet against the keys registered for its judge
 * before it (its signature over signedSheetText), every key registration against its id. `keys` carries the keys
 * registered so far, updated in place, so a log can be checked a stretch at a time.
 */
export function signatureVerdicts(audit: ChainedEntry[], crypto: EvidenceCrypto, keys: RegisteredKeys = new Map()): SignatureVerdict[] {
  const verdicts: SignatureVerdict[] = [];
  for (const entry of audit) {
    if (entry.action === REGISTER_KEY_ACTION) {
      const r = readRegistration(entry.after);
      if (!r || keyIdOf(crypto.hash, r.spki) !== r.key) verdicts.push({ entry, kind: 'bad-key' });
      else keys.set(entry.judge, (keys.get(entry.judge) ?? new Map<string, KeyRegistration>()).set(r.key, r));
      continue;
    }
    if (entry.action !== 'score.submit') continue;
    const sheet = readSheet(entry.after);
    if (!sheet) continue; // an unreadable sheet is named by the sheet checks
    const total = sheet.total;
    const signature = sheetSignature(entry.after);
    const registered = keys.get(entry.judge);
    if (!signature) {
      verdicts.push({ entry, kind: registered?.size ? 'unsigned' : 'no-key', total });
      continue;
    }
    const key = registered?.get(signature.key);
    if (!key) {
      verdicts.push({ entry, kind: 'unknown-key', key: signature.key, total });
      continue;
    }
    const values: SheetValues = Object.keys(sheet.criteria).length ? { criteria: sheet.criteria } : { total };
    const text = signedSheetText({ team: entry.team, judge: entry.judge, sid: sheet.sid, values });
    const ok = crypto.verify(key.spki, text, signature.sig);
    verdicts.push({ entry, kind: ok ? 'signed' : 'invalid', key: key.key, extractable: key.extractable, total });
  }
  return verdicts;
}

/** A signature problem as the supervisor's live check reports it: the team ('' for a key registration) and judge. */
export interface SignatureProblem {
  team: string;
  judge: string;
  kind: SignatureProblemKind;
  /** The id of the entry at fault. */
  entry: string;
}

/** The problems among some verdicts. */
export function signatureProblems(verdicts: SignatureVerdict[]): SignatureProblem[] {
  return verdicts.filter((v) => v.kind !== 'signed' && v.kind !== 'no-key')
    .map((v) => ({ team: v.entry.team, judge: v.entry.judge, kind: v.kind as SignatureProblemKind, entry: v.entry.id }));
}

/** A problem verdict in words, naming the team and judge; null for a verdict that is no problem. */
function signatureWords(v: SignatureVerdict, who: (team: string, judge: string) => string): string | null {
  const { entry: e } = v;
  switch (v.kind) {
    case 'bad-key': return `judge "${e.judge}": the key registered by entry ${e.id} is not readable or does not match its id`;
    case 'unsigned': return `${who(e.team, e.judge)}: the sheet of entry ${e.id} is unsigned, though the judge's tablet had registered a key`;
    case 'unknown-key':
      return `${who(e.team, e.judge)}: the sheet of entry ${e.id} is signed with a key (${v.key!.slice(0, 16)}…) not registered for this judge in the log`;
    case 'invalid':
      return `${who(e.team, e.judge)}: the signature of the sheet of entry ${e.id} (total ${formatMilli(v.total!)}) does not match it: forged or changed`;
    default: return null;
  }
}
