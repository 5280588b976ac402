// The tablets' health warnings (shared/health.ts): each one, only when it applies.
import { describe, expect, it } from 'vitest';
import { LOW_BATTERY, SILENT_AFTER_MS, tabletWarnings } from '../../shared/health';
import type { PanelView } from '../../shared/protocol';

const now = 1_000_000;
const judge = (tablet: Partial<NonNullable<PanelView['judges'][number]['tablet']>> | null, more: Partial<PanelView['judges'][number]> = {}) => ({
  id: 'j1', name: '评委', slot: 1, recused: false, connected: true, submittedAt: null, version: 0, divergent: false,
  tablet: tablet && { visible: true, team: 't1', outbox: 0, battery: null, heardAt: now - 1000, ...tablet }, ...more,
});
const scoring = { scoringOpen: true, team: 't1', now };
const idle = { scoringOpen: false, team: 't1', now };

describe('tabletWarnings', () => {
  it('is quiet for a healthy tablet', () => {
    expect(tabletWarnings(judge({ battery: 0.9 }), scoring)).toEqual([]);
    expect(tabletWarnings(judge(null, { connected: false }), scoring)).toEqual([]);
  });

  it('warns of a tablet asleep or on another team only while scoring is open, and not for a recused judge', () => {
    expect(tabletWarnings(judge({ visible: false }), scoring)).toEqual(['asleep']);
    expect(tabletWarnings(judge({ team: 't2' }), scoring)).toEqual(['other-team']);
    expect(tabletWarnings(judge({ team: null }), scoring)).toEqual(['other-team']);
    expect(tabletWarnings(judge({ visible: false, team: 't2' }), idle)).toEqual([]);
    expect(tabletWarnings(judge({ visible: false, team: 't2' }, { recused: true, slot: null }), scoring)).toEqual([]);
  });

  it('warns of unsent sheets and a low battery at any time', () => {
    expect(tabletWarnings(judge({ outbox: 1 }), idle)).toEqual(['outbox']);
    expect(tabletWarnings(judge({ battery: LOW_BATTERY - 0.01 }), idle)).toEqual(['battery']);
    expect(tabletWarnings(judge({ battery: LOW_BATTERY }), idle)).toEqual([]);
  });

  it('warns of a connected tablet not heard for two reports, or never', () => {
    expect(tabletWarnings(judge({ heardAt: now - SILENT_AFTER_MS - 1 }), idle)).toEqual(['silent']);
    expect(tabletWarnings(judge({ heardAt: now - SILENT_AFTER_MS }), idle)).toEqual([]);
    expect(tabletWarnings(judge(null), idle)).toEqual(['silent']);
    expect(tabletWarnings(judge({ heardAt: 0 }, { connected: false }), idle)).toEqual([]);
  });
});
