// What the host's one big button does next, from the room's phase: the order of a team's turn on stage, then the
// award ceremony's screens one by one.
import type { RoomView } from '../../shared/protocol';

export type Step = 'call' | 'start-presentation' | 'start-qa' | 'open-scoring' | 'close-scoring' | 'reveal' | 'finish' | 'resume' | 'ceremony';

/**
 * The next step of the show, and the team it calls when it calls one; once the session is finished, the ceremony's
 * next screen while there is one (`ceremonySteps`: how many the ceremony has); null when all is over.
 */
export function nextStep(view: RoomView, ceremonySteps = 0): { step: Step; team?: string } | null {
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
    case 'finished': return view.ceremonyStep < ceremonySteps ? { step: 'ceremony' } : null;
  }
}
