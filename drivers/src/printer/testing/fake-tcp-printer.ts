/**
 * @module
 * A network receipt printer on 127.0.0.1 for tests: a real `net.Server` speaking raw 9100 that
 * records every byte, answers DLE EOT from a simulated condition, and can fail mid-job the ways
 * real ones do (paper out, a reset connection, a printer that stops reading).
 */
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import type { PrinterCondition } from '../../escpos/printer-status';
import type { PrinterProfile } from '../printer-profile';
import type { PrintedReceipt } from '../virtual/printer-emulator';
import { PrinterEmulator } from '../virtual/printer-emulator';

/** What happens once `afterBytes` bytes of the next data have arrived. */
export type MidJobFault =
  | { readonly kind: 'paper-out'; readonly afterBytes: number }
  | { readonly kind: 'cover-open'; readonly afterBytes: number }
  /** TCP RST, like a printer rebooting or a switch port flapping. */
  | { readonly kind: 'reset'; readonly afterBytes: number }
  /** Stops reading: the sender's writes back up (a jammed printer with a full buffer). */
  | { readonly kind: 'stall'; readonly afterBytes: number };

export interface FakeTcpPrinterOptions {
  readonly profile?: PrinterProfile;
  /** When false the printer never answers DLE EOT (many cheap ones). */
  readonly answersStatus?: boolean;
}

export class FakeTcpPrinter {
  readonly host = '127.0.0.1';
  readonly emulator: PrinterEmulator;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #answersStatus: boolean;
  #fault: { fault: MidJobFault; seen: number } | undefined;
  #connections = 0;

  private constructor(server: Server, options: FakeTcpPrinterOptions) {
    this.#server = server;
    this.#answersStatus = options.answersStatus ?? true;
    this.emulator = new PrinterEmulator(options.profile ? { profile: options.profile } : {});
    server.on('connection', (socket) => this.#accept(socket));
  }

  static async start(options: FakeTcpPrinterOptions = {}): Promise<FakeTcpPrinter> {
    const server = createServer();
    const printer = new FakeTcpPrinter(server, options);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return printer;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** How many connections were accepted so far. */
  get connections(): number {
    return this.#connections;
  }

  /** Every byte received over all connections, in order. */
  get bytes(): Uint8Array {
    return Uint8Array.from(this.emulator.received);
  }

  get receipts(): readonly PrintedReceipt[] {
    return this.emulator.receipts;
  }

  setCondition(change: Partial<PrinterCondition>): void {
    const packet = this.emulator.setCondition(change);
    if (packet.length > 0) for (const s of this.#sockets) s.write(packet);
  }

  answerStatus(on: boolean): void {
    this.#answersStatus = on;
  }

  /** Arms a fault for the bytes that arrive next. */
  failMidJob(fault: MidJobFault): void {
    this.#fault = { fault, seen: 0 };
  }

  /** Starts reading again after a 'stall'. */
  resumeReading(): void {
    for (const s of this.#sockets) s.resume();
  }

  /** Drops every connection with a RST (power cut). */
  resetConnections(): void {
    for (const s of this.#sockets) s.resetAndDestroy();
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(socket: Socket): void {
    this.#connections += 1;
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => undefined); // a reset from the client side is normal here
    socket.on('data', (chunk: Buffer) => this.#data(socket, chunk));
  }

  #data(socket: Socket, chunk: Buffer): void {
    let bytes: Uint8Array = chunk;
    const armed = this.#fault;
    if (armed) {
      const room = armed.fault.afterBytes - armed.seen;
      if (chunk.length >= room) {
        this.#fault = undefined;
        const before = chunk.subarray(0, room);
        const after = chunk.subarray(room);
        this.#reply(socket, this.emulator.receive(before));
        switch (armed.fault.kind) {
          case 'reset':
            socket.resetAndDestroy();
            return;
          case 'stall':
            socket.pause();
            // What arrived in this read is already in the printer's buffer.
            this.#reply(socket, this.emulator.receive(after));
            return;
          case 'paper-out':
          case 'cover-open':
            this.setCondition(armed.fault.kind === 'paper-out' ? { paperOut: true } : { coverOpen: true });
            bytes = after;
            break;
        }
      } else armed.seen += chunk.length;
    }
    this.#reply(socket, this.emulator.receive(bytes));
  }

  #reply(socket: Socket, reply: Uint8Array): void {
    if (reply.length > 0 && this.#answersStatus && !socket.destroyed) socket.write(reply);
  }
}
