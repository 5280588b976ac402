// A voter's phone's part of the public's vote, bound to the page's socket once: the voting windows and tracks
// (voting:state), this voter's own ballots (voter:state), and the two actions, each answered only once Redis has the
// ballot (then, and only then, the page says 已投票). A code the server refuses is dropped and the page says why.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ErrorBody, VoterView, VotingView } from '../../../shared/protocol';
import { VOTER_REFUSALS } from '../../../shared/refusals';
import { NO_ANSWER, request } from '../../../shared/request';
import { eventId, socket, voting } from '../socket';
import { dropCode, takeProblem } from '../voter';

/** Handshake refusals that mean this phone's code will not be taken (the page goes back to watching, saying why). */
const REFUSED = ['UNAUTHORIZED', 'REVOKED', 'OTHER_DEVICE'];

export const useVote = defineStore('vote', () => {
  const view = shallowRef<VotingView | null>(null);
  const mine = shallowRef<VoterView | null>(null);
  /** Why this phone's last code was refused (after the reload that dropped it), or null. */
  const refused = ref<string | null>(takeProblem());
  const sending = ref(false);
  const error = ref<ErrorBody | null>(null);

  if (voting !== null) {
    socket.on('voting:state', (v) => { view.value = v; });
    socket.on('voter:state', (v) => { mine.value = v; });
    socket.on('connect_error', (err) => {
      if (REFUSED.includes(err.message)) dropCode(eventId, err.message);
    });
    socket.on('session:revoked', () => dropCode(eventId, 'REVOKED'));
  }

  const ballots = computed(() => mine.value?.ballots ?? []);
  /** The words of the last refusal: a ballot's own (VOTER_REFUSALS), else a general one. */
  const errorKey = computed(() => {
    const reason = error.value?.reason;
    return reason && (VOTER_REFUSALS as readonly string[]).includes(reason) ? `vote.refused.${reason}` : 'vote.refused.other';
  });

  /** Sends a command of the vote; true once the server has stored it. */
  async function send(run: () => ReturnType<typeof request>): Promise<boolean> {
    sending.value = true;
    error.value = null;
    const ack = await run();
    sending.value = false;
    if (!ack) error.value = NO_ANSWER;
    else if (!ack.ok) error.value = ack.error;
    return ack?.ok === true;
  }

  /** Casts this voter's ballot for a track (votes kind). */
  const cast = (track: string, teams: string[]) => send(() => request(socket, 'vote:cast', { track, teams }, 15_000));
  /** Scores the team on stage (scores kind), in milli-points. */
  const score = (team: string, total: number) => send(() => request(socket, 'vote:score', { team, total }, 15_000));

  return { voting, view, mine, ballots, refused, sending, error, errorKey, cast, score };
});
