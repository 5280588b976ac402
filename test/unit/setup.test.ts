// The structural checks of an event's configuration and the rule lock once a track has stored scores (shared/setup.ts).
import { describe, expect, it } from 'vitest';
import { eventConfigSchema, type EventConfig } from '../../shared/domain';
import { blankEvent, eventFromPreset, listPresets } from '../../shared/presets';
import {
  checkEventConfig, checkTrack, lockedRuleProblems, problemsMessage, removedTrackProblems, rulesChanged,
} from '../../shared/setup';
import { makeEvent } from '../helpers/fixtures';

const base = (): EventConfig => makeEvent({ id: 'ev', rooms: 2, teams: 2, judges: 3 });
const problems = (ev: EventConfig) => checkEventConfig(ev).map((p) => p.en);

describe('checkEventConfig', () => {
  it('finds nothing wrong with the presets, a blank event and the test fixtures', () => {
    for (const { id } of listPresets()) expect(checkEventConfig(eventFromPreset(id, 'x'))).toEqual([]);
    expect(checkEventConfig(blankEvent('b', '空白'))).toEqual([]);
    expect(checkEventConfig(base())).toEqual([]);
  });

  it('refuses references to what does not exist', () => {
    const ev = base();
    ev.rooms[0]!.trackIds.push('T99');
    ev.rooms[1]!.panel.push('ghost');
    ev.teams[0]!.trackId = 'T77';
    ev.recusals.push({ team: 'r1t1', judge: 'nobody', reason: '' }, { team: 'nobody', judge: 'r1j1', reason: '' });
    expect(problems(ev)).toEqual([
      'team "r1t1": unknown track "T77"',
      'room "room1": unknown track "T99"',
      'room "room2": unknown judge "ghost"',
      'recusal r1t1/nobody: unknown team or judge',
      'recusal nobody/r1j1: unknown team or judge',
    ]);
    expect(checkEventConfig(ev)[2]!.zh).toBe('会场「第2会场」的评审组里有不存在的评委「ghost」');
  });

  it('refuses duplicate ids, a judge listed twice on a panel, a track listed twice in a room; accepts a judge on two panels', () => {
    const ev = base();
    ev.judges.push({ ...ev.judges[0]! });
    ev.tracks.push({ ...ev.tracks[0]! });
    ev.rooms.push({ ...ev.rooms[0]!, name: '重复' });
    ev.teams.push({ ...ev.teams[0]! });
    expect(problems(ev)).toEqual(expect.arrayContaining([
      'duplicate track id "T01"', 'duplicate room id "room1"', 'duplicate team id "r1t1"', 'duplicate judge id "r1j1"',
    ]));
    const twice = base();
    twice.rooms[0]!.panel.push('r1j1');
    twice.rooms[0]!.trackIds.push('T01');
    twice.rooms[1]!.panel.push('r1j2');
    expect(problems(twice)).toEqual([
      'room "room1": a track listed twice',
      'room "room1": judge "r1j1" listed twice',
    ]);
    // A judge may sit on the panels of several rooms (issue 17 point 3).
    const both = base();
    both.rooms[1]!.panel.push('r1j2');
    expect(problems(both)).toEqual([]);
  });

  it("checks each track's rules: unique criteria, known tie-break criteria, steps, criteria xor a total, trimming", () => {
    const ev = base();
    const t = ev.tracks[0]!;
    t.criteria = [...t.criteria, { ...t.criteria[0]! }];
    t.criteria[1] = { ...t.criteria[1]!, maxMilli: 20_000, stepMilli: 3000 };
    t.rules = { ...t.rules, criteriaOrder: [...t.rules.criteriaOrder, 'gone', 'effect'], dropHighest: 2, dropLowest: 2, trimWhenAtLeast: 4 };
    t.total = { maxMilli: 100_000, stepMilli: 1000 };
    expect(checkTrack(t).map((p) => p.en)).toEqual([
      'track "T01": criterion "model": the max must be a whole number of steps',
      'track "T01": duplicate criterion id "solution"',
      'track "T01": criteriaOrder names unknown criterion "gone"',
      'track "T01": criteriaOrder lists a criterion twice',
      'track "T01": criteria and a single total are exclusive',
      'track "T01": trimWhenAtLeast must be greater than dropHighest + dropLowest',
    ]);
    const single = base().tracks[0]!;
    single.criteria = [];
    single.rules.criteriaOrder = [];
    expect(checkTrack(single).map((p) => p.en)).toEqual(['track "T01": a track without criteria needs a single total']);
    single.total = { maxMilli: 10_000, stepMilli: 300 };
    expect(checkTrack(single).map((p) => p.zh)).toEqual(['赛道「赛道1」：单一总分的满分不是步长的整数倍']);
    single.total = { maxMilli: 10_000, stepMilli: 100 };
    expect(checkTrack(single)).toEqual([]);
  });

  it('is what the schema applies, so every other writer (imports, the store) refuses the same configurations', () => {
    const ev = base();
    ev.rooms[0]!.panel.push('ghost');
    const parsed = eventConfigSchema.safeParse(ev);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toBe('会场「第1会场」的评审组里有不存在的评委「ghost」（room "room1": unknown judge "ghost"）');
  });

  it('words a refusal as the first problem and a count of the others', () => {
    const ev = base();
    ev.rooms[0]!.panel.push('a', 'b', 'c');
    expect(problemsMessage(checkEventConfig(ev))).toBe('会场「第1会场」的评审组里有不存在的评委「a」（room "room1": unknown judge "a"）；另有 2 处问题');
    expect(problemsMessage([])).toBe('');
  });
});

describe('changes to a configuration', () => {
  it('notices changed criteria, totals, rules and awards, not names, topics, timers or special-award names', () => {
    const before = base();
    const after = structuredClone(before);
    after.tracks[0]!.name = '改名';
    after.tracks[0]!.topics = ['新方向'];
    after.tracks[0]!.timers = { presentationSec: 1, qaSec: 2, scoringSec: 3 };
    after.tracks[0]!.specialAwards = [{ name: '最佳', count: 2 }];
    after.tracks[0]!.criteria[0]!.name = '指标改名';
    expect(rulesChanged(before, after)).toEqual([]);
    for (const edit of [
      (e: EventConfig) => { e.tracks[1]!.criteria[0]!.maxMilli = 30_000; },
      (e: EventConfig) => { e.tracks[1]!.criteria.pop(); },
      (e: EventConfig) => { e.tracks[1]!.rules.decimals = 3; },
      (e: EventConfig) => { e.tracks[1]!.rules.criteriaOrder.reverse(); },
      (e: EventConfig) => { e.tracks[1]!.awards.third = 9; },
      (e: EventConfig) => { e.tracks[1]!.awards.specialPoolPercent = 30; },
    ]) {
      const changed = structuredClone(before);
      edit(changed);
      expect(rulesChanged(before, changed)).toEqual(['T02']);
      expect(lockedRuleProblems(before, changed, new Set(['T01']))).toEqual([]);
      expect(lockedRuleProblems(before, changed, new Set(['T02'])).map((p) => p.en))
        .toEqual(['track "T02" has stored score sheets: its criteria, rules and awards are locked']);
    }
  });

  it('refuses to drop a track that still has teams, with its name and count', () => {
    const before = base();
    const after = { ...structuredClone(before), tracks: before.tracks.slice(1) };
    expect(removedTrackProblems(before, after).map((p) => p.zh)).toEqual(['赛道「赛道1」还有 2 支参赛团队，不能删除：请先把这些团队移到其他赛道或删除']);
    after.teams = after.teams.filter((t) => t.trackId !== 'T01');
    expect(removedTrackProblems(before, after)).toEqual([]);
  });
});
