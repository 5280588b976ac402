// The phase machine's shared helpers (shared/phases.ts): which room commands are phase intents, and the phase a room
// is in for the team on stage through a pause.
import { describe, expect, it } from 'vitest';
import { effectivePhase, INTENTS, isIntent, PHASES } from '../../shared/phases';

describe('isIntent', () => {
  it('knows every phase intent and nothing else', () => {
    for (const intent of INTENTS) expect(isIntent(intent), intent).toBe(true);
    for (const other of ['set-order', 'draw', 'timer', 'display', 'ceremony', '', 'paused', 'toString']) expect(isIntent(other), other).toBe(false);
  });
});

describe('effectivePhase', () => {
  it('is the phase itself while the room is not paused', () => {
    for (const phase of PHASES.filter((p) => p !== 'paused')) expect(effectivePhase({ phase, pausedFrom: null })).toBe(phase);
    expect(effectivePhase({ phase: 'scoring', pausedFrom: 'qa' })).toBe('scoring'); // a stale pausedFrom does not count
  });

  it('is the phase the room was paused in while paused, idle when that is unknown', () => {
    for (const from of PHASES.filter((p) => p !== 'paused')) expect(effectivePhase({ phase: 'paused', pausedFrom: from })).toBe(from);
    expect(effectivePhase({ phase: 'paused', pausedFrom: null })).toBe('idle');
  });
});
