/**
 * @module
 * The Node HTTP server around the till's Hono app, with the limits that keep a LAN till
 * answering: a cap on open connections and timeouts for slow headers, slow bodies and idle
 * keep-alive sockets, so a handful of silent sockets cannot take the counter's tablets offline.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { networkInterfaces, hostname } from 'node:os';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export interface ConnectionLimits {
  /** Open sockets at once; further ones are closed at accept. A browser opens up to 6 per tablet. */
  readonly maxConnections: number;
  /** Time allowed for a request's headers to arrive. */
  readonly headersTimeoutMs: number;
  /** Time allowed for a whole request, body included (a catalogue file on a slow Wi-Fi). */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive socket is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** How often Node checks the two request timeouts. */
  readonly checkIntervalMs: number;
  /** A socket silent this long is closed (event streams send a keep-alive every 15 s). */
  readonly idleSocketTimeoutMs: number;
}

export const defaultConnectionLimits: ConnectionLimits = {
  maxConnections: 128,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 1_000,
  idleSocketTimeoutMs: 60_000,
};

export function listenTill(app: Hono, options: { hostname: string; port: number; limits?: Partial<ConnectionLimits> }): Promise<{ server: Server; port: number }> {
  const limits = { ...defaultConnectionLimits, ...options.limits };
  return new Promise((resolve, reject) => {
    const server = serve({
      fetch: app.fetch,
      hostname: options.hostname,
      port: options.port,
      serverOptions: {
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        keepAliveTimeout: limits.keepAliveTimeoutMs,
        connectionsCheckingInterval: limits.checkIntervalMs,
      },
    }) as Server;
    server.maxConnections = limits.maxConnections;
    server.keepAliveTimeout = limits.keepAliveTimeoutMs;
    server.setTimeout(limits.idleSocketTimeoutMs, (socket) => socket.destroy());
    server.once('error', reject);
    server.once('listening', () => resolve({ server, port: (server.address() as AddressInfo).port }));
  });
}

/**
 * The names a LAN till answers to: every address of this machine, its host name (and the
 * `.local` mDNS one), and the names the shop configured in CASSA_TILL_ALLOWED_HOSTS
 * (comma-separated, e.g. `cassa.negozio.lan`).
 */
export function allowedHostNames(configured: string | undefined): Set<string> {
  const names = new Set<string>(['localhost', '127.0.0.1', '[::1]']);
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) names.add(address.family === 'IPv6' ? `[${address.address.toLowerCase()}]` : address.address);
  }
  const own = hostname().toLowerCase();
  names.add(own);
  names.add(`${own}.local`);
  for (const name of (configured ?? '').split(',')) {
    const trimmed = name.trim().toLowerCase();
    if (trimmed) names.add(trimmed);
  }
  return names;
}
