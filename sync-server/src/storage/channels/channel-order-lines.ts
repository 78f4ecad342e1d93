/**
 * @module
 * Which Cassa variant each line of a channel's order is: through the account's links
 * (`channel_mappings`, remote product and variant ids) first, else by the line's SKU, else by its
 * barcode in head office's catalogue. Remote ids change when a shop recreates combinations
 * (PrestaShop #12814, #21354), so SKU and EAN are the fallback (channels-erp.md §1). A line no
 * variant matches is kept with the order and reserves nothing.
 */
import type { ChannelOrderLine, Product, VatCode } from '@cassa/shared';
import { barcodeKey } from '@cassa/shared';
import type { SqlExecutor } from '../sql-database';

export interface MatchedVariant {
  readonly variantId: string;
  readonly productId: string;
  readonly productName: string;
  readonly sku: string;
  readonly vatCode: VatCode;
}

/** A remote variant id meaning "the product itself" (PrestaShop's product_attribute_id 0, none). */
function remoteVariant(id: string | null): string {
  return id === null || id === '0' ? '' : id;
}

/** LIKE's wildcards taken literally (`ESCAPE '!'`, the same on both engines). */
function likeLiteral(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}

/**
 * Matches lines for one import, remembering what it read: a page of orders names the same few
 * variants many times.
 */
export function createLineMatcher(tx: SqlExecutor, organisationId: string, accountId: string) {
  const products = new Map<string, Product | null>();
  const matches = new Map<string, MatchedVariant | null>();

  async function product(productId: string): Promise<Product | null> {
    if (!products.has(productId)) {
      const rows = await tx.query<{ data: string | null }>(
        "SELECT data FROM sync_rows WHERE organisation_id = ? AND stream = 'catalogue' AND entity = 'product' AND row_key = ?",
        [organisationId, productId],
      );
      const data = rows[0]?.data ?? null;
      products.set(productId, data === null ? null : (JSON.parse(data) as Product));
    }
    return products.get(productId) ?? null;
  }

  function matched(p: Product, variantId: string): MatchedVariant | null {
    const variant = p.variants.find((v) => v.id === variantId);
    return variant ? { variantId, productId: p.id, productName: p.name, sku: variant.sku, vatCode: p.vatCode } : null;
  }

  async function byVariantId(variantId: string): Promise<MatchedVariant | null> {
    const rows = await tx.query<{ product_id: string }>('SELECT product_id FROM variants WHERE organisation_id = ? AND variant_id = ?', [organisationId, variantId]);
    const productId = rows[0]?.product_id;
    if (productId === undefined) return null;
    const p = await product(productId);
    return p ? matched(p, variantId) : null;
  }

  /** One link names the remote item: a conflict (several variants claim it) matches nothing. */
  async function byMapping(line: ChannelOrderLine): Promise<MatchedVariant | null> {
    if (line.remoteProductId === null) return null;
    const rows = await tx.query<{ variant_id: string; remote_variant_id: string | null }>(
      "SELECT variant_id, remote_variant_id FROM channel_mappings WHERE organisation_id = ? AND account_id = ? AND remote_product_id = ? AND state <> 'conflict'",
      [organisationId, accountId, line.remoteProductId],
    );
    const wanted = remoteVariant(line.remoteVariantId);
    const hits = rows.filter((r) => remoteVariant(r.remote_variant_id) === wanted);
    return hits.length === 1 && hits[0] ? byVariantId(hits[0].variant_id) : null;
  }

  /** The one active variant with this SKU (a coarse LIKE on the products' JSON, then exactly). */
  async function bySku(sku: string): Promise<MatchedVariant | null> {
    const rows = await tx.query<{ data: string }>(
      `SELECT data FROM sync_rows WHERE organisation_id = ? AND stream = 'catalogue' AND entity = 'product' AND data IS NOT NULL AND data LIKE ? ESCAPE '!'`,
      [organisationId, `%${likeLiteral(JSON.stringify(sku))}%`],
    );
    const hits: MatchedVariant[] = [];
    for (const row of rows) {
      const p = JSON.parse(row.data) as Product;
      products.set(p.id, p);
      for (const v of p.variants) if (v.sku === sku) hits.push({ variantId: v.id, productId: p.id, productName: p.name, sku: v.sku, vatCode: p.vatCode });
    }
    return hits.length === 1 ? (hits[0] ?? null) : null;
  }

  /** A barcode belongs to one product (product_barcodes); the variant is the one printing it. */
  async function byBarcode(code: string): Promise<MatchedVariant | null> {
    const key = barcodeKey(code);
    const rows = await tx.query<{ product_id: string }>('SELECT product_id FROM product_barcodes WHERE organisation_id = ? AND barcode_key = ?', [organisationId, key]);
    const productId = rows[0]?.product_id;
    if (productId === undefined) return null;
    const p = await product(productId);
    const variants = p?.variants.filter((v) => v.barcodes.some((b) => barcodeKey(b) === key)) ?? [];
    return p && variants.length === 1 && variants[0] ? matched(p, variants[0].id) : null;
  }

  return async function match(line: ChannelOrderLine): Promise<MatchedVariant | null> {
    const key = JSON.stringify([line.remoteProductId, line.remoteVariantId, line.sku, line.barcode]);
    if (!matches.has(key)) {
      const sku = line.sku?.trim() ?? '';
      const barcode = line.barcode?.trim() ?? '';
      const found = (await byMapping(line)) ?? (sku !== '' ? await bySku(sku) : null) ?? (barcode !== '' ? await byBarcode(barcode) : null);
      matches.set(key, found);
    }
    return matches.get(key) ?? null;
  };
}
