/**
 * @module
 * Writing an absolute quantity to a stock_availables row (reference §1 Stock):
 * - rows exist by themselves and POST is refused, so we only ever write an existing row, found
 *   by the mapping's `remoteStockId` or by product and combination;
 * - every write carries `id_shop`, because an omitted one is stored as 0 and breaks stock (#18953);
 * - 1.7 has no PATCH and PUT replaces the whole row: GET it, then PUT every writable field back
 *   (#33783 shows what a partial PUT does);
 * - 8.x takes a PATCH of the fields that change; a PATCH answered like a GET (#37109) shows the
 *   old quantity, so we check the answer and fall back to GET + PUT, as we do for good when the
 *   shop refuses PATCH (405: a key without it, a server that does not route it).
 * A row that is gone, or now belongs to another product or combination (a recreated combination,
 * #12814), is `not-found`: the framework resolves the mapping again by SKU or barcode.
 */
import type { PrestashopCredentials } from '@cassa/shared';
import { ChannelCallError } from '../connector';
import type { ChannelMappingRef, QuantityOutcome, QuantityUpdate } from '../connector';
import type { PrestashopHttp } from './prestashop-http';
import { pickStockRow } from './prestashop-listings';
import type { JsonRecord } from './prestashop-values';
import { idOf, listOf, quantityOf, recordOf, textOf } from './prestashop-values';
import { xmlRecord } from './prestashop-xml-body';

/** The most a stock_availables quantity holds (a signed 32-bit column). */
export const MAX_SHOP_QUANTITY = 2_147_483_647;

function mappingIds(mapping: ChannelMappingRef): { idProduct: number; idProductAttribute: number } {
  const idProduct = Number(mapping.remoteProductId);
  const idProductAttribute = Number(mapping.remoteVariantId);
  if (!Number.isSafeInteger(idProduct) || !Number.isSafeInteger(idProductAttribute)) {
    throw new ChannelCallError('not-found', 'not-linked', `not a PrestaShop product/combination: ${mapping.remoteProductId}/${mapping.remoteVariantId}`);
  }
  return { idProduct, idProductAttribute };
}

async function findRowId(http: PrestashopHttp, mapping: ChannelMappingRef, shopId: number): Promise<number> {
  if (mapping.remoteStockId !== null && /^\d{1,15}$/.test(mapping.remoteStockId)) return Number(mapping.remoteStockId);
  const { idProduct, idProductAttribute } = mappingIds(mapping);
  const rows = listOf(
    await http.getJson('stock_availables', { display: 'full', 'filter[id_product]': `[${idProduct}]`, 'filter[id_product_attribute]': `[${idProductAttribute}]` }),
    'stock_availables',
  );
  const row = pickStockRow(rows, idProduct, idProductAttribute, shopId);
  const id = row === null ? null : idOf(row, 'id');
  if (id === null) throw new ChannelCallError('not-found', 'not-found', `no stock row for product ${idProduct} combination ${idProductAttribute}`);
  return id;
}

function assertSameItem(row: JsonRecord, mapping: ChannelMappingRef): void {
  const { idProduct, idProductAttribute } = mappingIds(mapping);
  if (idOf(row, 'id_product') !== idProduct || idOf(row, 'id_product_attribute') !== idProductAttribute) {
    throw new ChannelCallError('not-found', 'not-found', `stock row ${textOf(row, 'id')} now belongs to product ${textOf(row, 'id_product')} combination ${textOf(row, 'id_product_attribute')}`);
  }
}

async function putFullRow(http: PrestashopHttp, rowId: number, mapping: ChannelMappingRef, quantity: number, shopId: number): Promise<void> {
  const row = recordOf(await http.getJson(`stock_availables/${rowId}`), 'stock_available');
  assertSameItem(row, mapping);
  const keep = (field: string, fallback: string): string => textOf(row, field) || fallback;
  const body = xmlRecord('stock_available', {
    id: rowId,
    id_product: keep('id_product', '0'),
    id_product_attribute: keep('id_product_attribute', '0'),
    id_shop: shopId,
    id_shop_group: keep('id_shop_group', '0'),
    quantity,
    depends_on_stock: keep('depends_on_stock', '0'),
    out_of_stock: keep('out_of_stock', '2'),
    ...('location' in row ? { location: textOf(row, 'location') } : {}),
  });
  const stored = recordOf(await http.sendXml('PUT', `stock_availables/${rowId}`, body), 'stock_available');
  if (quantityOf(stored, 'quantity') !== quantity) throw new ChannelCallError('retry', 'unexpected-answer', `the shop answered quantity ${textOf(stored, 'quantity').slice(0, 20)} after writing ${quantity}`);
}

/** Whether PATCH is worth trying: 8.x only, and only until the shop refuses it once. */
export interface PatchSupport {
  usable: boolean;
}

async function tryPatch(http: PrestashopHttp, rowId: number, mapping: ChannelMappingRef, units: number, shopId: number, patch: PatchSupport): Promise<boolean> {
  try {
    const body = xmlRecord('stock_available', { id: rowId, quantity: units, id_shop: shopId });
    const stored = recordOf(await http.sendXml('PATCH', `stock_availables/${rowId}`, body), 'stock_available');
    assertSameItem(stored, mapping);
    // #37109: a PATCH that came back as a GET shows the old quantity; write the whole row instead.
    return quantityOf(stored, 'quantity') === units;
  } catch (error) {
    // A key whose grid has no PATCH column or a server that does not route it (405): PUT from now on.
    if (error instanceof ChannelCallError && error.status === 405) {
      patch.usable = false;
      return false;
    }
    throw error;
  }
}

/** Sets one row to an absolute quantity, by the shop's version. */
export async function writeQuantity(http: PrestashopHttp, credentials: PrestashopCredentials, mapping: ChannelMappingRef, quantity: number, patch: PatchSupport): Promise<void> {
  const units = Math.min(Math.max(0, Math.floor(quantity)), MAX_SHOP_QUANTITY);
  const rowId = await findRowId(http, mapping, credentials.shopId);
  if (credentials.version === '8' && patch.usable && (await tryPatch(http, rowId, mapping, units, credentials.shopId, patch))) return;
  await putFullRow(http, rowId, mapping, units, credentials.shopId);
}

export async function setQuantities(http: PrestashopHttp, credentials: PrestashopCredentials, updates: readonly QuantityUpdate[], patch: PatchSupport): Promise<QuantityOutcome[]> {
  const outcomes: QuantityOutcome[] = [];
  let held: ChannelCallError | null = null;
  for (const update of updates) {
    const variantId = update.mapping.variantId;
    if (held !== null) {
      // The shop asked us to wait or is down: the rest of the batch waits too rather than hammer it.
      outcomes.push({ variantId, result: 'retry', problem: held.problem, detail: held.detail, retryAfterMs: held.retryAfterMs });
      continue;
    }
    try {
      await writeQuantity(http, credentials, update.mapping, update.quantity, patch);
      outcomes.push({ variantId, result: 'applied' });
    } catch (error) {
      if (!(error instanceof ChannelCallError)) throw error;
      if (error.disposition === 'auth') throw error;
      if (error.disposition === 'not-found') outcomes.push({ variantId, result: 'not-found' });
      else if (error.disposition === 'refused') outcomes.push({ variantId, result: 'refused', problem: error.problem, detail: error.detail });
      else {
        held = error;
        outcomes.push({ variantId, result: 'retry', problem: error.problem, detail: error.detail, retryAfterMs: error.retryAfterMs });
      }
    }
  }
  return outcomes;
}
