/**
 * @module
 * Logged-in till sessions. Held in memory on purpose: a restarted till asks for the PIN again,
 * and a token copied off a tablet dies with the process.
 */
import { toBase64Url } from '../portable/bytes';
import { randomBytes } from '../portable/random';
import type { Role } from '@cassa/shared';
import type { Clock } from '../clock';

export interface Session {
  readonly token: string;
  readonly userId: string;
  readonly name: string;
  readonly role: Role;
  /** The enrolled tablet the session was opened on; null at the counter. */
  readonly deviceId: string | null;
  lastSeen: number;
}

const idleLimitMs = 12 * 60 * 60 * 1000;

export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly clock: Clock) {}

  create(user: { id: string; name: string; role: Role }, deviceId: string | null = null): Session {
    const session: Session = {
      deviceId,
      token: toBase64Url(randomBytes(32)),
      userId: user.id,
      name: user.name,
      role: user.role,
      lastSeen: this.clock.now().getTime(),
    };
    this.sessions.set(session.token, session);
    return session;
  }

  resolve(token: string | undefined): Session | null {
    if (!token) return null;
    const session = this.sessions.get(token);
    if (!session) return null;
    const now = this.clock.now().getTime();
    if (now - session.lastSeen > idleLimitMs) {
      this.sessions.delete(token);
      return null;
    }
    session.lastSeen = now;
    return session;
  }

  end(token: string): void {
    this.sessions.delete(token);
  }

  /** Ends every session of a user whose role or PIN changed. */
  endAllFor(userId: string): void {
    for (const [token, session] of this.sessions) if (session.userId === userId) this.sessions.delete(token);
  }

  /** Ends every session opened on a tablet whose enrolment was revoked. */
  endAllOnDevice(deviceId: string): void {
    for (const [token, session] of this.sessions) if (session.deviceId === deviceId) this.sessions.delete(token);
  }
}

const rank: Record<Role, number> = { cashier: 1, manager: 2, admin: 3 };

export function roleAtLeast(role: Role, needed: Role): boolean {
  return rank[role] >= rank[needed];
}
