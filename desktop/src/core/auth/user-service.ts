/**
 * @module
 * PIN login with lockout, and the manager override that lets a manager approve one gated action
 * on a cashier's screen. Failed attempts are audited.
 */
import type { Role, TillUser, UserSummary } from '@cassa/shared';
import { CassaError } from '@cassa/shared';
import type { Actor, TillContext } from '../till-context';
import { hashPin, verifyPin } from './pin-hash';
import { roleAtLeast } from './sessions';

interface UserRow {
  id: string;
  name: string;
  role: Role;
  pin_hash: string;
  active: number;
}

const maxFailures = 5;
const lockoutMs = 60_000;

export class UserService {
  constructor(private readonly ctx: TillContext) {}

  list(): UserSummary[] {
    return this.ctx.store.db
      .prepare("SELECT id, name, role FROM users WHERE active = 1 ORDER BY CASE role WHEN 'cashier' THEN 0 ELSE 1 END, name")
      .all() as UserSummary[];
  }

  /** Every user with its PIN hash, as head office stores them. */
  exportAll(): TillUser[] {
    const rows = this.ctx.store.db.prepare('SELECT * FROM users ORDER BY id').all() as UserRow[];
    return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, pinHash: r.pin_hash, active: r.active === 1 }));
  }

  upsert(user: TillUser): void {
    this.ctx.store.db
      .prepare(
        `INSERT INTO users (id, name, role, pin_hash, active) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, pin_hash = excluded.pin_hash, active = excluded.active`,
      )
      .run(user.id, user.name, user.role, user.pinHash, user.active ? 1 : 0);
  }

  create(name: string, role: Role, pin: string): UserSummary {
    const id = this.ctx.newId();
    this.upsert({ id, name, role, pinHash: hashPin(pin), active: true });
    return { id, name, role };
  }

  /** Checks a PIN, counting failures; throws INVALID_PIN or LOCKED_OUT. Runs in its own transaction. */
  authenticate(userId: string, pin: string, purpose: 'login' | 'override'): Actor {
    const db = this.ctx.store.db;
    const row = db.prepare('SELECT * FROM users WHERE id = ? AND active = 1').get(userId) as UserRow | undefined;
    const now = this.ctx.clock.now();
    const failure = db.prepare('SELECT failures, locked_until FROM login_failures WHERE user_id = ?').get(userId) as
      | { failures: number; locked_until: string | null }
      | undefined;
    if (failure?.locked_until && new Date(failure.locked_until) > now) {
      throw new CassaError('LOCKED_OUT', `Too many wrong PINs: try again after ${failure.locked_until}`);
    }
    // Verify even for an unknown user so timing does not reveal which ids exist.
    const ok = verifyPin(pin, row?.pin_hash ?? 'scrypt$1024$8$1$AAAA$AAAA') && row !== undefined;
    if (!ok || !row) {
      this.ctx.store.write(() => {
        const failures = (failure?.failures ?? 0) + 1;
        const lockedUntil = failures >= maxFailures ? new Date(now.getTime() + lockoutMs).toISOString() : null;
        db.prepare(
          `INSERT INTO login_failures (user_id, failures, locked_until) VALUES (?, ?, ?)
           ON CONFLICT (user_id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until`,
        ).run(userId, lockedUntil ? 0 : failures, lockedUntil);
        this.ctx.audit.append({ userId: row ? userId : null, role: null, action: `${purpose}.failed`, details: { userId, failures } });
      });
      throw new CassaError('INVALID_PIN');
    }
    if (failure) db.prepare('DELETE FROM login_failures WHERE user_id = ?').run(userId);
    return { userId: row.id, name: row.name, role: row.role };
  }

  /**
   * The user who authorises a gated action: the actor if their role suffices, otherwise the
   * manager whose PIN came with the request. Throws NOT_AUTHORISED when neither holds.
   */
  authorise(actor: Actor, needed: Role, override: { userId: string; pin: string } | undefined, action: string): Actor {
    if (roleAtLeast(actor.role, needed)) return actor;
    if (!override) {
      throw new CassaError('NOT_AUTHORISED', `${action} needs a ${needed}: ask a ${needed} to approve with their PIN`, {
        needed,
        action,
      });
    }
    const approver = this.authenticate(override.userId, override.pin, 'override');
    if (!roleAtLeast(approver.role, needed)) {
      throw new CassaError('NOT_AUTHORISED', `${approver.name} is not a ${needed}`, { needed, action });
    }
    return approver;
  }
}
