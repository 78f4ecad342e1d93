/**
 * @module
 * What a completed document does to the chain's ledgers, written in the document's transaction
 * (each entry queued in the outbox right after the sale record): vouchers and store credit spent,
 * store credit given back on a return, a voucher code issued per gift-card line, loyalty points
 * redeemed and earned. A reservation the sale's entry carries is settled here; head office settles
 * its hold when the entry arrives. A post-void reverses every entry of the sale it cancels.
 */
import type { ReceiptLedger } from '@cassa/drivers/portable';
import type { LedgerAuthorisation, LedgerKind, SaleRecord } from '@cassa/shared';
import { CassaError, GIFT_CARD_VARIANT_ID, pointsEarned } from '@cassa/shared';
import type { Ledger } from '../customers/ledger';
import { newVoucherCode } from '../customers/ledger';
import type { LoadedTicket } from '../sales/ticket-service';
import { cachedStatement } from '../store/statement-cache';
import type { Actor, TillContext } from '../till-context';

export interface SaleLedgerOutcome {
  readonly giftCards: { code: string; amountCents: number }[];
  readonly points: { earned: number; redeemed: number; balance: number } | null;
}

export class SaleLedger {
  constructor(
    private readonly ctx: TillContext,
    private readonly ledger: Ledger,
  ) {}

  private settle(reservationId: string | null): void {
    if (reservationId) cachedStatement(this.ctx.store.db, "UPDATE ledger_reservations SET state = 'settled', updated_at = ? WHERE id = ?").run(this.ctx.clock.now().toISOString(), reservationId);
  }

  /** Call inside the transaction storing `record`, before the ticket is deleted. */
  postSale(actor: Actor, record: SaleRecord, ticket: LoadedTicket): SaleLedgerOutcome {
    const base = { saleId: record.id, userId: actor.userId };
    const isSale = record.kind === 'sale';
    for (const p of ticket.payments) {
      if (p.method !== 'voucher' && p.method !== 'store-credit') continue;
      const account = p.reference ?? record.customerId;
      if (!account) throw new CassaError('VALIDATION', 'Store credit needs a customer on the ticket');
      if (isSale) {
        this.ledger.post({ ...base, kind: p.method, account, amount: -p.amount_cents, reason: 'spend', authorisation: p.authorisation ?? 'offline', reservationId: p.reservation_id, customerId: record.customerId });
        this.settle(p.reservation_id);
      } else {
        this.ledger.post({ ...base, kind: p.method, account, amount: p.amount_cents, reason: 'refund', authorisation: 'credit', customerId: record.customerId });
      }
    }
    const giftCards: { code: string; amountCents: number }[] = [];
    for (const line of record.lines) {
      if (line.variantId !== GIFT_CARD_VARIANT_ID) continue;
      if (!isSale || line.totalCents <= 0) throw new CassaError('CONFLICT', 'A gift card is not returned: what is left on it can be refunded to store credit or cash');
      const code = newVoucherCode();
      this.ledger.post({ ...base, kind: 'voucher', account: code, amount: line.totalCents, reason: 'issue', authorisation: 'credit', customerId: record.customerId });
      giftCards.push({ code, amountCents: line.totalCents });
    }
    return { giftCards, points: this.postPoints(actor, record, ticket) };
  }

  /** Points redeemed on the ticket and earned (or, on a return, taken back) by what was paid in cash and by card. */
  private postPoints(actor: Actor, record: SaleRecord, ticket: LoadedTicket): SaleLedgerOutcome['points'] {
    const customerId = record.customerId;
    if (!customerId) return null;
    const base = { saleId: record.id, userId: actor.userId, kind: 'points' as const, account: customerId, customerId };
    const redeemed = ticket.row.points_redeemed ?? 0;
    if (redeemed > 0) {
      this.ledger.post({ ...base, amount: -redeemed, reason: 'redeem', authorisation: ticket.row.points_authorisation ?? 'offline', reservationId: ticket.row.points_reservation_id });
      this.settle(ticket.row.points_reservation_id);
    }
    const rule = this.ledger.loyaltyRule();
    if (rule.pointsPerEuro === 0 && redeemed === 0) return null;
    // Cash net of the change given, and card: never vouchers, store credit or the points themselves.
    const paid = record.payments.filter((p) => p.method === 'cash' || p.method === 'card').reduce((sum, p) => sum + p.amountCents, 0) - record.changeCents;
    const earned = record.kind === 'return' ? -this.pointsGivenBack(record, paid, rule.pointsPerEuro) : pointsEarned(Math.max(0, paid), rule.pointsPerEuro);
    if (earned > 0) this.ledger.post({ ...base, amount: earned, reason: 'earn', authorisation: 'credit' });
    if (earned < 0) this.ledger.post({ ...base, amount: earned, reason: 'refund', authorisation: 'offline' });
    return { earned, redeemed, balance: this.ledger.balance('points', customerId) };
  }

  /**
   * A return takes back the points its original earned in proportion to what it gives back
   * (never more than the original earned, less what earlier returns took); an original this till
   * does not hold: the rule over the cash and card refunded.
   */
  private pointsGivenBack(record: SaleRecord, paid: number, pointsPerEuro: number): number {
    const db = this.ctx.store.db;
    const original = record.originalSaleId ? (cachedStatement(db, 'SELECT total_cents FROM sales WHERE id = ?').get(record.originalSaleId) as { total_cents: number } | undefined) : undefined;
    if (!original || original.total_cents <= 0) return pointsEarned(Math.max(0, -paid), pointsPerEuro);
    const sum = (sql: string, ...params: unknown[]) => (cachedStatement(db, sql).get(...params) as { n: number }).n;
    const earned = sum("SELECT coalesce(sum(amount_cents), 0) AS n FROM ledger_entries WHERE sale_id = ? AND kind = 'points' AND reason = 'earn'", record.originalSaleId);
    const takenBack = -sum(
      "SELECT coalesce(sum(e.amount_cents), 0) AS n FROM ledger_entries e JOIN sales s ON s.id = e.sale_id WHERE s.original_sale_id = ? AND s.kind = 'return' AND e.kind = 'points' AND e.reason = 'refund'",
      record.originalSaleId,
    );
    // Cumulative, so the returns of a whole sale take back exactly what it earned, whatever the rounding.
    const returnedBefore = -sum("SELECT coalesce(sum(total_cents), 0) AS n FROM sales WHERE original_sale_id = ? AND kind = 'return' AND id <> ?", record.originalSaleId, record.id);
    const returned = Math.min(returnedBefore + Math.abs(record.totalCents), original.total_cents);
    const share = Math.floor((earned * returned) / original.total_cents);
    return Math.max(0, Math.min(share - takenBack, earned - takenBack));
  }

  /** A post-void: every entry of the cancelled sale, the other way round (inside the void's transaction). */
  reverseSale(actor: Actor, originalSaleId: string, voidRecord: SaleRecord): void {
    const entries = cachedStatement(this.ctx.store.db, 'SELECT kind, account, amount_cents, customer_id FROM ledger_entries WHERE sale_id = ? ORDER BY rowid').all(originalSaleId) as {
      kind: LedgerKind;
      account: string;
      amount_cents: number;
      customer_id: string | null;
    }[];
    for (const e of entries) {
      const authorisation: LedgerAuthorisation = e.amount_cents < 0 ? 'credit' : 'offline';
      this.ledger.post({ kind: e.kind, account: e.account, amount: -e.amount_cents, reason: 'refund', authorisation, saleId: voidRecord.id, userId: actor.userId, customerId: e.customer_id });
    }
  }

  /** What a document did to the ledgers, for its receipt: codes issued, vouchers used (with what is left), points. */
  ofSale(saleId: string): { kind: LedgerKind; account: string; amount: number; reason: string; balanceAfter: number }[] {
    const rows = cachedStatement(this.ctx.store.db, 'SELECT kind, account, amount_cents, reason, balance_after FROM ledger_entries WHERE sale_id = ? ORDER BY rowid').all(saleId) as {
      kind: LedgerKind;
      account: string;
      amount_cents: number;
      reason: string;
      balance_after: number | null;
    }[];
    // The balance right after each entry, as the till saw it then: a reprint says what the original said.
    return rows.map((r) => ({ kind: r.kind, account: r.account, amount: r.amount_cents, reason: r.reason, balanceAfter: r.balance_after ?? this.ledger.balance(r.kind, r.account) }));
  }

  /** The receipt's ledger part: gift-card codes issued, vouchers used with what is left, points (null: the document touched no ledger). */
  receiptLedger(saleId: string): ReceiptLedger | null {
    const entries = this.ofSale(saleId);
    if (entries.length === 0) return null;
    const points = entries.filter((e) => e.kind === 'points');
    return {
      giftCards: entries.filter((e) => e.kind === 'voucher' && e.reason === 'issue' && e.amount > 0).map((e) => ({ code: e.account, amountCents: e.amount })),
      vouchersUsed: entries.filter((e) => e.kind === 'voucher' && e.reason === 'spend').map((e) => ({ code: e.account, remainingCents: e.balanceAfter })),
      points:
        points.length === 0
          ? null
          : {
              earned: points.filter((e) => e.reason !== 'redeem').reduce((sum, e) => sum + e.amount, 0),
              redeemed: -points.filter((e) => e.reason === 'redeem').reduce((sum, e) => sum + e.amount, 0),
              balance: points.at(-1)!.balanceAfter,
            },
    };
  }
}
