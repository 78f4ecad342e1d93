/**
 * @module
 * The RCH native protocol over TCP (port 23 by default; reference/fiscal-rt.md §3, "Native"), one
 * command per frame: send, wait for ACK (NACK → send again, three tries in all), then the reply
 * frame, within the command's timeout (rch-errors `rchCommandTimeoutMs`).
 *
 * The socket comes from a factory the caller gives: Node's (`rch-node-socket.ts`, which
 * `@cassa/drivers`' `createFiscalDevice` passes), a test's, or none where raw TCP does not exist
 * (a browser), where opening the link fails as an unreachable printer, saying why.
 */
import { FiscalDeviceError } from '../fiscal-device';
import { errorCode } from '../fiscal-http';
import { RchFrameDecoder, encodeRchFrame, nextPackId, packIdModulus, parseRchReplyFrame, rchMaxTries } from './rch-frame';
import type { RchReplyFrame, RchWireEvent } from './rch-frame';

/** The little of a socket the protocol needs. */
export interface RchSocket {
  write(bytes: Uint8Array): void;
  /** Called with each chunk received. */
  onData(listener: (chunk: Uint8Array) => void): void;
  /** Called once when the connection ends, with the error if it failed. */
  onClose(listener: (error: Error | null) => void): void;
  close(): void;
}

/** Opens a connection; rejects (with Node's `code`, e.g. ECONNREFUSED) when it cannot. */
export type RchSocketFactory = (host: string, port: number, timeoutMs: number) => Promise<RchSocket>;

/** One command's answer: the reply frame and the dump lines that came before it. */
export interface RchAnswer {
  readonly frame: RchReplyFrame;
  readonly lines: readonly string[];
}

export interface RchTcpOptions {
  readonly socketFactory?: RchSocketFactory;
  /** Per-command wait; rch-errors `rchCommandTimeoutMs` by default. */
  readonly timeoutFor: (command: string) => number;
  /** Extra wait beyond the command's timeout, so a late but honest answer still counts. */
  readonly replyGraceMs: number;
}

/** Why a command's exchange failed; the caller knows whether the command could have issued. */
export class RchLinkError extends Error {
  constructor(
    readonly reason: 'offline' | 'timeout' | 'closed' | 'unreadable' | 'nack',
    message: string,
    readonly code: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RchLinkError';
  }
}

/** One open connection: commands go one at a time, each with a fresh packet id. */
export class RchTcpLink {
  private readonly decoder = new RchFrameDecoder();
  private readonly events: RchWireEvent[] = [];
  private wake: (() => void) | null = null;
  private closed: Error | null = null;
  private packId: string | null = null;

  private constructor(private readonly socket: RchSocket) {
    socket.onData((chunk) => {
      try {
        this.events.push(...this.decoder.push(chunk));
      } catch (error) {
        this.closed = error instanceof Error ? error : new Error(String(error));
      }
      this.wake?.();
    });
    socket.onClose((error) => {
      this.closed = error ?? new Error(this.decoder.midFrame ? 'connection closed in the middle of a frame' : 'connection closed');
      this.wake?.();
    });
  }

  static async open(host: string, port: number, options: RchTcpOptions): Promise<RchTcpLink> {
    const factory = options.socketFactory;
    if (!factory) {
      throw new FiscalDeviceError('offline', `The fiscal printer at ${host}:${port} speaks RCH's native protocol over raw TCP, which this device cannot open: use a PC till or the printer's HTTP mode (rch-rt+http://)`, {
        deviceCode: 'NO_TCP',
      });
    }
    try {
      return new RchTcpLink(await factory(host, port, options.timeoutFor('') + options.replyGraceMs));
    } catch (error) {
      const code = errorCode(error);
      throw new FiscalDeviceError('offline', `The fiscal printer at ${host}:${port} cannot be reached${code ? ` (${code})` : ''}: check that it is on and on the network`, {
        deviceCode: code ?? 'CONNECT',
        cause: error,
      });
    }
  }

  /** Sends one command and waits for its reply frame. @throws RchLinkError */
  async command(command: string, waitMs: number): Promise<RchAnswer> {
    this.packId = nextPackId(this.packId);
    const frame = encodeRchFrame(command, this.packId);
    const deadline = Date.now() + waitMs;
    const expected = new Set([this.packId, packIdModulus(this.packId)]);
    for (let attempt = 1; attempt <= rchMaxTries; attempt++) {
      this.events.length = 0;
      this.send(frame);
      const answer = await this.awaitReply(deadline, expected, command);
      if (answer !== 'nack') return answer;
    }
    throw new RchLinkError('nack', `The fiscal printer refused the frame for ${command} ${rchMaxTries} times (NACK)`, 'NACK');
  }

  close(): void {
    this.socket.close();
  }

  private send(frame: Uint8Array): void {
    if (this.closed) throw new RchLinkError('closed', `The connection to the fiscal printer is closed: ${this.closed.message}`, errorCode(this.closed), { cause: this.closed });
    this.socket.write(frame);
  }

  private async awaitReply(deadline: number, expected: ReadonlySet<string>, command: string): Promise<RchAnswer | 'nack'> {
    const lines: string[] = [];
    for (;;) {
      const event = this.events.shift();
      if (event === undefined) {
        if (this.closed) {
          const code = errorCode(this.closed) ?? 'CLOSED';
          throw new RchLinkError('closed', `The fiscal printer closed the connection during ${command}: ${this.closed.message}`, code, { cause: this.closed });
        }
        if (!(await this.waitForEvent(deadline))) throw new RchLinkError('timeout', `The fiscal printer gave no answer to ${command} in time`, 'TIMEOUT');
        continue;
      }
      if (event.kind === 'nack') return 'nack';
      if (event.kind === 'ack') continue;
      if (event.kind === 'line') {
        lines.push(event.text);
        continue;
      }
      const frame = parseRchReplyFrame(event.body);
      if (typeof frame === 'string') throw new RchLinkError('unreadable', `The fiscal printer's reply to ${command} cannot be read: ${frame}`, 'PROTOCOL');
      // A reply to an earlier command that timed out: not ours, keep waiting.
      if (!expected.has(frame.packId)) continue;
      return { frame, lines };
    }
  }

  private waitForEvent(deadline: number): Promise<boolean> {
    const left = deadline - Date.now();
    if (left <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve(false);
      }, left);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve(true);
      };
    });
  }
}
