/**
 * @module
 * A receipt printer that exists only in memory, behind a real `Transport`: the till (or a test,
 * or a demo without hardware) drives it with the same `ReceiptPrinter` as a physical one, and can
 * look at what was printed as text or as a PNG, pull the paper out or unplug the cable.
 */
import { decodedText } from '../../escpos/escpos-decoder';
import type { PrinterCondition } from '../../escpos/printer-status';
import { TransportError } from '../../transport/transport';
import type { Transport, TransportEvents, TransportState } from '../../transport/transport';
import type { PrinterProfile } from '../printer-profile';
import { getPrinterProfile } from '../printer-profile';
import type { PrintedReceipt } from './printer-emulator';
import { PrinterEmulator } from './printer-emulator';
import { renderReceiptPng } from './receipt-png';

export interface VirtualPrinterOptions {
  /** Defaults to epson-tm-t20. */
  readonly profile?: PrinterProfile;
  /** Used in the transport description `virtual://<name>` (also the port claim key). */
  readonly name?: string;
  readonly keep?: number;
}

export class VirtualPrinter {
  readonly profile: PrinterProfile;
  readonly emulator: PrinterEmulator;
  readonly transport: VirtualPrinterTransport;

  constructor(options: VirtualPrinterOptions = {}) {
    this.profile = options.profile ?? getPrinterProfile('epson-tm-t20');
    this.emulator = new PrinterEmulator({ profile: this.profile, keep: options.keep ?? 20 });
    this.transport = new VirtualPrinterTransport(`virtual://${options.name ?? this.profile.id}`, this.emulator);
  }

  get receipts(): readonly PrintedReceipt[] {
    return this.emulator.receipts;
  }

  lastReceipt(): PrintedReceipt | undefined {
    return this.emulator.receipts[this.emulator.receipts.length - 1];
  }

  /** The last receipt's text lines joined with newlines ('' if none). */
  lastReceiptText(): string {
    const r = this.lastReceipt();
    return r ? decodedText(r.decoded) : '';
  }

  /** The last receipt drawn as a PNG, or undefined if nothing was printed. */
  lastReceiptPng(): Buffer | undefined {
    const r = this.lastReceipt();
    return r ? renderReceiptPng(r.decoded, { columns: this.profile.columns.fontA }) : undefined;
  }

  /** Simulates paper out, cover open, a drawer being opened… (sends ASB if the driver enabled it). */
  setCondition(change: Partial<PrinterCondition>): void {
    const packet = this.emulator.setCondition(change);
    if (packet.length > 0) this.transport.deliver(packet);
  }

  /** Pulls the cable: the link drops and cannot be reopened until `plugIn()`. */
  unplug(): void {
    this.transport.unplug();
  }

  plugIn(): void {
    this.transport.plugIn();
  }
}

export class VirtualPrinterTransport implements Transport {
  readonly description: string;
  readonly #emulator: PrinterEmulator;
  #state: TransportState = 'closed';
  #plugged = true;
  readonly #listeners: { [E in keyof TransportEvents]: Set<TransportEvents[E]> } = { data: new Set(), disconnect: new Set() };

  constructor(description: string, emulator: PrinterEmulator) {
    this.description = description;
    this.#emulator = emulator;
  }

  get state(): TransportState {
    return this.#state;
  }

  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): () => void {
    const set = this.#listeners[event] as Set<TransportEvents[E]>;
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  open(): Promise<void> {
    if (!this.#plugged) return Promise.reject(new TransportError(`${this.description}: not connected`, { disconnected: true }));
    this.#state = 'open';
    return Promise.resolve();
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.#state !== 'open') {
      return Promise.reject(new TransportError(`${this.description} is ${this.#state}, cannot write`, { disconnected: !this.#plugged }));
    }
    const reply = this.#emulator.receive(bytes);
    if (reply.length > 0) this.deliver(reply);
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.#state = 'closed';
    return Promise.resolve();
  }

  /** Sends bytes to the driver on a later tick, as a real link would. */
  deliver(bytes: Uint8Array): void {
    setImmediate(() => {
      if (this.#state !== 'open') return;
      for (const l of this.#listeners.data) l(bytes);
    });
  }

  unplug(): void {
    this.#plugged = false;
    if (this.#state !== 'open') return;
    this.#state = 'closed';
    const error = new TransportError(`${this.description}: cable pulled`, { disconnected: true });
    for (const l of this.#listeners.disconnect) l(error);
  }

  plugIn(): void {
    this.#plugged = true;
  }
}
