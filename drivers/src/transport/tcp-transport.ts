/**
 * @module
 * Raw TCP (port 9100, "JetDirect"/"RAW") transport for network receipt printers.
 */
import { Socket } from 'node:net';
import { TransportError } from './transport';
import type { Transport, TransportEvents, TransportState } from './transport';

export interface TcpTransportOptions {
  readonly host: string;
  /** 9100 unless the printer was configured otherwise. */
  readonly port?: number;
  /** How long to wait for the TCP handshake; a switched-off printer on the LAN never answers. */
  readonly connectTimeoutMs?: number;
  /** TCP keepalive probe delay, so a printer unplugged from the network is noticed while idle. */
  readonly keepAliveMs?: number;
  /** Makes the socket; tests pass one that never completes the handshake. */
  readonly createSocket?: () => Socket;
}

type Listener<E extends keyof TransportEvents> = TransportEvents[E];

export class TcpTransport implements Transport {
  readonly description: string;
  readonly #host: string;
  readonly #port: number;
  readonly #connectTimeoutMs: number;
  readonly #keepAliveMs: number;
  readonly #createSocket: () => Socket;
  #state: TransportState = 'closed';
  #socket: Socket | undefined;
  #lastError: Error | undefined;
  readonly #pending = new Set<(error: TransportError) => void>();
  readonly #listeners: { [E in keyof TransportEvents]: Set<Listener<E>> } = { data: new Set(), disconnect: new Set() };

  constructor(options: TcpTransportOptions) {
    this.#host = options.host;
    this.#port = options.port ?? 9100;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    this.#keepAliveMs = options.keepAliveMs ?? 5000;
    this.#createSocket = options.createSocket ?? (() => new Socket());
    this.description = `tcp://${this.#host}:${this.#port}`;
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
    if (this.#state === 'open') return Promise.resolve();
    if (this.#state === 'opening' || this.#state === 'closing') {
      return Promise.reject(new TransportError(`${this.description} is ${this.#state}`));
    }
    this.#state = 'opening';
    this.#lastError = undefined;
    return new Promise<void>((resolve, reject) => {
      const socket = this.#createSocket();
      this.#socket = socket;
      let settled = false;
      const fail = (error: TransportError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        if (this.#socket === socket) {
          this.#socket = undefined;
          this.#state = 'closed';
        }
        reject(error);
      };
      const timer = setTimeout(() => {
        fail(new TransportError(`${this.description}: no answer within ${this.#connectTimeoutMs} ms (printer off, wrong address, or another network)`, { disconnected: true }));
      }, this.#connectTimeoutMs);
      socket.once('error', (error) => fail(tcpConnectError(this.description, error)));
      socket.once('connect', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.removeAllListeners('error');
        // Receipts are small and latency matters more than packet count (status polls).
        socket.setNoDelay(true);
        socket.setKeepAlive(true, this.#keepAliveMs);
        this.#attach(socket);
        this.#state = 'open';
        resolve();
      });
      socket.connect({ host: this.#host, port: this.#port });
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    const socket = this.#socket;
    if (this.#state !== 'open' || !socket) {
      return Promise.reject(new TransportError(`${this.description} is ${this.#state}, cannot write`, { disconnected: this.#state === 'closed' }));
    }
    return new Promise<void>((resolve, reject) => {
      const settle = (error: TransportError): void => {
        this.#pending.delete(settle);
        reject(error);
      };
      this.#pending.add(settle);
      // The callback runs once Node has handed these bytes to the kernel, i.e. after any backlog
      // ahead of them has drained; it gets an error if the socket died first.
      socket.write(bytes, (error) => {
        if (!this.#pending.has(settle)) return; // already rejected by close() or a disconnect
        this.#pending.delete(settle);
        if (error) reject(dropError(this.description, error));
        else resolve();
      });
    });
  }

  async close(): Promise<void> {
    const socket = this.#socket;
    if (!socket || this.#state === 'closed') {
      this.#state = 'closed';
      return;
    }
    this.#state = 'closing';
    this.#rejectPending(new TransportError(`${this.description} closed during a write`, { canceled: true }));
    await new Promise<void>((resolve) => {
      if (socket.destroyed) return resolve();
      socket.once('close', () => resolve());
      // end() lets the printer receive what was already sent; destroy() if it never closes.
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
    });
    if (this.#socket === socket) this.#socket = undefined;
    this.#state = 'closed';
  }

  #attach(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => {
      const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      for (const l of this.#listeners.data) l(bytes);
    });
    socket.on('error', (error) => {
      this.#lastError = error;
    });
    socket.on('close', () => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      if (this.#state === 'closing' || this.#state === 'closed') return;
      this.#state = 'closed';
      const error = this.#lastError
        ? dropError(this.description, this.#lastError)
        : new TransportError(`${this.description}: the printer closed the connection`, { disconnected: true });
      this.#rejectPending(error);
      for (const l of this.#listeners.disconnect) l(error);
    });
  }

  #rejectPending(error: TransportError): void {
    const pending = [...this.#pending];
    this.#pending.clear();
    for (const reject of pending) reject(error);
  }
}

function code(error: Error): string | undefined {
  const c = (error as NodeJS.ErrnoException).code;
  return typeof c === 'string' ? c : undefined;
}

/** Turns a connect failure into a message a shop owner or technician can act on. */
export function tcpConnectError(where: string, error: Error): TransportError {
  const why: Record<string, string> = {
    ECONNREFUSED: 'connection refused: the host is up but nothing listens on that port (wrong port, or the printer is busy with another till)',
    ETIMEDOUT: 'timed out: the printer is off, or the address is on another network',
    EHOSTUNREACH: 'host unreachable: no route to that address (check the network cable and the IP address)',
    ENETUNREACH: 'network unreachable: this computer has no network for that address',
    ENOTFOUND: 'unknown host name',
    EAI_AGAIN: 'host name lookup failed (DNS not reachable)',
  };
  const c = code(error);
  const message = (c && why[c]) ?? error.message;
  return new TransportError(`${where}: ${message}${c ? ` [${c}]` : ''}`, { disconnected: true, cause: error });
}

function dropError(where: string, error: Error): TransportError {
  const c = code(error);
  const message =
    c === 'ECONNRESET' ? 'the printer reset the connection' : c === 'EPIPE' ? 'the printer closed the connection' : error.message;
  return new TransportError(`${where}: ${message}${c ? ` [${c}]` : ''}`, { disconnected: true, cause: error });
}

/**
 * A TCP transport for a parsed `tcp://host:port` connection (what `createTransport`'s `createTcp`
 * option expects).
 */
export function tcpTransportFor(
  connection: { readonly host: string; readonly port: number },
  options: Omit<TcpTransportOptions, 'host' | 'port'> = {},
): TcpTransport {
  return new TcpTransport({ ...options, host: connection.host, port: connection.port });
}
