// Announcing a changed event configuration (saved, imported, a team, a judge or a track's awards edited): the
// aggregates of the teams already scored again, then every screen's rooms and boards.
import type { EventConfig } from '../shared/domain';
import type { Notifier } from './notify';
import { scoredTeams } from './results';
import type { Store } from './store/index';
import { eventTouched } from './topics';

/**
 * After an event's configuration changes: the aggregates of every team already scored again (rules, panels and
 * recusals may have changed), then every room view, panel and board.
 */
export async function announceEvent({ store, notifier }: { store: Store; notifier: Notifier }, ev: EventConfig): Promise<void> {
  for (const team of (await scoredTeams(store, ev)).keys()) await store.aggregate(ev.id, team);
  await notifier.publish(ev, eventTouched(ev));
}
