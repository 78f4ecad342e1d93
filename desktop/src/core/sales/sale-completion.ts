/**
 * @module
 * Completing a sale: one BEGIN IMMEDIATE transaction writes the immutable sale record, its lines
 * and payments, the stock movements, the outbox rows and the print job, assigns the receipt
 * number, and removes the working ticket. With synchronous=FULL the commit is on disk before the
 * till says "done"; a crash before it leaves the ticket as it was, a crash after leaves the sale.
 */
import type { CompletedSale, SaleRecord } from '@cassa/shared';
import { CassaError, GIFT_CARD_VARIANT_ID, formatDocumentNumber } from '@cassa/shared';
import type { ShiftService } from '../shifts/shift-service';
import type { StockLedger } from '../stock/stock-ledger';
import type { SaleLedger } from '../ledger/sale-ledger';
import type { Actor, TillContext } from '../till-context';
import type { LoadedTicket, TicketService } from './ticket-service';
import { cachedStatement, insertRows } from '../store/statement-cache';
import type { FiscalIntents, FiscalSaleOptions, PreparedFiscalOptions } from '../fiscal/fiscal-intents';
import type { FiscalQueue } from '../fiscal/fiscal-queue';
import { utf8Bytes } from '../portable/bytes';

export class SaleCompletion {
  constructor(
    private readonly ctx: TillContext,
    private readonly tickets: TicketService,
    private readonly shifts: ShiftService,
    private readonly stock: StockLedger,
    // Issue 17: the sale's vouchers, gift cards, store credit and points.
    private readonly saleLedger: SaleLedger,
    // Issue 16: with an Italian fiscal device set, each sale's fiscal job is written in its own
    // transaction and the queue sends it after the commit. Both null on a till without one.
    private readonly fiscal: { readonly intents: FiscalIntents; readonly queue: FiscalQueue } | null = null,
  ) {}

  complete(actor: Actor, printReceipt: boolean, fiscalOptions: FiscalSaleOptions = {}): CompletedSale {
    // Fiscal: a manager's PIN for an unreferenced return is checked before the write, like every override.
    const prepared = this.fiscal?.intents.prepare(actor, fiscalOptions);
    const done = this.ctx.store.write(() => {
      const ticket = this.tickets.openTicketOf(actor.userId);
      if (!ticket || ticket.lines.length === 0) throw new CassaError('SALE_NOT_OPEN');
      const totals = this.tickets.totalsOf(ticket);
      if (!totals.fullyPaid) {
        throw new CassaError('SALE_NOT_PAID', `${totals.remainingCents} cents still to pay`, { remainingCents: totals.remainingCents });
      }
      const shift = this.shifts.requireOpenShift();
      const record = this.buildRecord(actor, ticket, shift.id, shift.z_number, totals);
      this.insertSale(record);
      this.recordFiscalIntent(actor, record, prepared); // fiscal: refuses what the device would refuse
      this.recordStock(actor, record);
      this.ctx.outbox.enqueue({ type: 'sale', record });
      // Issue 17: the sale's ledger entries follow its record in the outbox, in this transaction.
      const ledger = this.saleLedger.postSale(actor, record, ticket);
      const printJobId = this.receiptAtCompletion(record.id, printReceipt);
      // With an RT the till prints no receipt of its own: a gift card's code then gets its own slip.
      if (printJobId === null && ledger.giftCards.length > 0) this.queueReceipt(record.id, 'gift-card-slip');
      cachedStatement(this.ctx.store.db, 'DELETE FROM tickets WHERE id = ?').run(ticket.row.id);
      return {
        saleId: record.id,
        receiptNumber: formatDocumentNumber(record.zNumber, record.documentNumber),
        totalCents: record.totalCents,
        changeCents: record.changeCents,
        printJobId,
        giftCards: ledger.giftCards,
        points: ledger.points,
      };
    });
    this.sendFiscal();
    return done;
  }

  /** Fiscal (issue 16): the document's request as a job, inside the transaction storing `record`; nothing without a device. */
  recordFiscalIntent(actor: Actor, record: SaleRecord, prepared?: PreparedFiscalOptions): void {
    this.fiscal?.intents.record(actor, record, prepared);
  }

  /** Issue 17: a post-void gives back what the cancelled sale did to the ledgers (inside the void's transaction). */
  reverseLedger(actor: Actor, originalSaleId: string, voidRecord: SaleRecord): void {
    this.saleLedger.reverseSale(actor, originalSaleId, voidRecord);
  }

  /** Fiscal: after the commit, the queue sends what is waiting. */
  sendFiscal(): void {
    this.fiscal?.queue.kick();
  }

  private buildRecord(
    actor: Actor,
    ticket: LoadedTicket,
    shiftId: string,
    zNumber: number,
    totals: ReturnType<TicketService['totalsOf']>,
  ): SaleRecord {
    const last = cachedStatement(this.ctx.store.db, 'SELECT max(document_number) AS n FROM sales WHERE z_number = ?').get(zNumber) as { n: number | null };
    return {
      id: this.ctx.newId(),
      kind: ticket.row.kind,
      storeId: this.ctx.storeId,
      deviceId: this.ctx.deviceId,
      shiftId,
      zNumber,
      documentNumber: (last.n ?? 0) + 1,
      originalSaleId: ticket.row.original_sale_id,
      cashierId: actor.userId,
      customerId: ticket.row.customer_id,
      completedAt: this.ctx.clock.now().toISOString(),
      lines: ticket.lines.map((line, i) => ({
        lineId: line.id,
        productId: line.product_id,
        variantId: line.variant_id,
        sku: line.sku,
        description: line.description,
        vatCode: line.vat_code,
        quantityMilli: line.quantity_milli,
        unitPriceCents: line.unit_price_cents,
        discountCents: totals.lines[i]?.discountCents ?? 0,
        totalCents: totals.lines[i]?.totalCents ?? 0,
        ...(line.original_line_id ? { originalLineId: line.original_line_id } : {}),
      })),
      // Money given back on a return is recorded as negative, so sums over payments are net takings.
      payments: ticket.payments.map((p) => ({
        method: p.method,
        amountCents: ticket.row.kind === 'return' ? -p.amount_cents : p.amount_cents,
        reference: p.reference,
      })),
      changeCents: totals.changeCents,
      roundingCents: totals.roundingCents,
      totalCents: totals.totalCents,
      vatBreakdown: [...totals.vatBreakdown],
    };
  }

  insertSale(record: SaleRecord): void {
    const db = this.ctx.store.db;
    cachedStatement(db,
      `INSERT INTO sales (id, kind, shift_id, z_number, document_number, original_sale_id, cashier_id, customer_id, completed_at, total_cents, change_cents, record)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(record.id, record.kind, record.shiftId, record.zNumber, record.documentNumber, record.originalSaleId, record.cashierId, record.customerId, record.completedAt, record.totalCents, record.changeCents, JSON.stringify(record));
    insertRows(
      db,
      'sale_lines (sale_id, line_id, variant_id, product_id, quantity_milli, total_cents, discount_cents, vat_code, original_line_id)',
      record.lines.map((l) => [record.id, l.lineId, l.variantId, l.productId, l.quantityMilli, l.totalCents, l.discountCents, l.vatCode, l.originalLineId ?? null]),
    );
    const payment = cachedStatement(db, 'INSERT INTO sale_payments (sale_id, position, method, amount_cents) VALUES (?, ?, ?, ?)');
    record.payments.forEach((p, i) => payment.run(record.id, i, p.method, p.amountCents));
  }

  /** Stock is derived from movements; a sale may drive it negative, which is flagged, never blocked. */
  recordStock(actor: Actor, record: SaleRecord): void {
    this.stock.recordAll(
      // Issue 17: a gift card is no goods: it moves no stock.
      record.lines.filter((line) => line.variantId !== GIFT_CARD_VARIANT_ID).map((line) => ({
        variantId: line.variantId,
        deltaMilli: -line.quantityMilli,
        reason: record.kind === 'return' ? 'return' : 'sale',
        referenceId: record.id,
        userId: actor.userId,
        at: record.completedAt,
      })),
    );
  }

  /** Queues a document's receipt; call inside the transaction that stores the document. */
  /**
   * The till's own receipt for a sale, return or post-void just completed. With an Italian fiscal
   * device the customer's paper is the RT's documento commerciale: a second receipt from the till's
   * printer would be a paper a customer could take for the fiscal one, so none is printed (a
   * reprint is still possible, marked non-fiscal: PrintService).
   */
  receiptAtCompletion(saleId: string, printReceipt: boolean): string | null {
    return printReceipt && !this.fiscal ? this.queueReceipt(saleId) : null;
  }

  queueReceipt(saleId: string, variant: 'receipt' | 'gift-card-slip' = 'receipt'): string {
    const id = this.ctx.newId();
    const now = this.ctx.clock.now().toISOString();
    const payload = variant === 'receipt' ? { saleId } : { saleId, variant };
    cachedStatement(this.ctx.store.db, "INSERT INTO print_jobs (id, kind, sale_id, copy, status, payload, created_at, updated_at) VALUES (?, 'receipt', ?, 0, 'queued', ?, ?, ?)")
      .run(id, saleId, utf8Bytes(JSON.stringify(payload)), now, now);
    return id;
  }
}
