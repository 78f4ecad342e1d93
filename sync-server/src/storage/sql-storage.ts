/**
 * @module
 * SyncStorage written once over SqlDatabase, for SQLite and PostgreSQL alike, composed from one
 * module per concern under ./sql-sync/: devices and pairing, push, head-office writes, pull, server
 * starts, admin reports; the head-office tables and stock transfers have their own storages.
 *
 * Change numbers come from a per-organisation, per-stream counter row bumped inside the writing
 * transaction. The bump holds that row's lock until commit, so change k+1 cannot commit before
 * change k: a reader that has seen k+1 has seen everything below it. (A bare sequence would hand
 * out numbers in a different order from commits, and cursors would skip rows.)
 */
import { randomUUID } from 'node:crypto';
import { setAsideRefusedOps } from './op-failures';
import { createHeadOfficeStorage } from './head-office-storage';
import { createStockTransferStorage } from './stock-transfers';
import { createLedgerStorage } from './ledgers';
// Issue 17, customers everywhere
import { createCustomerStorage } from './customers';
// Issue 18, sales channels
import { createChannelOrderStorage, createChannelStorage } from './channels';
// Issue 19, ERP exports
import { createDayTakingsReads } from './erp/day-takings-reads';
// Issue 19, the public API
import { createApiKeyStorage, createPublicReadStorage } from './api-keys';
// Issue 19, ERP imports
import { createErpImportStorage } from './erp-imports';
import { createErpExportStorage } from './erp/erp-export-storage';
// Issue 19, webhooks
import { createWebhookStorage } from './webhooks';
// Issue 19, the SAP Business One link
import { createSapStorage } from './sap/sap-storage';
import { migrate } from './migrations';
import type { Migration } from './migrations';
import type { SqlDatabase } from './sql-database';
import type { SyncStorage } from './storage';
import { backfillAggregates, backfillProductsByRegister } from './sql-sync/backfills';
import { createBootReads, recordBoot } from './sql-sync/boots';
import { createDeviceStorage } from './sql-sync/devices';
import { createHeadOfficeWrites } from './sql-sync/head-office-writes';
import { createPullStorage } from './sql-sync/pull';
import { createPushStorage } from './sql-sync/push';
import { createReports } from './sql-sync/reports';

export { SERVER_BOOT_RETENTION_DAYS } from './sql-sync/boots';

/** The database's random epoch, made on its first start: cursors from another database reset. */
async function databaseEpoch(db: SqlDatabase): Promise<string> {
  await db.query('INSERT INTO server_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', ['epoch', randomUUID()]);
  const epochRows = await db.query<{ value: string }>('SELECT value FROM server_meta WHERE key = ?', ['epoch']);
  const epoch = epochRows[0]?.value;
  if (epoch === undefined) throw new Error('server_meta.epoch missing after migration');
  return epoch;
}

export async function openSqlStorage(db: SqlDatabase, options: { migrations?: readonly Migration[] } = {}): Promise<SyncStorage> {
  await migrate(db, options.migrations);
  const epoch = await databaseEpoch(db);
  await backfillAggregates(db);
  await backfillProductsByRegister(db);
  await recordBoot(db);
  const push = createPushStorage(db);
  return {
    engine: db.dialect,
    epoch,
    headOffice: createHeadOfficeStorage(db),
    stockTransfers: createStockTransferStorage(db),
    ledgers: createLedgerStorage(db),
    customers: createCustomerStorage(db),
    channels: createChannelStorage(db),
    channelOrders: createChannelOrderStorage(db),
    dayTakings: createDayTakingsReads(db),
    apiKeys: createApiKeyStorage(db),
    publicReads: createPublicReadStorage(db),
    erpImports: createErpImportStorage(db),
    erpExports: createErpExportStorage(db),
    webhooks: createWebhookStorage(db),
    sap: createSapStorage(db),
    close: () => db.close(),
    ...createDeviceStorage(db),
    ...createHeadOfficeWrites(db),
    ...createPullStorage(db),
    ...createBootReads(db),
    ...createReports(db),
    // One op the database refuses must not hold back the others (see op-failures.ts).
    applyPushOps: setAsideRefusedOps(push.applyPushOps),
  };
}
