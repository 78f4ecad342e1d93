import { describe, expect, it } from 'vitest';
import { uuidv7 } from './clock';

describe('uuidv7', () => {
  it('is a version-7 UUID carrying the clock millisecond, unique across many pool refills', () => {
    const at = Date.parse('2026-12-03T18:00:00.123Z');
    const ids = Array.from({ length: 2_000 }, () => uuidv7({ now: () => new Date(at) }));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(at);
    }
  });

  it('sorts by time', () => {
    const a = uuidv7({ now: () => new Date('2026-12-03T18:00:00.000Z') });
    const b = uuidv7({ now: () => new Date('2026-12-03T18:00:00.001Z') });
    const c = uuidv7({ now: () => new Date('2031-01-01T00:00:00.000Z') });
    expect([c, b, a].sort()).toEqual([a, b, c]);
  });
});
