// The supervisor's live check of the evidence: asks the server every few seconds (and on demand) to check the audit
// chain and every stored sheet against the log; what it answered, and whether it could ask. Listeners bound here once.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { EvidenceReport } from '../../shared/protocol';
import { socket } from './socket';

/** How often the page asks for a check while connected. */
export const CHECK_EVERY_MS = 5000;

export const useEvidence = defineStore('evidence', () => {
  const report = ref<EvidenceReport | null>(null);
  const checking = ref(false);
  let timer: ReturnType<typeof setInterval> | null = null;

  async function check(): Promise<void> {
    if (checking.value) return;
    checking.value = true;
    const ack = await socket.timeout(15_000).emitWithAck('evidence:check', {}).catch(() => null);
    checking.value = false;
    if (ack?.ok) report.value = ack.data;
  }

  socket.on('connect', () => {
    void check();
    timer ??= setInterval(() => { if (socket.connected) void check(); }, CHECK_EVERY_MS);
  });

  return { report, checking, check };
});
