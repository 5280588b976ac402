// The judge's session: connection, who the server says they are, the room view (snapshots and patches with
// revisions), their own state, and the server clock. Listeners are bound once, here.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { estimateOffset } from '../../common/clock';
import { RoomMirror } from '../../../shared/mirror';
import type { JudgeView, RoomView, SessionHello } from '../../../shared/protocol';
import { socket } from '../socket';

export const useSession = defineStore('session', () => {
  const connected = ref(false);
  const hello = ref<SessionHello | null>(null);
  const room = shallowRef<RoomView | null>(null);
  const judge = shallowRef<JudgeView | null>(null);
  const offset = ref(0);
  const problem = ref<'badLink' | 'revoked' | null>(null);
  const mirror = new RoomMirror();

  const showRoom = () => {
    room.value = hello.value?.roomId ? mirror.rooms.get(hello.value.roomId) ?? null : null;
  };
  const sync = async () => {
    const ack = await socket.timeout(8000).emitWithAck('room:sync', {}).catch(() => null);
    if (ack?.ok) {
      mirror.reset();
      for (const view of ack.data) mirror.snapshot(view);
      showRoom();
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
  socket.on('room:snapshot', (view) => {
    mirror.snapshot(view);
    showRoom();
  });
  socket.on('room:patch', (patch) => {
    if (mirror.patch(patch) === 'needs-sync') void sync();
    showRoom();
  });
  socket.on('judge:state', (view) => { judge.value = view; });

  /** The form of the track of the team on stage. */
  const form = computed(() => {
    const trackId = room.value?.team?.trackId;
    return judge.value?.forms.find((f) => f.trackId === trackId) ?? null;
  });

  return { connected, hello, room, judge, offset, problem, form };
});
