/**
 * @module
 * Head-office sessions as tokens: only their hashes are stored. Starting one always makes a new
 * id and CSRF token and forgets the one presented (a session id planted before sign-in is worth
 * nothing after it). How the tokens travel (cookies) is `session-cookies.ts`' business.
 */
import { sha256Hex } from '../../credentials';
import type { HeadOfficeStorage, HeadOfficeUserRow } from '../../storage/head-office-storage';
import { SESSION_HOURS, newToken } from '../auth';

export interface StartedSession {
  readonly token: string;
  readonly csrfToken: string;
}

export interface Sessions {
  /** A new session for `user`; `presented` (the caller's current token, if any) stops working. */
  start(user: Pick<HeadOfficeUserRow, 'organisationId' | 'id'>, presented: string | undefined): Promise<StartedSession>;
  end(presented: string | undefined): Promise<void>;
  /** The live session a token opens (null when unknown or expired), with its user (null when removed). */
  find(presented: string | undefined): Promise<{ user: HeadOfficeUserRow | null; csrfToken: string } | null>;
}

export function createSessions(deps: { ho: HeadOfficeStorage; now: () => Date }): Sessions {
  const { ho, now } = deps;
  return {
    async start(user, presented) {
      if (presented) await ho.deleteSession(sha256Hex(presented));
      const token = newToken();
      const csrfToken = newToken();
      const at = now();
      await ho.createSession({
        tokenHash: sha256Hex(token),
        organisationId: user.organisationId,
        userId: user.id,
        csrfToken,
        now: at,
        expiresAt: new Date(at.getTime() + SESSION_HOURS * 3600_000),
      });
      return { token, csrfToken };
    },
    async end(presented) {
      if (presented) await ho.deleteSession(sha256Hex(presented));
    },
    async find(presented) {
      if (!presented) return null;
      const session = await ho.getSession(sha256Hex(presented), now());
      if (!session) return null;
      return { user: await ho.getUser(session.organisationId, session.userId), csrfToken: session.csrfToken };
    },
  };
}
