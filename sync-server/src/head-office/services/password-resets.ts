/**
 * @module
 * Forgotten passwords: one-time links an owner makes for a user, or that the server mails to
 * whoever asks for an email (when it can send mail), and their use. The links themselves (token,
 * lifetime, URL) are `password-reset.ts`.
 */
import { CassaError } from '@cassa/shared';
import type { PasswordResetLink } from '@cassa/shared';
import type { Logger } from '../../http-support';
import type { HeadOfficeUserRow } from '../../storage/head-office-storage';
import type { SyncStorage } from '../../storage/storage';
import { issuePasswordReset, resetLinkUrl, resetTokenHash } from '../password-reset';
import { hashSecret } from '../passwords';
import type { SignInThrottle } from '../sign-in-throttle';
import type { Mailer } from '../smtp';
import { MAX_ACCOUNTS_PER_EMAIL } from './sign-in';

export interface PasswordResetsDeps {
  readonly storage: SyncStorage;
  readonly throttle: SignInThrottle;
  readonly now: () => Date;
  /** Without one, nobody can ask for a link by email: an owner makes it. */
  readonly mailer?: Mailer | undefined;
  readonly log?: Logger | undefined;
}

const UNKNOWN_LINK = 'This reset link is unknown, used or expired: ask an owner for a new one';

function resetMail(organisation: string, expiresAt: string, url: string) {
  return {
    subject: `Cassa: nuova password / new password (${organisation})`,
    text: [
      `Per scegliere una nuova password per la sede di ${organisation}, apri questo link (vale una volta, fino a ${expiresAt}):`,
      `To choose a new head-office password for ${organisation}, open this link (works once, until ${expiresAt}):`,
      '',
      url,
      '',
      'Se non sei stato tu, ignora questa email. / If this was not you, ignore this email.',
    ].join('\n'),
  };
}

export function createPasswordResets(deps: PasswordResetsDeps) {
  const { storage, now, throttle } = deps;
  const ho = storage.headOffice;

  async function mailLinks(mailer: Mailer, email: string, base: string): Promise<void> {
    for (const user of await ho.findUsersByEmail(email, MAX_ACCOUNTS_PER_EMAIL)) {
      const { token, expiresAt } = await issuePasswordReset(ho, user, now());
      const organisation = (await storage.getOrganisation(user.organisationId))?.name ?? user.organisationId;
      await mailer({ to: user.email, ...resetMail(organisation, expiresAt, resetLinkUrl(base, token)) });
    }
  }

  return {
    /** Whether people may ask for a link by email. */
    byEmail: deps.mailer !== undefined,

    /** The email a live link is for. */
    async peek(token: string): Promise<{ email: string }> {
      const user = await ho.peekPasswordReset(resetTokenHash(token), now());
      if (!user) throw new CassaError('NOT_FOUND', UNKNOWN_LINK);
      return { email: user.email };
    },

    /** An owner's link for one of the organisation's users (another organisation's id is not found). */
    async issueFor(organisationId: string, userId: string, base: string): Promise<PasswordResetLink> {
      const target = await ho.getUser(organisationId, userId);
      if (!target) throw new CassaError('NOT_FOUND', 'No such user');
      const { token, expiresAt } = await issuePasswordReset(ho, target, now());
      return { url: resetLinkUrl(base, token), expiresAt, email: target.email };
    },

    /**
     * "Forgot password": mails a link to each account with that email. Resolves the same whether
     * or not an account exists, before any mail is sent (no timing either); every request counts
     * like a wrong password, so nobody can flood an inbox. Resolves with the mailing under way.
     */
    async request(email: string, address: string, base: string): Promise<{ mailed: Promise<void> }> {
      const mailer = deps.mailer;
      if (!mailer) throw new CassaError('NOT_FOUND', 'This server sends no email: ask an owner for a reset link');
      const account = `reset-mail:${email}`;
      await throttle.check(address, account);
      await throttle.recordFailure(address, account);
      const mailed = mailLinks(mailer, email, base).catch((error: unknown) => deps.log?.('Could not mail a password reset link', error));
      return { mailed };
    },

    /** Uses a link once: the new password is set and every session of the user ends. */
    async redeem(token: string, newPassword: string): Promise<HeadOfficeUserRow> {
      const user = await ho.redeemPasswordReset(resetTokenHash(token), await hashSecret(newPassword), now());
      if (!user) throw new CassaError('NOT_FOUND', UNKNOWN_LINK);
      return user;
    },
  };
}

export type PasswordResets = ReturnType<typeof createPasswordResets>;
