/**
 * @module
 * Drawing on a chain ledger at the till: paying with a voucher or store credit, redeeming points,
 * looking a voucher up. Online, the till reserves at head office first (a till-chosen reservation
 * id, at most LEDGER_RESERVE_TIMEOUT_MS); without an answer it decides alone with shared's
 * `offlineAllowance`. These run as actions, outside the command queue: the network wait happens
 * with nothing locked, and the ticket is then changed in one synchronous transaction that checks
 * it again (TicketService.addLedgerPayment / setPoints), so no command can interleave with it.
 *
 * Holds whose payment leaves the ticket are marked by triggers (migration 008) and let go here,
 * best effort and never blocking: a hold nobody releases lapses at head office after LEDGER_HOLD_TTL_MS.
 */
import type { LedgerDrawResult, LedgerKind, TicketView, VoucherLookup } from '@cassa/shared';
import { CassaError, LEDGER_RESERVE_TIMEOUT_MS } from '@cassa/shared';
import type { Ledger } from '../customers/ledger';
import { normaliseVoucherCode } from '../customers/ledger';
import type { LedgerDraw, TicketService } from '../sales/ticket-service';
import { cachedStatement } from '../store/statement-cache';
import type { Actor, TillContext } from '../till-context';
import type { HeadOfficeLedger } from './head-office-ledger';
import { nextTurn, onNextTurn } from '../portable/next-turn';

type Authorised = Pick<LedgerDraw, 'authorisation' | 'reservationId'> & { readonly available: number };

export interface LedgerDrawsOptions {
  /** How long to wait for head office's answer to a reservation (default LEDGER_RESERVE_TIMEOUT_MS). */
  readonly reserveTimeoutMs?: number;
}

export class LedgerDraws {
  private releasing: Promise<void> | null = null;
  private again = false;
  private scheduled = false;
  private closed = false;
  private readonly reserveTimeoutMs: number;

  constructor(
    private readonly ctx: TillContext,
    private readonly tickets: TicketService,
    private readonly ledger: Ledger,
    private readonly headOffice: HeadOfficeLedger,
    options: LedgerDrawsOptions = {},
  ) {
    this.reserveTimeoutMs = options.reserveTimeoutMs ?? LEDGER_RESERVE_TIMEOUT_MS;
  }

  private get db() {
    return this.ctx.store.db;
  }

  private openSaleTicket(actor: Actor) {
    const ticket = this.tickets.openTicketOf(actor.userId);
    if (!ticket || ticket.lines.length === 0) throw new CassaError('SALE_NOT_OPEN', 'The ticket has no lines to pay');
    if (ticket.row.kind !== 'sale') throw new CassaError('CONFLICT', 'A return is refunded with sale.addPayment');
    return ticket;
  }

  async payWithCredit(actor: Actor, method: 'voucher' | 'store-credit', reference: string | undefined, amountCents: number): Promise<LedgerDrawResult> {
    const ticket = this.openSaleTicket(actor);
    const account = method === 'voucher' ? normaliseVoucherCode(reference ?? '') : ticket.row.customer_id;
    if (!account) throw new CassaError('VALIDATION', method === 'voucher' ? 'Type or scan the voucher code' : 'Attach the customer to use store credit');
    const remaining = this.tickets.totalsOf(ticket).remainingCents;
    if (remaining === 0) throw new CassaError('OVERPAYMENT', 'The ticket is already paid');
    if (amountCents > remaining) throw new CassaError('OVERPAYMENT', `At most ${remaining} cents can be paid by ${method}`, { remainingCents: remaining });
    const allowed = await this.authorise(ticket.row.id, method, account, amountCents);
    const view = this.applyOrRelease(allowed.reservationId, () =>
      this.tickets.addLedgerPayment(actor, ticket.row.id, { kind: method, account, amount: amountCents, ...allowed }),
    );
    return { ticket: view, authorisation: allowed.authorisation, availableCents: Math.max(0, allowed.available - amountCents) };
  }

  async redeemPoints(actor: Actor, points: number): Promise<LedgerDrawResult> {
    const ticket = this.openSaleTicket(actor);
    const customerId = ticket.row.customer_id;
    if (!customerId) throw new CassaError('VALIDATION', 'Attach the customer to redeem points');
    const rule = this.ledger.loyaltyRule();
    if (rule.centsPerPoint === 0) throw new CassaError('CONFLICT', 'The shop has no loyalty rule for redeeming points');
    if (points < rule.minimumRedeem) {
      throw new CassaError('VALIDATION', `At least ${rule.minimumRedeem} points are redeemed at a time`, { minimumRedeem: rule.minimumRedeem, reason: 'ledger-points-minimum' });
    }
    const cents = points * rule.centsPerPoint;
    const allowed = await this.authorise(ticket.row.id, 'points', customerId, points);
    const view = this.applyOrRelease(allowed.reservationId, () =>
      this.tickets.setPoints(actor, ticket.row.id, { kind: 'points', account: customerId, amount: points, cents, ...allowed }),
    );
    return { ticket: view, authorisation: allowed.authorisation, availableCents: Math.max(0, allowed.available - points) };
  }

  /**
   * Runs the ticket change, with the hold marked held in the same (durable) transaction; when the
   * change is refused, head office's hold (if any) is let go.
   */
  private applyOrRelease(reservationId: string | null, change: () => TicketView): TicketView {
    try {
      return this.ctx.store.write(() => {
        if (reservationId) cachedStatement(this.db, "UPDATE ledger_reservations SET state = 'held', updated_at = ? WHERE id = ?").run(this.ctx.clock.now().toISOString(), reservationId);
        return change();
      });
    } catch (error) {
      if (reservationId) {
        this.setState(reservationId, 'release');
        this.kick();
      }
      throw error;
    }
  }

  /** Held at head office, or within this till's offline allowance; refused otherwise. */
  private async authorise(ticketId: string, kind: LedgerKind, account: string, amount: number): Promise<Authorised> {
    if (this.headOffice.paired()) {
      const reservationId = this.ctx.newId();
      const now = this.ctx.clock.now().toISOString();
      // Not waited onto the disk: lost in a power cut, the hold lapses at head office by itself; kept, a restart lets it go.
      this.ctx.store.writeWithoutSync(() =>
        cachedStatement(this.db, "INSERT INTO ledger_reservations (id, ticket_id, kind, account, amount, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'requesting', ?, ?)").run(
          reservationId, ticketId, kind, account, amount, now, now,
        ),
      );
      const answer = await this.headOffice.reserve({ reservationId, kind, account, amount }, this.reserveTimeoutMs);
      // Marked held with the payment, in the ticket's transaction (applyOrRelease).
      if (answer?.outcome === 'granted') return { authorisation: 'reserved', reservationId, available: answer.available };
      // No answer in time: the request may still arrive, so the id is let go (best effort).
      this.setState(reservationId, answer ? 'released' : 'release');
      if (!answer) this.kick();
      if (answer?.outcome === 'insufficient') {
        const points = kind === 'points';
        throw new CassaError('OVERPAYMENT', `Head office has only ${answer.available} ${points ? 'points' : 'cents'} free on this account`, {
          availableCents: answer.available,
          reason: points ? 'ledger-points-insufficient' : 'ledger-insufficient',
        });
      }
    }
    // Unpaired, no answer, or an account head office does not know yet (a gift card this till just sold).
    if (kind === 'voucher' && !this.ledger.exists('voucher', account)) throw new CassaError('NOT_FOUND', `No voucher ${account} is known here`);
    // A new points redemption replaces the ticket's earlier one: that one is not drawn twice.
    const available = this.tickets.refuseOverAllowance(kind, account, amount, kind === 'points' ? ticketId : null);
    return { authorisation: 'offline', reservationId: null, available };
  }

  /** Where a hold stands; not waited onto the disk (a lost mark is redone: `requesting` and `release` are let go at start). */
  private setState(reservationId: string, state: 'release' | 'released'): void {
    this.ctx.store.writeWithoutSync(() =>
      cachedStatement(this.db, 'UPDATE ledger_reservations SET state = ?, updated_at = ? WHERE id = ?').run(state, this.ctx.clock.now().toISOString(), reservationId),
    );
  }

  /** Lets go, in the background, of every hold marked for release (and any asked for before a restart). */
  kick(): void {
    if (this.closed) return;
    if (this.releasing) {
      // A hold marked while a round runs is let go by the next round, not left for a later change.
      this.again = true;
      return;
    }
    // Best effort: a failure here (head office, the disk) leaves the holds marked for the next round.
    this.releasing = this.releasePending()
      .catch(() => undefined)
      .finally(() => {
        this.releasing = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /**
   * A kick once the current transaction is over (called from inside one, by an event): a hold is
   * let go only once the removal of its payment has committed.
   */
  kickAfterCommit(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    onNextTurn(() => {
      this.scheduled = false;
      if (!this.closed) this.kick();
    });
  }

  /** Resolves when the releases under way (and one scheduled) are done. */
  async settled(): Promise<void> {
    while (this.scheduled || this.releasing) await (this.releasing ?? nextTurn());
  }

  /** At shutdown: no new rounds; the one under way finishes. */
  async close(): Promise<void> {
    this.closed = true;
    this.scheduled = false;
    await this.settled();
  }

  private async releasePending(): Promise<void> {
    const due = this.db.prepare("SELECT id FROM ledger_reservations WHERE state = 'release' ORDER BY created_at LIMIT 50").all() as { id: string }[];
    for (const { id } of due) {
      if (!(await this.headOffice.release(id, this.reserveTimeoutMs))) return; // offline: the next kick tries again
      this.setState(id, 'released');
    }
  }

  /** At start: a reservation asked for when the till stopped has no payment behind it. */
  recoverAfterRestart(): void {
    this.ctx.store.write(() => cachedStatement(this.db, "UPDATE ledger_reservations SET state = 'release' WHERE state = 'requesting'").run());
    this.kick();
  }

  /** A voucher's balance and history: head office's when it answers in time, else this till's own figure and its age. */
  async lookup(code: string): Promise<VoucherLookup> {
    const account = normaliseVoucherCode(code);
    const now = this.ctx.clock.now().getTime();
    const allowance = this.ledger.allowance('voucher', account);
    const remote = this.headOffice.paired() ? await this.headOffice.account('voucher', account, this.reserveTimeoutMs) : null;
    if (remote) {
      return {
        code: account,
        kind: 'voucher',
        known: true,
        balanceCents: remote.balance,
        heldCents: remote.held,
        offlineLimitCents: remote.offlineLimit,
        offlineAllowanceCents: allowance,
        source: 'head-office',
        asOf: new Date(now).toISOString(),
        ageMs: null,
        overspent: remote.overspent,
        entries: remote.entries.map((e) => ({ ...e })),
      };
    }
    const known = this.ledger.known('voucher', account);
    const entries = this.ledger.entryRows('voucher', account);
    return {
      code: account,
      kind: 'voucher',
      known: known !== null || entries.length > 0,
      balanceCents: this.ledger.balance('voucher', account),
      heldCents: 0,
      offlineLimitCents: this.ledger.offlineLimit('voucher', account),
      offlineAllowanceCents: allowance,
      source: 'till',
      asOf: known?.updatedAt ?? null,
      ageMs: known ? Math.max(0, now - Date.parse(known.updatedAt)) : null,
      overspent: known?.overspent ?? false,
      entries: entries.map((e) => ({
        id: e.id,
        amount: e.amount_cents,
        reason: e.reason,
        authorisation: e.authorisation,
        storeId: e.store_id,
        storeName: null,
        deviceId: e.device_id,
        saleId: e.sale_id,
        documentNumber: null,
        approvedBy: e.user_id,
        overspend: false,
        at: e.at,
      })),
    };
  }
}
