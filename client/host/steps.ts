// What the host's one big button does next, from the room's phase: the order of a team's turn on stage.
import type { RoomView } from '../../shared/protocol';

export type Step = 'call' | 'start-presentation' | 'start-qa' | 'open-scoring' | 'close-scoring' | 'reveal' | 'finish' | 'resume';

/** The next step of the show, and the team it calls when it calls one; null when the session is over. */
export function nextStep(view: RoomView): { step: Step; team?: string } | null {
  switch (view.phase) {
    case 'idle':
    case 'revealed':
      return view.next ? { step: 'call', team: view.next.id } : { step: 'finish' };
    case 'on-stage': return { step: 'start-presentation' };
    case 'presenting': return { step: 'start-qa' };
    case 'qa': return { step: 'open-scoring' };
    case 'scoring': return { step: 'close-scoring' };
    case 'closed': return { step: 'reveal' };
    case 'paused': return { step: 'resume' };
    case 'finished': return null;
  }
}
