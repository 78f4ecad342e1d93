/**
 * @module
 * The shop manager's side of the till: sales reports for this register, stock on hand and
 * adjustments, users, settings, and the catalogue when no head office manages it. What head
 * office owns (catalogue, users) is refused here once the register is paired, so a local edit is
 * never silently overwritten by the next sync.
 */
import type { ClosureGross, Product, ReportGrouping, Role, SaleKind, SalesReport, TillSettingsView, VariableMeasureLayout, VatCode } from '@cassa/shared';
import { barcodeKey, CassaError, catalogueBarcodeProblem, changeIntoDrawerCents, scaleLayoutProblemText, scaleLayoutsProblems, vatOverClosures } from '@cassa/shared';
import { hashPin } from '../auth/pin-hash';
import { refuseCatalogueWriteWhenPaired } from '../catalogue/catalogue-guard';
import type { SessionRegistry } from '../auth/sessions';
import { SCAN_LAYOUTS_KEY, scanLayouts, scanLayoutsManagedByHeadOffice } from '../sales/scan-layouts';
import type { StockLedger } from '../stock/stock-ledger';
import { availableSql, reservedSql, storeStockOf, tillStockFigures } from '../stock/store-stock';
import type { SyncPairing } from '../sync-outbox/sync-pairing';
import type { Actor, TillContext } from '../till-context';
import { addDays, localDayAndHour, localDayStartUtc } from '@cassa/shared';

interface LineFact {
  sale_id: string;
  completed_at: string;
  cashier: string;
  product_id: string;
  product_name: string | null;
  category: string | null;
  vat_code: VatCode;
  quantity_milli: number;
  total_cents: number;
}

/** The shop policies head office may set for the whole chain (see sync-server/src/head-office/services/chain-settings.ts). */
const POLICY_KEYS = ['approval.cancelTicket', 'approval.voidLine', 'sale.maxLineAmountCents'] as const;

export class BackOfficeService {
  constructor(
    private readonly ctx: TillContext,
    private readonly stock: StockLedger,
    private readonly sessions: SessionRegistry,
    private readonly pairing: SyncPairing,
    /** The shop's zone, read at each report: head office may change it while the till runs. */
    private readonly shopTimeZone: () => string,
  ) {}

  private get timeZone(): string {
    return this.shopTimeZone();
  }

  private get db() {
    return this.ctx.store.db;
  }

  private refuseWhenManaged(what: string): void {
    if (this.pairing.current()) {
      throw new CassaError('CONFLICT', `${what} are managed by head office for this register: change them there`, { reason: 'head-office-managed' });
    }
  }

  salesReport(from: string, to: string, groupBy: ReportGrouping): SalesReport {
    if (to < from) throw new CassaError('VALIDATION', 'The end date is before the start date');
    const start = localDayStartUtc(from, this.timeZone).toISOString();
    const end = localDayStartUtc(addDays(to, 1), this.timeZone).toISOString();
    const rows = new Map<string, { label: string; tickets: Set<string>; quantityMilli: number; totalCents: number; byVat: Map<string, ClosureGross> }>();
    const add = (key: string, label: string, saleId: string, quantity: number, total: number, vat: { day: string; code: VatCode } | null) => {
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { label, tickets: new Set(), quantityMilli: 0, totalCents: 0, byVat: new Map() }));
      row.tickets.add(saleId);
      row.quantityMilli += quantity;
      row.totalCents += total;
      if (vat) {
        const id = `${vat.day}|${vat.code}`;
        const sum = row.byVat.get(id);
        row.byVat.set(id, { closure: vat.day, vatCode: vat.code, grossCents: (sum?.grossCents ?? 0) + total });
      }
    };

    if (groupBy === 'payment') {
      const payments = this.db
        .prepare(
          `SELECT s.id, s.kind, s.change_cents, p.method, p.amount_cents FROM sales s JOIN sale_payments p ON p.sale_id = s.id
           WHERE s.completed_at >= ? AND s.completed_at < ? ORDER BY s.id, p.position`,
        )
        .all(start, end) as { id: string; kind: SaleKind; change_cents: number; method: string; amount_cents: number }[];
      const changeTaken = new Set<string>();
      for (const p of payments) {
        // Cash is counted net of the change, once per sale: out on a sale, back in on a refund (shared drawer-cash.ts).
        const change = p.method === 'cash' && !changeTaken.has(p.id) ? changeIntoDrawerCents(p.kind, p.change_cents) : 0;
        if (p.method === 'cash') changeTaken.add(p.id);
        add(p.method, p.method, p.id, 0, p.amount_cents + change, null);
      }
    } else {
      const facts = this.db
        .prepare(
          `SELECT s.id AS sale_id, s.completed_at, coalesce(u.name, s.cashier_id) AS cashier, l.product_id, p.name AS product_name,
                  c.name AS category, l.vat_code, l.quantity_milli, l.total_cents
           FROM sales s JOIN sale_lines l ON l.sale_id = s.id
           LEFT JOIN users u ON u.id = s.cashier_id
           LEFT JOIN products p ON p.id = l.product_id
           LEFT JOIN categories c ON c.id = p.category_id
           WHERE s.completed_at >= ? AND s.completed_at < ?`,
        )
        .iterate(start, end) as IterableIterator<LineFact>;
      for (const f of facts) {
        const { day, hour } = localDayAndHour(f.completed_at, this.timeZone);
        const [key, label] = ((): [string, string] => {
          switch (groupBy) {
            case 'day':
              return [day, day];
            case 'hour':
              return [String(hour).padStart(2, '0'), `${String(hour).padStart(2, '0')}:00`];
            case 'product':
              return [f.product_id, f.product_name ?? f.product_id];
            case 'category':
              return [f.category ?? '-', f.category ?? '-'];
            case 'cashier':
              return [f.cashier, f.cashier];
            case 'vat':
              return [f.vat_code, /^\d+$/.test(f.vat_code) ? `${f.vat_code}%` : f.vat_code];
          }
        })();
        add(key, label, f.sale_id, f.quantity_milli, f.total_cents, { day, code: f.vat_code });
      }
    }
    const out = [...rows.entries()]
      .map(([key, row]) => ({
        key,
        label: row.label,
        tickets: row.tickets.size,
        quantityMilli: row.quantityMilli,
        totalCents: row.totalCents,
        // The fiscal closure's rule: scorporo of each local day's gross per rate, days added (as the Z and head office).
        vatCents: vatOverClosures([...row.byVat.values()]).reduce((a, g) => a + g.vatCents, 0),
      }))
      .sort((a, b) => (groupBy === 'day' || groupBy === 'hour' || groupBy === 'vat' ? a.key.localeCompare(b.key) : b.totalCents - a.totalCents));
    return { groupBy, from, to, timeZone: this.timeZone, rows: out, totalCents: out.reduce((a, r) => a + r.totalCents, 0) };
  }

  stockLevels(query: string, belowMilli: number | undefined, limit: number) {
    const like = `%${query.trim().replace(/[%_]/g, '')}%`;
    const rows = this.db
      .prepare(
        // Issue 18: on hand includes head office's part at this store (store_stock); the low-stock
        // filter and the order read what the shop may still sell (available).
        `SELECT v.id AS variant_id, p.id AS product_id, p.name, v.sku, v.options,
                coalesce(sl.on_hand_milli, 0) AS own, coalesce(ss.head_office_milli, 0) AS head_office, ${reservedSql} AS reserved
         FROM variants v JOIN products p ON p.id = v.product_id LEFT JOIN stock_levels sl ON sl.variant_id = v.id
         LEFT JOIN store_stock ss ON ss.variant_id = v.id
         WHERE v.active = 1 AND (p.name LIKE @like OR v.sku LIKE @like) AND (@below IS NULL OR ${availableSql} < @below)
         ORDER BY ${availableSql}, p.name LIMIT @limit`,
      )
      .all({ like, below: belowMilli ?? null, limit }) as { variant_id: string; product_id: string; name: string; sku: string; options: string; own: number; head_office: number; reserved: number }[];
    return rows.map((r) => ({
      variantId: r.variant_id,
      productId: r.product_id,
      name: r.name,
      sku: r.sku,
      options: JSON.parse(r.options) as Record<string, string>,
      ...tillStockFigures(r.own, r.head_office, r.reserved),
    }));
  }

  adjustStock(actor: Actor, variantId: string, deltaMilli: number, reason: 'adjustment' | 'goods-received', note: string) {
    const item = this.ctx.catalogue.findVariant(variantId);
    if (!item) throw new CassaError('NOT_FOUND', `No item ${variantId}`);
    this.ctx.store.write(() => {
      this.stock.record({ variantId, deltaMilli, reason, referenceId: null, userId: actor.userId });
      this.ctx.audit.append({ userId: actor.userId, role: actor.role, action: 'stock.adjusted', details: { variantId, deltaMilli, reason, note } });
    });
    const headOffice = storeStockOf(this.db, variantId);
    const figures = tillStockFigures(this.stock.onHand(variantId), headOffice.headOfficeMilli, headOffice.reservedMilli);
    return { variantId, productId: item.productId, name: item.name, sku: item.sku, options: item.options, ...figures };
  }

  listUsers() {
    return (this.db.prepare('SELECT id, name, role, active FROM users ORDER BY name').all() as { id: string; name: string; role: Role; active: number }[]).map((u) => ({
      id: u.id,
      name: u.name,
      role: u.role,
      active: u.active === 1,
    }));
  }

  saveUser(actor: Actor, input: { id?: string | undefined; name: string; role: Role; pin?: string | undefined; active: boolean }) {
    this.refuseWhenManaged('Users');
    const id = input.id ?? this.ctx.newId();
    this.ctx.store.write(() => {
      const existing = this.db.prepare('SELECT pin_hash FROM users WHERE id = ?').get(id) as { pin_hash: string } | undefined;
      if (!existing && !input.pin) throw new CassaError('VALIDATION', 'A new user needs a PIN');
      const pinHash = input.pin ? hashPin(input.pin) : existing!.pin_hash;
      this.db
        .prepare(
          `INSERT INTO users (id, name, role, pin_hash, active) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, pin_hash = excluded.pin_hash, active = excluded.active`,
        )
        .run(id, input.name, input.role, pinHash, input.active ? 1 : 0);
      this.ctx.audit.append({ userId: actor.userId, role: actor.role, action: 'users.saved', details: { id, role: input.role, active: input.active, pinChanged: !!input.pin } });
    });
    this.sessions.endAllFor(id);
    return { id, name: input.name, role: input.role, active: input.active };
  }

  settings(): TillSettingsView {
    const s = this.ctx.settings;
    const shop = s.shop();
    return {
      shopName: shop.shopName,
      addressLines: [...shop.addressLines],
      vatNumber: shop.vatNumber,
      registerName: shop.registerName,
      receiptFooter: JSON.parse(s.get('receipt.footer') ?? '["Grazie e arrivederci!"]') as string[],
      cashRounding: s.cashRounding(),
      cashierDiscountLimitBp: s.cashierDiscountLimit(),
      defaultLocale: s.get('ui.locale') === 'en' ? 'en' : 'it',
      scaleLayouts: scanLayouts(s).map((layout) => ({ ...layout })),
      scaleLayoutsFromHeadOffice: scanLayoutsManagedByHeadOffice(s),
      approvals: { ...s.approvalPolicy() },
      maxLineAmountCents: s.maxLineAmountCents(),
      policiesFromHeadOffice: POLICY_KEYS.some((key) => s.fromHeadOffice(key)),
    };
  }

  saveSettings(actor: Actor, next: TillSettingsView): TillSettingsView {
    const layouts = next.scaleLayouts === undefined ? undefined : this.checkedScaleLayouts(next.scaleLayouts);
    this.refuseChangingHeadOfficePolicies(next);
    this.ctx.store.write(() => {
      const s = this.ctx.settings;
      if (layouts !== undefined) s.set(SCAN_LAYOUTS_KEY, JSON.stringify(layouts));
      if (next.approvals !== undefined) {
        s.set('approval.cancelTicket', String(next.approvals.cancelTicket));
        s.set('approval.voidLine', String(next.approvals.voidLine));
      }
      if (next.maxLineAmountCents !== undefined) s.set('sale.maxLineAmountCents', String(next.maxLineAmountCents));
      s.set('shop.name', next.shopName);
      s.set('shop.address', JSON.stringify(next.addressLines));
      s.set('shop.vatNumber', next.vatNumber);
      s.set('register.name', next.registerName);
      s.set('receipt.footer', JSON.stringify(next.receiptFooter));
      s.set('sale.cashRounding', String(next.cashRounding));
      s.set('sale.cashierDiscountLimitBp', String(next.cashierDiscountLimitBp));
      s.set('ui.locale', next.defaultLocale);
      this.ctx.audit.append({ userId: actor.userId, role: actor.role, action: 'settings.saved', details: { ...next } });
    });
    return this.settings();
  }

  /**
   * Approvals and the amount ceiling that head office set come down again with every change it
   * makes: a local edit would be silently undone, so it is refused (sending them back unchanged,
   * as a settings form does, is fine).
   */
  private refuseChangingHeadOfficePolicies(next: TillSettingsView): void {
    const s = this.ctx.settings;
    const approvals = s.approvalPolicy();
    const asked: Record<(typeof POLICY_KEYS)[number], string | undefined> = {
      'approval.cancelTicket': next.approvals === undefined ? undefined : String(next.approvals.cancelTicket),
      'approval.voidLine': next.approvals === undefined ? undefined : String(next.approvals.voidLine),
      'sale.maxLineAmountCents': next.maxLineAmountCents === undefined ? undefined : String(next.maxLineAmountCents),
    };
    const current: Record<(typeof POLICY_KEYS)[number], string> = {
      'approval.cancelTicket': String(approvals.cancelTicket),
      'approval.voidLine': String(approvals.voidLine),
      'sale.maxLineAmountCents': String(s.maxLineAmountCents()),
    };
    const changed = POLICY_KEYS.filter((key) => asked[key] !== undefined && asked[key] !== current[key] && s.fromHeadOffice(key));
    if (changed.length > 0) {
      throw new CassaError('CONFLICT', 'Approvals and the amount ceiling are managed by head office: change them there', { reason: 'head-office-managed', keys: changed });
    }
  }

  /**
   * The layouts to store, or undefined when they are the ones in force already (a settings form
   * sends them back unchanged). Refused with each problem as a code when they do not add up, and
   * refused when head office sets them: its layouts come down again and would undo the change.
   */
  private checkedScaleLayouts(layouts: readonly VariableMeasureLayout[]): VariableMeasureLayout[] | undefined {
    const current = scanLayouts(this.ctx.settings);
    if (JSON.stringify(layouts) === JSON.stringify(current)) return undefined;
    if (scanLayoutsManagedByHeadOffice(this.ctx.settings)) {
      throw new CassaError('CONFLICT', 'Scale label layouts are managed by head office: change them there', { reason: 'head-office-managed' });
    }
    const problems = scaleLayoutsProblems(layouts);
    if (problems.length > 0) {
      throw new CassaError('VALIDATION', problems.map((p) => scaleLayoutProblemText(p, 'en')).join('; '), { scaleLayoutProblems: problems });
    }
    return [...layouts];
  }

  saveProduct(actor: Actor, product: Product) {
    refuseCatalogueWriteWhenPaired(this.pairing);
    for (const code of product.variants.flatMap((v) => v.barcodes)) {
      const problem = catalogueBarcodeProblem(code);
      if (problem) throw new CassaError('INVALID_BARCODE', `Barcode ${JSON.stringify(code)}: ${problem.message}`, { ...problem.details, code, reason: problem.reason });
    }
    const keys = product.variants.flatMap((v) => v.barcodes).map(barcodeKey);
    if (new Set(keys).size !== keys.length) throw new CassaError('VALIDATION', 'The same barcode appears twice in this product (perhaps in two printed forms)');
    // A barcode belongs to one product: the editor never takes one over from another product.
    const [clash] = this.ctx.catalogue.barcodeClashes(product);
    if (clash) {
      throw new CassaError('CONFLICT', `Barcode ${clash.code} already belongs to ${clash.owner.sku} "${clash.owner.name}"`, {
        reason: 'barcode-held',
        code: clash.code,
        ownerSku: clash.owner.sku,
        ownerName: clash.owner.name,
      });
    }
    this.ctx.store.write(() => {
      this.ctx.catalogue.upsertProduct(product);
      this.ctx.audit.append({ userId: actor.userId, role: actor.role, action: 'catalogue.productSaved', details: { productId: product.id } });
    });
    return this.ctx.catalogue.matrix(product.id)!;
  }
}
