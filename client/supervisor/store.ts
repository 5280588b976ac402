// What a supervisor sees, kept from the server's topics: room views (through the one room feed, shared/feed.ts), panels,
// every sheet with each track's scoring rules and the recusals, each track's special awards, the public's vote and its
// fraud report, the audit log and whether its hash chain verifies, and a problem with the link; and the server clock's
// offset (the tablets' last-heard times). Listeners are bound once, here.
import { defineStore } from 'pinia';
import { ref, shallowReactive, shallowRef, toRefs } from 'vue';
import { initialFeedState, RoomFeed } from '../../shared/feed';
import type { AuditView, ErrorBody, FraudReport, OwnSheet, PanelView, RoomView, SpecialView, SupervisorSheets, VotingView } from '../../shared/protocol';
import { estimateOffset } from '../../shared/clock';
import { NO_ANSWER, request } from '../../shared/request';
import { socket } from './socket';

export const useSupervisor = defineStore('supervisor', () => {
  const state = shallowReactive(initialFeedState());
  const rooms = shallowRef<RoomView[]>([]);
  const panels = ref<Record<string, PanelView>>({});
  const sheets = ref<Record<string, Record<string, OwnSheet>>>({});
  /** Teams with a sheet the host corrected (已更正). */
  const corrected = ref<Set<string>>(new Set());
  /** Each track's scoring rules and judge order, and the recusals: what the judges' record needs besides the sheets. */
  const tracks = shallowRef<SupervisorSheets['tracks']>({});
  const recusals = shallowRef<SupervisorSheets['recusals']>([]);
  const audit = ref<AuditView[]>([]);
  const verified = ref<boolean | null>(null);
  /** Server clock minus this browser's (ms). */
  const offset = ref(0);

  async function loadAudit(): Promise<void> {
    const ack = await request(socket, 'audit:read', {}, 15_000);
    if (ack?.ok) {
      audit.value = ack.data.entries;
      verified.value = ack.data.verified;
    }
  }

  const feed = new RoomFeed(socket, {
    timers: globalThis, state, onEvent: (event) => {
      if (event.type === 'rooms') rooms.value = [...feed.rooms.values()];
      else if (event.type === 'connected') {
        void loadAudit();
        void estimateOffset(async () => {
          const ack = await request(socket, 'time:ping', {}, 5000);
          if (!ack) throw new Error('time:ping: no answer'); // the offset stays as it was
          return ack.ok ? ack.data.serverNow : Date.now();
        }).then((o) => { offset.value = o; }).catch(() => undefined);
      }
    },
  });
  socket.on('room:panel', (p) => { panels.value = { ...panels.value, [p.roomId]: p }; });
  /** Each track's special awards (特色奖项): the ballot (who voted), the tally once closed, the decision, announced or not. */
  const specials = ref<Record<string, SpecialView>>({});
  socket.on('special:state', (v) => { specials.value = { ...specials.value, [v.trackId]: v }; });
  socket.on('supervisor:sheets', (s) => {
    sheets.value = { ...sheets.value, ...s.sheets };
    corrected.value = new Set(s.corrected);
    tracks.value = s.tracks;
    recusals.value = s.recusals;
  });
  socket.on('audit:entry', (e) => {
    if (!audit.value.some((x) => x.id === e.id)) audit.value = [...audit.value, e];
  });
  /** The public's vote: each track's window and how many have voted; the fraud report when asked for. */
  const voting = shallowRef<VotingView | null>(null);
  const report = shallowRef<FraudReport | null>(null);
  socket.on('voting:state', (v) => { voting.value = v; });

  async function loadReport(): Promise<void> {
    const ack = await request(socket, 'vote:report', {}, 15_000);
    if (ack?.ok) report.value = ack.data;
  }

  /** Voids one public ballot with a reason (audited); null, or the refusal. */
  async function voidBallot(track: string, voter: string, team: string | null, reason: string): Promise<ErrorBody | null> {
    const ack = await request(socket, 'vote:void', { track, voter, team, reason }, 15_000);
    if (!ack) return NO_ANSWER;
    if (!ack.ok) return ack.error;
    await loadReport();
    return null;
  }
  const { connected, problem } = toRefs(state);

  return { connected, problem, rooms, panels, sheets, corrected, tracks, recusals, specials, audit, verified, offset, loadAudit, voting, report, loadReport, voidBallot };
});
