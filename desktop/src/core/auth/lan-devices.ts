/**
 * @module
 * Tablets that may use the till over the shop's LAN. A manager at the counter asks for an
 * enrolment code (6 digits, valid 10 minutes, one use, burnt after a few wrong tries); the tablet
 * types it once and receives a long-lived random credential, which the HTTP host keeps in an
 * HttpOnly cookie. Only its SHA-256 is stored, so a copied database enrols nobody. A manager can
 * list the enrolled devices and revoke one: its sessions end at once.
 */
import { constantTimeEqual, toBase64Url, utf8Bytes } from '../portable/bytes';
import { sha256Of } from '../portable/hashing';
import { randomBytes, randomInt } from '../portable/random';
import type { LanDeviceView } from '@cassa/shared';
import { CassaError } from '@cassa/shared';
import type { Actor, TillContext } from '../till-context';
import type { SessionRegistry } from './sessions';

export interface LanDevice {
  readonly id: string;
  readonly name: string;
}

interface PendingCode {
  readonly code: string;
  readonly expiresAt: number;
  wrongTries: number;
}

const codeLifetimeMs = 10 * 60 * 1000;
const wrongTriesPerCode = 5;
/** A shop has a handful of tablets; the cap keeps a leaked code from enrolling a flood. */
export const maxEnrolledDevices = 50;
/** last_seen_at is refreshed at most this often, so every call does not write to disk. */
const lastSeenResolutionMs = 60 * 60 * 1000;

function digest(secret: string): string {
  return toBase64Url(sha256Of(secret));
}

export class LanDevices {
  private pending: PendingCode | null = null;

  constructor(
    private readonly ctx: TillContext,
    private readonly sessions: SessionRegistry,
  ) {}

  /** A new code replaces any earlier one: only the code on the counter's screen works. */
  issueCode(actor: Actor): { code: string; expiresAt: string } {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = this.ctx.clock.now().getTime() + codeLifetimeMs;
    this.pending = { code, expiresAt, wrongTries: 0 };
    this.ctx.store.write(() => this.ctx.audit.append({ userId: actor.userId, role: actor.role, action: 'lanDevice.codeIssued', details: {} }));
    return { code, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** Spends the code and returns the new device with its credential (shown to nobody but the host). */
  enrol(code: string, name: string): { device: LanDevice; secret: string } {
    this.spendCode(code);
    const active = this.ctx.store.db.prepare('SELECT count(*) AS n FROM lan_devices WHERE revoked_at IS NULL').get() as { n: number };
    if (active.n >= maxEnrolledDevices) throw new CassaError('CONFLICT', `At most ${maxEnrolledDevices} devices: revoke one first`);
    const device = { id: this.ctx.newId(), name };
    const secret = toBase64Url(randomBytes(32));
    const now = this.ctx.clock.now().toISOString();
    this.ctx.store.write(() => {
      this.ctx.store.db
        .prepare('INSERT INTO lan_devices (id, name, secret_hash, enrolled_at, last_seen_at) VALUES (?, ?, ?, ?, ?)')
        .run(device.id, name, digest(secret), now, now);
      this.ctx.audit.append({ userId: null, role: null, action: 'lanDevice.enrolled', details: { deviceId: device.id, name } });
    });
    return { device, secret };
  }

  private spendCode(code: string): void {
    const pending = this.pending;
    const now = this.ctx.clock.now().getTime();
    if (!pending || pending.expiresAt <= now) {
      this.pending = null;
      throw new CassaError('INVALID_PIN', 'No valid enrolment code: ask a manager for a new one at the counter');
    }
    const matches = constantTimeEqual(utf8Bytes(code), utf8Bytes(pending.code));
    if (!matches) {
      pending.wrongTries++;
      if (pending.wrongTries >= wrongTriesPerCode) this.pending = null;
      throw new CassaError('INVALID_PIN', 'Wrong enrolment code');
    }
    this.pending = null;
  }

  /** The enrolled, unrevoked device holding this credential, or null. */
  resolve(secret: string | undefined): LanDevice | null {
    if (!secret || secret.length > 200) return null;
    const row = this.ctx.store.db.prepare('SELECT id, name, last_seen_at FROM lan_devices WHERE secret_hash = ? AND revoked_at IS NULL').get(digest(secret)) as
      | { id: string; name: string; last_seen_at: string }
      | undefined;
    if (!row) return null;
    const now = this.ctx.clock.now();
    if (now.getTime() - Date.parse(row.last_seen_at) > lastSeenResolutionMs) {
      try {
        this.ctx.store.db.prepare('UPDATE lan_devices SET last_seen_at = ? WHERE id = ?').run(now.toISOString(), row.id);
      } catch {
        // Only a "last seen" date: a full disk must not lock tablets out.
      }
    }
    return { id: row.id, name: row.name };
  }

  list(): LanDeviceView[] {
    const rows = this.ctx.store.db
      .prepare('SELECT id, name, enrolled_at, last_seen_at, revoked_at FROM lan_devices ORDER BY revoked_at IS NOT NULL, enrolled_at DESC LIMIT 200')
      .all() as { id: string; name: string; enrolled_at: string; last_seen_at: string; revoked_at: string | null }[];
    return rows.map((r) => ({ id: r.id, name: r.name, enrolledAt: r.enrolled_at, lastSeenAt: r.last_seen_at, revokedAt: r.revoked_at }));
  }

  revoke(actor: Actor, deviceId: string): void {
    const changed = this.ctx.store.write(() => {
      const result = this.ctx.store.db.prepare('UPDATE lan_devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(this.ctx.clock.now().toISOString(), deviceId);
      if (result.changes > 0) this.ctx.audit.append({ userId: actor.userId, role: actor.role, action: 'lanDevice.revoked', details: { deviceId } });
      return result.changes;
    });
    if (changed === 0) throw new CassaError('NOT_FOUND', `No enrolled device ${deviceId}`);
    this.sessions.endAllOnDevice(deviceId);
  }
}
