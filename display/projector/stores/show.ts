// What the projector shows, derived from the room's phase (the host drives the room; the screen follows it) or from
// the screen the host chose (RoomView.displayMode): the scene, the board to show, the ceremony's screen the host is on,
// and the local timelines of the animated moments (a reveal, a draw), which play only for changes seen live — a
// reload or a reconnect shows the settled state at once.
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { effectivePhase, type Phase } from '../../../shared/phases';
import { ceremonySteps as stepsOf, roomTrackIds } from '../../../shared/ceremony';
import type { BoardView, DisplayMode } from '../../../shared/protocol';
import type { Problem } from '../../common/watch';
import { option } from '../../common/socket';
import { sceneOf, type Scene } from '../../../shared/scene';
import { drawTimeline, revealOnScreenMs } from '../../../shared/timeline';
import { useWatch } from './watch';

export type { Scene };

const BOARD_CYCLE_MS = 15_000;

export const useShow = defineStore('show', () => {
  const w = useWatch();
  const speed = Math.min(20, Math.max(0.25, Number(option('speed')) || 1));

  const room = computed(() => w.rooms.find((r) => r.roomId === w.hello?.roomId) ?? w.rooms[0] ?? null);
  /** The phase the room is really in (through a pause: the screen stays where it was). */
  const phase = computed<Phase | null>(() => (room.value ? effectivePhase(room.value) : null));
  const paused = computed(() => room.value?.phase === 'paused');
  const trackIds = computed(() => (room.value ? roomTrackIds(room.value) : []));
  const boards = computed(() => trackIds.value.flatMap((id) => {
    const b = w.boards.get(id);
    return b ? [b] : [];
  }));
  const boardsWithRows = computed(() => boards.value.filter((b) => b.rows.length > 0));

  // --- The reveal: animated when it happens while the screen watches; then, after a hold, the leaderboard.
  const reveal = ref<{ team: string; animate: boolean } | null>(null);
  const revealOver = ref(false);
  let revealTimer: ReturnType<typeof setTimeout> | undefined;
  watch(
    () => (room.value ? `${phase.value}|${room.value.reveal?.team ?? ''}` : undefined),
    (key, old) => {
      const r = room.value;
      const team = r?.reveal?.team ?? null;
      if (phase.value === 'revealed' && team && r?.reveal) {
        if (reveal.value?.team === team) return;
        const animate = old !== undefined; // the first view after loading the page shows the result at once
        reveal.value = { team, animate };
        revealOver.value = false;
        clearTimeout(revealTimer);
        revealTimer = setTimeout(() => { revealOver.value = true; }, revealOnScreenMs(r.reveal.judges.length, speed, animate));
      } else if (key !== undefined && phase.value !== 'revealed') {
        reveal.value = null;
        revealOver.value = false;
        clearTimeout(revealTimer);
      }
    },
  );

  // --- The draw: animated when the seed changes while the room is idle and the screen watches.
  const drawAnimating = ref<string | null>(null);
  let drawTimer: ReturnType<typeof setTimeout> | undefined;
  watch(
    () => (room.value ? room.value.drawSeed : undefined),
    (seed, old) => {
      if (old === undefined || !seed || seed === old || phase.value !== 'idle') return;
      drawAnimating.value = seed;
      clearTimeout(drawTimer);
      drawTimer = setTimeout(() => { drawAnimating.value = null; }, drawTimeline(room.value?.order.length ?? 0, speed).end + 1000);
    },
  );

  // --- The ceremony: when the room finishes (or the host picks it), the screen the host is on — third, then second,
  // then first prize of each track — and the final leaderboard once the host has gone past the last.
  const ceremonySteps = computed(() => stepsOf(boardsWithRows.value));
  const ceremonyIndex = computed(() => room.value?.ceremonyStep ?? 0);
  const ceremonyStep = computed(() => ceremonySteps.value[ceremonyIndex.value] ?? null);
  /** The host's choice of screen (RoomView.displayMode); `auto` follows the phase. */
  const mode = computed<DisplayMode>(() => room.value?.displayMode ?? 'auto');

  // --- Which leaderboard: the revealed team's track; else the next team's; else the tracks in turn.
  const cycle = ref(0);
  setInterval(() => { cycle.value++; }, BOARD_CYCLE_MS);
  const board = computed<BoardView | null>(() => {
    const r = room.value;
    const pick = (trackId: string | undefined) => (trackId ? boards.value.find((b) => b.trackId === trackId) : undefined);
    if (phase.value === 'revealed') return pick(r?.team?.trackId) ?? boards.value[0] ?? null;
    const shown = boardsWithRows.value;
    if (phase.value === 'idle') {
      const forNext = pick(r?.next?.trackId);
      if (forNext && forNext.rows.length) return forNext;
    }
    return shown.length ? shown[cycle.value % shown.length]! : boards.value[0] ?? null;
  });
  const highlight = computed(() => (phase.value === 'revealed' ? room.value?.reveal?.team ?? null : null));

  /** Why the screen cannot show its room: a refused link, or a display whose room is no longer in the event. */
  const problem = computed<Problem>(() => w.problem ?? (w.hello?.role === 'display' && !w.hello.roomId ? 'badLink' : null));

  const scene = computed<Scene>(() => {
    if (problem.value) return 'problem';
    const r = room.value;
    if (!r) return 'connecting';
    return sceneOf({
      phase: phase.value ?? 'idle', mode: mode.value, hasTeam: Boolean(r.team), hasReveal: Boolean(r.reveal), revealOver: revealOver.value,
      ceremonyStep: ceremonyStep.value !== null, boardsWithRows: boardsWithRows.value.length > 0, drawn: Boolean(r.drawSeed),
    });
  });

  return {
    speed, room, phase, paused, mode, problem, boards, board, highlight, scene, reveal, drawAnimating, ceremonyStep, ceremonyIndex,
  };
});
