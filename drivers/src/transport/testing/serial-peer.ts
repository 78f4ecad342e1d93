/**
 * @module
 * The fake device's side of a pty pair: a raw serialport on the peer end that records what the
 * driver sent and can answer. Scripted devices (scale, display, scanner) are built on this.
 */
import { SerialPort } from 'serialport';

export interface SerialPeer {
  /** Everything received so far. */
  readonly received: () => Buffer;
  send(bytes: Uint8Array | string): Promise<void>;
  /** Resolves once `predicate(received)` holds. */
  waitFor(predicate: (received: Buffer) => boolean, timeoutMs?: number): Promise<Buffer>;
  /** Called with each chunk; return bytes to answer. */
  onChunk(handler: (chunk: Buffer, peer: SerialPeer) => void): void;
  close(): Promise<void>;
}

export async function openSerialPeer(path: string, settings: { baudRate?: number } = {}): Promise<SerialPeer> {
  const port = new SerialPort({ path, baudRate: settings.baudRate ?? 9600, autoOpen: false });
  port.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  let received = Buffer.alloc(0);
  const handlers: ((chunk: Buffer, peer: SerialPeer) => void)[] = [];
  const waiters = new Set<() => void>();
  const peer: SerialPeer = {
    received: () => received,
    async send(bytes) {
      await new Promise<void>((resolve, reject) => {
        port.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes), (error) => (error ? reject(error) : undefined));
        port.drain((error) => (error ? reject(error) : resolve()));
      });
    },
    waitFor(predicate, timeoutMs = 3000) {
      return new Promise((resolve, reject) => {
        if (predicate(received)) {
          resolve(received);
          return;
        }
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`peer timed out; received ${JSON.stringify(received.toString('latin1'))}`));
        }, timeoutMs);
        const check = () => {
          if (!predicate(received)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(received);
        };
        waiters.add(check);
      });
    },
    onChunk(handler) {
      handlers.push(handler);
    },
    async close() {
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    },
  };
  port.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    for (const handler of handlers) handler(chunk, peer);
    for (const waiter of [...waiters]) waiter();
  });
  return peer;
}
