/**
 * @module
 * An emulated SAP Business One Service Layer (`/b1s/v1`) on 127.0.0.1 with the behaviours that
 * break real integrations (channels-erp.md §4 and "Mock servers"):
 * - `POST /b1s/v1/Login` `{CompanyDB, UserName, Password}` answers `{SessionId, Version,
 *   SessionTimeout: 30}` and sets the `B1SESSION` and `ROUTEID` cookies; later calls need both
 *   (SAP "Working with SAP Business One Service Layer" §3.1 Login and Logout);
 * - the path is case-sensitive: `/login` answers 401 "Invalid session or session already timeout"
 *   (NangoHQ/nango PR #6638);
 * - a session idle for 30 minutes (the emulator's clock) answers 401 with the same words, code 301 [U: code];
 * - collections page with `Prefer: odata.maxpagesize=N` (default 20) and `odata.nextLink`, relative
 *   to `/b1s/v1/` as v1 writes it (`"odata.nextLink": "Items?$skip=20"`, npm b1-service-layer-ts README);
 * - errors are `{"error":{"code":…,"message":{"lang":"en-us","value":…}}}`.
 * Entities: `Items` (ItemPrices, ItemBarCodeCollection, BarCode, SalesVATGroup, UpdateDate,
 * UpdateTime), `Invoices` and `CreditNotes` (DocumentLines, NumAtCard), `IncomingPayments`
 * (CounterReference [U] to find a payment again). The control surface seeds items, lists
 * documents, advances the clock and injects faults.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import type { EmulatorFault } from '../emulator-control';
import { matches, ODataQueryError, pageQuery, selected } from './sap-odata';

export interface SapItemSeed {
  readonly ItemCode: string;
  readonly ItemName: string;
  readonly BarCode?: string | null;
  /** More barcodes of the item (ItemBarCodeCollection). */
  readonly barcodes?: readonly string[];
  readonly SalesVATGroup?: string;
  /** Price list number → gross price in euros (as SAP keeps it, a decimal). */
  readonly prices?: Readonly<Record<number, number>>;
}

export type SapDocumentKind = 'Invoices' | 'CreditNotes' | 'IncomingPayments';

export interface SapDocumentView {
  readonly DocEntry: number;
  readonly [field: string]: unknown;
}

export interface SapB1EmulatorControl {
  /** Adds or replaces items; each gets UpdateDate/UpdateTime from the emulator's clock. */
  seedItems(items: readonly SapItemSeed[]): void;
  documents(kind: SapDocumentKind): readonly SapDocumentView[];
  /** Moves the emulator's clock (session expiry, UpdateDate) forward. */
  advanceClock(ms: number): void;
  /** Ends every session now, as a Service Layer restart or a timeout would. */
  expireSessions(): void;
  injectFault(fault: EmulatorFault): void;
  clearFaults(): void;
  requestCount(filter?: { readonly method?: string; readonly pathIncludes?: string }): number;
}

export interface SapB1EmulatorOptions {
  readonly port?: number;
  readonly now?: () => number;
  readonly companyDb?: string;
  readonly userName?: string;
  readonly password?: string;
}

export interface RunningSapB1Emulator {
  /** e.g. http://127.0.0.1:41234 (the Service Layer's root; the API is under /b1s/v1). */
  readonly url: string;
  readonly control: SapB1EmulatorControl;
  readonly credentials: { readonly serviceLayerUrl: string; readonly companyDb: string; readonly userName: string; readonly password: string };
  close(): Promise<void>;
}

const SESSION_MS = 30 * 60_000;
const DEFAULT_PAGE = 20;

interface Session {
  readonly routeId: string;
  lastUsedMs: number;
}

const sapError = (c: Context, status: number, code: number, value: string) => c.json({ error: { code, message: { lang: 'en-us', value } } }, status as 400);

const sapDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const sapTime = (ms: number) => new Date(ms).toISOString().slice(11, 19);

function cookiesOf(header: string | undefined): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) found.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return found;
}

export async function startSapB1Emulator(options: SapB1EmulatorOptions = {}): Promise<RunningSapB1Emulator> {
  let offsetMs = 0;
  const now = () => (options.now ?? Date.now)() + offsetMs;
  const companyDb = options.companyDb ?? 'SBODEMOIT';
  const userName = options.userName ?? 'manager';
  const password = options.password ?? `pw-${randomBytes(6).toString('hex')}`;
  const sessions = new Map<string, Session>();
  const items = new Map<string, Record<string, unknown>>();
  const documents: Record<SapDocumentKind, Record<string, unknown>[]> = { Invoices: [], CreditNotes: [], IncomingPayments: [] };
  let nextDocEntry = 1;
  const faults: { fault: EmulatorFault; left: number }[] = [];
  const served: { method: string; path: string }[] = [];
  const heldTimers = new Set<NodeJS.Timeout>();

  const control: SapB1EmulatorControl = {
    seedItems(seeds) {
      const at = now();
      for (const seed of seeds) {
        items.set(seed.ItemCode, {
          'odata.type': 'Item',
          ItemCode: seed.ItemCode,
          ItemName: seed.ItemName,
          BarCode: seed.BarCode ?? null,
          SalesVATGroup: seed.SalesVATGroup ?? 'C22',
          Valid: 'tYES',
          SalesItem: 'tYES',
          UpdateDate: sapDate(at),
          UpdateTime: sapTime(at),
          ItemPrices: Object.entries(seed.prices ?? {}).map(([list, price]) => ({ PriceList: Number(list), Price: price, Currency: 'EUR' })),
          ItemBarCodeCollection: (seed.barcodes ?? []).map((barcode, index) => ({ AbsEntry: index + 1, UoMEntry: -1, Barcode: barcode, FreeText: null })),
        });
      }
    },
    documents: (kind) => documents[kind].map((document) => ({ ...document }) as SapDocumentView),
    advanceClock: (ms) => {
      offsetMs += ms;
    },
    expireSessions: () => sessions.clear(),
    injectFault: (fault) => faults.push({ fault, left: Math.max(0, fault.count) }),
    clearFaults: () => faults.splice(0, faults.length),
    requestCount: (filter) =>
      served.filter((request) => (filter?.method === undefined || request.method === filter.method.toUpperCase()) && (filter?.pathIncludes === undefined || request.path.includes(filter.pathIncludes))).length,
  };

  const app = new Hono<{ Bindings: HttpBindings }>();
  app.onError((error, c) => (error instanceof ODataQueryError ? sapError(c, 400, -1000, error.message) : sapError(c, 500, -1, 'Internal error')));
  app.route('/__emulator', controlRoutes(control));

  app.use('/b1s/*', faultMiddleware(faults, served, heldTimers));

  app.post('/b1s/v1/Login', async (c) => {
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    if (body === null || typeof body !== 'object') return sapError(c, 400, -1000, 'Invalid JSON body');
    if (body.CompanyDB !== companyDb) return sapError(c, 401, -304, `Fail to get DB Credentials from SLD: company ${String(body.CompanyDB).slice(0, 40)} not found`);
    if (body.UserName !== userName || body.Password !== password) return sapError(c, 401, 100000027, 'Login failed');
    const sessionId = randomUUID();
    const routeId = `.node${1 + (sessions.size % 2)}`;
    sessions.set(sessionId, { routeId, lastUsedMs: now() });
    c.header('Set-Cookie', `B1SESSION=${sessionId}; path=/b1s/v1; HttpOnly`, { append: true });
    c.header('Set-Cookie', `ROUTEID=${routeId}; path=/`, { append: true });
    return c.json({ 'odata.metadata': `${new URL(c.req.url).origin}/b1s/v1/$metadata#B1Sessions/@Element`, SessionId: sessionId, Version: '1000190', SessionTimeout: SESSION_MS / 60_000 });
  });

  // Every other call needs a live session and both cookies; the case-sensitive `/login` lands here too.
  app.use('/b1s/v1/*', async (c, next) => {
    const cookies = cookiesOf(c.req.header('cookie'));
    const session = sessions.get(cookies.get('B1SESSION') ?? '');
    const expired = session !== undefined && now() - session.lastUsedMs >= SESSION_MS;
    if (expired) sessions.delete(cookies.get('B1SESSION') ?? '');
    if (session === undefined || expired || cookies.get('ROUTEID') !== session.routeId) return sapError(c, 401, 301, 'Invalid session or session already timeout.');
    session.lastUsedMs = now();
    return next();
  });

  app.post('/b1s/v1/Logout', (c) => {
    sessions.delete(cookiesOf(c.req.header('cookie')).get('B1SESSION') ?? '');
    return c.body(null, 204);
  });

  app.get('/b1s/v1/Items', (c) => page(c, 'Items', [...items.values()]));
  for (const kind of ['Invoices', 'CreditNotes', 'IncomingPayments'] as const) {
    app.get(`/b1s/v1/${kind}`, (c) => page(c, kind, documents[kind]));
    app.post(`/b1s/v1/${kind}`, async (c) => {
      const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
      if (body === null || typeof body !== 'object' || Array.isArray(body)) return sapError(c, 400, -1000, 'Invalid JSON body');
      if (typeof body.CardCode !== 'string' || body.CardCode === '') return sapError(c, 400, -5002, 'Enter a valid business partner code [OINV.CardCode]');
      if (kind !== 'IncomingPayments') {
        const lines = body.DocumentLines;
        if (!Array.isArray(lines) || lines.length === 0) return sapError(c, 400, -5002, 'Document must have at least one row [INV1.ItemCode]');
        for (const line of lines as Record<string, unknown>[]) {
          if (typeof line.ItemCode !== 'string' || !items.has(line.ItemCode)) return sapError(c, 400, -10, `Invalid item code [INV1.ItemCode][line: ${String(line.ItemCode).slice(0, 50)}]`);
          if (typeof line.Quantity !== 'number' || line.Quantity <= 0) return sapError(c, 400, -10, 'Quantity must be positive [INV1.Quantity]');
        }
      }
      const at = now();
      const document = { 'odata.type': kind, ...body, DocEntry: nextDocEntry, DocNum: nextDocEntry, CreateDate: sapDate(at), UpdateDate: sapDate(at) };
      nextDocEntry += 1;
      documents[kind].push(document);
      const { 'odata.type': _type, ...answer } = document;
      return c.json(answer, 201);
    });
  }
  app.all('/b1s/v1/*', (c) => sapError(c, 404, -1000, `Resource not found for the segment '${new URL(c.req.url).pathname.split('/').pop() ?? ''}'`));

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    control,
    credentials: { serviceLayerUrl: `${origin}/b1s/v1`, companyDb, userName, password },
    close: async () => {
      for (const timer of heldTimers) clearTimeout(timer);
      heldTimers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
    },
  };
}

/** Faults for the Service Layer's API (never `/__emulator/`): 5xx, 429, a slow answer, a dropped connection. */
function faultMiddleware(
  faults: { fault: EmulatorFault; left: number }[],
  served: { method: string; path: string }[],
  heldTimers: Set<NodeJS.Timeout>,
): MiddlewareHandler<{ Bindings: HttpBindings }> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    served.push({ method: c.req.method, path: url.pathname + url.search });
    const index = faults.findIndex((entry) => entry.left > 0 && (entry.fault.pathIncludes === undefined || (url.pathname + url.search).includes(entry.fault.pathIncludes)));
    const entry = index < 0 ? undefined : faults[index];
    if (entry === undefined) return next();
    entry.left -= 1;
    if (entry.left === 0) faults.splice(index, 1);
    switch (entry.fault.kind) {
      case 'status':
        // What the Service Layer's Apache load balancer answers when a node is down [U: its body].
        return c.html('<html><body><h1>Service Unavailable</h1></body></html>', (entry.fault.status ?? 502) as 502);
      case 'rate-limit':
        return c.text('Too Many Requests', 429, { 'Retry-After': String(entry.fault.retryAfterSeconds ?? 1) });
      case 'drop':
        c.env.incoming.socket.destroy();
        return new Response(null, { status: 500 });
      case 'timeout':
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            heldTimers.delete(timer);
            resolve();
          }, entry.fault.delayMs ?? 30_000);
          heldTimers.add(timer);
        });
        return next();
    }
  };
}

/** One page of a collection, with `odata.nextLink` when more is wanted (the OData v1 JSON Service Layer writes). */
function page(c: Context, entity: string, rows: readonly Record<string, unknown>[]): Response {
  const url = new URL(c.req.url);
  const query = pageQuery(url.searchParams);
  const prefer = /odata\.maxpagesize=(\d+)/.exec(c.req.header('prefer') ?? '');
  const pageSize = prefer ? Math.max(1, Number(prefer[1])) : DEFAULT_PAGE;
  const wanted = rows.filter((row) => query.filter === null || matches(query.filter, row));
  const limit = query.top === null ? pageSize : Math.min(query.top, pageSize);
  const slice = wanted.slice(query.skip, query.skip + limit).map((row) => {
    const { 'odata.type': _type, ...rest } = row;
    return selected(rest, query.select);
  });
  const end = query.skip + slice.length;
  const moreWanted = query.top === null ? end < wanted.length : end < Math.min(wanted.length, query.skip + query.top);
  const body: Record<string, unknown> = { 'odata.metadata': `${url.origin}/b1s/v1/$metadata#${entity}`, value: slice };
  if (moreWanted) {
    const nextParams = new URLSearchParams(url.searchParams);
    nextParams.set('$skip', String(end));
    if (query.top !== null) nextParams.set('$top', String(query.top - (end - query.skip)));
    body['odata.nextLink'] = `${entity}?${nextParams.toString().replace(/\+/g, '%20').replace(/%24/g, '$')}`;
  }
  if (prefer) c.header('Preference-Applied', `odata.maxpagesize=${pageSize}`);
  return c.json(body);
}

/** The control surface over HTTP (JSON under `/__emulator/`), for a person trying Cassa. Faults never apply here. */
function controlRoutes(control: SapB1EmulatorControl): Hono {
  const routes = new Hono();
  routes.onError((error, c) => c.json({ error: error.message }, 400));
  routes.post('/items', async (c) => {
    const body = (await c.req.json()) as unknown;
    if (!Array.isArray(body) || body.length > 10_000) throw new Error('an array of at most 10000 items is expected');
    for (const item of body as SapItemSeed[]) {
      if (typeof item !== 'object' || item === null || typeof item.ItemCode !== 'string' || typeof item.ItemName !== 'string') throw new Error('each item needs ItemCode and ItemName');
    }
    control.seedItems(body as SapItemSeed[]);
    return c.json({ ok: true });
  });
  routes.get('/documents/:kind', (c) => {
    const kind = c.req.param('kind');
    if (kind !== 'Invoices' && kind !== 'CreditNotes' && kind !== 'IncomingPayments') return c.json({ error: 'unknown kind' }, 404);
    return c.json(control.documents(kind));
  });
  routes.post('/clock', async (c) => {
    const { advanceMs } = (await c.req.json()) as { advanceMs?: unknown };
    if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs < 0) throw new Error('advanceMs: a non-negative number');
    control.advanceClock(advanceMs);
    return c.json({ ok: true });
  });
  routes.post('/sessions/expire', (c) => {
    control.expireSessions();
    return c.json({ ok: true });
  });
  routes.post('/faults', async (c) => {
    const fault = (await c.req.json()) as EmulatorFault;
    if (!['status', 'rate-limit', 'timeout', 'drop'].includes(fault.kind) || !Number.isInteger(fault.count) || fault.count < 1) throw new Error('a fault needs kind and a positive count');
    control.injectFault(fault);
    return c.json({ ok: true });
  });
  routes.delete('/faults', (c) => {
    control.clearFaults();
    return c.json({ ok: true });
  });
  return routes;
}
