/**
 * @module
 * Items and prices from SAP Business One into Cassa's catalogue. Reads the `Items` changed since
 * the link's cursor (`UpdateDate`/`UpdateTime`, less a 10-minute overlap, since SAP stamps an item
 * when its transaction starts and one committed late would be missed [channels-erp.md §7.2]), and
 * writes each through head office's catalogue service (`saveProduct`: the barcode checks and the
 * clash refusal of every catalogue write, never a rule of its own). An SAP item is one product with
 * one variant, matched to Cassa by SKU = `ItemCode`; a variant of a product with several gets its
 * price and barcodes. Each item that cannot be written is a worded problem, never a failed run:
 * an unmapped VAT group, no price in the chosen list, a barcode the tills would refuse.
 */
import { randomUUID } from 'node:crypto';
import { CassaError, catalogueBarcodeProblem, MAX_AMOUNT_CENTS } from '@cassa/shared';
import type { Product, SapSettings, VatCode } from '@cassa/shared';
import type { CatalogueService } from '../../head-office/services/catalogue';
import type { SapRunProblem } from '../../storage/sap/sap-storage';
import type { SapClient } from './sap-client';
import { odataText } from './sap-client';

/** How far back each run reads before the cursor. */
export const ITEMS_OVERLAP_MS = 10 * 60_000;

export interface SapItem {
  readonly ItemCode: string;
  readonly ItemName: string | null;
  readonly BarCode: string | null;
  readonly SalesVATGroup: string | null;
  readonly Valid?: string;
  readonly UpdateDate: string | null;
  readonly UpdateTime: string | null;
  readonly ItemPrices?: readonly { readonly PriceList: number; readonly Price: number | null }[];
  readonly ItemBarCodeCollection?: readonly { readonly Barcode: string | null }[];
}

const SELECT = 'ItemCode,ItemName,BarCode,SalesVATGroup,Valid,UpdateDate,UpdateTime,ItemPrices,ItemBarCodeCollection';

/** `YYYY-MM-DD HH:MM:SS` of an item's stamp; SAP v1 gives the date alone or with a time of midnight [U]. */
const stampOf = (item: SapItem): string => `${(item.UpdateDate ?? '').slice(0, 10)} ${(item.UpdateTime ?? '00:00:00').slice(0, 8)}`;

/** The `Items` query for a cursor: everything changed at or after (cursor − overlap). */
export function itemsQuery(cursor: string | null): string {
  if (cursor === null) return `Items?$select=${SELECT}`;
  const since = new Date(new Date(`${cursor.replace(' ', 'T')}Z`).getTime() - ITEMS_OVERLAP_MS).toISOString();
  const day = since.slice(0, 10);
  const time = since.slice(11, 19);
  const filter = `UpdateDate gt ${odataText(day)} or (UpdateDate eq ${odataText(day)} and UpdateTime ge ${odataText(time)})`;
  return `Items?$select=${SELECT}&$filter=${encodeURIComponent(filter)}`;
}

export interface ItemImportResult {
  readonly written: number;
  readonly problems: readonly SapRunProblem[];
  /** The newest stamp seen, for the next run (unchanged when no item came). */
  readonly cursor: string | null;
}

export async function importSapItems(input: {
  readonly client: SapClient;
  readonly settings: SapSettings;
  readonly catalogue: Pick<CatalogueService, 'saveProduct'>;
  readonly products: readonly Product[];
  readonly organisationId: string;
  readonly cursor: string | null;
}): Promise<ItemImportResult> {
  const items = await input.client.readAll<SapItem>(itemsQuery(input.cursor));
  const bySku = new Map<string, { product: Product; variantIndex: number }>();
  for (const product of input.products) product.variants.forEach((variant, variantIndex) => bySku.set(variant.sku, { product, variantIndex }));
  const problems: SapRunProblem[] = [];
  let written = 0;
  let cursor = input.cursor;
  for (const item of items) {
    const stamp = stampOf(item);
    if (item.UpdateDate !== null && (cursor === null || stamp > cursor)) cursor = stamp;
    // The takings item carries the day's totals into SAP; it is not something the tills sell.
    if (item.ItemCode === input.settings.takingsItemCode) continue;
    const subject = String(item.ItemCode).slice(0, 64);
    const problem = (kind: SapRunProblem['problem'], detail: string) => problems.push({ subject, problem: kind, detail: detail.slice(0, 300) });
    if (typeof item.ItemCode !== 'string' || item.ItemCode.trim() === '' || item.ItemCode.length > 64 || /\p{Cc}/u.test(item.ItemCode)) {
      problem('invalid-item', 'ItemCode missing, longer than 64 characters or with control characters');
      continue;
    }
    const vatCode: VatCode | undefined = input.settings.vatGroups.find((entry) => entry.sapVatGroup === item.SalesVATGroup)?.vatCode;
    if (vatCode === undefined) {
      problem('unmapped-vat-group', String(item.SalesVATGroup ?? '(none)'));
      continue;
    }
    const price = item.ItemPrices?.find((entry) => entry.PriceList === input.settings.priceList)?.Price;
    const priceCents = typeof price === 'number' && Number.isFinite(price) ? Math.round(price * 100) : null;
    if (priceCents === null || priceCents < 0 || priceCents > MAX_AMOUNT_CENTS) {
      problem('missing-price', `price list ${input.settings.priceList}`);
      continue;
    }
    const codes = [item.BarCode, ...(item.ItemBarCodeCollection ?? []).map((entry) => entry.Barcode)].filter((code): code is string => typeof code === 'string' && code.trim() !== '');
    const barcodes: string[] = [];
    for (const code of new Set(codes.map((code) => code.trim()))) {
      const refusal = catalogueBarcodeProblem(code);
      if (refusal) problem('invalid-item', `barcode ${code.slice(0, 64)}: ${refusal.message}`);
      else if (barcodes.length < 20) barcodes.push(code);
    }
    const name = (item.ItemName ?? '').replace(/\p{Cc}/gu, ' ').trim().slice(0, 200) || item.ItemCode;
    const active = item.Valid !== 'tNO';
    const known = bySku.get(item.ItemCode);
    let product: Product;
    if (known === undefined) {
      product = {
        id: `sap-${randomUUID()}`,
        sku: item.ItemCode,
        name,
        categoryId: null,
        vatCode,
        unit: 'piece',
        priceCents,
        axes: [],
        variants: [{ id: `sap-${randomUUID()}`, sku: item.ItemCode, barcodes, options: {}, priceCents: null, active: true }],
        active,
      };
    } else if (known.product.variants.length === 1) {
      const variant = known.product.variants[0]!;
      product = { ...known.product, name, vatCode, priceCents, active, variants: [{ ...variant, barcodes, priceCents: null }] };
    } else {
      // One variant of a product with several: SAP prices that variant; the product's name and VAT stay Cassa's.
      product = { ...known.product, variants: known.product.variants.map((variant, index) => (index === known.variantIndex ? { ...variant, barcodes, priceCents } : variant)) };
    }
    try {
      await input.catalogue.saveProduct(input.organisationId, product);
      bySku.set(item.ItemCode, { product, variantIndex: known?.variantIndex ?? 0 });
      written += 1;
    } catch (error) {
      if (!(error instanceof CassaError)) throw error;
      problem('invalid-item', error.message);
    }
  }
  return { written, problems, cursor };
}
