// The topic table (server/topics.ts) keeps the secrets: sheets and the audit log reach supervisors only, a judge's state
// that judge only, the panel board no watching screen, the watching screens get the held cut; and the channels it derives; how many have voted, coalesced.
import { describe, expect, it, vi } from 'vitest';
import { Coalesce } from '../../server/notify';
import { ROLES } from '../../shared/protocol';
import { channelOf, channelsFor, FOLLOWS, followersOf, subscriptions, type Topic } from '../../server/topics';

const roles = (topic: Topic) => followersOf(topic).map(([role]) => role).sort();

describe('the topic table', () => {
  it('gives each topic only to the roles that may see it', () => {
    expect(roles('sheets')).toEqual(['supervisor']);
    expect(roles('audit')).toEqual(['supervisor']);
    expect(roles('judge')).toEqual(['judge']);
    expect(roles('panel')).toEqual(['host', 'supervisor']);
    expect(roles('room')).toEqual(['audience', 'display', 'host', 'judge', 'supervisor', 'voter']);
    expect(roles('board')).toEqual(['audience', 'display', 'host', 'supervisor', 'voter']);
    // The public's voting: a voter's ballots reach that voter only; how many have voted, the host and supervisors only.
    expect(roles('voter')).toEqual(['voter']);
    expect(FOLLOWS.voter.voter?.keys).toBe('own');
    expect(roles('voting')).toEqual(['host', 'supervisor', 'voter']);
    expect(FOLLOWS.voter.voting?.cut).toBe('held');
    expect(FOLLOWS.admin).toEqual({});
  });

  it('holds results back from the watching screens, and keeps a judge to their own state and room', () => {
    expect(FOLLOWS.display.board?.cut).toBe('held');
    expect(FOLLOWS.audience.board?.cut).toBe('held');
    expect(FOLLOWS.audience.room?.cut).toBe('held');
    // Only the room view, the leaderboard and the voting have a held cut (their producers build one): no other topic may use it.
    for (const role of ROLES) {
      for (const [topic, follow] of Object.entries(FOLLOWS[role])) {
        if (follow.cut === 'held') expect(['room', 'board', 'voting']).toContain(topic);
      }
    }
    expect(FOLLOWS.judge.judge?.keys).toBe('own');
    expect(FOLLOWS.judge.room?.keys).toBe('own');
    expect(FOLLOWS.host.panel?.keys).toBe('own');
  });

  it('derives the channels of a change and of a subscription alike', () => {
    expect(channelsFor('e', 'room', 'r1')).toEqual({
      whole: ['e:e:room:host:r1', 'e:e:room:display:r1', 'e:e:room:judge:r1', 'e:e:room:supervisor'],
      held: ['e:e:room:audience', 'e:e:room:voter'],
    });
    expect(channelsFor('e', 'judge', 'j1')).toEqual({ whole: ['e:e:judge:judge:j1'], held: [] });
    const judge = subscriptions('e', 'judge', { roomIds: ['r1'], judgeId: 'j1' })!;
    expect(judge).toEqual([channelOf('e', 'judge', 'room', 'r1'), channelOf('e', 'judge', 'judge', 'j1'), channelOf('e', 'judge', 'ballot', 'j1')]);
    // A judge's ballots: their own only; a track's special awards: hosts and supervisors, never a watching screen.
    expect(channelsFor('e', 'ballot', 'j1')).toEqual({ whole: ['e:e:ballot:judge:j1'], held: [] });
    expect(channelsFor('e', 'special', 'T01')).toEqual({ whole: ['e:e:special:host', 'e:e:special:supervisor'], held: [] });
    // A judge on the panels of two rooms follows both rooms' views, and their own state and ballots once.
    expect(subscriptions('e', 'judge', { roomIds: ['r1', 'r2'], judgeId: 'j1' })).toEqual([
      channelOf('e', 'judge', 'room', 'r1'), channelOf('e', 'judge', 'room', 'r2'), channelOf('e', 'judge', 'judge', 'j1'),
      channelOf('e', 'judge', 'ballot', 'j1')]);
    expect(channelsFor('e', 'room', 'r1').whole).toContain(judge[0]);
    expect(channelsFor('e', 'room', 'r2').whole).not.toContain(judge[0]);
    expect(channelsFor('e', 'judge', 'j2').whole).not.toContain(judge[1]);
    // A room's token whose room is gone, or a judge on no panel, follows nothing.
    expect(subscriptions('e', 'host', { roomIds: [], judgeId: null })).toBeNull();
    expect(subscriptions('e', 'judge', { roomIds: ['r1'], judgeId: null })).toBeNull();
    expect(subscriptions('e', 'judge', { roomIds: [], judgeId: 'j1' })).toBeNull();
    expect(subscriptions('e', 'supervisor', { roomIds: [], judgeId: null })).toEqual(
      ['room', 'panel', 'sheets', 'board', 'audit', 'special', 'voting'].map((t) => channelOf('e', 'supervisor', t as Topic)));
  });
});

describe('Coalesce (how many have voted, at most once a second per track)', () => {
  it('runs the first call at once, folds the calls of the next interval into one run at its end, keys apart', async () => {
    vi.useFakeTimers();
    try {
      const c = new Coalesce(1000);
      const runs: string[] = [];
      const task = (label: string) => async () => { runs.push(label); };
      await c.run('a', task('a1'));
      await c.run('a', task('a2'));
      await c.run('a', task('a3'));
      await c.run('b', task('b1'));
      expect(runs).toEqual(['a1', 'b1']);
      await vi.advanceTimersByTimeAsync(999);
      expect(runs).toEqual(['a1', 'b1']);
      await vi.advanceTimersByTimeAsync(1);
      // Only the last of the folded calls runs: it reads the state as it is then.
      expect(runs).toEqual(['a1', 'b1', 'a3']);
      await c.run('a', task('a4')); // within the interval the trailing run opened
      await vi.advanceTimersByTimeAsync(1000);
      expect(runs).toEqual(['a1', 'b1', 'a3', 'a4']);
      await vi.advanceTimersByTimeAsync(1000);
      await c.run('a', task('a5')); // quiet for a whole interval: at once again
      expect(runs).toEqual(['a1', 'b1', 'a3', 'a4', 'a5']);
    } finally {
      vi.useRealTimers();
    }
  });
});
