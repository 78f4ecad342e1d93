/**
 * @module
 * The RCH link's socket on Node (`node:net`), kept apart from the protocol so the protocol loads
 * in a browser, where there is no raw TCP.
 */
import type { RchSocket, RchSocketFactory } from './rch-tcp';

/** `node:net`, loaded on first use only. */
export const nodeNetSocketFactory: RchSocketFactory = async (host, port, timeoutMs) => {
  const net = await import('node:net');
  return new Promise<RchSocket>((resolve, reject) => {
    const socket = net.createConnection({ host: host.replace(/^\[|\]$/g, ''), port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error(`no TCP connection to ${host}:${port} within ${timeoutMs} ms`), { code: 'ETIMEDOUT_CONNECT' }));
    }, timeoutMs);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      // Small frames, each waiting for its answer: without this, Nagle holds a frame back behind the
      // printer's unacknowledged ACK byte (tens of ms per command, as drivers/src/transport/tcp-transport.ts avoids).
      socket.setNoDelay(true);
      socket.removeAllListeners('error');
      let closeError: Error | null = null;
      socket.on('error', (error) => {
        closeError = error;
      });
      resolve({
        write: (bytes) => void socket.write(bytes),
        onData: (listener) => void socket.on('data', (chunk: Buffer) => listener(new Uint8Array(chunk))),
        onClose: (listener) => void socket.once('close', () => listener(closeError)),
        close: () => void socket.destroy(),
      });
    });
  });
};
