/**
 * @module
 * The till over HTTP, for browsers: tablets on the shop's LAN and our end-to-end tests. Every
 * procedure of the shared contract is served at `POST /api/rpc/<name>` through the core's
 * dispatcher, and core events stream at `GET /api/events` (SSE). Nothing here knows any single
 * procedure: a new one in the contract is served without touching this file.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { httpStatusOf } from '@cassa/shared';
import type { Dispatcher, TillEventBus } from '../core';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';

export interface HttpHostOptions {
  readonly dispatcher: Dispatcher;
  readonly events: TillEventBus;
  /** The built renderer (index.html and assets); omitted in API-only tests. */
  readonly staticDir?: string;
  /** True when bound to loopback only: `local` procedures then need no session. */
  readonly trustedLocal: boolean;
  /** Validates an SSE subscriber's token (every call checks its own through the dispatcher). */
  readonly isValidSession: (token: string | undefined) => boolean;
}

export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
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
};

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

function bearer(header: string | undefined): string | undefined {
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
}

export function createHttpHost(options: HttpHostOptions): Hono {
  const app = new Hono();

  app.use('*', async (c, next) => {
    // A loopback-only till must not answer a page that reached it through DNS rebinding.
    if (options.trustedLocal) {
      const host = (c.req.header('host') ?? '').replace(/:\d+$/, '');
      if (!loopbackHosts.has(host)) return c.json({ ok: false, error: { code: 'NOT_AUTHORISED', message: 'Unexpected Host header' } }, 403);
    }
    await next();
    c.header('Content-Security-Policy', contentSecurityPolicy);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  });

  app.get('/healthz', (c) => c.json({ ok: true }));

  const smallBody = bodyLimit({
    maxSize: 1024 * 1024,
    onError: (c) => c.json({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body over 1 MiB' } }, 413),
  });
  // A catalogue file is the one large thing a screen sends.
  const largeBody = bodyLimit({
    maxSize: 256 * 1024 * 1024,
    onError: (c) => c.json({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE', message: 'Catalogue file over 256 MiB' } }, 413),
  });
  app.post(
    '/api/rpc/:method',
    (c, next) => (c.req.param('method') === 'catalogue.import' ? largeBody(c, next) : smallBody(c, next)),
    async (c) => {
      // JSON only: a cross-site form post cannot send this type without a CORS preflight.
      if (!(c.req.header('content-type') ?? '').startsWith('application/json')) {
        return c.json({ ok: false, error: { code: 'VALIDATION', message: 'Send the input as application/json' } }, 415);
      }
      let input: unknown;
      try {
        input = await c.req.json();
      } catch {
        return c.json({ ok: false, error: { code: 'VALIDATION', message: 'The body is not valid JSON' } }, 400);
      }
      const result = await options.dispatcher.dispatch(c.req.param('method'), input, {
        token: bearer(c.req.header('authorization')),
        trustedLocal: options.trustedLocal,
      });
      const status = result.ok ? 200 : httpStatusOf(result.error.code);
      return c.json(result, status as 200);
    },
  );

  app.get('/api/events', (c) => {
    const token = c.req.query('token');
    if (!options.isValidSession(token)) {
      return c.json({ ok: false, error: { code: 'NOT_AUTHENTICATED', message: 'Log in to receive till events' } }, 401);
    }
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
