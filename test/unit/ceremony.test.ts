// The award ceremony's screens and the host's big button through them.
import { describe, expect, it } from 'vitest';
import { nextStep } from '../../client/host/steps';
import { ceremonySteps } from '../../shared/ceremony';
import type { BoardView, RoomView } from '../../shared/protocol';

const row = (id: string, rank: number, award: BoardView['rows'][number]['award']) => ({
  team: { id, project: id, team: '', lead: '', coOrganisers: [], trackId: 'T', topic: '', representatives: [] },
  score: '80.00', rank, award, tieAtLine: false, specialPool: false,
}) as unknown as BoardView['rows'][number];

const board = (trackId: string, awards: Array<BoardView['rows'][number]['award']>): BoardView => ({
  eventId: 'e', trackId, trackName: `赛道${trackId}`, decimals: 2, awards: { first: 1, second: 2, third: 5, merit: 3, specialPoolPercent: 20 }, final: false, special: null,
  rows: awards.map((a, i) => row(`${trackId}-${i}`, i + 1, a)),
});

describe('the award ceremony', () => {
  it('lists merit awards, then third, second and first prize of each track in order, skipping prizes nobody won', () => {
    const steps = ceremonySteps([board('A', ['first', 'second', 'third', 'third', 'merit', 'merit', null]), board('B', ['first', 'third'])]);
    expect(steps.map((s) => [s.trackId, s.award, s.rows.map((r) => r.team.id)])).toEqual([
      ['A', 'merit', ['A-4', 'A-5']], ['A', 'third', ['A-2', 'A-3']], ['A', 'second', ['A-1']], ['A', 'first', ['A-0']],
      ['B', 'third', ['B-1']], ['B', 'first', ['B-0']],
    ]);
  });

  it('opens each track with its announced special awards, one screen per award with a winner, in the configured order', () => {
    const a = board('A', ['first', 'second', null]);
    const cards = (ids: string[]) => ids.map((id) => a.rows.find((r) => r.team.id === id)!.team);
    a.special = [{ award: '最具价值奖', teams: cards(['A-2']) }, { award: '科技创新奖', teams: [] }, { award: '应用实践奖', teams: cards(['A-1']) }];
    const b = board('B', ['first']); // not announced: no special screens
    expect(ceremonySteps([a, b]).map((s) => [s.trackId, s.award, s.special, s.rows.map((r) => r.team.id)])).toEqual([
      ['A', 'special', '最具价值奖', ['A-2']], ['A', 'special', '应用实践奖', ['A-1']], ['A', 'second', undefined, ['A-1']], ['A', 'first', undefined, ['A-0']],
      ['B', 'first', undefined, ['B-0']],
    ]);
  });

  it('the big button moves the ceremony on while there is a screen after this one, then stops', () => {
    const view = (ceremonyStep: number) => ({ phase: 'finished', ceremonyStep } as RoomView);
    expect(nextStep(view(0), 3)).toEqual({ step: 'ceremony' });
    expect(nextStep(view(2), 3)).toEqual({ step: 'ceremony' }); // on to the final leaderboard
    expect(nextStep(view(3), 3)).toBeNull();
    expect(nextStep(view(0), 0)).toBeNull();
  });
});
