/**
 * @module
 * The "printer" end of a link, in memory: takes the bytes a driver sends, answers DLE EOT the way
 * a real printer does (anywhere in the stream, even inside image data), sends ASB packets when
 * enabled, holds print data while offline, and keeps the receipts it has "printed", decoded.
 * The virtual printer and the fake TCP printer are both thin shells around it.
 */
import type { DecodedReceipt } from '../../escpos/escpos-decoder';
import { decodeEscPos } from '../../escpos/escpos-decoder';
import type { PrinterCondition } from '../../escpos/printer-status';
import { encodeAsbPacket, encodeDleEotReply, idleCondition } from '../../escpos/printer-status';
import type { PrinterProfile } from '../printer-profile';

export interface PrintedReceipt {
  /** The bytes of this receipt as received (status requests removed). */
  readonly bytes: Uint8Array;
  readonly decoded: DecodedReceipt;
}

export interface PrinterEmulatorOptions {
  /** For code page numbering and whether status is answered at all. */
  readonly profile?: PrinterProfile;
  /** How many finished receipts to keep. */
  readonly keep?: number;
}

export class PrinterEmulator {
  readonly #profile: PrinterProfile | undefined;
  readonly #keep: number;
  #condition: PrinterCondition = idleCondition;
  #asb = false;
  /** Bytes of a real-time command split across chunks. */
  #tail: number[] = [];
  /** Print data accepted while online, not yet ended by a cut. */
  #job: number[] = [];
  /** Print data received while offline: printed when the printer recovers, as real ones do. */
  #held: number[] = [];
  readonly #receipts: PrintedReceipt[] = [];
  /** Every byte received, status requests included, in order. */
  readonly received: number[] = [];
  readonly statusRequests: number[] = [];

  constructor(options: PrinterEmulatorOptions = {}) {
    this.#profile = options.profile;
    this.#keep = options.keep ?? 50;
  }

  get condition(): PrinterCondition {
    return this.#condition;
  }

  get receipts(): readonly PrintedReceipt[] {
    return this.#receipts;
  }

  get asbEnabled(): boolean {
    return this.#asb;
  }

  /** Bytes printed so far that are not yet part of a finished receipt (no cut yet). */
  get pendingBytes(): number {
    return this.#job.length + this.#held.length;
  }

  /** Feeds bytes from the driver; returns what the printer sends back. */
  receive(chunk: ArrayLike<number>): Uint8Array {
    const replies: number[] = [];
    const bytes = [...this.#tail, ...Array.from(chunk)];
    this.#tail = [];
    for (let i = 0; i < chunk.length; i++) this.received.push(chunk[i] ?? 0);
    const data: number[] = [];
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i] ?? 0;
      if (b === 0x10 || b === 0x1d) {
        const rest = bytes.length - i;
        if (rest < 3 && this.#couldStartRealtime(bytes, i)) {
          this.#tail = bytes.slice(i);
          break;
        }
        if (b === 0x10 && bytes[i + 1] === 0x04) {
          const n = bytes[i + 2] ?? 1;
          this.statusRequests.push(n);
          if (this.#answersStatus()) replies.push(encodeDleEotReply(n, this.#condition));
          i += 2;
          continue;
        }
        if (b === 0x1d && bytes[i + 1] === 0x61) {
          this.#asb = (bytes[i + 2] ?? 0) !== 0;
          if (this.#asb && this.#answersStatus()) replies.push(...encodeAsbPacket(this.#condition));
          i += 2;
          continue;
        }
      }
      data.push(b);
    }
    if (this.#isOffline()) this.#held.push(...data);
    else this.#print(data);
    return Uint8Array.from(replies);
  }

  /**
   * Changes the simulated condition (paper out, cover open…). Returns the ASB packet the printer
   * would send now, or an empty array.
   */
  setCondition(change: Partial<PrinterCondition>): Uint8Array {
    const before = this.#condition;
    this.#condition = { ...before, ...change };
    if (!this.#isOffline() && this.#held.length > 0) {
      const held = this.#held;
      this.#held = [];
      this.#print(held);
    }
    const changed = (Object.keys(this.#condition) as (keyof PrinterCondition)[]).some((k) => before[k] !== this.#condition[k]);
    return changed && this.#asb && this.#answersStatus() ? encodeAsbPacket(this.#condition) : new Uint8Array(0);
  }

  /** Ends the current receipt without a cut (tear-bar printers, or a job cut short). */
  flush(): void {
    if (this.#job.length > 0) this.#finish(this.#job);
    this.#job = [];
  }

  #answersStatus(): boolean {
    return this.#profile?.status.dleEot ?? true;
  }

  #isOffline(): boolean {
    const c = this.#condition;
    return c.offline || c.coverOpen || c.paperOut || c.unrecoverableError || c.autoRecoverableError || c.cutterError;
  }

  #couldStartRealtime(bytes: readonly number[], i: number): boolean {
    const next = bytes[i + 1];
    if (next === undefined) return true;
    return (bytes[i] === 0x10 && next === 0x04) || (bytes[i] === 0x1d && next === 0x61);
  }

  #print(data: readonly number[]): void {
    this.#job.push(...data);
    const decoded = decodeEscPos(Uint8Array.from(this.#job), this.#decodeOptions());
    let start = 0;
    for (const end of decoded.boundaries) {
      this.#finish(this.#job.slice(start, end));
      start = end;
    }
    this.#job = this.#job.slice(start);
  }

  #finish(bytes: readonly number[]): void {
    const u8 = Uint8Array.from(bytes);
    this.#receipts.push({ bytes: u8, decoded: decodeEscPos(u8, this.#decodeOptions()) });
    while (this.#receipts.length > this.#keep) this.#receipts.shift();
  }

  #decodeOptions(): { codePageTables?: PrinterProfile['codePageTables'] } {
    return this.#profile ? { codePageTables: this.#profile.codePageTables } : {};
  }
}
