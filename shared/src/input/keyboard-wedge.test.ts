import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyboardWedge } from './keyboard-wedge';
import type { KeyboardWedgeOptions, WedgeAction, WedgeKeyEvent } from './keyboard-wedge';

/** Keys typed at a fixed pace from t0, one event per character, optionally ending with Enter. */
function burst(text: string, msPerKey: number, t0 = 1000, enter = true): WedgeKeyEvent[] {
  const keys = [...text, ...(enter ? ['Enter'] : [])];
  return keys.map((key, i) => ({ key, timeStamp: t0 + i * msPerKey }));
}

function run(wedge: KeyboardWedge, events: readonly WedgeKeyEvent[]): WedgeAction[] {
  return events.flatMap((e) => wedge.feed(e));
}

describe('KeyboardWedge', () => {
  it('a 13-digit burst at 5 ms/key ended by Enter is a scan, and nothing leaks as typing', () => {
    const wedge = new KeyboardWedge();
    const actions = run(wedge, burst('8001234567895', 5));
    expect(actions).toEqual([{ kind: 'scan', code: '8001234567895' }]);
    expect(wedge.lastKeySuppressed).toBe(true);
    expect(wedge.holding).toEqual([]);
  });

  it('typing at 60-80 ms/key is handed back key by key and Enter acts normally', () => {
    const wedge = new KeyboardWedge();
    const events = [
      { key: '1', timeStamp: 0 },
      { key: '2', timeStamp: 70 },
      { key: '5', timeStamp: 130 },
      { key: 'Enter', timeStamp: 210 },
    ];
    const actions: WedgeAction[] = [];
    for (const e of events) actions.push(...wedge.feed(e));
    expect(actions).toEqual([
      { kind: 'typing', keys: ['1'] },
      { kind: 'typing', keys: ['2'] },
      { kind: 'typing', keys: ['5'] },
    ]);
    expect(wedge.lastKeySuppressed).toBe(false);
  });

  it('fast typing (60-80 ms/key, any keys, any Enter) never becomes a scan', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...'0123456789abcXYZ'.split(''), 'Enter'), fc.integer({ min: 60, max: 80 })), { minLength: 1, maxLength: 60 }),
        (keys) => {
          const wedge = new KeyboardWedge();
          let t = 0;
          const actions: WedgeAction[] = [];
          for (const [key, gap] of keys) {
            t += gap;
            actions.push(...wedge.feed({ key, timeStamp: t }));
          }
          actions.push(...wedge.tick(t + 200));
          expect(actions.filter((a) => a.kind === 'scan')).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('scans at 2-20 ms/key of 3 to 30 characters are always recognised', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-Z]{3,30}$/), fc.integer({ min: 2, max: 20 }), (code, ms) => {
        expect(run(new KeyboardWedge(), burst(code, ms))).toEqual([{ kind: 'scan', code }]);
      }),
    );
  });

  it('two fast keys are not a scan (> 2 keys are needed)', () => {
    const wedge = new KeyboardWedge();
    expect(run(wedge, burst('12', 5))).toEqual([{ kind: 'typing', keys: ['1', '2'] }]);
    expect(wedge.lastKeySuppressed).toBe(false);
  });

  it('a held burst that goes quiet is given back at the idle deadline', () => {
    const wedge = new KeyboardWedge();
    expect(run(wedge, burst('123', 5, 0, false))).toEqual([]);
    expect(wedge.holding).toEqual(['1', '2', '3']);
    expect(wedge.nextDeadline()).toBe(210);
    expect(wedge.tick(209)).toEqual([]);
    expect(wedge.tick(210)).toEqual([{ kind: 'typing', keys: ['1', '2', '3'] }]);
    expect(wedge.nextDeadline()).toBeUndefined();
  });

  it('an Enter that comes after the gap does not complete a scan', () => {
    const wedge = new KeyboardWedge();
    const actions = run(wedge, [...burst('8001234567895', 5, 0, false), { key: 'Enter', timeStamp: 500 }]);
    expect(actions).toEqual([{ kind: 'typing', keys: [...'8001234567895'] }]);
  });

  it('Shift between keys (capitals) is ignored, so uppercase codes still scan', () => {
    const events: WedgeKeyEvent[] = [];
    [...'AB12'].forEach((key, i) => {
      events.push({ key: 'Shift', timeStamp: i * 8 }, { key, timeStamp: i * 8 + 2 });
    });
    events.push({ key: 'Enter', timeStamp: 40 });
    expect(run(new KeyboardWedge(), events)).toEqual([{ kind: 'scan', code: 'AB12' }]);
  });

  it('a burst that started slowly (human) and a scan right after are told apart', () => {
    const wedge = new KeyboardWedge();
    const actions = run(wedge, [{ key: '3', timeStamp: 0 }, ...burst('4006381333931', 4, 300)]);
    expect(actions).toEqual([{ kind: 'typing', keys: ['3'] }, { kind: 'scan', code: '4006381333931' }]);
  });

  it('without a suffix, a fast burst that goes quiet is a scan', () => {
    const wedge = new KeyboardWedge({ suffix: null });
    expect(run(wedge, burst('12345678', 10, 0, false))).toEqual([]);
    expect(wedge.tick(70 + 200)).toEqual([{ kind: 'scan', code: '12345678' }]);
    // …and a burst cut short by a gap is decided when the next key comes.
    expect(run(wedge, [...burst('9876', 10, 1000, false), { key: 'x', timeStamp: 1200 }])).toEqual([{ kind: 'scan', code: '9876' }]);
  });

  it('with a prefix, only bursts starting with it are scans; other keys are given back at once', () => {
    const wedge = new KeyboardWedge({ prefix: '§§' });
    expect(run(wedge, burst('§§ABC123', 5))).toEqual([{ kind: 'scan', code: 'ABC123' }]);
    expect(run(wedge, burst('ABC', 5, 2000, false))).toEqual([
      { kind: 'typing', keys: ['A'] },
      { kind: 'typing', keys: ['B'] },
      { kind: 'typing', keys: ['C'] },
    ]);
  });

  it('a custom suffix such as Tab ends scans; other named keys end a burst and act', () => {
    const tab = new KeyboardWedge({ suffix: 'Tab' });
    expect(run(tab, [...burst('12345', 5, 0, false), { key: 'Tab', timeStamp: 25 }])).toEqual([{ kind: 'scan', code: '12345' }]);
    const wedge = new KeyboardWedge();
    expect(run(wedge, [...burst('123', 5, 0, false), { key: 'Backspace', timeStamp: 16 }])).toEqual([{ kind: 'typing', keys: ['1', '2', '3'] }]);
    expect(wedge.lastKeySuppressed).toBe(false);
  });

  it('never loses, duplicates or reorders a key (given back + scanned + passed through = typed)', () => {
    const keyArb = fc.constantFrom(...'0123AB'.split(''), 'Enter', 'Shift', 'Tab');
    const optionsArb = fc.constantFrom<KeyboardWedgeOptions>({}, { suffix: null }, { prefix: '0' }, { suffix: 'Tab' });
    fc.assert(
      fc.property(optionsArb, fc.array(fc.tuple(keyArb, fc.integer({ min: 0, max: 120 })), { maxLength: 80 }), (options, keys) => {
        const wedge = new KeyboardWedge(options);
        const suffix = options.suffix === undefined ? 'Enter' : options.suffix;
        const out: string[] = [];
        const apply = (actions: WedgeAction[]) => {
          for (const a of actions) {
            if (a.kind === 'typing') out.push(...a.keys);
            else out.push(...(options.prefix ?? ''), ...a.code);
          }
        };
        let t = 0;
        const expected: string[] = [];
        for (const [key, gap] of keys) {
          t += gap;
          if (key !== 'Shift') expected.push(key);
          const actions = wedge.feed({ key, timeStamp: t });
          apply(actions);
          const consumedSuffix = actions.some((a) => a.kind === 'scan') && key === suffix;
          // A stray suffix (right after a scan, or a double press) is swallowed on purpose: accounted for.
          const swallowedStray = key === suffix && actions.length === 0 && wedge.lastKeySuppressed;
          if (consumedSuffix || swallowedStray) out.push(key);
          else if (!wedge.lastKeySuppressed && key !== 'Shift') out.push(key);
        }
        apply(wedge.flush());
        expect(out).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  describe('stray Enters', () => {
    const scanThenEnter = (gap: number, options: KeyboardWedgeOptions = {}) => {
      const wedge = new KeyboardWedge(options);
      const events = [...burst('4006381333931', 5, 0, true)];
      const end = events.at(-1)!.timeStamp;
      run(wedge, events);
      wedge.feed({ key: 'Enter', timeStamp: end + gap });
      return wedge.lastKeySuppressed;
    };

    it('swallows the LF Enter of a CR+LF scanner and an Enter right after a scan', () => {
      expect(scanThenEnter(3)).toBe(true);
      expect(scanThenEnter(200)).toBe(true);
    });

    it('lets a deliberate Enter through once the cashier has seen the line', () => {
      expect(scanThenEnter(600)).toBe(false);
      expect(scanThenEnter(3, { strayEnterAfterScanMs: 0 })).toBe(false);
    });

    it('lets an Enter through after other keys, however soon', () => {
      const wedge = new KeyboardWedge();
      run(wedge, burst('4006381333931', 5, 0, true));
      wedge.feed({ key: 'Tab', timeStamp: 70 });
      wedge.feed({ key: 'Enter', timeStamp: 80 });
      expect(wedge.lastKeySuppressed).toBe(false);
    });
  });
});
