// The judge's sheets: drafts kept on the tablet (a reload keeps them), an outbox of submissions sent exactly once
// (each with its own id, resent with the same id until acknowledged, or until refused for a reason other than the
// server's storage being away), and what the server acknowledged.
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { parseMilli, type Milli } from '../../../shared/decimal';
import type { FormView } from '../../../shared/protocol';
import { socket, token } from '../socket';

/** A submission waiting for the server's acknowledgement. */
export interface Pending {
  sid: string;
  team: string;
  values: { criteria: Record<string, Milli> } | { total: Milli };
  total: Milli;
  createdAt: number;
}

/** What the server acknowledged, or why it refused. */
export interface Outcome {
  ok: boolean;
  /** Not saved because the server's storage is away: the sheet stays in the outbox and is resent once it is back. */
  held?: boolean;
  version?: number;
  total?: Milli;
  at?: string;
  message?: string;
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
  const fields = form.criteria.length ? form.criteria.map((c) => ({ id: c.id, max: c.maxMilli, step: c.stepMilli }))
    : [{ id: 'total', max: form.total?.maxMilli ?? 100_000, step: form.total?.stepMilli ?? 1 }];
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

  watch(drafts, (v) => localStorage.setItem(key('drafts'), JSON.stringify(v)), { deep: true });
  watch(outbox, (v) => localStorage.setItem(key('outbox'), JSON.stringify(v)), { deep: true });

  /**
   * Sends the outbox in order while connected; a lost acknowledgement, or UNAVAILABLE (the server's Redis is away:
   * nothing saved), leaves the item to be resent with its id (the server stores an id once).
   */
  async function flush(): Promise<void> {
    if (sending.value) return;
    sending.value = true;
    try {
      while (outbox.value.length > 0 && socket.connected) {
        const item = outbox.value[0]!;
        let ack;
        try {
          ack = await socket.timeout(10_000).emitWithAck('score:submit', { sid: item.sid, team: item.team, values: item.values });
        } catch {
          return; // no answer: keep it, try again when connected
        }
        if (!ack.ok && ack.error.code === 'UNAVAILABLE') {
          outcomes.value = { ...outcomes.value, [item.team]: { ok: false, held: true, message: ack.error.message } };
          return; // resent when the server says its storage is back (storage:status), on reconnect, or by the timer
        }
        outbox.value = outbox.value.filter((p) => p.sid !== item.sid);
        outcomes.value = {
          ...outcomes.value,
          [item.team]: ack.ok ? { ok: true, version: ack.data.version, total: ack.data.total, at: ack.data.at }
            : { ok: false, message: ack.error.message },
        };
      }
    } finally {
      sending.value = false;
    }
  }

  /** Queues a sheet for the team (replacing an unsent one for the same team) and sends it when it can. */
  function submit(team: string, values: Pending['values'], total: Milli): void {
    outbox.value = [...outbox.value.filter((p) => p.team !== team), { sid: newSid(), team, values, total, createdAt: Date.now() }];
    const rest = { ...outcomes.value };
    delete rest[team];
    outcomes.value = rest;
    void flush();
  }

  /** Sets one field of a team's draft. */
  function setField(team: string, field: string, text: string): void {
    drafts.value = { ...drafts.value, [team]: { ...drafts.value[team], [field]: text } };
  }

  socket.on('connect', () => void flush());
  socket.on('storage:status', (s) => { if (s.state === 'ok') void flush(); });
  setInterval(() => {
    if (outbox.value.length && socket.connected) void flush();
  }, 3000);

  return { drafts, outbox, outcomes, sending, submit, setField, flush };
});
