/**
 * @module
 * The ticket being rung up: lines, quantities, discounts, price overrides, payments. Each call is
 * one transaction and returns the whole ticket view, so the screen never assembles state itself.
 * Completion lives in sale-completion.ts.
 */
import type { CatalogueItem, Discount, PaymentMethod, TicketView, VatCode } from '@cassa/shared';
import { CassaError, GIFT_CARD_PRODUCT_ID, GIFT_CARD_VARIANT_ID, computeTicket, parseScan } from '@cassa/shared';
import type { UserService } from '../auth/user-service';
import type { Actor, TillContext } from '../till-context';
import { scanLayouts } from './scan-layouts';
import type { Ledger } from '../customers/ledger';
import { normaliseVoucherCode } from '../customers/ledger';
import { cachedStatement } from '../store/statement-cache';

export interface TicketRow {
  id: string;
  status: 'open' | 'parked';
  kind: 'sale' | 'return';
  original_sale_id: string | null;
  cashier_id: string;
  customer_id: string | null;
  ticket_discount: string | null;
  created_at: string;
  // Issue 17: loyalty points redeemed on the ticket, as a discount, and how head office allowed it.
  points_redeemed: number | null;
  points_cents: number | null;
  points_authorisation: 'reserved' | 'offline' | null;
  points_reservation_id: string | null;
}

export interface TicketLineRow {
  id: string;
  variant_id: string;
  product_id: string;
  description: string;
  sku: string;
  unit: 'piece' | 'kg' | 'm';
  vat_code: VatCode;
  quantity_milli: number;
  unit_price_cents: number;
  price_overridden: number;
  discount: string | null;
  original_line_id: string | null;
}

export interface TicketPaymentRow {
  id: string;
  method: PaymentMethod;
  amount_cents: number;
  reference: string | null;
  // Issue 17: a voucher or store-credit payment held at head office, or taken offline.
  authorisation: 'reserved' | 'offline' | null;
  reservation_id: string | null;
}

export interface LoadedTicket {
  readonly row: TicketRow;
  readonly lines: TicketLineRow[];
  readonly payments: TicketPaymentRow[];
}

type Override = { userId: string; pin: string } | undefined;

export class TicketService {
  constructor(
    private readonly ctx: TillContext,
    private readonly users: UserService,
    private readonly ledger: Ledger,
    /** Refuses an item that may not be sold here (a fiscal device without a department for its VAT). */
    private readonly refuseUnsellable: (item: CatalogueItem) => void = () => undefined,
    /** A fiscal device issues this till's documents: cash then rounds only down (shared `cashRoundingCents`). */
    private readonly fiscalDevice: () => boolean = () => false,
  ) {}

  private get db() {
    return this.ctx.store.db;
  }

  load(ticketId: string): LoadedTicket | null {
    const row = cachedStatement(this.db, 'SELECT * FROM tickets WHERE id = ?').get(ticketId) as TicketRow | undefined;
    if (!row) return null;
    const lines = cachedStatement(this.db, 'SELECT * FROM ticket_lines WHERE ticket_id = ? ORDER BY position').all(ticketId) as TicketLineRow[];
    const payments = cachedStatement(this.db, 'SELECT id, method, amount_cents, reference, authorisation, reservation_id FROM ticket_payments WHERE ticket_id = ? ORDER BY position')
      .all(ticketId) as TicketPaymentRow[];
    return { row, lines, payments };
  }

  openTicketOf(cashierId: string): LoadedTicket | null {
    const row = cachedStatement(this.db, "SELECT id FROM tickets WHERE cashier_id = ? AND status = 'open'").get(cashierId) as
      | { id: string }
      | undefined;
    return row ? this.load(row.id) : null;
  }

  current(actor: Actor): TicketView | null {
    const ticket = this.openTicketOf(actor.userId);
    return ticket ? this.view(ticket) : null;
  }

  view(ticket: LoadedTicket): TicketView {
    const ticketDiscount = ticket.row.ticket_discount ? (JSON.parse(ticket.row.ticket_discount) as Discount) : null;
    const totals = this.totalsOf(ticket);
    return {
      id: ticket.row.id,
      status: ticket.row.status,
      kind: ticket.row.kind,
      originalSaleId: ticket.row.original_sale_id,
      customerId: ticket.row.customer_id,
      lines: ticket.lines.map((line, i) => ({
        lineId: line.id,
        variantId: line.variant_id,
        productId: line.product_id,
        description: line.description,
        sku: line.sku,
        unit: line.unit,
        vatCode: line.vat_code,
        quantityMilli: line.quantity_milli,
        unitPriceCents: line.unit_price_cents,
        priceOverridden: line.price_overridden === 1,
        discount: line.discount ? (JSON.parse(line.discount) as Discount) : null,
        discountCents: totals.lines[i]?.discountCents ?? 0,
        totalCents: totals.lines[i]?.totalCents ?? 0,
      })),
      ticketDiscount,
      subtotalCents: totals.subtotalCents,
      discountCents: totals.discountCents,
      totalCents: totals.totalCents,
      vatBreakdown: [...totals.vatBreakdown],
      payments: ticket.payments.map((p) => ({ paymentId: p.id, method: p.method, amountCents: p.amount_cents, reference: p.reference, authorisation: p.authorisation })),
      paidCents: totals.paidCents,
      roundingCents: totals.roundingCents,
      remainingCents: totals.remainingCents,
      changeCents: totals.changeCents,
      pointsRedeemed:
        ticket.row.points_redeemed !== null && ticket.row.points_redeemed > 0
          ? { points: ticket.row.points_redeemed, amountCents: ticket.row.points_cents ?? 0, authorisation: ticket.row.points_authorisation ?? 'offline' }
          : null,
    };
  }

  totalsOf(ticket: LoadedTicket) {
    const ticketDiscount = ticket.row.ticket_discount ? (JSON.parse(ticket.row.ticket_discount) as Discount) : null;
    return computeTicket(
      ticket.lines.map((line) => ({
        lineId: line.id,
        quantityMilli: line.quantity_milli,
        unitPriceCents: line.unit_price_cents,
        vatCode: line.vat_code,
        discount: line.discount ? (JSON.parse(line.discount) as Discount) : null,
      })),
      ticketDiscount,
      ticket.payments.map((p) => ({ method: p.method, amountCents: p.amount_cents })),
      { cashRounding: this.ctx.settings.cashRounding(), fiscalDevice: this.fiscalDevice() },
      ticket.row.points_cents ?? 0,
    );
  }

  /** Resolves a scanned or typed code to an item and a quantity, or throws a clear error. */
  resolveCode(code: string): { item: CatalogueItem; quantityMilli: number; unitPriceCents: number } {
    // A shop's own SKU wins over barcode parsing: internal codes like "10001" are not GTINs.
    const bySku = this.ctx.catalogue.findBySku(code.trim());
    if (bySku) return { item: bySku, quantityMilli: 1000, unitPriceCents: bySku.priceCents };
    const parsed = parseScan(code, scanLayouts(this.ctx.settings));
    switch (parsed.kind) {
      case 'invalid':
        throw new CassaError('INVALID_BARCODE', `${code.trim()}: ${parsed.message}`, { ...parsed.details, code: code.trim(), reason: parsed.reason });
      case 'gtin': {
        // An 8-digit code valid as UPC-E and as EAN-8: the EAN-8 reading is the second chance.
        const item = this.findByGtin(parsed.gtin, code.trim()) ?? (parsed.alternative ? this.ctx.catalogue.findByBarcode(parsed.alternative.gtin) : null);
        if (!item) throw new CassaError('UNKNOWN_ITEM', `No item has barcode ${code.trim()}`, { code: code.trim() });
        return { item, quantityMilli: 1000, unitPriceCents: item.priceCents };
      }
      case 'variable-measure': {
        const item =
          this.ctx.catalogue.findBySku(parsed.itemCode) ??
          this.ctx.catalogue.findBySku(parsed.itemCode.replace(/^0+/, '')) ??
          this.ctx.catalogue.findByBarcode(code.trim());
        if (!item) throw new CassaError('UNKNOWN_ITEM', `No item has scale code ${parsed.itemCode}`, { code: code.trim() });
        if (parsed.weightGrams !== undefined) {
          // Grams are thousandths of a kilogram: the label's weight is the quantity.
          return { item, quantityMilli: parsed.weightGrams, unitPriceCents: item.priceCents };
        }
        return { item, quantityMilli: 1000, unitPriceCents: parsed.priceCents ?? item.priceCents };
      }
      case 'code': {
        const item = this.ctx.catalogue.findBySku(parsed.value) ?? this.ctx.catalogue.findByBarcode(parsed.value);
        if (!item) throw new CassaError('UNKNOWN_ITEM', `No item has code ${parsed.value}`, { code: parsed.value });
        return { item, quantityMilli: 1000, unitPriceCents: item.priceCents };
      }
    }
  }

  private findByGtin(gtin: string, raw: string): CatalogueItem | null {
    const candidates = new Set([raw, gtin, gtin.replace(/^0+/, ''), gtin.slice(1), gtin.slice(2), gtin.slice(6)]);
    for (const candidate of candidates) {
      if (!candidate) continue;
      const item = this.ctx.catalogue.findByBarcode(candidate);
      if (item) return item;
    }
    return null;
  }

  scan(actor: Actor, code: string): TicketView {
    const resolved = this.resolveCode(code);
    return this.addResolved(actor, resolved.item, resolved.quantityMilli, resolved.unitPriceCents);
  }

  addItem(actor: Actor, variantId: string, quantityMilli: number | undefined): TicketView {
    const item = this.ctx.catalogue.findVariant(variantId);
    if (!item) throw new CassaError('UNKNOWN_ITEM', `Unknown item ${variantId}`);
    return this.addResolved(actor, item, quantityMilli ?? 1000, item.priceCents);
  }

  private addResolved(actor: Actor, item: CatalogueItem, quantityMilli: number, unitPriceCents: number): TicketView {
    // At the scan, not at payment: the cashier learns it with the product still in hand.
    this.refuseUnsellable(item);
    return this.ctx.store.write(() => {
      const ticket = this.openTicketOf(actor.userId) ?? this.createTicket(actor, 'sale', null);
      if (ticket.row.kind === 'return') {
        throw new CassaError('CONFLICT', 'This is a return ticket: complete or cancel it before selling');
      }
      const last = ticket.lines.at(-1);
      // Scanning the same piece again bumps the last line, as cashiers expect; weighed items stay separate.
      if (last && last.variant_id === item.variantId && item.unit === 'piece' && last.unit_price_cents === unitPriceCents && !last.discount && quantityMilli === 1000) {
        this.refuseOverCeiling(last.quantity_milli + quantityMilli, unitPriceCents);
        cachedStatement(this.db, 'UPDATE ticket_lines SET quantity_milli = quantity_milli + ? WHERE id = ?').run(quantityMilli, last.id);
      } else {
        this.refuseOverCeiling(quantityMilli, unitPriceCents);
        this.insertLine(ticket.row.id, ticket.lines.length, item, quantityMilli, unitPriceCents, null);
      }
      return this.changed(ticket.row.id);
    });
  }

  insertLine(ticketId: string, position: number, item: CatalogueItem, quantityMilli: number, unitPriceCents: number, originalLineId: string | null): void {
    const options = Object.values(item.options);
    const description = options.length > 0 ? `${item.name} ${options.join(' ')}` : item.name;
    cachedStatement(this.db,
        `INSERT INTO ticket_lines (id, ticket_id, position, variant_id, product_id, description, sku, unit, vat_code,
           quantity_milli, unit_price_cents, original_line_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(this.ctx.newId(), ticketId, position, item.variantId, item.productId, description, item.sku, item.unit, item.vatCode, quantityMilli, unitPriceCents, originalLineId);
  }

  createTicket(actor: Actor, kind: 'sale' | 'return', originalSaleId: string | null): LoadedTicket {
    const id = this.ctx.newId();
    cachedStatement(this.db, "INSERT INTO tickets (id, status, kind, original_sale_id, cashier_id, created_at) VALUES (?, 'open', ?, ?, ?, ?)")
      .run(id, kind, originalSaleId, actor.userId, this.ctx.clock.now().toISOString());
    return { row: this.load(id)!.row, lines: [], payments: [] };
  }

  private requireOpen(actor: Actor): LoadedTicket {
    const ticket = this.openTicketOf(actor.userId);
    if (!ticket) throw new CassaError('SALE_NOT_OPEN');
    return ticket;
  }

  private requireLine(ticket: LoadedTicket, lineId: string): TicketLineRow {
    const line = ticket.lines.find((l) => l.id === lineId);
    if (!line) throw new CassaError('NOT_FOUND', `Line ${lineId} is not on this ticket`);
    return line;
  }

  private changed(ticketId: string): TicketView {
    const view = this.view(this.load(ticketId)!);
    this.ctx.events.emit('sale.changed', view);
    return view;
  }

  setQuantity(actor: Actor, lineId: string, quantityMilli: number): TicketView {
    return this.ctx.store.write(() => {
      const ticket = this.requireOpen(actor);
      const line = this.requireLine(ticket, lineId);
      if (quantityMilli <= 0) throw new CassaError('VALIDATION', 'Quantity must be more than zero; void the line to remove it');
      if (line.unit === 'piece' && quantityMilli % 1000 !== 0) throw new CassaError('VALIDATION', 'Pieces are counted in whole numbers');
      if (ticket.row.kind === 'return') throw new CassaError('CONFLICT', 'Change a return quantity by returning the line again');
      this.refuseOverCeiling(quantityMilli, line.unit_price_cents);
      cachedStatement(this.db, 'UPDATE ticket_lines SET quantity_milli = ? WHERE id = ?').run(quantityMilli, lineId);
      this.dropPaymentsIfOverpaid(ticket.row.id);
      return this.changed(ticket.row.id);
    });
  }

  voidLine(actor: Actor, lineId: string, override: Override): TicketView {
    // Outside the write: a wrong PIN's failure count and audit row must stay when the void is refused.
    this.requireLine(this.requireOpen(actor), lineId);
    const approver = this.ctx.settings.approvalPolicy().voidLine ? this.users.authorise(actor, 'manager', override, 'Voiding a line') : actor;
    return this.ctx.store.write(() => {
      const ticket = this.requireOpen(actor);
      const line = this.requireLine(ticket, lineId);
      cachedStatement(this.db, 'DELETE FROM ticket_lines WHERE id = ?').run(lineId);
      this.ctx.audit.append({
        userId: actor.userId,
        role: actor.role,
        action: 'sale.voidLine',
        details: { ticketId: ticket.row.id, sku: line.sku, quantityMilli: line.quantity_milli, unitPriceCents: line.unit_price_cents, override: approver === actor ? null : approver.userId },
      });
      this.dropPaymentsIfOverpaid(ticket.row.id);
      return this.changed(ticket.row.id);
    });
  }

  overridePrice(actor: Actor, lineId: string, unitPriceCents: number, reason: string, override: Override): TicketView {
    const approver = this.users.authorise(actor, 'manager', override, 'A price override');
    return this.ctx.store.write(() => {
      const ticket = this.requireOpen(actor);
      const line = this.requireLine(ticket, lineId);
      this.refuseOverCeiling(Math.max(line.quantity_milli, 1000), unitPriceCents);
      cachedStatement(this.db, 'UPDATE ticket_lines SET unit_price_cents = ?, price_overridden = 1 WHERE id = ?').run(unitPriceCents, lineId);
      this.ctx.audit.append({
        userId: actor.userId,
        role: actor.role,
        action: 'sale.overridePrice',
        details: { ticketId: ticket.row.id, sku: line.sku, from: line.unit_price_cents, to: unitPriceCents, reason, approvedBy: approver.userId },
      });
      this.dropPaymentsIfOverpaid(ticket.row.id);
      return this.changed(ticket.row.id);
    });
  }

  discountLine(actor: Actor, lineId: string, discount: Discount | null, override: Override): TicketView {
    const approver = discount ? this.authoriseDiscount(actor, discount, lineId, override) : actor;
    return this.ctx.store.write(() => {
      const ticket = this.requireOpen(actor);
      const line = this.requireLine(ticket, lineId);
      cachedStatement(this.db, 'UPDATE ticket_lines SET discount = ? WHERE id = ?').run(discount ? JSON.stringify(discount) : null, lineId);
      this.auditDiscount(actor, approver, ticket.row.id, discount, line.sku);
      this.dropPaymentsIfOverpaid(ticket.row.id);
      return this.changed(ticket.row.id);
    });
  }

  discountTicket(actor: Actor, discount: Discount | null, override: Override): TicketView {
    const approver = discount ? this.authoriseDiscount(actor, discount, null, override) : actor;
    return this.ctx.store.write(() => {
      const ticket = this.requireOpen(actor);
      if (ticket.row.kind === 'return') throw new CassaError('CONFLICT', 'A return ticket takes no ticket discount');
      cachedStatement(this.db, 'UPDATE tickets SET ticket_discount = ? WHERE id = ?').run(discount ? JSON.stringify(discount) : null, ticket.row.id);
      this.auditDiscount(actor, approver, ticket.row.id, discount, null);
      this.dropPaymentsIfOverpaid(ticket.row.id);
      return this.changed(ticket.row.id);
    });
  }

  /**
   * Refuses a unit price, or a line amount (quantity × price), above the owner's ceiling. A unit
   * price is checked on its own too, so 0,001 kg at a billion euros per kilo is still refused.
   */
  private refuseOverCeiling(quantityMilli: number, unitPriceCents: number): void {
    const ceilingCents = this.ctx.settings.maxLineAmountCents();
    const amountCents = Math.round((Math.abs(quantityMilli) * unitPriceCents) / 1000);
    if (unitPriceCents > ceilingCents || amountCents > ceilingCents) {
      throw new CassaError('AMOUNT_OVER_LIMIT', `${Math.max(unitPriceCents, amountCents)} cents is over the owner's ceiling of ${ceilingCents} cents per line`, {
        ceilingCents,
        amountCents: Math.max(unitPriceCents, amountCents),
      });
    }
  }

  /** Cashiers may give discounts up to the shop's limit; beyond it a manager approves. */
  private authoriseDiscount(actor: Actor, discount: Discount, lineId: string | null, override: Override): Actor {
    const limit = this.ctx.settings.cashierDiscountLimit();
    let basisPoints: number;
    if (discount.kind === 'percent') basisPoints = discount.basisPoints;
    else {
      const ticket = this.requireOpen(actor);
      const totals = this.totalsOf(ticket);
      const base = lineId ? Math.abs(totals.lines.find((l) => l.lineId === lineId)?.grossCents ?? 0) : Math.abs(totals.totalCents);
      basisPoints = base === 0 ? 10_000 : Math.ceil((discount.amountCents * 10_000) / base);
    }
    return basisPoints <= limit ? actor : this.users.authorise(actor, 'manager', override, `A discount over ${limit / 100}%`);
  }

  private auditDiscount(actor: Actor, approver: Actor, ticketId: string, discount: Discount | null, sku: string | null): void {
    this.ctx.audit.append({
      userId: actor.userId,
      role: actor.role,
      action: sku ? 'sale.discountLine' : 'sale.discountTicket',
      details: { ticketId, sku, discount, approvedBy: approver.userId },
    });
  }

  /** A change of the amount due invalidates card/voucher payments that now exceed it. */
  private dropPaymentsIfOverpaid(ticketId: string): void {
    this.dropPointsIfOverDue(ticketId);
    const ticket = this.load(ticketId)!;
    const totals = this.totalsOf(ticket);
    const nonCash = ticket.payments.filter((p) => p.method !== 'cash').reduce((a, p) => a + p.amount_cents, 0);
    if (nonCash > Math.abs(totals.totalCents)) cachedStatement(this.db, "DELETE FROM ticket_payments WHERE ticket_id = ? AND method != 'cash'").run(ticketId);
  }

  /** Issue 17: redeemed points worth more than the ticket now comes to are taken off it (their hold let go by a trigger). */
  private dropPointsIfOverDue(ticketId: string): void {
    const ticket = this.load(ticketId)!;
    if (!ticket.row.points_cents) return;
    const withoutPoints = this.totalsOf({ ...ticket, row: { ...ticket.row, points_cents: 0 } });
    if (ticket.row.points_cents > withoutPoints.totalCents) this.clearPoints(ticketId);
  }

  addPayment(actor: Actor, method: PaymentMethod, amountCents: number, givenReference: string | undefined): TicketView {
    let reference = givenReference;
    return this.ctx.store.write(() => {
      const ticket = this.requireOpen(actor);
      if (ticket.lines.length === 0) throw new CassaError('SALE_NOT_OPEN', 'The ticket has no lines to pay');
      const totals = this.totalsOf(ticket);
      // Only cash can be handed back as change; a card or voucher for more than is due is a mistake.
      if (method !== 'cash' && amountCents > totals.remainingCents) {
        throw new CassaError('OVERPAYMENT', `At most ${totals.remainingCents} cents can be paid by ${method}`, { remainingCents: totals.remainingCents });
      }
      if (totals.remainingCents === 0) throw new CassaError('OVERPAYMENT', 'The ticket is already paid');
      if (ticket.row.kind === 'return') this.checkRefundTender(ticket, method, amountCents, totals.remainingCents);
      const credit = method === 'voucher' || method === 'store-credit';
      if (credit) reference = this.checkCredit(ticket, method, amountCents, reference);
      // Issue 17: a draw through sale.addPayment is an offline one (sale.payWithCredit asks head office first).
      const authorisation = credit && ticket.row.kind === 'sale' ? 'offline' : null;
      cachedStatement(this.db, 'INSERT INTO ticket_payments (id, ticket_id, position, method, amount_cents, reference, authorisation) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(this.ctx.newId(), ticket.row.id, ticket.payments.length, method, amountCents, reference ?? null, authorisation);
      return this.changed(ticket.row.id);
    });
  }

  /**
   * A refund goes back the way the money came: by card only up to what the card paid, and
   * never more than is due (there is no change on a refund).
   */
  private checkRefundTender(ticket: LoadedTicket, method: PaymentMethod, amountCents: number, remainingCents: number): void {
    if (amountCents > remainingCents) {
      throw new CassaError('OVERPAYMENT', `At most ${remainingCents} cents are due back`, { remainingCents });
    }
    if (method === 'cash' || method === 'store-credit') return;
    const originalId = ticket.row.original_sale_id;
    const paidWith = cachedStatement(this.db,
        `SELECT coalesce(sum(p.amount_cents), 0) AS net FROM sale_payments p JOIN sales s ON s.id = p.sale_id
         WHERE p.method = ? AND (s.id = ? OR s.original_sale_id = ?)`,
      )
      .get(method, originalId, originalId) as { net: number };
    const already = ticket.payments.filter((p) => p.method === method).reduce((a, p) => a + p.amount_cents, 0);
    const allowed = paidWith.net - already;
    if (amountCents > allowed) {
      throw new CassaError('OVERPAYMENT', `The original sale paid ${Math.max(0, allowed)} cents still refundable by ${method}: refund the rest in cash`, {
        refundableCents: Math.max(0, allowed),
      });
    }
  }

  /**
   * Vouchers and store credit: the account must cover this payment plus what the ticket already
   * draws on it. A refund to store credit needs a customer on the ticket.
   */
  private checkCredit(ticket: LoadedTicket, method: 'voucher' | 'store-credit', amountCents: number, reference: string | undefined): string {
    const account = method === 'voucher' ? normaliseVoucherCode(reference ?? '') : ticket.row.customer_id;
    if (!account) {
      throw new CassaError('VALIDATION', method === 'voucher' ? 'Type or scan the voucher code' : 'Attach the customer to use store credit');
    }
    if (ticket.row.kind === 'return') {
      if (method === 'voucher') throw new CassaError('VALIDATION', 'Refund to store credit or cash, not to a voucher');
      return account;
    }
    if (method === 'voucher' && !this.ledger.exists('voucher', account)) throw new CassaError('NOT_FOUND', `No voucher ${account} on this register`);
    this.refuseOverAllowance(method, account, amountCents);
    return account;
  }

  /**
   * Issue 17: a draw without head office may take what shared's `offlineAllowance` leaves, net of
   * what open tickets already draw on the account; more is refused with the amount available.
   */
  refuseOverAllowance(kind: 'voucher' | 'store-credit' | 'points', account: string, amount: number, replacingOn: string | null = null): number {
    const available = this.ledger.allowance(kind, account, replacingOn);
    if (amount > available) {
      const what = kind === 'voucher' ? `voucher ${account}` : kind === 'points' ? 'the points' : 'the store credit';
      throw new CassaError('OVERPAYMENT', `Only ${available} ${kind === 'points' ? 'points' : 'cents'} of ${what} can be used without head office`, {
        availableCents: available,
        reason: kind === 'points' ? 'ledger-points-offline-allowance' : 'ledger-offline-allowance',
      });
    }
    return available;
  }

  setCustomer(actor: Actor, customerId: string | null): TicketView {
    return this.ctx.store.write(() => {
      const ticket = this.openTicketOf(actor.userId) ?? this.createTicket(actor, 'sale', null);
      if (customerId) customerId = this.survivorOf(customerId);
      if (ticket.payments.some((p) => p.method === 'store-credit')) throw new CassaError('CONFLICT', 'Remove the store-credit payment first');
      if (ticket.row.points_redeemed) throw new CassaError('CONFLICT', 'Take the redeemed points off first');
      cachedStatement(this.db, 'UPDATE tickets SET customer_id = ? WHERE id = ?').run(customerId, ticket.row.id);
      return this.changed(ticket.row.id);
    });
  }

  /** The customer an id stands for now: a merged customer's survivor (merges are kept one hop deep; a few hops are followed in case). */
  private survivorOf(customerId: string): string {
    let id = customerId;
    // A survivor this till has not pulled yet: the last customer it holds stands in until it does.
    let previous = customerId;
    for (let hop = 0; hop < 8; hop++) {
      const row = cachedStatement(this.db, 'SELECT merged_into FROM customers WHERE id = ?').get(id) as { merged_into: string | null } | undefined;
      if (!row && hop === 0) throw new CassaError('NOT_FOUND', `No customer ${customerId}`);
      if (!row?.merged_into) return row ? id : previous;
      previous = id;
      id = row.merged_into;
    }
    return id;
  }

  park(actor: Actor): void {
    this.ctx.store.write(() => {
      const ticket = this.requireOpen(actor);
      if (ticket.lines.length === 0) throw new CassaError('SALE_NOT_OPEN', 'An empty ticket cannot be parked');
      if (ticket.payments.length > 0) throw new CassaError('CONFLICT', 'Remove the payments before parking the ticket');
      // Issue 17: a parked ticket holds nothing at head office: redeemed points come off (and their hold is let go).
      this.clearPoints(ticket.row.id);
      cachedStatement(this.db, "UPDATE tickets SET status = 'parked', parked_at = ? WHERE id = ?").run(this.ctx.clock.now().toISOString(), ticket.row.id);
    });
  }

  parked(): { ticketId: string; parkedAt: string; cashierName: string; lineCount: number; totalCents: number }[] {
    const rows = cachedStatement(this.db, "SELECT t.id, t.parked_at, coalesce(u.name, t.cashier_id) AS name FROM tickets t LEFT JOIN users u ON u.id = t.cashier_id WHERE t.status = 'parked' ORDER BY t.parked_at")
      .all() as { id: string; parked_at: string; name: string }[];
    return rows.map((row) => {
      const ticket = this.load(row.id)!;
      return { ticketId: row.id, parkedAt: row.parked_at, cashierName: row.name, lineCount: ticket.lines.length, totalCents: this.totalsOf(ticket).totalCents };
    });
  }

  /** Any cashier may take over a parked ticket; it becomes their open ticket. */
  resume(actor: Actor, ticketId: string): TicketView {
    return this.ctx.store.write(() => {
      const open = this.openTicketOf(actor.userId);
      if (open && open.lines.length > 0) throw new CassaError('CONFLICT', 'Complete, park or cancel the current ticket first');
      if (open) cachedStatement(this.db, 'DELETE FROM tickets WHERE id = ?').run(open.row.id);
      const result = cachedStatement(this.db, "UPDATE tickets SET status = 'open', parked_at = NULL, cashier_id = ? WHERE id = ? AND status = 'parked'")
        .run(actor.userId, ticketId);
      if (result.changes === 0) throw new CassaError('NOT_FOUND', 'No such parked ticket');
      return this.changed(ticketId);
    });
  }

  removePayment(actor: Actor, paymentId: string): TicketView {
    return this.ctx.store.write(() => {
      const ticket = this.requireOpen(actor);
      const result = cachedStatement(this.db, 'DELETE FROM ticket_payments WHERE id = ? AND ticket_id = ?').run(paymentId, ticket.row.id);
      if (result.changes === 0) throw new CassaError('NOT_FOUND', 'No such payment on this ticket');
      return this.changed(ticket.row.id);
    });
  }

  cancel(actor: Actor, override: Override): void {
    // An empty ticket is nothing to approve: there is no money to make disappear. The approval is
    // checked outside the write so a wrong PIN's failure count and audit row stay.
    const needsApproval = this.requireOpen(actor).lines.length > 0 && this.ctx.settings.approvalPolicy().cancelTicket;
    const approver = needsApproval ? this.users.authorise(actor, 'manager', override, 'Cancelling a ticket') : actor;
    return this.ctx.store.write(() => {
      const ticket = this.requireOpen(actor);
      if (ticket.lines.length > 0) {
        this.ctx.audit.append({
          userId: actor.userId,
          role: actor.role,
          action: 'sale.cancel',
          details: { ticketId: ticket.row.id, lines: ticket.lines.length, totalCents: this.totalsOf(ticket).totalCents, override: approver === actor ? null : approver.userId },
        });
      }
      cachedStatement(this.db, 'DELETE FROM tickets WHERE id = ?').run(ticket.row.id);
    });
  }
  // Issue 17: chain ledgers

  /** Takes the redeemed points off a ticket (a trigger marks their hold at head office to be let go). */
  clearPoints(ticketId: string): void {
    cachedStatement(this.db, 'UPDATE tickets SET points_redeemed = NULL, points_cents = NULL, points_authorisation = NULL, points_reservation_id = NULL WHERE id = ?').run(ticketId);
  }

  cancelPoints(actor: Actor): TicketView {
    return this.ctx.store.write(() => {
      const ticket = this.requireOpen(actor);
      this.clearPoints(ticket.row.id);
      return this.changed(ticket.row.id);
    });
  }

  /** A gift card sold as a line of the built-in product: not subject to VAT (N2), no stock; its code is issued at completion. */
  addGiftCard(actor: Actor, amountCents: number): TicketView {
    return this.ctx.store.write(() => {
      const ticket = this.openTicketOf(actor.userId) ?? this.createTicket(actor, 'sale', null);
      if (ticket.row.kind === 'return') throw new CassaError('CONFLICT', 'This is a return ticket: complete or cancel it before selling');
      this.refuseOverCeiling(1000, amountCents);
      const item: CatalogueItem = {
        variantId: GIFT_CARD_VARIANT_ID,
        productId: GIFT_CARD_PRODUCT_ID,
        name: 'Buono regalo',
        sku: 'BUONO-REGALO',
        options: {},
        priceCents: amountCents,
        vatCode: 'N2',
        unit: 'piece',
        barcodes: [],
        stockMilli: 0,
        hasVariants: false,
      };
      this.insertLine(ticket.row.id, ticket.lines.length, item, 1000, amountCents, null);
      this.dropPaymentsIfOverpaid(ticket.row.id);
      return this.changed(ticket.row.id);
    });
  }

  /**
   * A voucher or store-credit payment the till was allowed (held at head office, or within the
   * offline allowance), added in one synchronous transaction after head office answered: the
   * ticket may have changed meanwhile, so everything is checked again here.
   */
  addLedgerPayment(actor: Actor, ticketId: string, draw: LedgerDraw): TicketView {
    return this.ctx.store.write(() => {
      const ticket = this.requireOpen(actor);
      if (ticket.row.id !== ticketId) throw new CassaError('CONFLICT', 'The ticket changed while head office answered: try the payment again');
      if (ticket.row.kind !== 'sale') throw new CassaError('CONFLICT', 'A return is refunded with sale.addPayment');
      const totals = this.totalsOf(ticket);
      if (draw.amount > totals.remainingCents) {
        throw new CassaError('OVERPAYMENT', `At most ${totals.remainingCents} cents can be paid by ${draw.kind}`, { remainingCents: totals.remainingCents });
      }
      if (draw.kind === 'store-credit' && ticket.row.customer_id !== draw.account) throw new CassaError('CONFLICT', 'The ticket changed customer: try the payment again');
      if (draw.authorisation === 'offline') this.refuseOverAllowance(draw.kind, draw.account, draw.amount);
      cachedStatement(this.db, 'INSERT INTO ticket_payments (id, ticket_id, position, method, amount_cents, reference, authorisation, reservation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(this.ctx.newId(), ticket.row.id, ticket.payments.length, draw.kind, draw.amount, draw.account, draw.authorisation, draw.reservationId);
      return this.changed(ticket.row.id);
    });
  }

  /** Points redeemed as a ticket discount worth `cents`, once per ticket (a new redemption replaces the old). */
  setPoints(actor: Actor, ticketId: string, draw: LedgerDraw & { readonly cents: number }): TicketView {
    return this.ctx.store.write(() => {
      const ticket = this.requireOpen(actor);
      if (ticket.row.id !== ticketId || ticket.row.customer_id !== draw.account) throw new CassaError('CONFLICT', 'The ticket changed while head office answered: try again');
      if (ticket.payments.length > 0) throw new CassaError('CONFLICT', 'Redeem points before taking payments');
      this.clearPoints(ticket.row.id);
      const due = this.totalsOf({ ...ticket, row: { ...ticket.row, points_cents: 0 } }).totalCents;
      if (draw.cents > due) throw new CassaError('OVERPAYMENT', `The points are worth ${draw.cents} cents, more than the ${due} cents due`, { remainingCents: due });
      if (draw.authorisation === 'offline') this.refuseOverAllowance('points', draw.account, draw.amount);
      cachedStatement(this.db, 'UPDATE tickets SET points_redeemed = ?, points_cents = ?, points_authorisation = ?, points_reservation_id = ? WHERE id = ?')
        .run(draw.amount, draw.cents, draw.authorisation, draw.reservationId, ticket.row.id);
      return this.changed(ticket.row.id);
    });
  }
}

/** A draw on a ledger the till was allowed: amount positive (cents, or points). */
export interface LedgerDraw {
  readonly kind: 'voucher' | 'store-credit' | 'points';
  readonly account: string;
  readonly amount: number;
  readonly authorisation: 'reserved' | 'offline';
  readonly reservationId: string | null;
}
