/**
 * @module
 * The one storage interface the sync server speaks, implemented over SQLite and PostgreSQL.
 * Every method that touches an organisation's data takes its id (or a device principal carrying
 * it) and filters by it, so no caller can reach another tenant's rows by passing ids alone.
 */
import type {
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

export interface SyncStorage {
  readonly engine: 'sqlite' | 'postgres';
  /** Random per database: cursors from another database (a restore, a new server) reset. */
  readonly epoch: string;
  /** Head office's own tables: its people, sessions, plans, registers' reports, dashboard reads. */
  readonly headOffice: HeadOfficeStorage;
  /** Stock sent between stores, each leg a stock movement booked by head office. */
  readonly stockTransfers: StockTransferStorage;
  close(): Promise<void>;

  createOrganisation(input: { id: string; name: string }, now: Date): Promise<Organisation>;
  getOrganisation(id: string): Promise<Organisation | null>;
  storeExists(organisationId: string, storeId: string): Promise<boolean>;

  createPairingCode(input: { organisationId: string; storeId: string; codeHash: string; expiresAt: Date }, now: Date): Promise<void>;
  /** Uses the code once; null when it is unknown, used or expired. */
  redeemPairingCode(input: {
    codeHash: string;
    deviceId: string;
    deviceName: string;
    tokenHash: string;
    now: Date;
  }): Promise<DevicePrincipal | null>;
  /** Null for an unknown or revoked token. */
  authenticateDevice(tokenHash: string): Promise<DevicePrincipal | null>;
  revokeDevice(organisationId: string, deviceId: string, now: Date): Promise<boolean>;
  listDevices(organisationId: string): Promise<DeviceInfo[]>;
  highWaterMark(principal: DevicePrincipal): Promise<number>;

  /**
   * Applies a push's ops in the order given, in one transaction with the device's high-water mark
   * (aggregates written once at the end). Answers applied, duplicate or flagged per op. An op that
   * skips ahead (SYNC_OUT_OF_ORDER) or brings a seen seq with another opId (CONFLICT) ends the
   * batch: the ops before it are committed, then the error is thrown.
   */
  applyPushOps(principal: DevicePrincipal, ops: readonly PushOp[], now: Date): Promise<PushOpResult[]>;

  /**
   * Who holds these barcodes now, by normalised key (`barcodeKey`): the printed form stored, the
   * product id and the product as stored.
   */
  barcodeHolders(organisationId: string, codes: readonly string[]): Promise<Map<string, { code: string; productId: string; product: Product | null }>>;
  /** Writes head-office rows in one transaction, numbering each change in commit order. A product whose barcode another holds is refused (CONFLICT). */
  writeHeadOfficeChanges(organisationId: string, changes: readonly HeadOfficeChange[], now: Date): Promise<TouchedStream[]>;
  streamPosition(organisationId: string, stream: SyncStream): Promise<StreamPosition>;
  /** Changes after `afterChange`, oldest first, visible to the device's store. */
  readChanges(principal: DevicePrincipal, stream: SyncStream, afterChange: number, limit: number): Promise<SyncChange[]>;
  /** Live rows (no tombstones) after `after` in key order, visible to the device's store. */
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
}
