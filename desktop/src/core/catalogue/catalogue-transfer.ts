/**
 * @module
 * Catalogue import and export as CSV for the back office. An import runs in batches, each its
 * own short transaction, yielding to the event loop between them: sales go on during a
 * million-row import, and the screen gets progress events. A dry run reads and checks every row
 * and writes nothing.
 */
import type { CsvDelimiter, ImportNote, ImportReport } from '@cassa/shared';
import { catalogueCsvHeader, csvLine, euroInputText, readCatalogueCsv, resolveBarcodeClashes } from '@cassa/shared';
import type { TillContext } from '../till-context';
import type { PairingState } from './catalogue-guard';
import { refuseCatalogueWriteWhenPaired } from './catalogue-guard';
import { nextTurn } from '../portable/next-turn';

const maxListedRejections = 500;
const maxListedWarnings = 500;

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n : n + 1;
}

const yieldToEventLoop = nextTurn;

export class CatalogueTransfer {
  constructor(
    private readonly ctx: TillContext,
    private readonly pairing: PairingState = { current: () => null },
  ) {}

  /** The active or inactive product holding a code now, for the shared clash rule. */
  private holderOf = (code: string) => {
    const owner = this.ctx.catalogue.barcodeOwner(code);
    return owner ? { productId: owner.productId, sku: owner.sku, name: owner.name } : null;
  };

  async importCsv(text: string, options: { dryRun: boolean; importId?: string; batchSize?: number }): Promise<ImportReport> {
    refuseCatalogueWriteWhenPaired(this.pairing);
    const redescribed = new Set<string>();
    const started = Date.now();
    const batchSize = options.batchSize ?? 2_000;
    const totalLines = countLines(text);
    const importId = options.importId ?? this.ctx.newId();
    const db = this.ctx.store.db;
    const exists = db.prepare('SELECT 1 FROM products WHERE id = ?');
    const upsertCategory = db.prepare('INSERT INTO categories (id, name, parent_id) VALUES (?, ?, NULL) ON CONFLICT (id) DO NOTHING');
    const rejected: ImportReport['rejected'][number][] = [];
    const warnings: ImportReport['warnings'][number][] = [];
    let rejectedCount = 0;
    let warningCount = 0;
    const reject = (note: ImportNote) => {
      rejectedCount++;
      if (rejected.length < maxListedRejections) rejected.push(note);
    };
    let products = 0;
    let variants = 0;
    let created = 0;
    let lastLine = 1;
    let batch: { product: Parameters<TillContext['catalogue']['upsertProduct']>[0]; categoryName: string | null }[] = [];

    const flush = () => {
      if (options.dryRun || batch.length === 0) {
        batch = [];
        return;
      }
      const items = batch;
      batch = [];
      this.ctx.store.write(() => {
        for (const { product, categoryName } of items) {
          if (categoryName && product.categoryId) upsertCategory.run(product.categoryId, categoryName);
          this.ctx.catalogue.upsertProduct(product);
        }
      });
    };
    const report = () => this.ctx.events.emit('catalogue.importProgress', { importId, processedLines: lastLine, totalLines, rejected: rejectedCount });

    for (const item of readCatalogueCsv(text)) {
      lastLine = item.line;
      if (item.kind === 'rejected') {
        const { kind: _kind, ...note } = item;
        reject(note);
        continue;
      }
      const { product, clashes } = resolveBarcodeClashes(item, this.holderOf, redescribed);
      clashes.forEach(reject);
      if (!product) continue;
      for (const warning of item.warnings) {
        warningCount++;
        if (warnings.length < maxListedWarnings) warnings.push(warning);
      }
      products++;
      variants += product.variants.length;
      if (!exists.get(product.id)) created++;
      batch.push({ product, categoryName: item.categoryName });
      if (batch.length >= batchSize) {
        flush();
        report();
        await yieldToEventLoop();
      }
    }
    flush();
    lastLine = totalLines;
    report();
    if (!options.dryRun) {
      this.ctx.store.write(() =>
        this.ctx.audit.append({ userId: null, role: null, action: 'catalogue.imported', details: { importId, products, variants, rejected: rejectedCount, warnings: warningCount } }),
      );
    }
    return {
      dryRun: options.dryRun,
      products,
      variants,
      created,
      updated: products - created,
      rejectedCount,
      rejected,
      warningCount,
      warnings,
      durationMs: Date.now() - started,
    };
  }

  exportCsv(delimiter: CsvDelimiter): string {
    const db = this.ctx.store.db;
    const rows = db
      .prepare(
        `SELECT v.sku, p.sku AS product_sku, p.name, coalesce(v.price_cents, p.price_cents) AS price_cents, p.vat_code, p.unit,
                c.name AS category, v.options,
                (SELECT group_concat(code, '|') FROM barcodes b WHERE b.variant_id = v.id) AS barcodes
         FROM variants v JOIN products p ON p.id = v.product_id LEFT JOIN categories c ON c.id = p.category_id
         WHERE v.active = 1 AND p.active = 1 ORDER BY p.sku, v.position`,
      )
      .iterate() as IterableIterator<{
      sku: string;
      product_sku: string;
      name: string;
      price_cents: number;
      vat_code: string;
      unit: string;
      category: string | null;
      options: string;
      barcodes: string | null;
    }>;
    const lines = [csvLine([...catalogueCsvHeader, 'taglia', 'colore'], delimiter)];
    for (const row of rows) {
      const options = JSON.parse(row.options) as Record<string, string>;
      // With a comma separator the decimal point must be a dot, or the price would split in two.
      const price = euroInputText(row.price_cents, delimiter === ';' ? 'it' : 'en');
      lines.push(
        csvLine(
          [row.sku, row.product_sku, row.name, price, row.vat_code, row.unit === 'piece' ? 'pz' : row.unit, row.category ?? '', row.barcodes ?? '', options.taglia ?? '', options.colore ?? ''],
          delimiter,
        ),
      );
    }
    return `${lines.join('\r\n')}\r\n`;
  }
}
