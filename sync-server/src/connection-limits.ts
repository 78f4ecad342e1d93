/**
 * @module
 * Bounds on the sockets one server holds, so idle or slow connections cannot exhaust its file
 * descriptors and turn everyone away: a total cap, a cap per client address (proxies we trust are
 * exempt: every client behind them shares their address), a deadline for the request headers
 * (and the whole request), and a short keep-alive. Long event streams are unaffected: the
 * deadlines cover receiving a request, not the response.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { normaliseAddress } from './client-address';
import type { ProxyTrust } from './client-address';

export interface ConnectionLimits {
  /** Open sockets in all; further ones are closed at once (Node's `maxConnections`). */
  readonly maxConnections: number;
  /** Open sockets from one address that is not a trusted proxy. */
  readonly maxConnectionsPerAddress: number;
  /** A client must finish sending its request headers within this. */
  readonly headersTimeoutMs: number;
  /** … and its whole request (body included) within this. */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive socket is closed after this. */
  readonly keepAliveTimeoutMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxConnections: 4096,
  maxConnectionsPerAddress: 256,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 5_000,
};

/** Options for `http.createServer`: the deadlines, checked often enough to matter. */
export function serverOptionsFor(limits: ConnectionLimits) {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

/** Caps sockets in all and per address; a socket over a cap is closed before a byte is read. */
export function applyConnectionLimits(server: Server, limits: ConnectionLimits, trusted: ProxyTrust): void {
  server.maxConnections = limits.maxConnections;
  const perAddress = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = normaliseAddress(socket.remoteAddress ?? '');
    if (trusted(address)) return;
    const open = (perAddress.get(address) ?? 0) + 1;
    if (open > limits.maxConnectionsPerAddress) {
      socket.destroy();
      return;
    }
    perAddress.set(address, open);
    socket.once('close', () => {
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left <= 0) perAddress.delete(address);
      else perAddress.set(address, left);
    });
  });
}
