/**
 * @module
 * Splits a serial scanner's byte stream into codes. Bytes arrive in arbitrary chunks (one code can
 * span reads, one read can hold two codes), so this keeps the partial frame between pushes.
 */

export interface SerialScanFraming {
  /**
   * What ends a code. Default: CR or LF (a CR LF pair yields one code, since empty frames are
   * dropped). A configured suffix such as "\x03" or "#" replaces that.
   */
  readonly suffix?: string;
  /** Stripped from the start of a code when present (scanners can prepend an id like "S:"). */
  readonly prefix?: string;
  /** A frame longer than this without a suffix is garbage (wrong baud rate): dropped. */
  readonly maxLength?: number;
}

export class SerialScanDecoder {
  readonly #suffix: string | undefined;
  readonly #prefix: string;
  readonly #maxLength: number;
  #buffer = '';

  constructor(framing: SerialScanFraming = {}) {
    this.#suffix = framing.suffix === '' ? undefined : framing.suffix;
    this.#prefix = framing.prefix ?? '';
    this.#maxLength = framing.maxLength ?? 4096;
  }

  /** Feeds bytes; returns the codes completed by them, in order. */
  push(bytes: Uint8Array): string[] {
    // latin1 maps each byte to one char: barcode data is ASCII, and GS1's GS (0x1D) survives.
    this.#buffer += Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    const codes: string[] = [];
    for (;;) {
      const end = this.#findEnd();
      if (!end) break;
      const frame = this.#buffer.slice(0, end.at);
      this.#buffer = this.#buffer.slice(end.at + end.length);
      const code = frame.startsWith(this.#prefix) ? frame.slice(this.#prefix.length) : frame;
      if (code.length > 0) codes.push(code);
    }
    if (this.#buffer.length > this.#maxLength) this.#buffer = '';
    return codes;
  }

  /** Ends the pending frame as a code (for scanners without a suffix, after a pause). */
  flush(): string[] {
    const frame = this.#buffer;
    this.#buffer = '';
    const code = frame.startsWith(this.#prefix) ? frame.slice(this.#prefix.length) : frame;
    return code.length > 0 ? [code] : [];
  }

  /** Drops a partial frame (after a reconnect its start is lost anyway). */
  reset(): void {
    this.#buffer = '';
  }

  get pending(): string {
    return this.#buffer;
  }

  #findEnd(): { at: number; length: number } | undefined {
    if (this.#suffix !== undefined) {
      const at = this.#buffer.indexOf(this.#suffix);
      return at === -1 ? undefined : { at, length: this.#suffix.length };
    }
    const match = /\r\n|\r|\n/.exec(this.#buffer);
    if (!match) return undefined;
    // A lone CR at the very end may be the first half of CR LF: treating it as the end is still
    // right, and the LF that follows makes an empty frame, which is dropped.
    return { at: match.index, length: match[0].length };
  }
}
