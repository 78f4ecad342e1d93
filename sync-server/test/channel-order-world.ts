/**
 * A head office with two organisations for the channel-order tests (issue 18): Acme with the
 * stores Milano and Roma, a catalogue (a shirt in two sizes at 22 %, a book at 4 % with an EAN),
 * goods on hand, a PrestaShop account selling from Milano then Roma, and people of every kind;
 * Other with its own store and account. The channel accounts are written as rows (the framework's
 * storage owns their creation). A raw connection reads the tables the tests check.
 */
import type { ChannelOrder, ChannelOrderLine, HeadOfficeRole } from '@cassa/shared';
import { afterEach } from 'vitest';
import { createAdminApi, createChangeNotifier, createLocalBus, openStorage } from '../src/index';
import type { HeadOfficeUserRow, StorageOptions, SyncStorage } from '../src/index';
import { product } from './fixtures';
import type { Engine, EngineDatabase } from './fixtures';

/** The raw SQL the tests read tables with (storage's `openDatabase`, passed in by the test: this folder reaches the server through its entry only). */
export interface RawSql {
  query<T extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: readonly (string | number | null)[]): Promise<T[]>;
  close(): Promise<void>;
}
export type OpenRawSql = (options: StorageOptions) => RawSql;

/** A BIGINT or COUNT as PostgreSQL (text) or SQLite (number) answers it. */
export function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}

export const ACCOUNT = 'acc-ps';
export const OTHER_ACCOUNT = 'acc-other';

export interface ChannelOrderWorld {
  readonly storage: SyncStorage;
  readonly raw: RawSql;
  /** Opens the same database again, as a restarted server would (closed after the test). */
  reopen(): Promise<SyncStorage>;
  readonly org: string;
  readonly other: string;
  readonly milano: string;
  readonly roma: string;
  readonly account: { id: string; kind: 'prestashop'; storeIds: string[] };
  readonly owner: HeadOfficeUserRow;
  /** Manages Milano only. */
  readonly storeManager: HeadOfficeUserRow;
  readonly otherOwner: HeadOfficeUserRow;
  /** A fresh account of Acme selling from Milano then Roma (property runs share one database). */
  addAccount(id: string): Promise<{ id: string; kind: 'prestashop'; storeIds: string[] }>;
  /** Goods received at a store by a till (its movement and its stock level). */
  receive(storeId: string, variantId: string, units: number): Promise<void>;
  onHand(storeId: string, variantId: string): Promise<number>;
  /** The sum of every movement of the store and variant. */
  movementSum(storeId: string, variantId: string): Promise<number>;
}

export function channelOrderWorldPerTest(engine: Engine, openRaw: OpenRawSql): () => Promise<ChannelOrderWorld> {
  let database: EngineDatabase | null = null;
  let storage: SyncStorage | null = null;
  let raw: RawSql | null = null;
  let reopened: SyncStorage[] = [];
  afterEach(async () => {
    for (const again of reopened) await again.close();
    reopened = [];
    await raw?.close();
    await storage?.close();
    await database?.cleanup();
    raw = null;
    storage = null;
    database = null;
  });
  return async () => {
    database = await engine.database();
    storage = await openStorage(database.options);
    const db = openRaw(database.options);
    raw = db;
    const s = storage;
    const admin = createAdminApi({ storage: s, notifier: createChangeNotifier(createLocalBus()), now: () => new Date('2026-12-03T08:00:00Z') });
    const org = (await admin.createOrganisation({ name: 'Acme' })).id;
    const other = (await admin.createOrganisation({ name: 'Other' })).id;
    const milano = `${org}-milano`;
    const roma = `${org}-roma`;
    for (const store of [milano, roma]) await admin.upsertStore(org, { id: store, name: store, addressLines: [], vatNumber: '' });
    await admin.upsertStore(other, { id: `${other}-torino`, name: 'Torino', addressLines: [], vatNumber: '' });
    const book = product('book', ['book-1'], 1500);
    await admin.upsertProducts(org, [
      product('shirt', ['shirt-s', 'shirt-m'], 1990),
      { ...book, vatCode: '4', variants: book.variants.map((v) => ({ ...v, barcodes: ['9788804668237'] })) },
    ]);
    await admin.upsertProducts(other, [product('shirt', ['shirt-s'], 1990)]);
    const addAccountOf = async (organisationId: string, id: string, storeIds: string[]) => {
      const at = '2026-12-03T08:00:00Z';
      await db.query(
        `INSERT INTO channel_accounts (organisation_id, id, kind, name, status, store_ids, safety_buffer, credentials, credentials_key_id, credential_hints, created_at, updated_at)
         VALUES (?, ?, 'prestashop', ?, 'active', ?, 1, '{}', 'test', '{}', ?, ?)`,
        [organisationId, id, `Negozio ${id}`, JSON.stringify(storeIds), at, at],
      );
      return { id, kind: 'prestashop' as const, storeIds };
    };
    const account = await addAccountOf(org, ACCOUNT, [milano, roma]);
    await addAccountOf(other, OTHER_ACCOUNT, [`${other}-torino`]);
    let movements = 0;
    const receive = async (storeId: string, variantId: string, units: number) => {
      movements += 1;
      const at = '2026-12-03T07:00:00Z';
      const movement = { id: `goods-${movements}`, storeId, deviceId: 'till-1', variantId, deltaMilli: units * 1000, reason: 'goods-received', referenceId: null, userId: null, at };
      await db.query(
        `INSERT INTO stock_movements (organisation_id, id, store_id, device_id, variant_id, delta_milli, reason, at, data, flagged, problems, received_at)
         VALUES (?, ?, ?, 'till-1', ?, ?, 'goods-received', ?, ?, 0, '[]', ?)`,
        [org, movement.id, storeId, variantId, movement.deltaMilli, at, JSON.stringify(movement), at],
      );
      await db.query(
        `INSERT INTO stock_levels (organisation_id, store_id, variant_id, on_hand_milli, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (organisation_id, store_id, variant_id) DO UPDATE SET on_hand_milli = stock_levels.on_hand_milli + excluded.on_hand_milli`,
        [org, storeId, variantId, movement.deltaMilli, at],
      );
    };
    const person = async (organisationId: string, key: string, role: HeadOfficeRole, storeIds: readonly string[]): Promise<HeadOfficeUserRow> => {
      const row = { organisationId, id: `${organisationId}-${key}`, email: `${key}@${organisationId}.example.it`, name: key, passwordHash: 'unused', role, storeIds };
      await s.headOffice.createUser(row, new Date());
      return { ...row, failedLogins: 0, lockedUntil: null };
    };
    const options = database.options;
    return {
      storage: s,
      raw: db,
      async reopen() {
        const again = await openStorage(options);
        reopened.push(again);
        return again;
      },
      org,
      other,
      milano,
      roma,
      account,
      owner: await person(org, 'owner', 'owner', []),
      storeManager: await person(org, 'store-manager', 'manager', [milano]),
      otherOwner: await person(other, 'owner', 'owner', []),
      addAccount: (id) => addAccountOf(org, id, [milano, roma]),
      receive,
      async onHand(storeId, variantId) {
        const rows = await db.query<{ on_hand_milli: unknown }>('SELECT on_hand_milli FROM stock_levels WHERE organisation_id = ? AND store_id = ? AND variant_id = ?', [org, storeId, variantId]);
        return toNumber(rows[0]?.on_hand_milli);
      },
      async movementSum(storeId, variantId) {
        const rows = await db.query<{ total: unknown }>('SELECT SUM(delta_milli) AS total FROM stock_movements WHERE organisation_id = ? AND store_id = ? AND variant_id = ?', [org, storeId, variantId]);
        return toNumber(rows[0]?.total);
      },
    };
  };
}

export function line(remoteLineId: string, more: Partial<ChannelOrderLine> = {}): ChannelOrderLine {
  return { remoteLineId, sku: 'SKU-shirt-s', barcode: null, remoteProductId: null, remoteVariantId: null, title: 'Camicia S', quantity: 1, unitPriceCents: 1990, totalCents: 1990, ...more };
}

/** An order of one shirt (19.90) plus 5.00 shipping, placed at 10:00 UTC on 3 December. */
export function order(remoteOrderId: string, status: ChannelOrder['status'], updatedAt: string, more: Partial<ChannelOrder> = {}): ChannelOrder {
  return {
    remoteOrderId,
    dedupeKey: null,
    reference: `REF-${remoteOrderId}`,
    status,
    placedAt: '2026-12-03T10:00:00Z',
    updatedAt,
    currency: 'EUR',
    lines: [line(`${remoteOrderId}-1`)],
    shippingCents: 500,
    totalCents: 2490,
    buyerName: 'Mario Rossi',
    ...more,
  };
}
