/**
 * @module
 * Head office's writes to the synced streams (catalogue, stores, settings, users …): each change
 * takes the next change number of its stream, and a product keeps its variants and barcodes indexed.
 */
import { barcodeKey, CassaError, keyOfHeadOfficeChange, streamOfEntity } from '@cassa/shared';
import type { HeadOfficeChange, Product, SyncStream } from '@cassa/shared';
import { toNumber } from '../sql-database';
import type { SqlDatabase, SqlExecutor } from '../sql-database';
import type { SyncStorage, TouchedStream } from '../storage';
import { iso, rowsAmong } from './sql-helpers';
// Issue 19, webhooks
import { writeWebhookEvents } from '../webhooks/webhook-outbox';
import type { NewWebhookEvent } from '../webhooks/webhook-outbox';

/** The store a row is for ('' for the whole organisation): only that store's registers pull it. */
function storeScopeOf(change: HeadOfficeChange): string {
  switch (change.entity) {
    case 'store-price':
      return change.data.storeId;
    case 'store':
      return change.data.id;
    case 'setting':
      return change.storeId ?? '';
    case 'product':
    case 'category':
    case 'user':
    case 'delete':
      return '';
  }
}

/**
 * The stream's next change number (the last of `count` taken at once). The UPDATE holds the
 * counter row's lock until commit, so change numbers commit in order (see sql-storage.ts).
 */
export async function bumpStream(tx: SqlExecutor, organisationId: string, stream: SyncStream, count = 1): Promise<number> {
  await tx.query(
    'INSERT INTO stream_heads (organisation_id, stream, head, horizon) VALUES (?, ?, 0, 0) ON CONFLICT (organisation_id, stream) DO NOTHING',
    [organisationId, stream],
  );
  const rows = await tx.query<{ head: unknown }>(
    'UPDATE stream_heads SET head = head + ? WHERE organisation_id = ? AND stream = ? RETURNING head',
    [count, organisationId, stream],
  );
  return toNumber(rows[0]?.head);
}

/**
 * Records a product's barcodes by normalised key, refusing (CONFLICT, reason barcode-taken) a code
 * another product holds in any printed form: head office never lets one GTIN ring up as two
 * products. Moving a code means first writing its old product without it.
 */
async function holdBarcodes(tx: SqlExecutor, organisationId: string, product: Product): Promise<void> {
  await tx.query('DELETE FROM product_barcodes WHERE organisation_id = ? AND product_id = ?', [organisationId, product.id]);
  for (const code of new Set(product.variants.flatMap((v) => v.barcodes))) {
    const key = barcodeKey(code);
    const held = await tx.query<{ product_id: string; code: string }>(
      'SELECT product_id, code FROM product_barcodes WHERE organisation_id = ? AND barcode_key = ?',
      [organisationId, key],
    );
    const holder = held[0];
    if (holder?.product_id === product.id) continue;
    if (holder) {
      const rows = await tx.query<{ data: string | null }>(
        "SELECT data FROM sync_rows WHERE organisation_id = ? AND stream = 'catalogue' AND entity = 'product' AND row_key = ?",
        [organisationId, holder.product_id],
      );
      const owner = rows[0]?.data ? (JSON.parse(rows[0].data) as Product) : null;
      throw new CassaError('CONFLICT', `Barcode ${code} already belongs to product ${owner?.sku ?? holder.product_id} (as ${holder.code})`, {
        reason: 'barcode-held',
        code,
        ownerProductId: holder.product_id,
        ownerSku: owner?.sku ?? holder.product_id,
        ownerName: owner?.name ?? '',
      });
    }
    await tx.query('INSERT INTO product_barcodes (organisation_id, barcode_key, code, product_id) VALUES (?, ?, ?, ?)', [organisationId, key, code, product.id]);
  }
}

export type HeadOfficeWrites = Pick<SyncStorage, 'writeHeadOfficeChanges' | 'barcodeHolders'>;

export function createHeadOfficeWrites(db: SqlDatabase): HeadOfficeWrites {
  return {
    writeHeadOfficeChanges(organisationId, changes, now) {
      return db.transaction(async (tx) => {
        const touched = new Map<string, TouchedStream>();
        // Issue 19: products written or deleted here (catalogue page, imports, the API) for the webhook outbox.
        const products: NewWebhookEvent[] = [];
        for (const change of changes) {
          const { entity, key } = keyOfHeadOfficeChange(change);
          const stream = streamOfEntity[entity];
          const changeNo = await bumpStream(tx, organisationId, stream);
          let storeId: string;
          if (change.entity === 'delete') {
            const existing = await tx.query<{ store_id: string }>(
              'SELECT store_id FROM sync_rows WHERE organisation_id = ? AND stream = ? AND entity = ? AND row_key = ?',
              [organisationId, stream, entity, key],
            );
            storeId = existing[0]?.store_id ?? '';
            // Without a row there is nothing to tomb; a tombstone is still written so a till that
            // somehow holds the row drops it.
            await tx.query(
              `INSERT INTO sync_rows (organisation_id, stream, entity, row_key, store_id, change_no, data, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, NULL, ?)
               ON CONFLICT (organisation_id, stream, entity, row_key) DO UPDATE SET change_no = excluded.change_no, data = NULL, updated_at = excluded.updated_at`,
              [organisationId, stream, entity, key, storeId, changeNo, iso(now)],
            );
            if (entity === 'product') {
              await tx.query('DELETE FROM variants WHERE organisation_id = ? AND product_id = ?', [organisationId, key]);
              await tx.query('DELETE FROM product_barcodes WHERE organisation_id = ? AND product_id = ?', [organisationId, key]);
            }
          } else {
            storeId = storeScopeOf(change);
            await tx.query(
              `INSERT INTO sync_rows (organisation_id, stream, entity, row_key, store_id, change_no, data, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (organisation_id, stream, entity, row_key) DO UPDATE SET store_id = excluded.store_id, change_no = excluded.change_no, data = excluded.data, updated_at = excluded.updated_at`,
              [organisationId, stream, entity, key, storeId, changeNo, JSON.stringify(change.data), iso(now)],
            );
            if (change.entity === 'product') {
              await tx.query('DELETE FROM variants WHERE organisation_id = ? AND product_id = ?', [organisationId, key]);
              for (const variant of change.data.variants) {
                await tx.query(
                  `INSERT INTO variants (organisation_id, variant_id, product_id) VALUES (?, ?, ?)
                   ON CONFLICT (organisation_id, variant_id) DO UPDATE SET product_id = excluded.product_id`,
                  [organisationId, variant.id, key],
                );
              }
              await holdBarcodes(tx, organisationId, change.data);
            }
            if (change.entity === 'store') {
              await tx.query(
                `INSERT INTO stores (organisation_id, id, name, created_at) VALUES (?, ?, ?, ?)
                 ON CONFLICT (organisation_id, id) DO UPDATE SET name = excluded.name`,
                [organisationId, change.data.id, change.data.name, iso(now)],
              );
            }
          }
          if (change.entity === 'product') products.push({ type: 'product.changed', data: { productId: key, deleted: false, variantIds: change.data.variants.map((v) => v.id) } });
          if (change.entity === 'delete' && entity === 'product') products.push({ type: 'product.changed', data: { productId: key, deleted: true, variantIds: [] } });
          const scope = storeId === '' ? null : storeId;
          touched.set(`${stream}\u0000${scope ?? ''}`, { stream, storeId: scope });
        }
        if (products.length > 0) await writeWebhookEvents(tx, organisationId, now, () => products);
        return [...touched.values()];
      });
    },
    async barcodeHolders(organisationId, codes) {
      const byKey = new Map(codes.map((code) => [barcodeKey(code), code]));
      const rows = await rowsAmong<{ barcode_key: string; code: string; product_id: string; data: string | null }>(
        db,
        [...byKey.keys()],
        (inList) =>
          `SELECT b.barcode_key, b.code, b.product_id, r.data FROM product_barcodes b
           LEFT JOIN sync_rows r ON r.organisation_id = b.organisation_id AND r.stream = 'catalogue' AND r.entity = 'product' AND r.row_key = b.product_id
           WHERE b.organisation_id = ? AND b.barcode_key IN (${inList})`,
        organisationId,
      );
      return new Map(
        rows.map((r) => [r.barcode_key, { code: r.code, productId: r.product_id, product: r.data === null ? null : (JSON.parse(r.data) as Product) }]),
      );
    },
  };
}
