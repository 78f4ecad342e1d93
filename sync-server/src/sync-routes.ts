/**
 * @module
 * The sync contract (`syncContract` in shared) served over the sync service and the admin API:
 * access is checked by the procedure's declared `access` (a device token or the operator's
 * token), versioned procedures check the till's versions before anything else is read, and each
 * handler only adapts a call to the service.
 */
import { CassaError, PROTOCOL_VERSION, SCHEMA_VERSION, inputInQuery, isVersioned, syncContract, syncStreams } from '@cassa/shared';
import type { ChangesEvent, HttpHandlers, SyncAccess, SyncContract } from '@cassa/shared';
import type { Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AdminApi } from './admin-api';
import type { ChangeNotifier } from './change-notifier';
import { bearerToken, tokensEqual } from './credentials';
import { DEFAULT_PLAN } from './head-office/plans';
import { assertQueryVersions, assertVersions, readJson } from './http-support';
import { serveContract } from './http/serve-contract';
import { chainCustomerHandlers } from './chain/customer-routes';
import { ledgerHandlers } from './chain/ledger-routes';
import { chainStockHandlers } from './chain/stock-routes';
import { importOutbox } from './outbox-import';
import type { DevicePrincipal, SyncStorage } from './storage/storage';
import type { SyncService } from './sync-service';

export type SyncEnv = { Variables: { principal: DevicePrincipal } };

export interface SyncCall {
  /** The paired till calling; null unless the procedure's access is `device`. */
  readonly device: DevicePrincipal | null;
  /** For the few handlers that speak HTTP themselves: request headers, an event stream. */
  readonly http: Context<SyncEnv>;
}

export interface SyncRoutesDeps {
  readonly storage: SyncStorage;
  readonly service: SyncService;
  readonly admin: AdminApi;
  readonly notifier: ChangeNotifier;
  /** Without one, the admin procedures answer 401: head office then works only through AdminApi. */
  readonly adminToken?: string | undefined;
  readonly sseHeartbeatMs?: number | undefined;
  /** Lets the server end open event streams when it closes. */
  readonly onEventStream?: ((close: () => void) => () => void) | undefined;
  /** The server's clock (issue 17: a ledger hold's expiry); default the system's. */
  readonly now?: (() => Date) | undefined;
}

const versionsOnly = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION } as const;

export function deviceOf(call: SyncCall): DevicePrincipal {
  if (!call.device) throw new CassaError('NOT_AUTHENTICATED', 'A device token is required');
  return call.device;
}

async function authenticateDevice(c: Context<SyncEnv>, service: SyncService): Promise<void> {
  const token = bearerToken(c.req.header('authorization'));
  if (token === null) throw new CassaError('NOT_AUTHENTICATED', 'A device token is required');
  const principal = await service.authenticate(token);
  if (!principal) throw new CassaError('NOT_AUTHENTICATED', 'Unknown or revoked device token');
  c.set('principal', principal);
}

function authenticateAdmin(c: Context, adminToken: string | undefined): void {
  const token = bearerToken(c.req.header('authorization'));
  if (token === null || adminToken === undefined || adminToken.length === 0 || !tokensEqual(token, adminToken)) {
    throw new CassaError('NOT_AUTHENTICATED', 'A head-office token is required');
  }
}

/** What a till says about itself with a push, when it says it: shown on head office's register list. */
async function recordDeviceReport(storage: SyncStorage, principal: DevicePrincipal, c: Context): Promise<void> {
  const appVersion = c.req.header('cassa-app-version');
  const queue = Number(c.req.header('cassa-queue-length'));
  if (appVersion === undefined && !Number.isInteger(queue)) return;
  await storage.headOffice.recordDeviceReport(principal.organisationId, principal.deviceId, {
    ...(appVersion !== undefined ? { appVersion } : {}),
    ...(Number.isInteger(queue) && queue >= 0 ? { queueLength: queue } : {}),
  });
}

/** `hello` at once (tills pull every stream on connect), then `changes` as head office writes. */
function changesStream(deps: SyncRoutesDeps, principal: DevicePrincipal, c: Context): Response {
  return streamSSE(c, async (stream) => {
    let finish = (): void => undefined;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const send = (event: string, data: ChangesEvent): void => {
      stream.writeSSE({ event, data: JSON.stringify(data) }).catch(finish);
    };
    const unsubscribe = deps.notifier.subscribe(principal, (streams) => send('changes', { ...versionsOnly, streams }), finish);
    const unregister = deps.onEventStream?.(finish) ?? (() => undefined);
    // Proxies drop idle connections; a comment line every so often keeps this one open.
    const heartbeat = setInterval(() => {
      stream.write(': keep-alive\n\n').catch(finish);
    }, deps.sseHeartbeatMs ?? 20_000);
    stream.onAbort(finish);
    send('hello', { ...versionsOnly, streams: [...syncStreams] });
    await finished;
    clearInterval(heartbeat);
    unsubscribe();
    unregister();
  });
}

function deviceHandlers(deps: SyncRoutesDeps) {
  const { service } = deps;
  return {
    'health.check': () => ({ status: 'ok' as const, engine: deps.storage.engine, ...versionsOnly }),
    'device.pair': (input) => service.pair(input),
    'device.whoAmI': (_input, call) => service.whoAmI(deviceOf(call)),
    'sync.push': async (input, call) => {
      const principal = deviceOf(call);
      // Records are read op by op in the service: one bad record is set aside, not the whole batch.
      const response = await service.push(principal, input);
      await recordDeviceReport(deps.storage, principal, call.http);
      return response;
    },
    'sync.pull': (input, call) => service.pull(deviceOf(call), input),
    'events.stream': (_input, call) => changesStream(deps, deviceOf(call), call.http),
  } satisfies Partial<HttpHandlers<SyncContract, SyncCall, Response>>;
}

function adminHandlers(deps: SyncRoutesDeps) {
  const { admin, storage, service } = deps;
  return {
    'admin.createOrganisation': (input) => admin.createOrganisation(input),
    'admin.writeChanges': async ({ org, changes }) => {
      const touched = await admin.writeChanges(org, changes);
      return { streams: [...new Set(touched.map((t) => t.stream))] };
    },
    'admin.storePairingCode': ({ org, store, ...options }) => admin.createPairingCode(org, store, options),
    'admin.devices': ({ org }) => admin.listDevices(org),
    'admin.registerPairingCode': ({ org, device, ...options }) => admin.createRegisterPairingCode(org, device, options),
    'admin.revokeDevice': async ({ org, device }) => {
      await admin.revokeDevice(org, device);
      return { revoked: true as const };
    },
    'admin.importOutbox': ({ org, ...file }) => importOutbox({ storage, service }, org, file),
    'admin.dailySales': ({ org, ...query }) => admin.dailySalesTotals(org, query),
    'admin.setPlan': async ({ org, plan, maxRegisters, maxUsers }) => {
      const chosen = { plan: plan ?? DEFAULT_PLAN.plan, maxRegisters, maxUsers };
      if (!(await storage.getOrganisation(org))) throw new CassaError('NOT_FOUND', 'No such organisation');
      await storage.headOffice.setPlan(org, chosen);
      return chosen;
    },
    'admin.purgeTombstones': async ({ org, stream, upToChange }) => ({ purged: await admin.purgeTombstones(org, stream, upToChange) }),
  } satisfies Partial<HttpHandlers<SyncContract, SyncCall, Response>>;
}

/** Mounts every sync procedure on `app`. */
export function serveSync(app: Hono<SyncEnv>, deps: SyncRoutesDeps): void {
  const handlers = {
    ...deviceHandlers(deps),
    ...ledgerHandlers(deps),
    ...chainStockHandlers(deps),
    ...chainCustomerHandlers(deps),
    ...adminHandlers(deps),
  } satisfies HttpHandlers<SyncContract, SyncCall, Response>;
  serveContract<SyncContract, SyncCall, SyncEnv>(app, syncContract, handlers, {
    authenticate: async (c, procedure) => {
      const access: SyncAccess = procedure.access;
      if (access === 'device') await authenticateDevice(c, deps.service);
      if (access === 'admin') authenticateAdmin(c, deps.adminToken);
      // Before validation, so a till from another release hears "upgrade", not schema errors.
      if (isVersioned(procedure)) {
        if (inputInQuery(procedure.method)) assertQueryVersions(c.req.query('protocolVersion'), c.req.query('schemaVersion'));
        else assertVersions(await readJson(c));
      }
    },
    context: (c, procedure): SyncCall => ({ device: procedure.access === 'device' ? c.get('principal') : null, http: c }),
  });
}
