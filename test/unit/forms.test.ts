// A track's score form (shared/forms.ts): the forms of a room's tracks, and the fields a form asks for.
import { describe, expect, it } from 'vitest';
import { formFields, roomForms } from '../../shared/forms';
import { makeEvent } from '../helpers/fixtures';

describe('roomForms', () => {
  it('gives the form of each track the room runs, in the event\'s order, and no other', () => {
    const ev = makeEvent({ id: 'f', rooms: 3 });
    ev.rooms[1]!.trackIds = ['T03', 'T01'];
    expect(roomForms(ev, ev.rooms[1]!).map((f) => f.trackId)).toEqual(['T01', 'T03']);
    const [form] = roomForms(ev, ev.rooms[0]!);
    expect(form).toEqual({ trackId: 'T01', criteria: ev.tracks[0]!.criteria, total: null });
    expect(roomForms(ev, { ...ev.rooms[0]!, trackIds: [] })).toEqual([]);
  });
});

describe('formFields', () => {
  it('asks for each criterion, with its name, hint, maximum and step', () => {
    const criteria = [
      { id: 'a', name: 'A', maxMilli: 25_000, stepMilli: 500, hint: 'think' },
      { id: 'b', name: 'B', maxMilli: 10_000, stepMilli: 1000 },
    ];
    expect(formFields({ criteria, total: null }, 'Total')).toEqual([
      { id: 'a', name: 'A', hint: 'think', max: 25_000, step: 500 },
      { id: 'b', name: 'B', hint: undefined, max: 10_000, step: 1000 },
    ]);
  });

  it('asks for one total when the form has no criteria: its own, or 100 points to the milli-point', () => {
    expect(formFields({ criteria: [], total: { maxMilli: 10_000, stepMilli: 100 } })).toEqual([{ id: 'total', name: '', max: 10_000, step: 100 }]);
    expect(formFields({ criteria: [], total: null }, '总分')).toEqual([{ id: 'total', name: '总分', max: 100_000, step: 1 }]);
  });
});
