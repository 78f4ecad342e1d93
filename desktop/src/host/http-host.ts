/**
 * @module
 * The till over HTTP, for browsers: tablets on the shop's LAN and our end-to-end tests. Every
 * procedure of the shared contract is served at `POST /api/rpc/<name>` through the core's
 * dispatcher, and core events stream at `GET /api/events` (SSE). Nothing here knows any single
 * procedure: a new one in the contract is served without touching this file.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { ApiError, ErrorCode } from '@cassa/shared';
import { httpStatusOf, isTillProcedure, tillContract } from '@cassa/shared';
import type { CallerInfo, Dispatcher, LanDevice, TillEventBus } from '../core';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { getCookie, setCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';

export interface HttpHostOptions {
  readonly dispatcher: Dispatcher;
  readonly events: TillEventBus;
  /** The built renderer (index.html and assets); omitted in API-only tests. */
  readonly staticDir?: string;
  /** True when bound to loopback only: `local` procedures then need no session. */
  readonly trustedLocal: boolean;
  /** On the LAN: the enrolled tablet holding this credential (from its cookie), or null. */
  readonly resolveDevice?: (secret: string | undefined) => LanDevice | null;
  /**
   * On the LAN: the host names (no port) this till answers to: its own addresses and the names
   * the shop configured (CASSA_TILL_ALLOWED_HOSTS). Anything else is refused (DNS rebinding).
   */
  readonly allowedHosts?: ReadonlySet<string>;
  /**
   * On the LAN: treat a browser on this very machine (loopback peer, loopback Host name) as the
   * counter, which needs no enrolment. Off in tests that play a tablet from this machine.
   */
  readonly trustLoopbackPeers?: boolean;
}

/** The HttpOnly cookie that carries an enrolled tablet's credential. */
export const deviceCookie = 'cassa_device';
/** Browsers cap a cookie at 400 days; the host renews it on each answered call, so a tablet in use stays enrolled. */
const deviceCookieMaxAgeSeconds = 400 * 24 * 60 * 60;

/** Body caps, checked while the body streams in: before login a body is a PIN, not a file. */
export const bodyLimits = {
  beforeLogin: 64 * 1024,
  call: 1024 * 1024,
  /** A catalogue file is the one large thing a screen sends. */
  catalogueImport: 256 * 1024 * 1024,
} as const;

function bodyLimitFor(method: string): number {
  if (method === 'catalogue.import') return bodyLimits.catalogueImport;
  const access = isTillProcedure(method) ? tillContract[method].access : 'public';
  return access === 'public' || access === 'local' ? bodyLimits.beforeLogin : bodyLimits.call;
}

function failure(c: Context, code: ErrorCode, message: string, status?: number) {
  const error: ApiError = { code, message };
  return c.json({ ok: false, error }, (status ?? httpStatusOf(code)) as 400);
}

class BodyTooLarge extends Error {}

/**
 * Reads at most `limit` bytes of the request body: refused from Content-Length before reading,
 * and counted while streaming when the length is absent or lies.
 */
async function readBodyText(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `host:port`, `[v6]:port` or a bare name → the lower-case host name alone. */
export function hostNameOf(hostHeader: string): string {
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1);
  return value.replace(/:\d*$/, '');
}

const loopbackPeer = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** A request from this machine, under a loopback name: the counter PC's own browser. */
function fromThisMachine(c: Context): boolean {
  if (!loopbackHosts.has(hostNameOf(c.req.header('host') ?? ''))) return false;
  try {
    return loopbackPeer.test(getConnInfo(c).remote.address ?? '');
  } catch {
    // No socket behind the request (app.request in tests): not provably local.
    return false;
  }
}

function originHostName(origin: string): string | null {
  try {
    return hostNameOf(new URL(origin).host);
  } catch {
    return null;
  }
}

export const contentSecurityPolicy = [
  "default-src 'self'",
  // WebAssembly compiled from our own files only (the camera scanner's zxing reader); no eval.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  // Streaming compilation needs the right type; the camera scanner's zxing reader is one.
  '.wasm': 'application/wasm',
};

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

function bearer(header: string | undefined): string | undefined {
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
}

export function createHttpHost(options: HttpHostOptions): Hono {
  const app = new Hono();

  const knownHosts = options.trustedLocal ? loopbackHosts : new Set([...loopbackHosts, ...(options.allowedHosts ?? [])]);
  const resolveDevice = options.resolveDevice ?? (() => null);

  app.use('*', async (c, next) => {
    // Only pages served under the till's own names: a page that reached it through DNS
    // rebinding, or a foreign site's script, is refused before anything else runs.
    if (!knownHosts.has(hostNameOf(c.req.header('host') ?? ''))) return failure(c, 'NOT_AUTHORISED', 'Unexpected Host header', 403);
    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== 'null' && !knownHosts.has(originHostName(origin) ?? '')) {
      return failure(c, 'NOT_AUTHORISED', 'Unexpected Origin', 403);
    }
    await next();
    c.header('Content-Security-Policy', contentSecurityPolicy);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  });

  app.get('/healthz', (c) => c.json({ ok: true }));

  const callerOf = (c: Context): CallerInfo => {
    const trustedLocal = options.trustedLocal || (options.trustLoopbackPeers === true && fromThisMachine(c));
    return {
      token: bearer(c.req.header('authorization')),
      trustedLocal,
      device: trustedLocal ? null : resolveDevice(getCookie(c, deviceCookie)),
    };
  };

  app.post('/api/rpc/:method', async (c) => {
    const method = c.req.param('method');
    let caller = callerOf(c);
    // Who is calling is settled before a single byte of the body is read.
    const refused = options.dispatcher.preflight(method, caller);
    if (refused) return c.json({ ok: false, error: refused }, httpStatusOf(refused.code) as 401);
    // JSON only: a cross-site form post cannot send this type without a CORS preflight.
    if (!(c.req.header('content-type') ?? '').startsWith('application/json')) {
      return failure(c, 'VALIDATION', 'Send the input as application/json', 415);
    }
    let input: unknown;
    try {
      input = JSON.parse(await readBodyText(c.req.raw, bodyLimitFor(method)));
    } catch (error) {
      if (error instanceof BodyTooLarge) return failure(c, 'PAYLOAD_TOO_LARGE', `Request body over ${bodyLimitFor(method)} bytes`);
      return failure(c, 'VALIDATION', 'The body is not valid JSON', 400);
    }
    let granted: string | null = null;
    if (!caller.trustedLocal) caller = { ...caller, grantDeviceCredential: (secret) => (granted = secret) };
    const result = await options.dispatcher.dispatch(method, input, caller);
    // A tablet in use keeps its cookie fresh (browsers cap a cookie's life at 400 days).
    const renewed = granted ?? (caller.device && result.ok ? (getCookie(c, deviceCookie) ?? null) : null);
    if (renewed !== null) {
      setCookie(c, deviceCookie, renewed, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: deviceCookieMaxAgeSeconds });
    }
    const status = result.ok ? 200 : httpStatusOf(result.error.code);
    return c.json(result, status as 200);
  });

  app.get('/api/events', (c) => {
    const caller = { ...callerOf(c), token: c.req.query('token') };
    if (!options.dispatcher.canSubscribe(caller)) return failure(c, 'NOT_AUTHENTICATED', 'Log in to receive till events');
    return streamSSE(c, async (stream) => {
      let open = true;
      const unsubscribe = options.events.subscribe((event) => {
        if (!open) return;
        void stream.writeSSE({ event: event.name, data: JSON.stringify(event.payload) }).catch(() => undefined);
      });
      stream.onAbort(() => {
        open = false;
        unsubscribe();
      });
      await stream.writeSSE({ event: 'hello', data: '{}' });
      // Keep-alive comments stop proxies and tablets' power saving from dropping the stream.
      while (open) {
        await stream.sleep(15_000);
        if (open) await stream.write(': keep-alive\n\n');
      }
    });
  });

  if (options.staticDir) {
    const root = normalize(options.staticDir);
    app.get('*', async (c) => {
      const path = decodeURIComponent(new URL(c.req.url).pathname);
      let file = normalize(join(root, path));
      if (!file.startsWith(root + sep) && file !== root) return c.notFound();
      const info = await stat(file).catch(() => null);
      // Unknown paths get the app shell so client-side routes survive a reload.
      if (!info?.isFile()) file = join(root, 'index.html');
      const body = await readFile(file).catch(() => null);
      if (!body) return c.text('The till UI is not built: run npm run build:renderer', 503);
      const type = contentTypes[extname(file)] ?? 'application/octet-stream';
      const cache = file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
      return c.body(body, 200, { 'Content-Type': type, 'Cache-Control': cache });
    });
  }

  return app;
}
