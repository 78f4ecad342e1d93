/**
 * @module
 * Shifts: open with a float, cash in/out, and (in the Z close) the counted drawer against the
 * expected cash. Each shift is one Z number; receipts are numbered within it.
 */
import type { PaymentMethod, SaleKind, ShiftRecord, ShiftReport, ShiftView, VatCode } from '@cassa/shared';
import { CassaError, changeIntoDrawerCents, euroDenominations, vatBreakdown } from '@cassa/shared';
import { insertShiftReportJob } from '../printing/print-service';
import type { UserService } from '../auth/user-service';
import type { Actor, TillContext } from '../till-context';
import { cachedStatement } from '../store/statement-cache';

export interface ShiftRow {
  id: string;
  z_number: number;
  opened_at: string;
  opened_by: string;
  float_cents: number;
  closed_at: string | null;
  closed_by: string | null;
  counted_cents: number | null;
  expected_cents: number | null;
  denominations: string | null;
}

const methodOrder: readonly PaymentMethod[] = ['cash', 'card', 'voucher', 'store-credit'];
const validDenominations = new Set<string>(euroDenominations.map(String));

export class ShiftService {
  constructor(
    private readonly ctx: TillContext,
    private readonly users: UserService,
  ) {}

  openShift(): ShiftRow | null {
    return (cachedStatement(this.ctx.store.db, 'SELECT * FROM shifts WHERE closed_at IS NULL').get() as ShiftRow | undefined) ?? null;
  }

  requireOpenShift(): ShiftRow {
    const shift = this.openShift();
    if (!shift) throw new CassaError('SHIFT_NOT_OPEN', 'Open a shift (with the float in the drawer) before selling');
    return shift;
  }

  current(): ShiftView | null {
    const shift = this.openShift();
    return shift ? this.view(shift) : null;
  }

  private view(shift: ShiftRow): ShiftView {
    const opener = cachedStatement(this.ctx.store.db, 'SELECT name FROM users WHERE id = ?').get(shift.opened_by) as { name: string } | undefined;
    return {
      id: shift.id,
      zNumber: shift.z_number,
      openedAt: shift.opened_at,
      openedBy: opener?.name ?? shift.opened_by,
      floatCents: shift.float_cents,
      status: shift.closed_at ? 'closed' : 'open',
    };
  }

  open(actor: Actor, floatCents: number): ShiftView {
    return this.ctx.store.write(() => {
      if (this.openShift()) throw new CassaError('SHIFT_ALREADY_OPEN');
      const last = cachedStatement(this.ctx.store.db, 'SELECT max(z_number) AS z FROM shifts').get() as { z: number | null };
      const id = this.ctx.newId();
      cachedStatement(this.ctx.store.db, 'INSERT INTO shifts (id, z_number, opened_at, opened_by, float_cents) VALUES (?, ?, ?, ?, ?)')
        .run(id, (last.z ?? 0) + 1, this.ctx.clock.now().toISOString(), actor.userId, floatCents);
      return this.view(this.openShift()!);
    });
  }

  /** Cash put into or taken out of the drawer outside a sale; audited, it opens the drawer. */
  cashMovement(actor: Actor, kind: 'in' | 'out', amountCents: number, reason: string): ShiftReport {
    return this.ctx.store.write(() => {
      const shift = this.requireOpenShift();
      const id = this.ctx.newId();
      cachedStatement(this.ctx.store.db, 'INSERT INTO cash_movements (id, shift_id, kind, amount_cents, reason, user_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(id, shift.id, kind, amountCents, reason, actor.userId, this.ctx.clock.now().toISOString());
      this.ctx.audit.append({ userId: actor.userId, role: actor.role, action: `shift.cash${kind === 'in' ? 'In' : 'Out'}`, details: { shiftId: shift.id, amountCents, reason } });
      return this.report(shift, 'X');
    });
  }

  /** The X report: where the open shift stands, without closing it. */
  xReport(): ShiftReport {
    return this.report(this.requireOpenShift(), 'X');
  }

  /** A shift's report by id: X for any shift, Z only once it is closed. */
  reportOf(shiftId: string, kind: 'X' | 'Z'): ShiftReport {
    const shift = cachedStatement(this.ctx.store.db, 'SELECT * FROM shifts WHERE id = ?').get(shiftId) as ShiftRow | undefined;
    if (!shift) throw new CassaError('NOT_FOUND', `No shift ${shiftId}`);
    if (kind === 'Z' && shift.closed_at === null) throw new CassaError('CONFLICT', 'The shift is still open: its Z report exists once it is closed');
    return this.report(shift, kind);
  }

  report(shift: ShiftRow, kind: 'X' | 'Z'): ShiftReport {
    const db = this.ctx.store.db;
    const sums = cachedStatement(db,
        `SELECT
           coalesce(sum(CASE WHEN kind = 'sale' THEN 1 ELSE 0 END), 0) AS sales_count,
           coalesce(sum(CASE WHEN kind = 'sale' THEN total_cents ELSE 0 END), 0) AS sales_total,
           coalesce(sum(CASE WHEN kind != 'sale' THEN 1 ELSE 0 END), 0) AS returns_count,
           coalesce(sum(CASE WHEN kind != 'sale' THEN total_cents ELSE 0 END), 0) AS returns_total
         FROM sales WHERE shift_id = ?`,
      )
      .get(shift.id) as { sales_count: number; sales_total: number; returns_count: number; returns_total: number };
    // Change goes out on a sale and comes back in on a refund (shared drawer-cash.ts, the rule head office follows too).
    const changes = cachedStatement(db, 'SELECT kind, sum(change_cents) AS change FROM sales WHERE shift_id = ? GROUP BY kind')
      .all(shift.id) as { kind: SaleKind; change: number }[];
    const changeIntoDrawer = changes.reduce((sum, row) => sum + changeIntoDrawerCents(row.kind, row.change), 0);
    const payments = cachedStatement(db, 'SELECT p.method, sum(p.amount_cents) AS amount FROM sale_payments p JOIN sales s ON s.id = p.sale_id WHERE s.shift_id = ? GROUP BY p.method')
      .all(shift.id) as { method: PaymentMethod; amount: number }[];
    const byMethod = methodOrder
      .map((method) => {
        const paid = payments.find((p) => p.method === method)?.amount ?? 0;
        return { method, amountCents: method === 'cash' ? paid + changeIntoDrawer : paid };
      })
      .filter((row) => row.amountCents !== 0 || row.method === 'cash');
    const movements = cachedStatement(db, "SELECT coalesce(sum(CASE WHEN kind = 'in' THEN amount_cents END), 0) AS cash_in, coalesce(sum(CASE WHEN kind = 'out' THEN amount_cents END), 0) AS cash_out FROM cash_movements WHERE shift_id = ?")
      .get(shift.id) as { cash_in: number; cash_out: number };
    const vatRows = cachedStatement(db, 'SELECT l.vat_code, sum(l.total_cents) AS gross, sum(l.discount_cents) AS discounts FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.shift_id = ? GROUP BY l.vat_code')
      .all(shift.id) as { vat_code: VatCode; gross: number; discounts: number }[];
    const cashNet = byMethod.find((m) => m.method === 'cash')?.amountCents ?? 0;
    const expected = shift.float_cents + cashNet + movements.cash_in - movements.cash_out;
    return {
      shiftId: shift.id,
      zNumber: shift.z_number,
      kind,
      openedAt: shift.opened_at,
      closedAt: shift.closed_at,
      floatCents: shift.float_cents,
      salesCount: sums.sales_count,
      salesTotalCents: sums.sales_total,
      returnsCount: sums.returns_count,
      returnsTotalCents: sums.returns_total,
      discountsCents: vatRows.reduce((a, r) => a + r.discounts, 0),
      byMethod,
      cashInCents: movements.cash_in,
      cashOutCents: movements.cash_out,
      expectedCashCents: shift.expected_cents ?? expected,
      countedCashCents: shift.counted_cents,
      varianceCents: shift.counted_cents === null ? null : shift.counted_cents - (shift.expected_cents ?? expected),
      vatBreakdown: vatBreakdown(vatRows.map((r) => ({ grossCents: r.gross, vatCode: r.vat_code }))),
    };
  }

  /**
   * The Z close: the counted drawer against the expected cash, then the shift is immutable and
   * leaves for head office. Tickets still open or parked stay for the next shift.
   */
  close(actor: Actor, denominations: Record<string, number>, override: { userId: string; pin: string } | undefined): ShiftReport {
    for (const key of Object.keys(denominations)) {
      if (!validDenominations.has(key)) throw new CassaError('VALIDATION', `${key} cents is not a euro coin or note`);
    }
    const approver = this.users.authorise(actor, 'cashier', override, 'A Z close');
    return this.ctx.store.write(() => {
      const shift = this.requireOpenShift();
      const counted = Object.entries(denominations).reduce((a, [value, count]) => a + Number(value) * count, 0);
      const before = this.report(shift, 'Z');
      const now = this.ctx.clock.now().toISOString();
      cachedStatement(this.ctx.store.db, 'UPDATE shifts SET closed_at = ?, closed_by = ?, counted_cents = ?, expected_cents = ?, denominations = ? WHERE id = ?')
        .run(now, approver.userId, counted, before.expectedCashCents, JSON.stringify(denominations), shift.id);
      const closed = cachedStatement(this.ctx.store.db, 'SELECT * FROM shifts WHERE id = ?').get(shift.id) as ShiftRow;
      const report = this.report(closed, 'Z');
      const movements = cachedStatement(this.ctx.store.db, 'SELECT id, kind, amount_cents, reason, user_id, at FROM cash_movements WHERE shift_id = ? ORDER BY at, id')
        .all(shift.id) as { id: string; kind: 'in' | 'out'; amount_cents: number; reason: string; user_id: string; at: string }[];
      const record: ShiftRecord = {
        id: shift.id,
        storeId: this.ctx.storeId,
        deviceId: this.ctx.deviceId,
        zNumber: shift.z_number,
        openedAt: shift.opened_at,
        openedBy: shift.opened_by,
        floatCents: shift.float_cents,
        closedAt: now,
        closedBy: approver.userId,
        cashMovements: movements.map((m) => ({ id: m.id, kind: m.kind, amountCents: m.amount_cents, reason: m.reason, userId: m.user_id, at: m.at })),
        countedDenominations: denominations,
        countedCashCents: counted,
        expectedCashCents: report.expectedCashCents,
        varianceCents: report.varianceCents ?? 0,
        salesCount: report.salesCount,
        salesTotalCents: report.salesTotalCents,
      };
      this.ctx.outbox.enqueue({ type: 'shift', record });
      // The Z prints as a register's closure does, queued in the closing transaction like a receipt.
      insertShiftReportJob(this.ctx.store.db, this.ctx.newId(), shift.id, 'Z', now);
      this.ctx.audit.append({
        userId: actor.userId,
        role: actor.role,
        action: 'shift.close',
        details: { shiftId: shift.id, zNumber: shift.z_number, countedCents: counted, expectedCents: report.expectedCashCents, varianceCents: report.varianceCents },
      });
      return report;
    });
  }
}
