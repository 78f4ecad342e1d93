/**
 * @module
 * The one storage interface the sync server speaks, implemented over SQLite and PostgreSQL.
 * Every method that touches an organisation's data takes its id (or a device principal carrying
 * it) and filters by it, so no caller can reach another tenant's rows by passing ids alone.
 */
import type {
  AuditHeadView,
  ProblemRecordView,
  DailySalesQuery,
  DailySalesTotal,
  DeviceInfo,
  Product,
  HeadOfficeChange,
  Organisation,
  PushOp,
  PushOpResult,
  SyncChange,
  SyncEntity,
  SyncStream,
} from '@cassa/shared';
import type { HeadOfficeStorage } from './head-office-storage';
import type { StockTransferStorage } from './stock-transfers';
import type { LedgerStorage } from './ledgers';
// Issue 17, customers everywhere
import type { CustomerStorage } from './customers';
// Issue 18, sales channels
import type { ChannelOrderStorage, ChannelStorage } from './channels';
// Issue 19, ERP exports
import type { DayTakingsReads } from './erp/day-takings-reads';
// Issue 19, the public API
import type { ApiKeyStorage, PublicReadStorage } from './api-keys';
// Issue 19, ERP imports
import type { ErpImportStorage } from './erp-imports';
import type { ErpExportStorage } from './erp/erp-export-storage';
// Issue 19, webhooks
import type { WebhookStorage } from './webhooks';
// Issue 19, the SAP Business One link
import type { SapStorage } from './sap/sap-storage';

/** Who a device token belongs to; everything a device does is confined to this. */
export interface DevicePrincipal {
  readonly organisationId: string;
  readonly storeId: string;
  readonly deviceId: string;
}

export interface StreamPosition {
  /** The last change number handed out in this stream. */
  readonly head: number;
  /** Tombstones up to here were purged: a cursor below it must reset. */
  readonly horizon: number;
}

export interface RecordCounts {
  readonly ops: number;
  readonly sales: number;
  readonly stockMovements: number;
  readonly documents: number;
  readonly flagged: number;
}

/** Which stream (and, for store-scoped rows, which store) a head-office write touched. */
export interface TouchedStream {
  readonly stream: SyncStream;
  readonly storeId: string | null;
}

/** An op whose record no schema accepts: kept whole, flagged, and acknowledged. */
export interface UnreadableOp {
  readonly seq: number;
  readonly opId: string;
  readonly record: null;
  readonly raw: unknown;
  readonly problem: string;
}

/** What a push hands storage: ops with a valid record, or ones to set aside. */
export type IncomingOp = PushOp | UnreadableOp;

export interface SyncStorage {
  readonly engine: 'sqlite' | 'postgres';
  /** Random per database: cursors from another database (a new server) reset. */
  readonly epoch: string;
  /** The newest server start recorded in the database: new pull cursors carry it. */
  latestBoot(): Promise<string>;
  /**
   * The highest change a cursor issued under `bootId` may name: the lowest head a later start
   * found for the stream (no later start: unlimited). Null when the boot is unknown to this
   * database (it was lost with a restore).
   */
  cursorLimit(organisationId: string, stream: SyncStream, bootId: string): Promise<number | null>;
  /** Head office's own tables: its people, sessions, plans, registers' reports, dashboard reads. */
  readonly headOffice: HeadOfficeStorage;
  /** Stock sent between stores, each leg a stock movement booked by head office. */
  readonly stockTransfers: StockTransferStorage;
  /** The chain's vouchers, store credit and points (issue 17, ledger area). */
  readonly ledgers: LedgerStorage;
  /** Issue 17: the chain's customers (projection, duplicates, merges, purchases across stores). */
  readonly customers: CustomerStorage;
  /** Issue 18: channel accounts, mappings, the job queue, dead letters and cursors. */
  readonly channels: ChannelStorage;
  /** Issue 18: orders from the channels, their reservations and the store-stock stream. */
  readonly channelOrders: ChannelOrderStorage;
  /** Issue 19: the sales of business days as the ERP's corrispettivi read them (erp/day-takings.ts). */
  readonly dayTakings: DayTakingsReads;
  /** Issue 19: the public API's keys and the stored answers of its idempotent writes. */
  readonly apiKeys: ApiKeyStorage;
  /** Issue 19: the public API's paged reads. */
  readonly publicReads: PublicReadStorage;
  /** Issue 19: price-list links, the ERP's VAT codes and import runs. */
  readonly erpImports: ErpImportStorage;
  /** Issue 19: ERP export profiles and the exports made. */
  readonly erpExports: ErpExportStorage;
  /** Issue 19: webhook endpoints, their deliveries and the delivery log (the outbox is written by the changes' own transactions). */
  readonly webhooks: WebhookStorage;
  /** Issue 19: the SAP Business One link's settings, runs and days sent. */
  readonly sap: SapStorage;
  close(): Promise<void>;

  createOrganisation(input: { id: string; name: string }, now: Date): Promise<Organisation>;
  getOrganisation(id: string): Promise<Organisation | null>;
  storeExists(organisationId: string, storeId: string): Promise<boolean>;

  /** `forDeviceId`: the code pairs that known register only (and needs no token from it). */
  createPairingCode(input: { organisationId: string; storeId: string; codeHash: string; expiresAt: Date; forDeviceId?: string }, now: Date): Promise<void>;
  /**
   * Uses the code once; null when it is unknown, used or expired. A device id any organisation
   * already knows is taken only with `proofTokenHash`, the hash of a token issued to that very
   * register (revoked ones count: a revoked till keeps its last token as its proof); otherwise
   * NOT_AUTHORISED and nothing changes; a code made for one register takes that id only, without
   * the proof. Pairing again revokes the register's earlier tokens.
   */
  redeemPairingCode(input: {
    codeHash: string;
    deviceId: string;
    deviceName: string;
    tokenHash: string;
    proofTokenHash: string | null;
    now: Date;
  }): Promise<(DevicePrincipal & { readonly repaired: boolean }) | null>;
  /** Null for an unknown or revoked token. */
  authenticateDevice(tokenHash: string): Promise<DevicePrincipal | null>;
  revokeDevice(organisationId: string, deviceId: string, now: Date): Promise<boolean>;
  listDevices(organisationId: string): Promise<DeviceInfo[]>;
  highWaterMark(principal: DevicePrincipal): Promise<number>;

  /**
   * Applies a push's ops in the order given, in one transaction with the device's high-water mark
   * (aggregates written once at the end). Answers applied, duplicate or flagged per op. An op that
   * skips ahead (SYNC_OUT_OF_ORDER) or brings a seen seq with another opId (CONFLICT) ends the
   * batch: the ops before it are committed, then the error is thrown. An op whose record is
   * unreadable, or that the database refuses, is set aside (kept whole, flagged, acknowledged) and
   * the rest of the batch still applies.
   */
  applyPushOps(principal: DevicePrincipal, ops: readonly IncomingOp[], now: Date): Promise<PushOpResult[]>;

  /**
   * Who holds these barcodes now, by normalised key (`barcodeKey`): the printed form stored, the
   * product id and the product as stored.
   */
  barcodeHolders(organisationId: string, codes: readonly string[]): Promise<Map<string, { code: string; productId: string; product: Product | null }>>;
  /** Writes head-office rows in one transaction, numbering each change in commit order. A product whose barcode another holds is refused (CONFLICT). */
  writeHeadOfficeChanges(organisationId: string, changes: readonly HeadOfficeChange[], now: Date): Promise<TouchedStream[]>;
  streamPosition(organisationId: string, stream: SyncStream): Promise<StreamPosition>;
  /** Changes after `afterChange`, oldest first, visible to the device's store (users: see readSnapshot). */
  readChanges(principal: DevicePrincipal, stream: SyncStream, afterChange: number, limit: number): Promise<SyncChange[]>;
  /**
   * Live rows after `after` in key order, visible to the device's store; a till user limited to
   * other stores comes as a tombstone (so a register that held them drops them).
   */
  readSnapshot(
    principal: DevicePrincipal,
    stream: SyncStream,
    after: { entity: SyncEntity; key: string } | null,
    limit: number,
  ): Promise<SyncChange[]>;
  /** Deletes tombstones up to `upToChange` and moves the horizon; returns how many went. */
  purgeTombstones(organisationId: string, stream: SyncStream, upToChange: number): Promise<number>;

  dailySalesTotals(organisationId: string, query: DailySalesQuery): Promise<DailySalesTotal[]>;
  recordCounts(organisationId: string): Promise<RecordCounts>;
  /** Flagged and set-aside ops, newest first. */
  listProblems(organisationId: string, limit: number): Promise<ProblemRecordView[]>;
  /** Each register's audit chain as head office holds it, by device id. */
  auditHeads(organisationId: string): Promise<AuditHeadView[]>;
}
