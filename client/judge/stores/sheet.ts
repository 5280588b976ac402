// The judge's sheets: drafts kept on the tablet (a reload keeps them), an outbox of submissions sent exactly once
// (each with its own id, resent with the same id until acknowledged, or until refused for a reason other than the
// server's storage being away), and what the server acknowledged. Each sheet is signed with the tablet's key when it
// is made (signing.ts), so a resend carries the same signature; the key is registered before the outbox is sent.
// Only the judge's active tablet sends (stores/tablet.ts): a replaced tablet keeps its unsent sheets, unsaved, until
// the judge takes back here (then they go with their own ids: a sheet the server already has is not stored twice).
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { parseMilli, type Milli } from '../../../shared/decimal';
import { signedSheetText, type SheetValues } from '../../../shared/evidence';
import { formFields } from '../../../shared/forms';
import type { ErrorBody, FormView } from '../../../shared/protocol';
import { request } from '../../../shared/request';
import { tabletSigner } from '../signing';
import { socket, token } from '../socket';
import { useSession } from './session';
import { useTablet } from './tablet';

/** A submission waiting for the server's acknowledgement. */
export interface Pending {
  sid: string;
  team: string;
  /** The room whose stage the team is on (absent on sheets queued by an older page: the server finds it). */
  room?: string;
  values: SheetValues;
  total: Milli;
  createdAt: number;
  /** The tablet's signature over the sheet, made when it was queued; absent when the tablet has no key. */
  signature?: { key: string; sig: string };
}

/** What the server acknowledged, or why it refused (put in the judge's words by client/common/refusal.ts). */
export interface Outcome {
  ok: boolean;
  /** Not saved because the server's storage is away: the sheet stays in the outbox and is resent once it is back. */
  held?: boolean;
  version?: number;
  total?: Milli;
  at?: string;
  /** With a standby machine: on how many machines the server says the sheet is (2: the standby has it too). */
  machines?: number;
  error?: ErrorBody;
}

const key = (name: string) => `judge:${token}:${name}`;
const load = <T>(name: string, fallback: T): T => {
  try {
    const raw = localStorage.getItem(key(name));
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
};

/** A fresh submission id. */
function newSid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The draft's values in milli-points, or the problems that stop it from being sent. */
export function readDraft(form: FormView, draft: Record<string, string>): { values: Pending['values']; total: Milli } | { missing: number; invalid: string[] } {
  const fields = formFields(form);
  const out: Record<string, Milli> = {};
  let missing = 0;
  const invalid: string[] = [];
  for (const f of fields) {
    const text = (draft[f.id] ?? '').trim();
    if (text === '') {
      missing += 1;
      continue;
    }
    try {
      const v = parseMilli(text);
      if (v > f.max || v % f.step !== 0) invalid.push(f.id);
      else out[f.id] = v;
    } catch {
      invalid.push(f.id);
    }
  }
  if (missing || invalid.length) return { missing, invalid };
  const total = Object.values(out).reduce((a, b) => a + b, 0);
  return { values: form.criteria.length ? { criteria: out } : { total: out.total! }, total };
}

export const useSheets = defineStore('sheets', () => {
  const drafts = ref<Record<string, Record<string, string>>>(load('drafts', {}));
  const outbox = ref<Pending[]>(load('outbox', []));
  const outcomes = ref<Record<string, Outcome>>({});
  const sending = ref(false);
  const session = useSession();
  const tablet = useTablet();
  const signer = tabletSigner(token);
  /** The tablet's key is registered with the server over this connection (registering again is harmless). */
  let registered = false;
  /** Sheets are signed and queued one after another, in the order they were made. */
  let queued: Promise<void> = Promise.resolve();

  watch(drafts, (v) => localStorage.setItem(key('drafts'), JSON.stringify(v)), { deep: true });
  watch(outbox, (v) => localStorage.setItem(key('outbox'), JSON.stringify(v)), { deep: true });

  /**
   * Sends the outbox in order while connected; a lost acknowledgement, or UNAVAILABLE (the server's Redis is away:
   * nothing saved), leaves the item to be resent with its id (the server stores an id once).
   */
  async function flush(): Promise<void> {
    if (sending.value || !tablet.active) return;
    sending.value = true;
    try {
      if (!(await register())) return;
      while (outbox.value.length > 0 && socket.connected && tablet.active) {
        const item = outbox.value[0]!;
        const ack = await request(socket, 'score:submit', {
          sid: item.sid, team: item.team, ...(item.room ? { room: item.room } : {}), values: item.values,
          ...(item.signature ? { signature: item.signature } : {}),
        }, 10_000);
        if (!ack) return; // no answer: keep it, try again when connected
        if (!ack.ok && ack.error.code === 'UNAVAILABLE') {
          outcomes.value = { ...outcomes.value, [item.team]: { ok: false, held: true, error: ack.error } };
          return; // resent when the server says its storage is back (storage:status), on reconnect, or by the timer
        }
        if (!ack.ok && ack.error.reason === 'tablet-replaced') return; // kept, unsent: the tablet store shows why
        outbox.value = outbox.value.filter((p) => p.sid !== item.sid);
        outcomes.value = {
          ...outcomes.value,
          [item.team]: ack.ok ? { ok: true, version: ack.data.version, total: ack.data.total, at: ack.data.at, machines: ack.data.machines }
            : { ok: false, error: ack.error },
        };
      }
    } finally {
      sending.value = false;
    }
  }

  /**
   * Registers the tablet's key over this connection, once; true when sheets may be sent (registered, or no key here).
   * A refusal is kept as the outcome of every queued sheet's team, and nothing is sent.
   */
  async function register(): Promise<boolean> {
    const key = await signer;
    if (!key || registered) return true;
    const ack = await request(socket, 'judge:register-key', { spki: key.spki, extractable: key.extractable }, 10_000);
    if (!ack) return false; // no answer: try again when connected
    if (!ack.ok) {
      const held = ack.error.code === 'UNAVAILABLE';
      outcomes.value = { ...outcomes.value, ...Object.fromEntries(outbox.value.map((p) => [p.team, { ok: false, held, error: ack.error }])) };
      return false;
    }
    registered = true;
    return true;
  }

  /**
   * Signs a sheet for the team on stage in a room and queues it (replacing an unsent one for the same team), then sends it when it can.
   * Resolves once it is queued.
   */
  function submit(team: string, room: string, values: Pending['values'], total: Milli): Promise<void> {
    const judge = session.judge?.judge.id ?? session.hello?.judgeId ?? '';
    queued = queued.then(async () => {
      const sid = newSid();
      const key = await signer;
      const signature = key ? { key: key.key, sig: await key.sign(signedSheetText({ team, judge, sid, values })) } : undefined;
      outbox.value = [...outbox.value.filter((p) => p.team !== team), { sid, team, room, values, total, createdAt: Date.now(), signature }];
      const rest = { ...outcomes.value };
      delete rest[team];
      outcomes.value = rest;
    }).catch((err: unknown) => {
      // The browser could not sign (it should not happen): the sheet is not queued, and the judge is told.
      outcomes.value = { ...outcomes.value, [team]: { ok: false, error: { code: 'INTERNAL', message: String(err) } } };
    });
    return queued.then(() => flush());
  }

  /** Sets one field of a team's draft. */
  function setField(team: string, field: string, text: string): void {
    drafts.value = { ...drafts.value, [team]: { ...drafts.value[team], [field]: text } };
  }

  // A new connection registers the key again; the outbox goes once this tablet is (again) the active one.
  socket.on('connect', () => { registered = false; });
  watch(() => tablet.active, (active) => { if (active) void flush(); });
  socket.on('storage:status', (s) => { if (s.state === 'ok') void flush(); });
  setInterval(() => {
    if (outbox.value.length && socket.connected) void flush();
  }, 3000);

  return { drafts, outbox, outcomes, sending, submit, setField, flush };
});
