// The judge's session: the room feed (connection, identity, room view, server clock) and the judge's own state.
// Listeners are bound once, here.
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { followRoom } from '../../common/roomFeed';
import type { JudgeView } from '../../../shared/protocol';
import { socket } from '../socket';

export const useSession = defineStore('session', () => {
  const { connected, hello, room, offset, problem, storage } = followRoom(socket);
  const judge = shallowRef<JudgeView | null>(null);

  socket.on('judge:state', (view) => { judge.value = view; });

  /** The form of the track of the team on stage. */
  const form = computed(() => {
    const trackId = room.value?.team?.trackId;
    return judge.value?.forms.find((f) => f.trackId === trackId) ?? null;
  });

  return { connected, hello, room, judge, offset, problem, storage, form };
});
