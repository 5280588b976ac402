// What a room's screens show (shared/scene.ts): the projector's scene from the phase and the host's display mode, and
// the livestream overlay drawn, chosen (?view=) or following that scene.
import { describe, expect, it } from 'vitest';
import { overlayOf, sceneOf, viewOption, type SceneInputs } from '../../shared/scene';

const base: SceneInputs = {
  phase: 'idle', mode: 'auto', hasTeam: false, hasReveal: false, revealOver: false, ceremonyStep: false, boardsWithRows: false, drawn: false,
};

describe('sceneOf', () => {
  it.each([
    [{}, 'welcome'], [{ drawn: true }, 'draw'], [{ drawn: true, boardsWithRows: true }, 'board'],
    [{ phase: 'on-stage', hasTeam: true }, 'stage'], [{ phase: 'qa', hasTeam: true }, 'stage'], [{ phase: 'presenting' }, 'welcome'],
    [{ phase: 'scoring', hasTeam: true }, 'scoring'], [{ phase: 'closed', hasTeam: true }, 'closed'],
    [{ phase: 'revealed', hasTeam: true, hasReveal: true }, 'reveal'], [{ phase: 'revealed', hasReveal: true, revealOver: true }, 'board'],
    [{ phase: 'finished', ceremonyStep: true }, 'ceremony'], [{ phase: 'finished' }, 'board'],
    [{ phase: 'scoring', mode: 'welcome' }, 'welcome'], [{ phase: 'scoring', mode: 'leaderboard' }, 'board'],
    [{ phase: 'idle', mode: 'stage' }, 'welcome'], [{ phase: 'scoring', mode: 'stage', hasTeam: true }, 'stage'],
    [{ phase: 'on-stage', mode: 'ceremony', ceremonyStep: true }, 'ceremony'],
  ] as Array<[Partial<SceneInputs>, string]>)('%j → %s', (inputs, scene) => {
    expect(sceneOf({ ...base, ...inputs })).toBe(scene);
  });
});

describe('the overlay', () => {
  const all = { team: true, board: true, ceremony: true };
  it('follows the projector\'s scene when no view is chosen', () => {
    expect(overlayOf(null, 'welcome', all)).toBeNull();
    expect(overlayOf(null, 'draw', all)).toBeNull();
    for (const scene of ['stage', 'scoring', 'closed'] as const) expect(overlayOf(null, scene, all)).toBe('lower-third');
    expect(overlayOf(null, 'stage', { ...all, team: false })).toBeNull();
    expect(overlayOf(null, 'reveal', all)).toBe('reveal');
    expect(overlayOf(null, 'board', all)).toBe('board');
    expect(overlayOf(null, 'board', { ...all, board: false })).toBeNull();
    expect(overlayOf(null, 'ceremony', all)).toBe('ceremony');
  });

  it('draws a chosen view only when it has something to show, whatever the scene', () => {
    expect(overlayOf('lower-third', 'reveal', all)).toBe('lower-third');
    expect(overlayOf('lower-third', 'welcome', { ...all, team: false })).toBeNull();
    expect(overlayOf('reveal', 'stage', all)).toBeNull();
    expect(overlayOf('reveal', 'reveal', all)).toBe('reveal');
    expect(overlayOf('board', 'stage', all)).toBe('board');
    expect(overlayOf('ceremony', 'board', all)).toBeNull();
    expect(overlayOf('ceremony', 'ceremony', all)).toBe('ceremony');
  });

  it('reads ?view= and follows on anything else', () => {
    expect(viewOption('board')).toBe('board');
    expect(viewOption('lower-third')).toBe('lower-third');
    expect(viewOption(null)).toBeNull();
    expect(viewOption('constructor')).toBeNull();
  });
});
