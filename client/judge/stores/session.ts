// The judge's session: the room feed (connection, identity, room view, server clock), the judge's own state and their
// special-award ballots (one per track whose ballot has opened).
// Listeners are bound once, here.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { followRoom } from '../../common/roomFeed';
import type { BallotView, JudgeView } from '../../../shared/protocol';
import { socket } from '../socket';

export const useSession = defineStore('session', () => {
  const { connected, hello, room, offset, problem, storage } = followRoom(socket);
  const judge = shallowRef<JudgeView | null>(null);

  socket.on('judge:state', (view) => { judge.value = view; });
  const ballots = ref<Record<string, BallotView>>({});
  socket.on('judge:ballot', (view) => { ballots.value = { ...ballots.value, [view.trackId]: view }; });

  /** The form of the track of the team on stage. */
  const form = computed(() => {
    const trackId = room.value?.team?.trackId;
    return judge.value?.forms.find((f) => f.trackId === trackId) ?? null;
  });

  return { connected, hello, room, judge, offset, problem, storage, form, ballots };
});
