/**
 * @module
 * Shifts: open with a float, cash in/out, and (in the Z close) the counted drawer against the
 * expected cash. Each shift is one Z number; receipts are numbered within it.
 */
import type { ShiftView } from '@cassa/shared';
import { CassaError } from '@cassa/shared';
import type { Actor, TillContext } from '../till-context';

export interface ShiftRow {
  id: string;
  z_number: number;
  opened_at: string;
  opened_by: string;
  float_cents: number;
  closed_at: string | null;
}

export class ShiftService {
  constructor(private readonly ctx: TillContext) {}

  openShift(): ShiftRow | null {
    return (this.ctx.store.db.prepare('SELECT * FROM shifts WHERE closed_at IS NULL').get() as ShiftRow | undefined) ?? null;
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
    const opener = this.ctx.store.db.prepare('SELECT name FROM users WHERE id = ?').get(shift.opened_by) as { name: string } | undefined;
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
      const last = this.ctx.store.db.prepare('SELECT max(z_number) AS z FROM shifts').get() as { z: number | null };
      const id = this.ctx.newId();
      this.ctx.store.db
        .prepare('INSERT INTO shifts (id, z_number, opened_at, opened_by, float_cents) VALUES (?, ?, ?, ?, ?)')
        .run(id, (last.z ?? 0) + 1, this.ctx.clock.now().toISOString(), actor.userId, floatCents);
      return this.view(this.openShift()!);
    });
  }
}
