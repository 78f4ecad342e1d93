/**
 * @module
 * The sync server's HTTP face: device routes (pair, push, pull, events), head-office admin routes,
 * health and the OpenAPI document. Built on Web-standard Hono so routes are tested with
 * `app.request()` and no port.
 */
import {
  CassaError,
  PROTOCOL_VERSION,
  SCHEMA_VERSION,
  dailySalesQuerySchema,
  headOfficeWriteSchema,
  organisationInputSchema,
  outboxImportSchema,
  pairRequestSchema,
  pullRequestSchema,
  pushEnvelopeSchema,
  syncStreamSchema,
  syncStreams,
} from '@cassa/shared';
import type { ChangesEvent } from '@cassa/shared';
import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { importOutbox } from './outbox-import';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { AdminApi } from './admin-api';
import type { ChangeNotifier } from './change-notifier';
import type { HeadOfficeEnv } from './head-office/auth';
import { DEFAULT_PLAN } from './head-office/plans';
import { bearerToken, tokensEqual } from './credentials';
import { assertQueryVersions, assertVersions, createErrorHandler, readJson, validate } from './http-support';
import type { Logger } from './http-support';
import { buildOpenApiDocument } from './openapi';
import type { DevicePrincipal, SyncStorage } from './storage/storage';
import type { SyncService } from './sync-service';

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
  readonly log: Logger;
  /** Lets the server end open event streams when it closes. */
  readonly onEventStream?: (close: () => void) => () => void;
  /** The head-office API (`/api/ho`) and web app; absent, only the device and admin routes exist. */
  readonly headOffice?: { readonly api: Hono<HeadOfficeEnv>; readonly web: ((c: Context) => Response) | null };
  /** Served over https only (an https CASSA_PUBLIC_URL): browsers are told never to use http. */
  readonly hsts?: boolean;
}

type Env = { Variables: { principal: DevicePrincipal } };

const versionsOnly = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION } as const;
const pairingCodeRequestSchema = z.object({ ttlMinutes: z.number().int().positive().max(7 * 24 * 60).optional() });
const purgeRequestSchema = z.object({ upToChange: z.number().int().nonnegative() });

export function createApp(deps: AppDeps): Hono<Env> {
  const { service, admin, notifier } = deps;
  const app = new Hono<Env>();
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

  const deviceAuth: MiddlewareHandler<Env> = async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    if (token === null) throw new CassaError('NOT_AUTHENTICATED', 'A device token is required');
    const principal = await service.authenticate(token);
    if (!principal) throw new CassaError('NOT_AUTHENTICATED', 'Unknown or revoked device token');
    c.set('principal', principal);
    await next();
  };

  const adminAuth: MiddlewareHandler<Env> = async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    if (token === null || deps.adminToken === undefined || deps.adminToken.length === 0 || !tokensEqual(token, deps.adminToken)) {
      throw new CassaError('NOT_AUTHENTICATED', 'A head-office token is required');
    }
    await next();
  };

  const ok = <T>(c: Context, data: T, status: 200 | 201 = 200) => c.json({ ok: true as const, data }, status);

  app.get('/healthz', (c) => ok(c, { status: 'ok', engine: deps.storage.engine, ...versionsOnly }));
  app.get('/v1/openapi.json', (c) => c.json(buildOpenApiDocument()));

  // ── Devices ────────────────────────────────────────────────────────────────────────────────
  app.post('/v1/pair', async (c) => {
    const body = await readJson(c);
    assertVersions(body);
    return ok(c, await service.pair(validate(pairRequestSchema, body)));
  });

  app.get('/v1/device', deviceAuth, async (c) => ok(c, await service.whoAmI(c.get('principal'))));

  app.post('/v1/push', deviceAuth, async (c) => {
    const body = await readJson(c);
    assertVersions(body);
    const principal = c.get('principal');
    // Records are read op by op in the service: one bad record is set aside, not the whole batch.
    const response = await service.push(principal, validate(pushEnvelopeSchema, body));
    // What a till says about itself, when it says it: shown on head office's register list.
    const appVersion = c.req.header('cassa-app-version');
    const queue = Number(c.req.header('cassa-queue-length'));
    if (appVersion !== undefined || Number.isInteger(queue)) {
      await deps.storage.headOffice.recordDeviceReport(principal.organisationId, principal.deviceId, {
        ...(appVersion !== undefined ? { appVersion } : {}),
        ...(Number.isInteger(queue) && queue >= 0 ? { queueLength: queue } : {}),
      });
    }
    return ok(c, response);
  });

  app.post('/v1/pull', deviceAuth, async (c) => {
    const body = await readJson(c);
    assertVersions(body);
    return ok(c, await service.pull(c.get('principal'), validate(pullRequestSchema, body)));
  });

  app.get('/v1/events', deviceAuth, (c) => {
    assertQueryVersions(c.req.query('protocolVersion'), c.req.query('schemaVersion'));
    const principal = c.get('principal');
    return streamSSE(c, async (stream) => {
      let finish = (): void => undefined;
      const finished = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const send = (event: string, data: ChangesEvent): void => {
        stream.writeSSE({ event, data: JSON.stringify(data) }).catch(finish);
      };
      const unsubscribe = notifier.subscribe(principal, (streams) => send('changes', { ...versionsOnly, streams }), finish);
      const unregister = deps.onEventStream?.(finish) ?? (() => undefined);
      // Proxies drop idle connections; a comment line every so often keeps this one open.
      const heartbeat = setInterval(() => {
        stream.write(': keep-alive\n\n').catch(finish);
      }, deps.sseHeartbeatMs ?? 20_000);
      stream.onAbort(finish);
      // Tills pull every stream once on connect, so a change made while they were away is not missed.
      send('hello', { ...versionsOnly, streams: [...syncStreams] });
      await finished;
      clearInterval(heartbeat);
      unsubscribe();
      unregister();
    });
  });

  // ── Head office ────────────────────────────────────────────────────────────────────────────
  app.use('/v1/admin/*', adminAuth);

  app.post('/v1/admin/organisations', async (c) => {
    const input = validate(organisationInputSchema, await readJson(c));
    return ok(c, await admin.createOrganisation(input), 201);
  });

  app.post('/v1/admin/organisations/:org/changes', async (c) => {
    const write = validate(headOfficeWriteSchema, await readJson(c));
    const touched = await admin.writeChanges(c.req.param('org'), write.changes);
    return ok(c, { streams: [...new Set(touched.map((t) => t.stream))] });
  });

  app.post('/v1/admin/organisations/:org/stores/:store/pairing-codes', async (c) => {
    const text = await c.req.text();
    const input = validate(pairingCodeRequestSchema, text.length === 0 ? {} : parseText(text));
    return ok(c, await admin.createPairingCode(c.req.param('org'), c.req.param('store'), input), 201);
  });

  app.get('/v1/admin/organisations/:org/devices', async (c) => ok(c, await admin.listDevices(c.req.param('org'))));

  /** A code that pairs this one register again, for a till that lost its token. */
  app.post('/v1/admin/organisations/:org/devices/:device/pairing-codes', async (c) => {
    const text = await c.req.text();
    const input = validate(pairingCodeRequestSchema, text.length === 0 ? {} : parseText(text));
    return ok(c, await admin.createRegisterPairingCode(c.req.param('org'), c.req.param('device'), input), 201);
  });

  app.delete('/v1/admin/organisations/:org/devices/:device', async (c) => {
    await admin.revokeDevice(c.req.param('org'), c.req.param('device'));
    return ok(c, { revoked: true });
  });

  /** A till's exported unsent records (a file an admin saved before resetting it). */
  app.post('/v1/admin/organisations/:org/outbox-imports', async (c) => {
    const file = validate(outboxImportSchema, await readJson(c));
    return ok(c, await importOutbox({ storage: deps.storage, service }, c.req.param('org'), file));
  });

  app.get('/v1/admin/organisations/:org/sales/daily', async (c) => {
    const query = validate(dailySalesQuerySchema, c.req.query());
    return ok(c, await admin.dailySalesTotals(c.req.param('org'), query));
  });

  app.put('/v1/admin/organisations/:org/plan', async (c) => {
    const plan = validate(planSchema, await readJson(c));
    if (!(await deps.storage.getOrganisation(c.req.param('org')))) throw new CassaError('NOT_FOUND', 'No such organisation');
    await deps.storage.headOffice.setPlan(c.req.param('org'), plan);
    return ok(c, plan);
  });

  app.post('/v1/admin/organisations/:org/streams/:stream/purge-tombstones', async (c) => {
    const stream = validate(syncStreamSchema, c.req.param('stream'));
    const { upToChange } = validate(purgeRequestSchema, await readJson(c));
    return ok(c, { purged: await admin.purgeTombstones(c.req.param('org'), stream, upToChange) });
  });

  // ── Head-office web app ─────────────────────────────────────────────────────────────────
  if (deps.headOffice) {
    app.route('/api/ho', deps.headOffice.api as unknown as Hono<Env>);
    const web = deps.headOffice.web;
    if (web) app.get('*', (c) => (c.req.path.startsWith('/v1/') || c.req.path.startsWith('/api/') ? c.notFound() : web(c)));
  }

  return app;
}

const planSchema = z.object({
  plan: z.string().min(1).max(40).default(DEFAULT_PLAN.plan),
  maxRegisters: z.number().int().nonnegative().max(100_000),
  maxUsers: z.number().int().nonnegative().max(100_000),
});

function parseText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CassaError('VALIDATION', 'The body is not valid JSON');
  }
}
