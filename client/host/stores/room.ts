// The host's room: the room view (snapshots and patches), the panel board, the leaderboards, the server clock, and
// the commands, each sent with an acknowledgement and a timeout. Listeners are bound once, here.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { followRoom } from '../../common/roomFeed';
import type { Ack, BoardView, CommandName, CommandResults, PanelView, Payload } from '../../../shared/protocol';
import { socket } from '../socket';

export const useRoom = defineStore('room', () => {
  const { connected, hello, room: view, offset, problem, storage } = followRoom(socket);
  const panel = shallowRef<PanelView | null>(null);
  const boards = ref<Record<string, BoardView>>({});
  const busy = ref(false);
  const lastError = ref<string | null>(null);

  socket.on('room:panel', (p) => { panel.value = p; });
  socket.on('board:leaderboard', (b) => { boards.value = { ...boards.value, [b.trackId]: b }; });

  /** Sends a command and waits for its acknowledgement; a refusal or a timeout is shown, never thrown. */
  async function run<E extends CommandName>(name: E, payload: Payload<E>): Promise<Ack<CommandResults[E]>> {
    busy.value = true;
    lastError.value = null;
    try {
      const emit = socket.timeout(10_000).emitWithAck as unknown as (n: E, p: Payload<E>) => Promise<Ack<CommandResults[E]>>;
      const ack = await emit.call(socket, name, payload);
      if (!ack.ok) lastError.value = ack.error.message;
      return ack;
    } catch {
      lastError.value = 'timeout';
      return { ok: false, error: { code: 'INTERNAL', message: 'timeout' } };
    } finally {
      busy.value = false;
    }
  }

  /** Judges on the panel who have not scored the team on stage (recused judges excepted). */
  const missing = computed(() => panel.value?.judges.filter((j) => !j.recused && j.submittedAt === null) ?? []);

  return { connected, hello, view, panel, boards, offset, busy, lastError, problem, storage, missing, run };
});
