/**
 * @module
 * Giving money back: returns against an earlier receipt (partial quantities, never more than was
 * sold, refunded by the tenders it was paid with), the post-void of the register's last sale, and
 * parking tickets. Every refund path needs a manager and is audited.
 */
import type { CompletedSale, FiscalReference, ReceiptLookup, SaleRecord, TicketView } from '@cassa/shared';
import { CassaError, divideRoundHalfUp, formatDocumentNumber, GIFT_CARD_VARIANT_ID, lineAmount, vatBreakdown } from '@cassa/shared';
import type { UserService } from '../auth/user-service';
import type { ShiftService } from '../shifts/shift-service';
import type { Actor, TillContext } from '../till-context';
import type { SaleCompletion } from './sale-completion';
import type { TicketService } from './ticket-service';

type Override = { userId: string; pin: string } | undefined;

export class ReturnService {
  constructor(
    private readonly ctx: TillContext,
    private readonly tickets: TicketService,
    private readonly completion: SaleCompletion,
    private readonly shifts: ShiftService,
    private readonly users: UserService,
  ) {}

  private get db() {
    return this.ctx.store.db;
  }

  private loadSale(saleId: string): SaleRecord {
    const row = this.db.prepare('SELECT record FROM sales WHERE id = ?').get(saleId) as { record: string } | undefined;
    if (!row) throw new CassaError('NOT_FOUND', `No receipt ${saleId} on this register`);
    return JSON.parse(row.record) as SaleRecord;
  }

  /** Sold minus already returned, per line of the original sale. */
  private returnedByLine(saleId: string): Map<string, number> {
    const rows = this.db
      .prepare(
        `SELECT l.original_line_id AS line_id, -sum(l.quantity_milli) AS returned
         FROM sale_lines l JOIN sales s ON s.id = l.sale_id
         WHERE s.original_sale_id = ? AND l.original_line_id IS NOT NULL GROUP BY l.original_line_id`,
      )
      .all(saleId) as { line_id: string; returned: number }[];
    return new Map(rows.map((r) => [r.line_id, r.returned]));
  }

  findReceipt(query: string): ReceiptLookup {
    const text = query.trim();
    let saleId = text.startsWith('CASSA:') ? text.slice(6) : text;
    const number = /^(\d{1,4})-(\d{1,4})$/.exec(text);
    if (number) {
      const row = this.db.prepare('SELECT id FROM sales WHERE z_number = ? AND document_number = ?').get(Number(number[1]), Number(number[2])) as
        | { id: string }
        | undefined;
      if (!row) throw new CassaError('NOT_FOUND', `No receipt ${text} on this register`);
      saleId = row.id;
    }
    const sale = this.loadSale(saleId);
    const returned = this.returnedByLine(sale.id);
    return {
      saleId: sale.id,
      kind: sale.kind,
      receiptNumber: formatDocumentNumber(sale.zNumber, sale.documentNumber),
      completedAt: sale.completedAt,
      totalCents: sale.totalCents,
      postVoidable: this.isPostVoidable(sale),
      lines: sale.lines.map((line) => ({
        lineId: line.lineId,
        description: line.description,
        vatCode: line.vatCode,
        unit: this.unitOf(line.variantId),
        quantityMilli: line.quantityMilli,
        totalCents: line.totalCents,
        returnableMilli: sale.kind === 'sale' ? Math.max(0, line.quantityMilli - (returned.get(line.lineId) ?? 0)) : 0,
      })),
      payments: sale.payments.map((p) => ({ method: p.method, amountCents: p.amountCents })),
    };
  }

  lastReceipt(): ReceiptLookup | null {
    const row = this.db.prepare('SELECT id FROM sales ORDER BY rowid DESC LIMIT 1').get() as { id: string } | undefined;
    return row ? this.findReceipt(row.id) : null;
  }

  private unitOf(variantId: string): 'piece' | 'kg' | 'm' {
    const row = this.db.prepare('SELECT p.unit FROM variants v JOIN products p ON p.id = v.product_id WHERE v.id = ?').get(variantId) as
      | { unit: 'piece' | 'kg' | 'm' }
      | undefined;
    return row?.unit ?? 'piece';
  }

  private isPostVoidable(sale: SaleRecord): boolean {
    if (sale.kind !== 'sale') return false;
    const last = this.db.prepare('SELECT id FROM sales ORDER BY rowid DESC LIMIT 1').get() as { id: string } | undefined;
    const shift = this.shifts.openShift();
    const touched = this.db.prepare('SELECT 1 FROM sales WHERE original_sale_id = ?').get(sale.id);
    return last?.id === sale.id && shift?.id === sale.shiftId && !touched;
  }

  startReturn(actor: Actor, saleId: string, lines: readonly { lineId: string; quantityMilli: number }[], override: Override): TicketView {
    const approver = this.users.authorise(actor, 'manager', override, 'A refund');
    return this.ctx.store.write(() => {
      const sale = this.loadSale(saleId);
      if (sale.kind !== 'sale') throw new CassaError('CONFLICT', 'Only a sale can be returned');
      const open = this.tickets.openTicketOf(actor.userId);
      if (open && open.lines.length > 0) throw new CassaError('CONFLICT', 'Complete, park or cancel the current ticket before a return');
      if (open) this.db.prepare('DELETE FROM tickets WHERE id = ?').run(open.row.id);
      const returned = this.returnedByLine(sale.id);
      const ticket = this.tickets.createTicket(actor, 'return', sale.id);
      lines.forEach((request, position) => {
        const line = sale.lines.find((l) => l.lineId === request.lineId);
        if (!line) throw new CassaError('NOT_FOUND', `Line ${request.lineId} is not on receipt ${formatDocumentNumber(sale.zNumber, sale.documentNumber)}`);
        // Issue 17: a gift card is not returned as goods; what is left on it is spent or refunded from the card.
        if (line.variantId === GIFT_CARD_VARIANT_ID) throw new CassaError('CONFLICT', 'A gift card is not returned: what is left on it can be spent or refunded to store credit');
        const returnable = line.quantityMilli - (returned.get(line.lineId) ?? 0);
        if (request.quantityMilli > returnable) {
          throw new CassaError('RETURN_EXCEEDS_SALE', `${line.description}: at most ${returnable / 1000} can still be returned`, { returnableMilli: returnable });
        }
        const unit = this.unitOf(line.variantId);
        // The refund is the share of what the customer actually paid for the line, discounts included.
        const refund = Number(divideRoundHalfUp(BigInt(line.totalCents) * BigInt(request.quantityMilli), BigInt(line.quantityMilli)));
        const gross = lineAmount(line.unitPriceCents, request.quantityMilli);
        const cut = gross - refund;
        this.db
          .prepare(
            `INSERT INTO ticket_lines (id, ticket_id, position, variant_id, product_id, description, sku, unit, vat_code,
               quantity_milli, unit_price_cents, discount, original_line_id)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            this.ctx.newId(), ticket.row.id, position, line.variantId, line.productId, line.description, line.sku, unit, line.vatCode,
            -request.quantityMilli, line.unitPriceCents,
            cut > 0 ? JSON.stringify({ kind: 'amount', amountCents: cut, reason: 'Sconto originale' }) : null,
            line.lineId,
          );
      });
      this.ctx.audit.append({
        userId: actor.userId,
        role: actor.role,
        action: 'sale.returnStarted',
        details: { saleId, lines: lines.map((l) => ({ ...l })), approvedBy: approver.userId },
      });
      return this.tickets.view(this.tickets.load(ticket.row.id)!);
    });
  }

  /** Cancels the register's last sale as a whole, as a new document that reverses it. */
  /** `original`: with a fiscal device, the sale's document when this till has none for it (sold before the device was set). */
  postVoid(actor: Actor, saleId: string, reason: string, override: Override, original?: FiscalReference): CompletedSale {
    const approver = this.users.authorise(actor, 'manager', override, 'A post-void');
    const done = this.ctx.store.write(() => {
      const sale = this.loadSale(saleId);
      if (!this.isPostVoidable(sale)) {
        throw new CassaError('CONFLICT', 'Only the last sale of this register, in the open shift and not yet returned, can be post-voided');
      }
      const shift = this.shifts.requireOpenShift();
      const last = this.db.prepare('SELECT max(document_number) AS n FROM sales WHERE z_number = ?').get(shift.z_number) as { n: number | null };
      const lines = sale.lines.map((line) => ({
        ...line,
        lineId: this.ctx.newId(),
        quantityMilli: -line.quantityMilli,
        totalCents: -line.totalCents,
        originalLineId: line.lineId,
      }));
      // Reverse the net effect of each tender: cash comes back net of the change given.
      const byMethod = new Map<string, number>();
      for (const p of sale.payments) byMethod.set(p.method, (byMethod.get(p.method) ?? 0) + p.amountCents);
      byMethod.set('cash', (byMethod.get('cash') ?? 0) - sale.changeCents);
      const payments = sale.payments
        .filter((p, i, all) => all.findIndex((q) => q.method === p.method) === i)
        .map((p) => ({ method: p.method, amountCents: -(byMethod.get(p.method) ?? 0), reference: p.reference }))
        .filter((p) => p.amountCents !== 0);
      const record: SaleRecord = {
        id: this.ctx.newId(),
        kind: 'post-void',
        storeId: this.ctx.storeId,
        deviceId: this.ctx.deviceId,
        shiftId: shift.id,
        zNumber: shift.z_number,
        documentNumber: (last.n ?? 0) + 1,
        originalSaleId: sale.id,
        cashierId: actor.userId,
        customerId: sale.customerId,
        completedAt: this.ctx.clock.now().toISOString(),
        lines,
        payments,
        changeCents: 0,
        roundingCents: -sale.roundingCents,
        totalCents: -sale.totalCents,
        vatBreakdown: vatBreakdown(lines.map((l) => ({ grossCents: l.totalCents, vatCode: l.vatCode }))),
      };
      this.completion.insertSale(record);
      // fiscal: a void of the original's document (the till's own, else the one the cashier typed)
      this.completion.recordFiscalIntent(actor, record, original ? { options: { original }, unreferencedApprover: null } : undefined);
      this.completion.recordStock(actor, record);
      this.ctx.outbox.enqueue({ type: 'sale', record });
      // Issue 17: vouchers, store credit, gift cards and points of the cancelled sale, given back.
      this.completion.reverseLedger(actor, sale.id, record);
      this.ctx.audit.append({
        userId: actor.userId,
        role: actor.role,
        action: 'sale.postVoid',
        details: { saleId, voidId: record.id, totalCents: sale.totalCents, reason, approvedBy: approver.userId },
      });
      return {
        saleId: record.id,
        receiptNumber: formatDocumentNumber(record.zNumber, record.documentNumber),
        totalCents: record.totalCents,
        changeCents: 0,
        // The annullo is a document the customer takes away, like the sale it cancels (the RT's, with one).
        printJobId: this.completion.receiptAtCompletion(record.id, true),
      };
    });
    this.completion.sendFiscal();
    return done;
  }
}
