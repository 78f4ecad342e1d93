/**
 * @module
 * The Cassa sync server: tills push their records exactly once and pull head-office data by
 * cursor. SQLite by default, PostgreSQL when `databaseUrl` is `postgres://…`.
 *
 * @example
 * ```ts
 * const server = await createSyncServer({ sqlitePath: './.data/sync.sqlite', adminToken: 'secret' });
 * const { port } = await server.listen(8787, '127.0.0.1');
 * const org = await server.admin.createOrganisation({ name: 'Bottega Rossi' });
 * ```
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { createAdminApi } from './admin-api';
import type { AdminApi } from './admin-api';
import { createApp } from './app';
import { createChangeNotifier } from './change-notifier';
import { createClientAddress, createProxyTrust } from './client-address';
import { applyConnectionLimits, DEFAULT_CONNECTION_LIMITS, serverOptionsFor } from './connection-limits';
import type { ConnectionLimits } from './connection-limits';
import { createLocalBus, createPostgresBus } from './event-bus';
import type { EventBus } from './event-bus';
import type { ChangeNotifier } from './change-notifier';
import { consoleLogger } from './http-support';
import type { Logger } from './http-support';
import { openStorage } from './storage/open-storage';
import type { DevicePrincipal, SyncStorage } from './storage/storage';
import { createSyncService } from './sync-service';
import { withDeviceReports } from './head-office/device-reports';
import { createHeadOfficeRoutes } from './head-office/routes';
// Issue 18, sales channels
import { createChannelRuntime } from './channels/channel-runtime';
import type { ChannelRuntime, ConnectorMaker } from './channels/channel-runtime';
import { createChannelWorker } from './channels/channel-worker';
import type { ChannelWorker } from './channels/channel-worker';
import { createCredentialsVault } from './channels/credentials-vault';
// Issue 19, webhooks
import { createServerWebhooks } from './webhooks/server-webhooks';
import type { WebhookServerOptions } from './webhooks/server-webhooks';
import type { WebhookWorker } from './webhooks/webhook-worker';
// Issue 19, the SAP Business One link
import { guardOutboundFetch } from './channels/outbound-guard';
import { createSapService } from './head-office/services/sap';
import type { SapService } from './head-office/services/sap';
import { startSapSchedule } from './erp/sap-b1/sap-schedule';
import { createSalesEvents } from './head-office/sales-events';
import type { SalesEvents } from './head-office/sales-events';
import { serveWebApp } from './head-office/web-assets';
import { serveMobileTill } from './head-office/mobile-till-assets';
import { createMailer } from './head-office/smtp';
import type { SmtpConfig } from './head-office/smtp';
import type { Plan } from './storage/head-office-storage';
import type { SyncService } from './sync-service';
// Issue 19, ERP exports
import { createErpExportSchedule } from './erp/erp-export-schedule';
import type { ErpExportSchedule } from './erp/erp-export-schedule';
import { createErpExportService } from './erp/erp-export-service';
// Issue 19, the public API
import { createPublicApiRoutes } from './public-api/public-api-routes';
import type { PublicApiOptions } from './public-api/public-api-routes';

export type { AdminApi } from './admin-api';
// Head office's services are composed from these in tests without HTTP (test/head-office-services.ts).
export { createAdminApi } from './admin-api';
export { createChangeNotifier } from './change-notifier';
export { createLocalBus } from './event-bus';
export type { ChangeNotifier } from './change-notifier';
export type { Logger } from './http-support';
export type { Migration } from './storage/migrations';
export { LATEST_DATABASE_VERSION, migrations } from './storage/migrations';
export { openStorage } from './storage/open-storage';
export type { StorageOptions } from './storage/open-storage';
export type { DevicePrincipal, RecordCounts, StreamPosition, SyncStorage, TouchedStream } from './storage/storage';
export type { SyncService } from './sync-service';
export { importOutbox } from './outbox-import';
export type { OutboxImportResult } from './outbox-import';
export { DEFAULT_MAX_BODY_BYTES } from './app';
export { DEFAULT_CONNECTION_LIMITS } from './connection-limits';
export type { ConnectionLimits } from './connection-limits';
export { parseTrustProxy } from './client-address';
export { parseSmtpUrl } from './head-office/smtp';
export type { SmtpConfig } from './head-office/smtp';
export type { SalesEvents } from './head-office/sales-events';
export type { Plan, HeadOfficeStorage, HeadOfficeUserRow } from './storage/head-office-storage';
export { hashPin, hashSecret, setHashingCostForTests } from './head-office/passwords';
// Issue 18, sales channels: the framework (the in-memory fake channel is in channels/testing/).
export { createChannelRuntime } from './channels/channel-runtime';
export type { ChannelRuntime, ChannelRuntimeOptions, ConnectorMaker } from './channels/channel-runtime';
export { createChannelWorker } from './channels/channel-worker';
export type { ChannelOrderImporter, ChannelWorker, ChannelWorkerOptions, RoundSummary } from './channels/channel-worker';
export { createCredentialsVault, credentialHints, parseChannelKeys } from './channels/credentials-vault';
export type { CredentialsVault, SealedCredentials } from './channels/credentials-vault';
export { ChannelCallError } from './channels/connector';
export type * from './channels/connector';
export { createSyncService } from './sync-service';
export type { ChannelAccountRow, ChannelJob, ChannelMapping, ChannelStorage, RemoteItem } from './storage/channels';
// Issue 19, webhooks
export { createWebhookWorker } from './webhooks/webhook-worker';
export type { WebhookRound, WebhookWorker } from './webhooks/webhook-worker';
export { createWebhookSender } from './webhooks/webhook-sender';
export type { WebhookStorage } from './storage/webhooks';

// Issue 19, the public API
export { PUBLIC_API_BASE, IDEMPOTENCY_HEADER } from './public-api/public-api-routes';
export type { PublicApiOptions } from './public-api/public-api-routes';

export interface SyncServerOptions {
  /** `postgres://…` for PostgreSQL, `sqlite:PATH` or a path for SQLite; wins over `sqlitePath`. */
  readonly databaseUrl?: string;
  /** SQLite file; `:memory:` (the default when neither is given) for tests and demos. */
  readonly sqlitePath?: string;
  /** Head-office bearer token for /v1/admin; without it those routes answer 401. */
  readonly adminToken?: string;
  readonly maxBodyBytes?: number;
  readonly sseHeartbeatMs?: number;
  readonly now?: () => Date;
  readonly log?: Logger;
  /**
   * Addresses or CIDRs of the reverse proxies in front of the server (`CASSA_TRUST_PROXY`): only
   * requests from them are attributed to their X-Forwarded-For client.
   */
  readonly trustProxy?: readonly string[];
  /** Socket caps and deadlines of `listen` (defaults: DEFAULT_CONNECTION_LIMITS). */
  readonly connectionLimits?: Partial<ConnectionLimits>;
  /**
   * The head-office web app and its API (`/api/ho`, on by default). `webRoot` is the built app
   * (default `sync-server/dist/web`); `false` serves the API only.
   */
  readonly headOffice?:
    | {
        readonly webRoot?: string | false;
        /** Issue 20: the mobile till served at `/till/` (default `desktop/dist-mobile`); `false` serves none. */
        readonly mobileTillRoot?: string | false;
        readonly defaultPlan?: Plan;
        readonly loginAttemptsPerWindow?: number;
        /** `CASSA_PUBLIC_URL`, e.g. `https://cassa.example.it`: https means Secure `__Host-` cookies and HSTS. */
        readonly publicUrl?: string;
        /** `CASSA_SMTP_URL` and `CASSA_SMTP_FROM`: forgotten passwords get a reset link by email. */
        readonly smtp?: SmtpConfig;
      }
    | false;
  /**
   * Issue 18, sales channels (on by default). `keys` is `CASSA_CHANNEL_KEYS` (without it channels
   * cannot be connected); `fetch` is the network connectors use (tests point it at emulators);
   * `worker: false` starts no background worker (tests drive `channels.worker.runOnce()`);
   * `false` turns the worker off and leaves the pages read-only.
   */
  readonly channels?:
    | {
        readonly keys?: string;
        readonly fetch?: typeof fetch;
        /** Which connector speaks a kind (default: the real ones). */
        readonly connectorFor?: ConnectorMaker;
        readonly worker?: boolean;
        /** The worker's longest sleep between rounds. */
        readonly tickMs?: number;
        readonly requestTimeoutMs?: number;
        /** The rate limiters' clock (default: the real one); tests that run a fast clock give theirs. */
        readonly bucketClock?: { readonly now: () => number; readonly sleep: (ms: number) => Promise<void> };
        /**
         * `CASSA_CHANNEL_ALLOW_PRIVATE=1`: connectors may call loopback, private and link-local
         * addresses (a PrestaShop on the shop's LAN, the emulators, tests). Off by default: a
         * channel's address is typed by an owner, and head office must not fetch its own network.
         */
        readonly allowPrivate?: boolean;
      }
    | false;
  /**
   * Issue 19, webhooks (on by default). `worker: false` starts no background worker (tests drive
   * `webhooks.runOnce()`); the address rule is the channels' (`CASSA_CHANNEL_ALLOW_PRIVATE`) unless
   * `allowPrivate` is given; `fetch` is the network (tests point it at the receiver emulator).
   */
  readonly webhooks?: WebhookServerOptions;
  /**
   * Issue 19, the SAP Business One link. It seals credentials with `channels.keys` and obeys
   * `channels.allowPrivate`; `fetch` is the network (tests point it at the emulator); `schedule:
   * false` starts no timer (tests call `sap.runDue()`); the timer ticks once a minute at most.
   */
  readonly sap?: { readonly fetch?: typeof fetch; readonly schedule?: boolean; readonly tickMs?: number; readonly requestTimeoutMs?: number; readonly wait?: (ms: number) => Promise<void> } | false;
  /** Issue 19: `schedule: false` starts no ERP export timer (tests drive `erpExports.runOnce(now)`). */
  readonly erpExports?: { readonly schedule?: boolean };
  /**
   * Issue 19, the public API for integrators at `/api/v1` (on with head office): API keys made in
   * head office; `rateLimit` per key (default 10 a second, 50 at once); `false` turns it off.
   */
  readonly publicApi?: PublicApiOptions | false;
}

export interface ListeningServer {
  readonly port: number;
  close(): Promise<void>;
}

export interface SyncServer {
  readonly app: Hono<{ Variables: { principal: DevicePrincipal } }>;
  readonly storage: SyncStorage;
  readonly service: SyncService;
  readonly admin: AdminApi;
  readonly notifier: ChangeNotifier;
  readonly salesEvents: SalesEvents;
  /** Issue 18: the channel runtime and worker (null with `channels: false`). */
  readonly channels: { readonly runtime: ChannelRuntime; readonly worker: ChannelWorker } | null;
  /** Issue 19: the webhook worker (started unless `webhooks.worker` is false). */
  readonly webhooks: WebhookWorker;
  /** Issue 19: the SAP Business One link's service (null with `sap: false`). */
  readonly sap: SapService | null;
  /** Issue 19: the ERP exports' daily schedule. */
  readonly erpExports: ErpExportSchedule;
  listen(port: number, host?: string): Promise<ListeningServer>;
  close(): Promise<void>;
}

/** Issue 19: the SAP link's service and schedule; it shares the channels' key list and private-address rule. */
function startSapLink(options: SyncServerOptions, deps: { storage: SyncStorage; admin: AdminApi; now: () => Date; log: Logger }) {
  const channelOptions = options.channels === false ? {} : (options.channels ?? {});
  const sapOptions = options.sap === false ? null : (options.sap ?? {});
  if (sapOptions === null) return { sap: null, sapSchedule: null };
  const sap = createSapService({
    ...deps,
    vault: createCredentialsVault(channelOptions.keys),
    fetch: guardOutboundFetch(sapOptions.fetch ?? globalThis.fetch.bind(globalThis), { allowPrivate: channelOptions.allowPrivate === true }),
    ...(sapOptions.requestTimeoutMs ? { timeoutMs: sapOptions.requestTimeoutMs } : {}),
    ...(sapOptions.wait ? { wait: sapOptions.wait } : {}),
  });
  return { sap, sapSchedule: sapOptions.schedule === false ? null : startSapSchedule(sap, deps.log, sapOptions.tickMs) };
}

/** Issue 18: the channel runtime and worker; a malformed CASSA_CHANNEL_KEYS refuses to start (parseChannelKeys names the entry). */
function createChannels(
  options: SyncServerOptions,
  deps: { readonly storage: SyncStorage; readonly now: () => Date; readonly log: Logger; readonly bus: EventBus; readonly notifyStoreStock: (organisationId: string, storeIds: readonly string[]) => void },
): { runtime: ChannelRuntime; worker: ChannelWorker } | null {
  if (options.channels === false) return null;
  const given = options.channels ?? {};
  const runtime = createChannelRuntime({
    storage: deps.storage,
    vault: createCredentialsVault(given.keys),
    now: deps.now,
    ...(given.fetch ? { fetch: given.fetch } : {}),
    ...(given.connectorFor ? { connectorFor: given.connectorFor } : {}),
    ...(given.requestTimeoutMs ? { timeoutMs: given.requestTimeoutMs } : {}),
    ...(given.bucketClock ? { bucketClock: given.bucketClock } : {}),
    outbound: { allowPrivate: given.allowPrivate === true },
  });
  const worker = createChannelWorker({
    runtime,
    log: deps.log,
    ...(given.tickMs ? { tickMs: given.tickMs } : {}),
    announce: (organisationId) => deps.bus.publish({ kind: 'channel-jobs', organisationId }),
    notifyStoreStock: deps.notifyStoreStock,
  });
  return { runtime, worker };
}

export async function createSyncServer(options: SyncServerOptions = {}): Promise<SyncServer> {
  // A malformed CASSA_TRUST_PROXY refuses to start, before anything is opened.
  const proxyTrust = createProxyTrust(options.trustProxy ?? []);
  const clientAddress = createClientAddress(proxyTrust);
  const publicUrl = options.headOffice ? options.headOffice.publicUrl : undefined;
  if (publicUrl !== undefined && !URL.canParse(publicUrl)) throw new Error(`CASSA_PUBLIC_URL: "${publicUrl}" is not a URL like https://cassa.example.it`);
  const storage = await openStorage({ databaseUrl: options.databaseUrl, sqlitePath: options.sqlitePath });
  const now = options.now ?? (() => new Date());
  const log = options.log ?? consoleLogger;
  const openStreams = new Set<() => void>();
  const onEventStream = (close: () => void) => {
    openStreams.add(close);
    return () => openStreams.delete(close);
  };
  // Several processes may share a PostgreSQL database; a SQLite file has one process.
  let bus: EventBus;
  try {
    bus =
      storage.engine === 'postgres' && options.databaseUrl
        ? await createPostgresBus(options.databaseUrl, { log, onReconnect: () => [...openStreams].forEach((close) => close()) })
        : createLocalBus();
  } catch (error) {
    await storage.close();
    throw error;
  }
  const notifier = createChangeNotifier(bus);
  const salesEvents = createSalesEvents(bus);
  let channels: { runtime: ChannelRuntime; worker: ChannelWorker } | null;
  try {
    // `admin` is made below; an order page reaches this only once the server runs.
    const notifyStoreStock = (organisationId: string, storeIds: readonly string[]) => admin.notifyTills(organisationId, storeIds.map((storeId) => ({ stream: 'store-stock', storeId })));
    channels = createChannels(options, { storage, now, log, bus, notifyStoreStock });
  } catch (error) {
    await bus.close();
    await storage.close();
    throw error;
  }
  const channelWorker = channels?.worker ?? null;
  // Another process's push queued stock jobs: this process's worker may take them.
  const stopChannelWake = channelWorker ? bus.subscribe((message) => (message.kind === 'channel-jobs' ? channelWorker.wake() : undefined)) : () => undefined;
  // Issue 19: webhooks follow the channels' address rule unless told otherwise.
  // Their signing secrets are sealed under the channels' keys (CASSA_CHANNEL_KEYS) when the server has them.
  const webhooks = createServerWebhooks(
    { storage: storage.webhooks, bus, now, log, channelsAllowPrivate: options.channels !== false && options.channels?.allowPrivate === true, vault: createCredentialsVault(options.channels === false ? undefined : options.channels?.keys) },
    options.webhooks,
  );
  const service = withDeviceReports(
    createSyncService({ storage, notifier, now, ...(channelWorker ? { onStockMoved: (organisationId: string) => channelWorker.stockMoved(organisationId) } : {}) }),
    { storage, salesEvents, now, log },
  );
  const admin = createAdminApi({ storage, notifier, now });
  const { sap, sapSchedule } = startSapLink(options, { storage, admin, now, log });
  const hoOptions = options.headOffice === false ? null : (options.headOffice ?? {});
  const headOffice = hoOptions
    ? {
        api: createHeadOfficeRoutes({
          storage,
          admin,
          salesEvents,
          now,
          onEventStream,
          clientAddress,
          ...(hoOptions.publicUrl ? { publicUrl: hoOptions.publicUrl } : {}),
          ...(hoOptions.smtp ? { mailer: createMailer(hoOptions.smtp) } : {}),
          log,
          ...(hoOptions.defaultPlan ? { defaultPlan: hoOptions.defaultPlan } : {}),
          ...(hoOptions.loginAttemptsPerWindow ? { loginAttemptsPerWindow: hoOptions.loginAttemptsPerWindow } : {}),
          ...(options.sseHeartbeatMs ? { sseHeartbeatMs: options.sseHeartbeatMs } : {}),
          ...(channels && channelWorker ? { channels: { runtime: channels.runtime, wake: () => channelWorker.wake() } } : {}),
          webhooks: { sender: webhooks.sender, allowPrivate: webhooks.allowPrivate, wake: () => webhooks.worker.wake(), box: webhooks.box },
          ...(sap ? { sap } : {}),
        }),
        web: hoOptions.webRoot === false ? null : serveWebApp(hoOptions.webRoot),
        mobileTill: hoOptions.mobileTillRoot === false ? null : serveMobileTill(hoOptions.mobileTillRoot),
      }
    : undefined;
  // Issue 19: the public API (no background work: idempotent answers are purged on requests).
  const publicApi =
    headOffice && options.publicApi !== false
      ? createPublicApiRoutes({ storage, admin, now, ...(channelWorker ? { wakeChannels: () => channelWorker.wake() } : {}) }, options.publicApi ?? {})
      : undefined;
  const app = createApp({
    storage,
    service,
    admin,
    notifier,
    adminToken: options.adminToken,
    now,
    maxBodyBytes: options.maxBodyBytes,
    sseHeartbeatMs: options.sseHeartbeatMs,
    log,
    onEventStream,
    ...(headOffice ? { headOffice } : {}),
    ...(publicApi ? { publicApi } : {}),
    hsts: publicUrl !== undefined && new URL(publicUrl).protocol === 'https:',
  });
  const listeners = new Set<ListeningServer>();
  let closed = false;
  if (channelWorker && options.channels !== false && options.channels?.worker !== false) channelWorker.start();
  webhooks.start();
  // Issue 19: once a minute at most, and nothing but one small read when no profile is scheduled.
  const erpExports = createErpExportSchedule({ service: createErpExportService({ storage, now, log: (line) => log(line) }), now, log });
  if (options.erpExports?.schedule !== false) erpExports.start();

  return {
    app,
    storage,
    service,
    admin,
    notifier,
    salesEvents,
    channels,
    webhooks: webhooks.worker,
    sap,
    erpExports,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        const limits = { ...DEFAULT_CONNECTION_LIMITS, ...options.connectionLimits };
        const server = serve({ fetch: app.fetch, port, hostname: host, serverOptions: serverOptionsFor(limits) }, (info: AddressInfo) => {
          const listening: ListeningServer = {
            port: info.port,
            close: () =>
              new Promise<void>((done) => {
                listeners.delete(listening);
                for (const close of [...openStreams]) close();
                server.close(() => done());
                // Keep-alive sockets would hold close() open for minutes.
                if ('closeAllConnections' in server) server.closeAllConnections();
              }),
          };
          listeners.add(listening);
          resolve(listening);
        });
        applyConnectionLimits(server as Server, limits, proxyTrust);
        server.once('error', reject);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...listeners].map((l) => l.close()));
      stopChannelWake();
      await channelWorker?.stop();
      await webhooks.stop();
      await sapSchedule?.stop();
      await erpExports.stop();
      await bus.close();
      await storage.close();
    },
  };
}
