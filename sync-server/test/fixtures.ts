/**
 * @module
 * Test fixtures for the sync server: the two storage engines to run one suite on, valid records,
 * and a paired tenant.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '@cassa/shared';
import type { PairResponse, Product, PushOp, SaleRecord, StockMovementRecord, TillRecord } from '@cassa/shared';
import { afterEach, inject } from 'vitest';
import { createTestDatabase } from '../../test-support/postgres';
import { createSyncServer, setHashingCostForTests } from '../src/index';
import type { SyncServer, SyncServerOptions } from '../src/index';

/**
 * New password and PIN hashes at a cheap scrypt cost in tests: at production cost (32 MiB each)
 * the suite's few hundred sign-ins took minutes of CI. `atProductionHashingCost` runs the tests
 * that check the stored parameters; CASSA_FULL_HASH_COST=1 runs every test at production cost.
 */
const testHashingCost = process.env['CASSA_FULL_HASH_COST'] === '1' ? 'production' : 'cheap';
setHashingCostForTests(testHashingCost);

/** Runs `work` with production password and PIN costs, then puts the tests' cost back. */
export async function atProductionHashingCost<T>(work: () => Promise<T>): Promise<T> {
  setHashingCostForTests('production');
  try {
    return await work();
  } finally {
    setHashingCostForTests(testHashingCost);
  }
}

export const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION } as const;
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface EngineDatabase {
  readonly options: Pick<SyncServerOptions, 'databaseUrl' | 'sqlitePath'>;
  cleanup(): Promise<void>;
}

export interface Engine {
  readonly name: 'sqlite' | 'postgres';
  /** A fresh, empty database for one test. */
  database(): Promise<EngineDatabase>;
}

export const sqliteEngine: Engine = {
  name: 'sqlite',
  async database() {
    const dir = mkdtempSync(join(tmpdir(), 'cassa-sync-'));
    return {
      options: { sqlitePath: join(dir, 'sync.sqlite') },
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

export const postgresEngine: Engine = {
  name: 'postgres',
  async database() {
    const url = inject('postgresUrl');
    if (url === null) throw new Error(inject('postgresError') ?? 'PostgreSQL not available');
    const db = await createTestDatabase(url);
    return { options: { databaseUrl: db.url }, cleanup: () => db.drop() };
  },
};

export const engines: readonly Engine[] = [sqliteEngine, postgresEngine];

export function product(id: string, variantIds: readonly string[] = [`${id}-v1`], priceCents = 250): Product {
  return {
    id,
    sku: `SKU-${id}`,
    name: `Product ${id}`,
    categoryId: null,
    vatCode: '22',
    unit: 'piece',
    priceCents,
    axes: [],
    variants: variantIds.map((variantId) => ({
      id: variantId,
      sku: `SKU-${variantId}`,
      barcodes: [],
      options: {},
      priceCents: null,
      active: true,
    })),
    active: true,
  };
}

export function sale(input: {
  id: string;
  storeId: string;
  deviceId: string;
  variantId: string;
  totalCents?: number;
  completedAt?: string;
  kind?: SaleRecord['kind'];
}): TillRecord {
  const total = input.totalCents ?? 250;
  return {
    type: 'sale',
    record: {
      id: input.id,
      kind: input.kind ?? 'sale',
      storeId: input.storeId,
      deviceId: input.deviceId,
      shiftId: 'shift-1',
      zNumber: 1,
      documentNumber: 1,
      originalSaleId: null,
      cashierId: 'user-1',
      customerId: null,
      completedAt: input.completedAt ?? '2026-11-26T10:15:00+01:00',
      lines: [
        {
          lineId: `${input.id}-l1`,
          productId: 'p',
          variantId: input.variantId,
          sku: 'SKU',
          description: 'Thing',
          vatCode: '22',
          quantityMilli: 1000,
          unitPriceCents: total,
          discountCents: 0,
          totalCents: total,
        },
      ],
      payments: [{ method: 'cash', amountCents: total, reference: null }],
      changeCents: 0,
      roundingCents: 0,
      totalCents: total,
      vatBreakdown: [],
    },
  };
}

export function stockMovement(input: { id: string; storeId: string; deviceId: string; variantId: string }): TillRecord {
  const record: StockMovementRecord = {
    id: input.id,
    storeId: input.storeId,
    deviceId: input.deviceId,
    variantId: input.variantId,
    deltaMilli: -1000,
    reason: 'sale',
    referenceId: null,
    userId: null,
    at: '2026-11-26T10:15:00+01:00',
  };
  return { type: 'stock-movement', record };
}

export function customer(id: string): TillRecord {
  return {
    type: 'customer',
    record: { id, name: `Customer ${id}`, phone: null, email: null, taxCode: null, vatNumber: null, createdAt: '2026-11-26T10:00:00+01:00' },
  };
}

export function op(seq: number, record: TillRecord, opId = `op-${seq}-${record.record.id}`): PushOp {
  return { seq, opId, record };
}

export interface PairedTill extends PairResponse {
  readonly authorization: string;
}

export interface Tenant {
  readonly organisationId: string;
  readonly storeId: string;
  readonly otherStoreId: string;
  readonly till: PairedTill;
}

/** Pairs a till through the HTTP route, as a real one would. */
export async function pairTill(server: SyncServer, organisationId: string, storeId: string, name = 'Cassa 1'): Promise<PairedTill> {
  const { code } = await server.admin.createPairingCode(organisationId, storeId);
  const res = await server.app.request('/v1/pair', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...versions, code, deviceName: name }),
  });
  if (res.status !== 200) throw new Error(`pairing failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { data: PairResponse };
  return { ...body.data, authorization: `Bearer ${body.data.deviceToken}` };
}

/** An organisation with two stores, a small catalogue and a till paired to the first store. */
export async function seedTenant(server: SyncServer, prefix = 'acme'): Promise<Tenant> {
  const org = await server.admin.createOrganisation({ id: `${prefix}-org`, name: `${prefix} srl` });
  const storeId = `${prefix}-store-1`;
  const otherStoreId = `${prefix}-store-2`;
  for (const id of [storeId, otherStoreId]) {
    await server.admin.upsertStore(org.id, { id, name: `Store ${id}`, addressLines: [], vatNumber: '' });
  }
  await server.admin.upsertProducts(org.id, [product(`${prefix}-p1`), product(`${prefix}-p2`)]);
  const till = await pairTill(server, org.id, storeId);
  return { organisationId: org.id, storeId, otherStoreId, till };
}

export async function withServer<T>(engine: Engine, work: (server: SyncServer) => Promise<T>, options: SyncServerOptions = {}): Promise<T> {
  const database = await engine.database();
  const server = await createSyncServer({ ...database.options, adminToken: ADMIN_TOKEN, ...options });
  try {
    return await work(server);
  } finally {
    await server.close();
    await database.cleanup();
  }
}

/**
 * A fresh database and server for each test of a suite, closed after it: call in `describe`,
 * then `await start()` in a test (options added to `defaults`).
 */
export function serverPerTest(engine: Engine, defaults: SyncServerOptions = {}): (options?: SyncServerOptions) => Promise<SyncServer> {
  let database: EngineDatabase | null = null;
  let server: SyncServer | null = null;
  afterEach(async () => {
    await server?.close();
    await database?.cleanup();
    server = null;
    database = null;
  });
  return async (options = {}) => {
    database = await engine.database();
    server = await createSyncServer({ ...database.options, adminToken: ADMIN_TOKEN, ...defaults, ...options });
    return server;
  };
}

export function jsonRequest(method: string, body: unknown, authorization?: string): RequestInit {
  return {
    method,
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}
