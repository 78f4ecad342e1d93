/**
 * @module
 * The RCH native framed protocol, pure (reference/fiscal-rt.md §3, "Native"; lucafabbri/rch-driver-js
 * `Driver.formatCommandToByteArray`, `Utils.calculateBcc`, `protocol/RchMessage.ts`, `ComConst.ts`):
 *
 *   request  STX ADDS(2) LEN(3) 'N' DATA PACKID CHK(2) ETX
 *   reply    [ACK|NACK] STX [dump line CR|LF]* ADDS(2) LEN(3) 'N' CONTROL DATA PACKID CHK(2) ETX
 *
 * ADDS is `01`; LEN the length of DATA, three digits; CHK the XOR of every byte from STX to PACKID
 * (STX included: `calculateBcc` starts from STX's value), as two upper-case hex digits. Bytes are
 * ASCII; anything outside 0x20–0x7E never goes on the wire.
 */

export const STX = 0x02;
export const ETX = 0x03;
export const ACK = 0x06;
export const NACK = 0x15;
const CR = 0x0d;
const LF = 0x0a;

/** Three tries per frame (rch-driver-js `ComConst.MAX_RETRY`). */
export const rchMaxTries = 3;

/**
 * Packet ids cycle through `0-9a-zA-Z` [U]: rch-driver-js cycles a table with two typos
 * (`…5678 7 9…`, `…xyz a ABC…`); the printer echoes the id only as `charCode % 10` (RchMessage
 * `packetIdModulus`), so any cycle of these characters reads back the same way.
 */
export const rchPackIds = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The id after `current` (wrapping from `Z` to `0`); `null` starts at `1`, as rch-driver-js does. */
export function nextPackId(current: string | null): string {
  const index = current === null ? 0 : rchPackIds.indexOf(current);
  return rchPackIds[(index + 1) % rchPackIds.length] ?? '0';
}

/** The digit a reply carries for the request's packet id (RchMessage: `charCode % 10`). */
export function packIdModulus(packId: string): string {
  return String(packId.charCodeAt(0) % 10);
}

/** XOR of the bytes, starting from STX (which every frame begins with), as `0A`. */
export function rchChecksum(bytes: ArrayLike<number>): string {
  let result = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    // calculateBcc restarts at STX's value and skips ETX.
    if (b === STX) result = STX;
    else if (b !== ETX) result ^= b;
  }
  return result.toString(16).toUpperCase().padStart(2, '0');
}

/** One request frame. @throws RangeError for data that cannot go on the wire. */
export function encodeRchFrame(data: string, packId: string): Uint8Array {
  if (!/^[\x20-\x7E]*$/.test(data)) throw new RangeError('RCH command data must be printable ASCII');
  if (data.length > 999) throw new RangeError(`RCH command of ${data.length} characters is longer than the 3-digit length field allows`);
  if (!/^[0-9a-zA-Z]$/.test(packId)) throw new RangeError(`'${packId}' is not an RCH packet id`);
  const head = `\u0002${'01'}${String(data.length).padStart(3, '0')}N${data}${packId}`;
  const bytes = [...head].map((c) => c.charCodeAt(0));
  const chk = rchChecksum(bytes);
  return Uint8Array.from([...bytes, chk.charCodeAt(0), chk.charCodeAt(1), ETX]);
}

/** What the printer's reply frame says (RchMessage's regex, read field by field). */
export interface RchReplyFrame {
  /** `O`/`N` fine; `G` busy, `S` blocked, `P` paper end, `C` cover open (RchProtocol.status); `E` error (RchMessage.isError). */
  readonly control: string;
  /** The data after the control code: the answer to a read, or the status block. */
  readonly data: string;
  /** The status block, when the data is one: `N` no error, `G` generic, `S` blocking, `P` paper (RchMessage). */
  readonly errorType: string | null;
  readonly errorCode: string | null;
  /** Receipt state, two digits (rch-driver-js `ReceiptStatus`); meanings not used here. */
  readonly receiptStatus: string | null;
  readonly packId: string;
}

/**
 * Parses the bytes between STX and ETX of a reply. Returns an error text for a frame that is not
 * one (wrong shape, wrong checksum): the caller decides what an unreadable reply means.
 */
export function parseRchReplyFrame(body: string): RchReplyFrame | string {
  const match = /^(\d{2})(\d{3})([A-Za-z])([\x20-\x7E])([\x20-\x7E]*)([0-9a-zA-Z])([0-9A-F]{2})$/.exec(body);
  if (!match) return `not an RCH reply frame: ${JSON.stringify(body.slice(0, 80))}`;
  const [, , , , control = '', data = '', packId = '', chk = ''] = match;
  const expected = rchChecksum([STX, ...[...body.slice(0, -2)].map((c) => c.charCodeAt(0))]);
  if (chk !== expected) return `checksum ${chk} where the frame gives ${expected}`;
  const status = /^([NGSP])(\d{4})(\d{2})([01])[\x20-\x7E]$/.exec(data);
  return {
    control,
    data,
    errorType: status?.[1] ?? null,
    errorCode: status?.[2] ?? null,
    receiptStatus: status?.[3] ?? null,
    packId,
  };
}

export type RchWireEvent =
  | { readonly kind: 'ack' }
  | { readonly kind: 'nack' }
  /** Text the printer sent before its reply frame (a journal dump), one line. */
  | { readonly kind: 'line'; readonly text: string }
  /** The bytes between STX and ETX, dump lines removed. */
  | { readonly kind: 'frame'; readonly body: string };

/** Longest reply frame or line accepted; a real one is well under a kilobyte. */
const maxPending = 64 * 1024;

/**
 * Turns the byte stream into events as chunks arrive (a frame may come split across chunks, or
 * several in one). Dump lines inside a frame are split on CR/LF, as rch-driver-js `readData`
 * does; the last piece before ETX is the reply frame itself.
 */
export class RchFrameDecoder {
  private inFrame = false;
  private pending: number[] = [];

  /** True while part of a frame has arrived: a connection dropped now dropped it mid-frame. */
  get midFrame(): boolean {
    return this.inFrame || this.pending.length > 0;
  }

  push(chunk: Uint8Array): RchWireEvent[] {
    const out: RchWireEvent[] = [];
    for (const b of chunk) {
      if (!this.inFrame && b === ACK) out.push({ kind: 'ack' });
      else if (!this.inFrame && b === NACK) out.push({ kind: 'nack' });
      else if (b === STX) {
        this.flushLine(out);
        this.inFrame = true;
      } else if (b === ETX && this.inFrame) {
        out.push({ kind: 'frame', body: this.take() });
        this.inFrame = false;
      } else if (b === CR || b === LF) this.flushLine(out);
      else {
        if (this.pending.length >= maxPending) throw new RangeError('RCH reply longer than 64 KiB without a frame end');
        this.pending.push(b);
      }
    }
    return out;
  }

  private flushLine(out: RchWireEvent[]): void {
    if (this.pending.length > 0) out.push({ kind: 'line', text: this.take() });
  }

  private take(): string {
    const text = String.fromCharCode(...this.pending);
    this.pending = [];
    return text;
  }
}
