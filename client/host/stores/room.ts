// The host's room: the room view (snapshots and patches), the panel board, the leaderboards, the server clock, and
// the commands, each sent with an acknowledgement and a timeout. Listeners are bound once, here.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { estimateOffset } from '../../common/clock';
import { RoomMirror } from '../../../shared/mirror';
import type {
  Ack, BoardView, CommandName, CommandResults, PanelView, Payload, RoomView, SessionHello,
} from '../../../shared/protocol';
import { socket } from '../socket';

export const useRoom = defineStore('room', () => {
  const connected = ref(false);
  const hello = ref<SessionHello | null>(null);
  const view = shallowRef<RoomView | null>(null);
  const panel = shallowRef<PanelView | null>(null);
  const boards = ref<Record<string, BoardView>>({});
  const offset = ref(0);
  const busy = ref(false);
  const lastError = ref<string | null>(null);
  const problem = ref<'badLink' | 'revoked' | null>(null);
  const mirror = new RoomMirror();

  const show = () => {
    view.value = hello.value?.roomId ? mirror.rooms.get(hello.value.roomId) ?? null : null;
  };
  const sync = async () => {
    const ack = await socket.timeout(8000).emitWithAck('room:sync', {}).catch(() => null);
    if (ack?.ok) {
      mirror.reset();
      for (const v of ack.data) mirror.snapshot(v);
      show();
    }
  };

  socket.on('connect', () => {
    connected.value = true;
    problem.value = null;
    mirror.reset();
    void estimateOffset(async () => {
      const ack = await socket.timeout(5000).emitWithAck('time:ping', {});
      return ack.ok ? ack.data.serverNow : Date.now();
    }).then((o) => { offset.value = o; }).catch(() => undefined);
  });
  socket.on('disconnect', () => { connected.value = false; });
  socket.on('connect_error', (err) => {
    connected.value = false;
    if (err.message === 'UNAUTHORIZED') problem.value = 'badLink';
  });
  socket.on('session:hello', (h) => { hello.value = h; });
  socket.on('session:revoked', () => { problem.value = 'revoked'; });
  socket.on('room:snapshot', (v) => {
    mirror.snapshot(v);
    show();
  });
  socket.on('room:patch', (p) => {
    if (mirror.patch(p) === 'needs-sync') void sync();
    show();
  });
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

  return { connected, hello, view, panel, boards, offset, busy, lastError, problem, missing, run };
});
