/**
 * @module
 * Tells a keyboard-wedge barcode scanner from a person typing, from key timing alone. Pure: the
 * renderer feeds it `{key, timeStamp}` from keydown events and acts on what it returns; timers are
 * the caller's (call `tick(now)` at `nextDeadline()`), so tests run on synthetic timestamps.
 *
 * A scanner "types" a whole code in a burst (a few ms per key) usually ended by Enter; a person,
 * even a fast one, leaves 60 ms or more between keys. Rules (keyboard-barcode-scanner's defaults):
 * - a gap longer than `maxGapMs` (40) ends a burst, so does `idleFlushMs` (200) without keys,
 *   and the suffix key (Enter);
 * - a burst of at least `minLength` (3) characters averaging under `maxAverageMs` (30) per key is a
 *   scan; anything else is typing and is handed back, in order, for the focused field.
 *
 * While a burst might still be a scan its keys are held (the caller should suppress them), so a
 * scan never leaks digits into a quantity field (opensourcepos #849) and fast typing is never
 * taken for a scan (odoo #25519).
 *
 * @example
 * const wedge = new KeyboardWedge();
 * for (const action of wedge.feed({ key: e.key, timeStamp: e.timeStamp })) {
 *   if (action.kind === 'scan') addByBarcode(action.code); else retype(action.keys);
 * }
 */

export interface WedgeKeyEvent {
  /** `KeyboardEvent.key`: one character, or a name such as "Enter", "Shift", "Tab". */
  readonly key: string;
  /** Milliseconds, from any monotonic clock (`KeyboardEvent.timeStamp`). */
  readonly timeStamp: number;
}

export interface KeyboardWedgeOptions {
  /** A longer pause between two keys ends the burst. Default 40. */
  readonly maxGapMs?: number;
  /** A burst is a scan only if its keys average less than this apart. Default 30. */
  readonly maxAverageMs?: number;
  /** A scan has at least this many characters (prefix and suffix excluded). Default 3. */
  readonly minLength?: number;
  /** With no key for this long the held burst is decided. Default 200. */
  readonly idleFlushMs?: number;
  /**
   * The key name that ends a scan. Default "Enter", and then a scan needs it: a fast burst without
   * it is given back as typing. null for scanners configured without a suffix: then a fast burst
   * that goes quiet is a scan.
   */
  readonly suffix?: string | null;
  /** When set, only bursts starting with this text are scans; it is removed from the code. */
  readonly prefix?: string;
  /**
   * A suffix key this soon after a scan ended is the scanner's, not the person's: scanners set to
   * CR+LF send two Enters, and some repeat it. It is swallowed. Default 250 (a person who sees the
   * line appear and presses Enter on purpose takes longer); 0 turns this off.
   */
  readonly strayEnterAfterScanMs?: number;
}

export type WedgeAction =
  | { readonly kind: 'scan'; readonly code: string }
  /** Keys that were held and belong to the user's typing, to be given back in this order. */
  | { readonly kind: 'typing'; readonly keys: readonly string[] };

interface HeldKey {
  readonly key: string;
  readonly at: number;
}

const ignoredKeys = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'Dead', 'Unidentified']);

export class KeyboardWedge {
  readonly #maxGapMs: number;
  readonly #maxAverageMs: number;
  readonly #minLength: number;
  readonly #idleFlushMs: number;
  readonly #suffix: string | null;
  readonly #prefix: string;
  readonly #strayEnterAfterScanMs: number;
  #held: HeldKey[] = [];
  #lastSuppressed = false;
  #lastScanAt = -Infinity;

  constructor(options: KeyboardWedgeOptions = {}) {
    this.#maxGapMs = options.maxGapMs ?? 40;
    this.#maxAverageMs = options.maxAverageMs ?? 30;
    this.#minLength = options.minLength ?? 3;
    this.#idleFlushMs = options.idleFlushMs ?? 200;
    this.#suffix = options.suffix === undefined ? 'Enter' : options.suffix;
    this.#prefix = options.prefix ?? '';
    this.#strayEnterAfterScanMs = options.strayEnterAfterScanMs ?? 250;
  }

  /** Keys held back right now (the caller has suppressed them). */
  get holding(): readonly string[] {
    return this.#held.map((h) => h.key);
  }

  /**
   * Whether the caller should suppress the last fed key's default action: true when it is held or
   * was consumed as a scan's suffix, false when it should act as typed (after any keys given back).
   */
  get lastKeySuppressed(): boolean {
    return this.#lastSuppressed;
  }

  /** When to call `tick()` if no other key arrives, or undefined when nothing is held. */
  nextDeadline(): number | undefined {
    const last = this.#held.at(-1);
    return last ? last.at + this.#idleFlushMs : undefined;
  }

  /** Feeds one keydown; returns what became decided, in order. */
  feed(event: WedgeKeyEvent): WedgeAction[] {
    const actions: WedgeAction[] = [];
    this.#lastSuppressed = false;
    if (ignoredKeys.has(event.key)) return actions; // Shift for capitals: part of no one's text
    if (event.key !== this.#suffix) {
      // Any other key in between: the next Enter answers that, it is not the scanner's.
      this.#lastScanAt = -Infinity;
    }

    const last = this.#held.at(-1);
    if (last && event.timeStamp - last.at > this.#maxGapMs) this.#decide(actions);

    if (this.#suffix !== null && event.key === this.#suffix) {
      const code = this.#scanCode(event.timeStamp);
      if (code !== undefined) {
        this.#held = [];
        actions.push({ kind: 'scan', code });
        this.#lastSuppressed = true;
        this.#lastScanAt = event.timeStamp;
      } else if (this.#held.length === 0 && this.#isStrayEnter(event.timeStamp)) {
        this.#lastSuppressed = true;
      } else {
        this.#giveBack(actions);
      }
      return actions;
    }

    if (event.key.length !== 1 && [...event.key].length !== 1) {
      // Tab, arrows, Backspace…: never part of a code; decide what is held, let the key act.
      this.#decide(actions);
      return actions;
    }

    this.#held.push({ key: event.key, at: event.timeStamp });
    this.#lastSuppressed = true;
    if (this.#prefix && !this.#couldStillMatchPrefix()) this.#giveBack(actions);
    return actions;
  }

  /** Call at `nextDeadline()`: decides a burst that has gone quiet. */
  tick(now: number): WedgeAction[] {
    const actions: WedgeAction[] = [];
    const deadline = this.nextDeadline();
    if (deadline !== undefined && now >= deadline) this.#decide(actions);
    return actions;
  }

  /** Decides whatever is held now (focus change, form submit). */
  flush(): WedgeAction[] {
    const actions: WedgeAction[] = [];
    this.#decide(actions);
    return actions;
  }

  reset(): void {
    this.#held = [];
  }

  /** A suffix key with nothing held, right after a scan: the second half of CR+LF, or a repeat. */
  #isStrayEnter(at: number): boolean {
    return this.#strayEnterAfterScanMs > 0 && at - this.#lastScanAt <= this.#strayEnterAfterScanMs;
  }

  /** The code if the held burst (ended at `endAt`) qualifies as a scan. */
  #scanCode(endAt?: number): string | undefined {
    const held = this.#held;
    const first = held[0];
    const last = held.at(-1);
    if (!first || !last) return undefined;
    if (endAt !== undefined && endAt - last.at > this.#maxGapMs) return undefined;
    const text = held.map((h) => h.key).join('');
    if (this.#prefix && !text.startsWith(this.#prefix)) return undefined;
    const code = text.slice(this.#prefix.length);
    if ([...code].length < this.#minLength) return undefined;
    // Average over the gaps between the burst's keys (n keys, n - 1 gaps).
    const average = (last.at - first.at) / (held.length - 1);
    if (!(average < this.#maxAverageMs)) return undefined;
    return code;
  }

  #decide(actions: WedgeAction[]): void {
    if (this.#held.length === 0) return;
    const code = this.#suffix === null ? this.#scanCode() : undefined;
    if (code !== undefined) {
      this.#held = [];
      actions.push({ kind: 'scan', code });
      return;
    }
    this.#giveBack(actions);
  }

  #giveBack(actions: WedgeAction[]): void {
    if (this.#held.length === 0) return;
    actions.push({ kind: 'typing', keys: this.#held.map((h) => h.key) });
    this.#held = [];
  }

  #couldStillMatchPrefix(): boolean {
    const text = this.#held.map((h) => h.key).join('');
    return text.length >= this.#prefix.length ? text.startsWith(this.#prefix) : this.#prefix.startsWith(text);
  }
}
