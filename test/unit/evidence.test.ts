// The chain's hashed text (shared/evidence.ts): SHA-256 entries length-prefix every field, so no two different entries
// hash the same text, where the older newline-joined SHA-1 text could be shifted from one field into the next.
import { describe, expect, it } from 'vitest';
import { hashedText, type ChainedEntry } from '../../shared/evidence';

const entry = (over: Partial<ChainedEntry>): ChainedEntry => ({
  id: '1-0', at: '1796108517273', actor: 'host:room1', role: 'host', action: 'room.close-scoring', room: 'room1', team: 't1',
  judge: '', before: '', after: '', reason: '', score: '', prev: '', hash: '', ...over,
});

describe('hashed text', () => {
  it('tells apart entries whose fields differ only in where a newline falls', () => {
    const a = { before: '{"v":1}\n{"v":2}', after: '' };
    const b = { before: '{"v":1}', after: '{"v":2}\n' };
    // SHA-1 entries (old logs, read only): the same text for both, so the same hash.
    expect(hashedText(entry(a))).toBe(hashedText(entry(b)));
    expect(hashedText(entry({ ...a, alg: 'sha256' }))).not.toBe(hashedText(entry({ ...b, alg: 'sha256' })));
    // SHA-256 entries: the byte length of every field is hashed too.
    const strong = (o: Partial<ChainedEntry>) => hashedText(entry({ ...o, alg: 'sha256' }));
    expect(strong({ after: 'x\ny', reason: '' })).not.toBe(strong({ after: 'x', reason: 'y' }));
    expect(strong({ reason: '评委' })).toBe('6:sha256,0:,13:1796108517273,10:host:room1,4:host,18:room.close-scoring,5:room1,2:t1,0:,0:,0:,6:评委,0:,');
  });
});
