/**
 * @module
 * Real tills for the sync proofs: the real core on its own SQLite file with the demo shop, paired
 * with a server by a one-time code, selling through the same services the cashier's screen uses,
 * and read-outs of what the till holds (sales, stock per variant, unacknowledged outbox rows).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Product } from '@cassa/shared';
import type { SyncServer } from '@cassa/sync-server';
import { createPrinterPort, createTillCore, demoCatalogue, demoEan, demoShop, seedDemoShop } from '../../src/core';
import type { Clock, TillCore } from '../../src/core';
import { until } from '../../../test-support/until';

export const cashier = { userId: 'user-giulia', name: 'Giulia', role: 'cashier' as const };
export const orgId = 'org-proof';
export const storeId = 'store-proof';

/** Opens (or reopens) a till on `dataDir` with the demo shop and an open shift. */
export async function openTill(dataDir: string, options: { clock?: Clock; pullIntervalMs?: number; fetch?: typeof fetch } = {}): Promise<TillCore> {
  const core = createTillCore({
    dataDir,
    printer: await createPrinterPort('none', 'generic-80mm'),
    logger: { error: () => undefined },
    ...(options.clock ? { clock: options.clock } : {}),
    sync: { pullIntervalMs: options.pullIntervalMs ?? 2_000, ...(options.fetch ? { fetch: options.fetch } : {}) },
  });
  seedDemoShop(core.services);
  const { shifts, tickets } = core.services;
  if (!shifts.openShift()) shifts.open(cashier, 10_000);
  // A ticket left open by a kill is dropped, as a cashier would: with a manager's approval.
  if (tickets.openTicketOf(cashier.userId)) tickets.cancel(cashier, { userId: 'user-marco', pin: '2222' });
  return core;
}

/** One sale of 1 to 10 lines through the real ticket and completion services; returns its id. */
export function sellOne(core: TillCore, n: number): string {
  const { tickets, completion } = core.services;
  const lines = 1 + (n % 10);
  for (let i = 0; i < lines; i++) tickets.scan(cashier, demoEan(1 + ((n + i) % 8)));
  const due = tickets.current(cashier)!.remainingCents;
  tickets.addPayment(cashier, n % 3 === 0 ? 'card' : 'cash', due, undefined);
  const done = completion.complete(cashier, false);
  core.services.sync.nudge();
  return done.saleId;
}

/** Head office: the organisation, the store and the demo catalogue. */
export async function seedHeadOffice(server: SyncServer): Promise<Product[]> {
  await server.admin.createOrganisation({ id: orgId, name: demoShop.name });
  await server.admin.upsertStore(orgId, { id: storeId, name: demoShop.name, addressLines: [...demoShop.addressLines], vatNumber: demoShop.vatNumber });
  const catalogue = demoCatalogue();
  await server.admin.upsertCategories(orgId, catalogue.categories);
  await server.admin.upsertProducts(orgId, catalogue.products);
  return catalogue.products;
}

export async function pairingCode(server: SyncServer): Promise<string> {
  return (await server.admin.createPairingCode(orgId, storeId)).code;
}

export interface TillFigures {
  readonly deviceId: string;
  readonly saleIds: string[];
  /** variant → on-hand thousandths, zero rows left out. */
  readonly stock: Map<string, number>;
  readonly unacknowledged: number;
  readonly lastSeq: number;
}

/** What a till's database holds, read from the file (works for a till in another process too). */
export function readTill(dataDir: string): TillFigures {
  const db = new Database(join(dataDir, 'till.db'), { readonly: true });
  try {
    const deviceId = (db.prepare("SELECT value FROM meta WHERE key = 'device.id'").get() as { value: string }).value;
    const saleIds = (db.prepare('SELECT id FROM sales').all() as { id: string }[]).map((r) => r.id);
    const stock = new Map<string, number>();
    for (const row of db.prepare('SELECT variant_id, on_hand_milli FROM stock_levels WHERE on_hand_milli <> 0').all() as { variant_id: string; on_hand_milli: number }[]) {
      stock.set(row.variant_id, row.on_hand_milli);
    }
    const acknowledged = (db.prepare('SELECT coalesce(max(up_to_seq), 0) AS n FROM outbox_acks').get() as { n: number }).n;
    const unacknowledged = (db.prepare('SELECT count(*) AS n FROM outbox WHERE seq > ?').get(acknowledged) as { n: number }).n;
    const lastSeq = (db.prepare('SELECT coalesce(max(seq), 0) AS n FROM outbox').get() as { n: number }).n;
    return { deviceId, saleIds, stock, unacknowledged, lastSeq };
  } finally {
    db.close();
  }
}


/** Pushes and pulls until the till's outbox is empty. */
export async function drain(core: TillCore, timeoutMs = 60_000): Promise<void> {
  await until(
    async () => (await core.services.sync.syncNow()).pending,
    (pending) => pending === 0,
    timeoutMs,
    `till ${core.services.context.deviceId} to empty its outbox (${core.services.sync.state().lastError ?? 'no error'})`,
  );
}
