// Event presets: a new event's configuration from a 2026 数据要素× division preset, or from nothing.
import { defaultTrackSettings, type EventConfig } from './domain';
import { PRESET_EVENTS } from './presets-data';

/** The presets an organiser can start from, by id and name. */
export function listPresets(): Array<{ id: string; name: string; tracks: number }> {
  return PRESET_EVENTS.map((p) => ({ id: p.id, name: p.name, tracks: p.tracks.length }));
}

/** A new event built from a preset: its tracks and topics, awards and special awards, the default criteria. */
export function eventFromPreset(presetId: string, eventId: string): EventConfig {
  const preset = PRESET_EVENTS.find((p) => p.id === presetId);
  if (!preset) throw new Error(`unknown preset "${presetId}"`);
  return {
    id: eventId,
    name: preset.name,
    shortName: preset.shortName,
    theme: preset.theme,
    organisers: [...preset.organisers],
    presetId: preset.id,
    tracks: preset.tracks.map((t) => ({
      id: t.code,
      code: t.code,
      name: t.name,
      topics: t.topics.map((x) => x.name),
      ...defaultTrackSettings(),
      awards: { ...preset.awards },
      specialAwards: preset.specialAwards.map((name) => ({ name, count: 1 })),
    })),
    rooms: [],
    teams: [],
    judges: [],
    recusals: [],
    revealJudgeNames: false,
  };
}

/** A new, empty event with one track on the default settings. */
export function blankEvent(eventId: string, name: string): EventConfig {
  return {
    id: eventId, name, shortName: '', theme: '', organisers: [], presetId: null,
    tracks: [{ id: 'T01', code: 'T01', name: '赛道一', topics: [], ...defaultTrackSettings() }],
    rooms: [], teams: [], judges: [], recusals: [], revealJudgeNames: false,
  };
}
