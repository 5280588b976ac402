// Looking up an event's teams, tracks, rooms and judges by id (shared/domain.ts): what the caller knows is there.
import { describe, expect, it } from 'vitest';
import { judgeOf, roomOf, teamOf, trackOf } from '../../shared/domain';
import { makeEvent } from '../helpers/fixtures';

const ev = makeEvent({ id: 'lookups', rooms: 2, teams: 2, judges: 2 });

describe('teamOf, trackOf, roomOf, judgeOf', () => {
  it('find the team, track, room or judge with the id', () => {
    expect(teamOf(ev, 'r2t1')).toBe(ev.teams[2]);
    expect(trackOf(ev, 'T02')).toBe(ev.tracks[1]);
    expect(roomOf(ev, 'room1')).toBe(ev.rooms[0]);
    expect(judgeOf(ev, 'r2j2')).toBe(ev.judges[3]);
  });

  it('throw an error naming the event and what it lacks when there is none', () => {
    expect(() => teamOf(ev, 'r9t9')).toThrow('event "lookups" has no team "r9t9"');
    expect(() => trackOf(ev, 'r1t1')).toThrow('event "lookups" has no track "r1t1"');
    expect(() => roomOf(ev, 'T01')).toThrow('event "lookups" has no room "T01"');
    expect(() => judgeOf(ev, '')).toThrow('event "lookups" has no judge ""');
  });
});
