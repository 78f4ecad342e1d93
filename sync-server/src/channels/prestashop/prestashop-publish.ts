/**
 * @module
 * Publishing a Cassa product to the shop (devdocs …/8/webservice/tutorials/create-product-az):
 * the attribute groups (product_options, e.g. Taglia, Colore) and values it needs, found by name
 * or created; the product (XML with CDATA); one combination per variant with its reference and
 * EAN-13; then the quantities, written to the stock_availables rows PrestaShop created by itself
 * (POST on stock is refused). A product whose reference is already on the shop is refused: link
 * it instead, so a publish repeated after a lost answer never makes a twin.
 *
 * Prices: PrestaShop's `price` is tax excluded; Cassa's is VAT included, so we send the net at
 * the product's VAT rate. The shop's tax rule group is left as the shop's default [U]: the owner
 * checks it in the back office.
 */
import { extractVat } from '@cassa/shared';
import type { Product } from '@cassa/shared';
import { ChannelCallError } from '../connector';
import type { PublishRequest, PublishResult, RemoteListing } from '../connector';
import type { PrestashopHttp } from './prestashop-http';
import type { JsonRecord } from './prestashop-values';
import { idOf, listOf, recordOf, textOf } from './prestashop-values';
import { pickStockRow } from './prestashop-listings';
import { writeQuantity } from './prestashop-stock';
import type { PatchSupport } from './prestashop-stock';
import type { PrestashopCredentials } from '@cassa/shared';
import { xmlRecord } from './prestashop-xml-body';

/** The shop's first language; the webservice numbers languages and 1 is the install's [U]. */
const LANGUAGE_ID = 1;

function net(grossCents: number, product: Product): string {
  return (extractVat(grossCents, product.vatCode).netCents / 100).toFixed(6);
}

function slug(name: string): string {
  const text = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return (text || 'prodotto').slice(0, 128);
}

/** Only what PrestaShop's `isEan13` takes (up to 13 digits); anything else stays off the shop. */
function ean13Of(barcodes: readonly string[]): string {
  return barcodes.find((code) => /^\d{8,13}$/.test(code)) ?? '';
}

function createdId(answer: unknown, singular: string): number {
  const id = idOf(recordOf(answer, singular), 'id');
  if (id === null) throw new ChannelCallError('retry', 'unexpected-answer', `the shop did not say the new ${singular}'s id`);
  return id;
}

function nameKey(value: string): string {
  return value.trim().toLocaleLowerCase('it');
}

async function optionGroupIds(http: PrestashopHttp, axes: Product['axes']): Promise<Map<string, number>> {
  const existing = listOf(await http.getJson('product_options', { display: 'full' }), 'product_options');
  const ids = new Map<string, number>();
  for (const axis of axes) {
    const found = existing.find((group) => nameKey(textOf(group, 'name')) === nameKey(axis.name));
    const id =
      (found === undefined ? null : idOf(found, 'id')) ??
      createdId(
        await http.sendXml(
          'POST',
          'product_options',
          xmlRecord('product_option', {
            is_color_group: 0,
            group_type: 'select',
            name: { language: axis.name, languageId: LANGUAGE_ID },
            public_name: { language: axis.name, languageId: LANGUAGE_ID },
          }),
        ),
        'product_option',
      );
    ids.set(nameKey(axis.name), id);
  }
  return ids;
}

async function optionValueIds(http: PrestashopHttp, axes: Product['axes'], groups: ReadonlyMap<string, number>): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const axis of axes) {
    const group = groups.get(nameKey(axis.name));
    if (group === undefined) continue;
    const existing = listOf(await http.getJson('product_option_values', { display: 'full', 'filter[id_attribute_group]': `[${group}]` }), 'product_option_values');
    for (const value of axis.values) {
      const found = existing.find((record: JsonRecord) => nameKey(textOf(record, 'name')) === nameKey(value));
      const id =
        (found === undefined ? null : idOf(found, 'id')) ??
        createdId(
          await http.sendXml('POST', 'product_option_values', xmlRecord('product_option_value', { id_attribute_group: group, name: { language: value, languageId: LANGUAGE_ID } })),
          'product_option_value',
        );
      ids.set(`${nameKey(axis.name)}=${nameKey(value)}`, id);
    }
  }
  return ids;
}

export async function publish(http: PrestashopHttp, credentials: PrestashopCredentials, request: PublishRequest, patch: PatchSupport): Promise<PublishResult> {
  const { product } = request;
  const already = listOf(await http.getJson('products', { display: '[id]', 'filter[reference]': `[${product.sku}]` }), 'products');
  if (already.length > 0) {
    throw new ChannelCallError('refused', 'refused-by-remote', `the shop already has a product with reference ${product.sku} (id ${textOf(already[0] ?? {}, 'id')}): link it instead of publishing`);
  }
  const hasCombinations = product.axes.length > 0;
  const single = product.variants[0];
  const groups = hasCombinations ? await optionGroupIds(http, product.axes) : new Map<string, number>();
  const values = hasCombinations ? await optionValueIds(http, product.axes, groups) : new Map<string, number>();

  const idProduct = createdId(
    await http.sendXml(
      'POST',
      'products',
      xmlRecord('product', {
        name: { language: product.name, languageId: LANGUAGE_ID },
        link_rewrite: { language: slug(product.name), languageId: LANGUAGE_ID },
        reference: product.sku,
        ean13: hasCombinations || single === undefined ? '' : ean13Of(single.barcodes),
        price: net(product.priceCents, product),
        active: product.active ? 1 : 0,
        state: 1,
        minimal_quantity: 1,
      }),
    ),
    'product',
  );

  const created: { variantId: string; idProductAttribute: number; sku: string; barcode: string }[] = [];
  if (!hasCombinations) {
    if (single !== undefined) created.push({ variantId: single.id, idProductAttribute: 0, sku: single.sku, barcode: ean13Of(single.barcodes) });
  } else {
    for (const variant of product.variants) {
      const options = Object.entries(variant.options).map(([axis, value]) => values.get(`${nameKey(axis)}=${nameKey(value)}`));
      if (options.some((id) => id === undefined)) throw new ChannelCallError('refused', 'refused-by-remote', `variant ${variant.sku} names an option its product's axes do not have`);
      const impact = (variant.priceCents ?? product.priceCents) - product.priceCents;
      const idCombination = createdId(
        await http.sendXml(
          'POST',
          'combinations',
          xmlRecord(
            'combination',
            { id_product: idProduct, reference: variant.sku, ean13: ean13Of(variant.barcodes), price: impact === 0 ? '0' : (impact < 0 ? '-' : '') + net(Math.abs(impact), product), minimal_quantity: 1 },
            { product_option_values: { list: 'product_option_value', ids: options.filter((id): id is number => id !== undefined) } },
          ),
        ),
        'combination',
      );
      created.push({ variantId: variant.id, idProductAttribute: idCombination, sku: variant.sku, barcode: ean13Of(variant.barcodes) });
    }
  }

  const rows = listOf(await http.getJson('stock_availables', { display: 'full', 'filter[id_product]': `[${idProduct}]` }), 'stock_availables');
  const listings: RemoteListing[] = [];
  for (const item of created) {
    const row = pickStockRow(rows, idProduct, item.idProductAttribute, credentials.shopId);
    const rowId = row === null ? null : idOf(row, 'id');
    const quantity = Math.max(0, Math.floor(request.quantities[item.variantId] ?? 0));
    const mapping = { variantId: item.variantId, sku: item.sku, barcode: item.barcode || null, remoteProductId: String(idProduct), remoteVariantId: String(item.idProductAttribute), remoteStockId: rowId === null ? null : String(rowId), remoteOfferId: null };
    await writeQuantity(http, credentials, mapping, quantity, patch);
    listings.push({ remoteProductId: mapping.remoteProductId, remoteVariantId: mapping.remoteVariantId, sku: item.sku, barcode: mapping.barcode, quantity, remoteStockId: mapping.remoteStockId, remoteOfferId: null, title: product.name });
  }
  return { remoteProductId: String(idProduct), listings };
}
