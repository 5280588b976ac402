// The supervisor's live check of the evidence: asks the server every few seconds, a second after a new audit entry,
// and on demand, to check the audit chain and every stored sheet against the log; what it answered. Listeners bound
// here once.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { EvidenceReport } from '../../shared/protocol';
import { request } from '../../shared/request';
import { socket } from './socket';

/** How often the page asks for a check while connected. */
export const CHECK_EVERY_MS = 5000;

export const useEvidence = defineStore('evidence', () => {
  const report = ref<EvidenceReport | null>(null);
  const checking = ref(false);
  let timer: ReturnType<typeof setInterval> | null = null;

  /** Asks for a check: of what was added since the last one, or (`full`, the button) of the whole log. */
  async function check(full = false): Promise<void> {
    if (checking.value) return;
    checking.value = true;
    const ack = await request(socket, 'evidence:check', full ? { full } : {}, 15_000);
    checking.value = false;
    if (ack?.ok) report.value = ack.data;
  }

  // A new entry is checked within a second too (only what was added is read), so the count and head follow the log.
  let soon: ReturnType<typeof setTimeout> | null = null;
  socket.on('connect', () => {
    void check();
    timer ??= setInterval(() => { if (socket.connected) void check(); }, CHECK_EVERY_MS);
  });
  socket.on('audit:entry', () => {
    soon ??= setTimeout(() => { soon = null; void check(); }, 1000);
  });

  return { report, checking, check };
});
