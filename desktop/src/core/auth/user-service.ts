/**
 * @module
 * PIN login with lockout, and the manager override that lets a manager approve one gated action
 * on a cashier's screen. Wrong PINs are counted, not logged one by one: a counter row per user
 * (it survives a restart) and in-memory counters per device and for the till's override pad,
 * each with growing delays. A lockout is audited once, so a guessing tablet cannot fill the disk
 * or the outbox.
 */
import type { Role, TillUser, UserSummary } from '@cassa/shared';
import { CassaError } from '@cassa/shared';
import { storageFailureOf } from '../api/dispatcher';
import type { Actor, TillContext } from '../till-context';
import type { FailureCount } from './login-throttle';
import { LoginThrottle, afterFailure, freeFailures } from './login-throttle';
import type { PinKey } from './pin-hash';
import { hashPin, sealPinHash, unsealPinHash, verifyPin } from './pin-hash';
import { roleAtLeast } from './sessions';

interface UserRow {
  id: string;
  name: string;
  role: Role;
  pin_hash: string;
  active: number;
}

/** Where a PIN was typed: a tablet's enrolment id, or the counter itself. */
export type PinPad = string;
export const counterPad: PinPad = 'counter';
/** Manager overrides share one counter per till, whatever screen they come from. */
const overridePad = 'override';

export class UserService {
  private readonly padThrottle = new LoginThrottle();

  /** `pinKey` seals PIN hashes at rest; null only in tools that never store a PIN. */
  constructor(
    private readonly ctx: TillContext,
    private readonly pinKey: PinKey | null = null,
  ) {
    this.sealStoredHashes();
  }

  /**
   * Every PIN hash reaches the disk sealed, whoever writes it (this service, the back office,
   * head office's users stream): a temporary trigger seals it in the writing statement, and
   * hashes stored before this till had a key are sealed now, without knowing the PIN.
   */
  private sealStoredHashes(): void {
    const key = this.pinKey;
    const db = this.ctx.store.db;
    // For SQL that compares a stored hash with one head office sends (till-sync-store).
    db.function('cassa_unseal_pin', { deterministic: true }, (stored: unknown) => (typeof stored === 'string' ? unsealPinHash(stored, key) : stored));
    if (!key) return;
    db.function('cassa_seal_pin', { deterministic: false }, (hash: unknown) => (typeof hash === 'string' ? sealPinHash(hash, key) : hash));
    for (const event of ['INSERT', 'UPDATE OF pin_hash']) {
      const name = `users_seal_pin_${event === 'INSERT' ? 'insert' : 'update'}`;
      db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS ${name} AFTER ${event} ON main.users
        WHEN NEW.pin_hash NOT LIKE 'sealed1$%'
        BEGIN UPDATE users SET pin_hash = cassa_seal_pin(NEW.pin_hash) WHERE id = NEW.id; END`);
    }
    this.ctx.store.write(() => db.prepare("UPDATE users SET pin_hash = cassa_seal_pin(pin_hash) WHERE pin_hash NOT LIKE 'sealed1$%'").run());
  }

  list(): UserSummary[] {
    return this.ctx.store.db
      .prepare("SELECT id, name, role FROM users WHERE active = 1 ORDER BY CASE role WHEN 'cashier' THEN 0 ELSE 1 END, name")
      .all() as UserSummary[];
  }

  /** Whether any user exists, active or not: a till without one has nobody who could log in. */
  hasAny(): boolean {
    return this.ctx.store.db.prepare('SELECT 1 FROM users LIMIT 1').get() !== undefined;
  }

  /** Every user with its PIN hash, as head office stores them. */
  exportAll(): TillUser[] {
    const rows = this.ctx.store.db.prepare('SELECT * FROM users ORDER BY id').all() as UserRow[];
    // Head office keeps plain scrypt hashes: the seal never leaves this till.
    return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, pinHash: unsealPinHash(r.pin_hash, this.pinKey) ?? '', active: r.active === 1 }));
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

  /**
   * Checks a PIN typed on `pad`, counting failures per user and per pad; throws INVALID_PIN or
   * LOCKED_OUT. A wrong PIN answers INVALID_PIN even when the counter cannot be written (disk full).
   */
  authenticate(userId: string, pin: string, purpose: 'login' | 'override', pad: PinPad = counterPad): Actor {
    const db = this.ctx.store.db;
    const row = db.prepare('SELECT * FROM users WHERE id = ? AND active = 1').get(userId) as UserRow | undefined;
    const nowMs = this.ctx.clock.now().getTime();
    const padKey = purpose === 'override' ? overridePad : `pad:${pad}`;
    const userCount = row ? this.userFailures(row.id) : undefined;
    const lockedUntil = Math.max(this.padThrottle.lockedUntil(padKey, nowMs) ?? 0, userCount?.lockedUntil && userCount.lockedUntil > nowMs ? userCount.lockedUntil : 0);
    if (lockedUntil > 0) {
      throw new CassaError('LOCKED_OUT', `Too many wrong PINs: try again after ${new Date(lockedUntil).toISOString()}`, {
        retryAfterSeconds: Math.ceil((lockedUntil - nowMs) / 1000),
      });
    }
    // Verify even for an unknown user so timing does not reveal which ids exist.
    const ok = verifyPin(pin, row?.pin_hash ?? 'scrypt$1024$8$1$AAAA$AAAA', this.pinKey) && row !== undefined;
    if (!ok || !row) {
      this.padThrottle.fail(padKey, nowMs);
      // Unknown ids get no row: a stranger must not be able to grow the table.
      if (row) this.countUserFailure(row, userCount, nowMs, purpose);
      throw new CassaError('INVALID_PIN');
    }
    this.padThrottle.succeed(padKey);
    if (userCount) db.prepare('DELETE FROM login_failures WHERE user_id = ?').run(userId);
    return { userId: row.id, name: row.name, role: row.role };
  }

  private userFailures(userId: string): FailureCount | undefined {
    const row = this.ctx.store.db.prepare('SELECT failures, locked_until FROM login_failures WHERE user_id = ?').get(userId) as
      | { failures: number; locked_until: string | null }
      | undefined;
    if (!row) return undefined;
    const lockedUntil = row.locked_until ? Date.parse(row.locked_until) : NaN;
    return { failures: row.failures, lockedUntil: Number.isFinite(lockedUntil) ? lockedUntil : null };
  }

  /** One counter row per user; the audit log hears of the lockout once, not of every guess. */
  private countUserFailure(user: UserRow, previous: FailureCount | undefined, nowMs: number, purpose: 'login' | 'override'): void {
    const next = afterFailure(previous, nowMs);
    try {
      this.ctx.store.write(() => {
        this.ctx.store.db
          .prepare(
            `INSERT INTO login_failures (user_id, failures, locked_until) VALUES (?, ?, ?)
             ON CONFLICT (user_id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until`,
          )
          .run(user.id, next.failures, next.lockedUntil === null ? null : new Date(next.lockedUntil).toISOString());
        if (next.failures === freeFailures + 1) {
          this.ctx.audit.append({ userId: user.id, role: null, action: `${purpose}.lockedOut`, details: { userId: user.id, failures: next.failures } });
        }
      });
    } catch (error) {
      if (!storageFailureOf(error)) throw error;
      // A full or read-only disk loses this count; the in-memory pad counter still slows guessing,
      // and the person at the till must hear "wrong PIN", not "internal error".
    }
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
