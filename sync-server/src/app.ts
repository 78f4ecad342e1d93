/**
 * @module
 * The sync server's HTTP face: the sync contract (device and admin procedures, see sync-routes.ts),
 * the head-office API and web app, and the OpenAPI document generated from both contracts. Built
 * on Web-standard Hono so routes are tested with `app.request()` and no port.
 */
import { CassaError, PROTOCOL_VERSION, SCHEMA_VERSION } from '@cassa/shared';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AdminApi } from './admin-api';
import type { ChangeNotifier } from './change-notifier';
import type { HeadOfficeEnv } from './head-office/auth';
import { createErrorHandler } from './http-support';
import type { Logger } from './http-support';
import type { OpenApiDocument } from './http/openapi';
import { OPENAPI_PATH, cassaOpenApiDocument } from './openapi';
import type { SyncStorage } from './storage/storage';
import { PUBLIC_API_BASE } from './public-api/public-api-routes';
import type { PublicApiEnv } from './public-api/public-api-routes';
import type { SyncService } from './sync-service';
import { serveSync } from './sync-routes';
import type { SyncEnv } from './sync-routes';

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface AppDeps {
  readonly storage: SyncStorage;
  readonly service: SyncService;
  readonly admin: AdminApi;
  readonly notifier: ChangeNotifier;
  /** Without one, the admin routes answer 401: head office then works only through AdminApi. */
  readonly adminToken?: string;
  readonly maxBodyBytes?: number;
  readonly sseHeartbeatMs?: number;
  /** The server's clock (issue 17: ledger holds). */
  readonly now?: () => Date;
  readonly log: Logger;
  /** Lets the server end open event streams when it closes. */
  readonly onEventStream?: (close: () => void) => () => void;
  /** The head-office API (`/api/ho`) and web app; absent, only the device and admin routes exist. */
  readonly headOffice?: {
    readonly api: Hono<HeadOfficeEnv>;
    readonly web: ((c: Context) => Response) | null;
    /** Issue 20: the mobile till at `/till/`; absent or null, that path is the web app's like any other. */
    readonly mobileTill?: ((c: Context) => Response) | null;
  };
  /** Issue 19: the public API for integrators, mounted at `/api/v1`. */
  readonly publicApi?: Hono<PublicApiEnv>;
  /** Served over https only (an https CASSA_PUBLIC_URL): browsers are told never to use http. */
  readonly hsts?: boolean;
}

export function createApp(deps: AppDeps): Hono<SyncEnv> {
  const app = new Hono<SyncEnv>();
  app.onError(createErrorHandler(deps.log));
  app.notFound((c) => c.json({ ok: false as const, error: new CassaError('NOT_FOUND', `No route ${c.req.method} ${c.req.path}`).toApiError() }, 404));

  app.use('*', async (c, next) => {
    await next();
    c.header('Cassa-Protocol-Version', String(PROTOCOL_VERSION));
    c.header('Cassa-Schema-Version', String(SCHEMA_VERSION));
    if (deps.hsts) c.header('Strict-Transport-Security', 'max-age=31536000');
  });
  app.use(
    '*',
    bodyLimit({
      maxSize: deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      onError: () => {
        throw new CassaError('PAYLOAD_TOO_LARGE');
      },
    }),
  );

  // Generated on first request, then kept: it depends only on the contracts this build serves.
  let document: OpenApiDocument | null = null;
  app.get(OPENAPI_PATH, (c) => c.json((document ??= cassaOpenApiDocument({ headOffice: deps.headOffice !== undefined }))));
  serveSync(app, deps);

  // Issue 19: before the web app's catch-all, which answers every other path.
  if (deps.publicApi) app.route(PUBLIC_API_BASE, deps.publicApi as unknown as Hono<SyncEnv>);

  // ── Head-office web app ─────────────────────────────────────────────────────────────────
  if (deps.headOffice) {
    app.route('/api/ho', deps.headOffice.api as unknown as Hono<SyncEnv>);
    // Issue 20: the mobile till, before the web app's catch-all.
    const mobileTill = deps.headOffice.mobileTill;
    if (mobileTill) {
      // A middleware, not a route: the bare address only redirects, it is no API to document.
      app.use('/till', async (c, next) => (c.req.method === 'GET' && c.req.path === '/till' ? c.redirect('/till/', 301) : next()));
      app.get('/till/*', (c) => mobileTill(c));
    }
    const web = deps.headOffice.web;
    if (web) app.get('*', (c) => (c.req.path.startsWith('/v1/') || c.req.path.startsWith('/api/') ? c.notFound() : web(c)));
  }

  return app;
}
