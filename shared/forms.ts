// A track's score form: the forms a room's tablets and host are given (FormView), and the fields a form asks for,
// each criterion or one total, with its maximum and step.
import type { Milli } from './decimal';
import type { EventConfig, Room } from './domain';
import type { FormView } from './protocol';

/** The score forms of the tracks a room runs, in the event's order of tracks. */
export function roomForms(ev: EventConfig, room: Room): FormView[] {
  return ev.tracks.filter((t) => room.trackIds.includes(t.id)).map((t) => ({ trackId: t.id, criteria: t.criteria, total: t.total }));
}

/** One field of a score form: a criterion, or the one total (id `total`); its maximum and step in milli-points. */
export interface FormField {
  id: string;
  name: string;
  hint?: string;
  max: Milli;
  step: Milli;
}

/**
 * The fields a form asks for: each criterion, or else one total named `totalName` (out of 100 points, to the milli-point,
 * when the form sets no total either).
 */
export function formFields(form: Pick<FormView, 'criteria' | 'total'>, totalName = ''): FormField[] {
  if (form.criteria.length) return form.criteria.map((c) => ({ id: c.id, name: c.name, hint: c.hint, max: c.maxMilli, step: c.stepMilli }));
  return [{ id: 'total', name: totalName, max: form.total?.maxMilli ?? 100_000, step: form.total?.stepMilli ?? 1 }];
}
