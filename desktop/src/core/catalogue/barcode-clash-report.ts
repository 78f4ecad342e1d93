/**
 * @module
 * Barcode clashes found by migration 003-barcode-keys (one GTIN on two products in an upgraded
 * database) go into the audit log once, at the first start after the upgrade, so the manager and
 * head office (the audit log is synced) learn which code was taken from which product.
 */
import type { TillContext } from '../till-context';

interface ClashRow {
  code: string;
  variant_id: string;
  kept_code: string;
  kept_variant_id: string;
}

export function auditMigratedBarcodeClashes(ctx: Pick<TillContext, 'store' | 'audit'>): number {
  const db = ctx.store.db;
  const clashes = db.prepare('SELECT code, variant_id, kept_code, kept_variant_id FROM barcode_clashes WHERE audited = 0 ORDER BY code').all() as ClashRow[];
  if (clashes.length === 0) return 0;
  ctx.store.write(() => {
    ctx.audit.append({
      userId: null,
      role: null,
      action: 'catalogue.barcodeClashes',
      details: {
        clashes: clashes.map((c) => ({ code: c.code, removedFromVariant: c.variant_id, keptCode: c.kept_code, keptOnVariant: c.kept_variant_id })),
      },
    });
    db.prepare('UPDATE barcode_clashes SET audited = 1 WHERE audited = 0').run();
  });
  return clashes.length;
}
