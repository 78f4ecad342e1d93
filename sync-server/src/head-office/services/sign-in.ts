/**
 * @module
 * Becoming a head-office user and proving it: first-run setup (once, or with a one-time link from
 * `create-owner`), sign-in by email and password slowed by the throttle, and changing one's own
 * password. Answers users; starting their sessions is the caller's part.
 */
import { randomUUID } from 'node:crypto';
import { CassaError } from '@cassa/shared';
import type { HeadOfficeMe, SetupInput } from '@cassa/shared';
import type { AdminApi } from '../../admin-api';
import { sha256Hex } from '../../credentials';
import type { HeadOfficeUserRow } from '../../storage/head-office-storage';
import type { SyncStorage } from '../../storage/storage';
import { decoyHash, hashSecret, verifySecret } from '../passwords';
import type { SignInThrottle } from '../sign-in-throttle';
import type { Plans } from './plans';

/** Sign-in tries at most this many organisations' accounts for one email (each try is a slow hash). */
export const MAX_ACCOUNTS_PER_EMAIL = 5;

export interface SignInDeps {
  readonly storage: SyncStorage;
  readonly admin: Pick<AdminApi, 'createOrganisation'>;
  readonly plans: Plans;
  readonly throttle: SignInThrottle;
  readonly now: () => Date;
}

/** What the page shows of the signed-in user. */
export async function describeUser(storage: SyncStorage, user: HeadOfficeUserRow): Promise<HeadOfficeMe> {
  const organisationName = (await storage.getOrganisation(user.organisationId))?.name ?? user.organisationId;
  return { id: user.id, email: user.email, name: user.name, role: user.role, storeIds: user.storeIds, organisationId: user.organisationId, organisationName };
}

export function createSignIn(deps: SignInDeps) {
  const { storage, now, throttle } = deps;
  const ho = storage.headOffice;

  /** The organisation the new owner belongs to, and the email the account gets. */
  async function ownerPlace(input: SetupInput): Promise<{ organisationId: string | null; email: string }> {
    if (input.setupToken !== undefined) {
      const redeemed = await ho.redeemSetupToken(sha256Hex(input.setupToken), now());
      if (!redeemed) throw new CassaError('NOT_AUTHORISED', 'This setup link is unknown, used or expired');
      return redeemed;
    }
    if ((await ho.countAllUsers()) > 0) throw new CassaError('NOT_AUTHORISED', 'Head office is already set up: sign in, or ask an owner for an account');
    // A server whose one organisation was made through the admin API (the demo's embedded head
    // office, a scripted install) gets its owner here, and sees the sales already there.
    const organisationId = await ho.soleOrganisationWithoutUsers();
    if (organisationId !== null) await deps.plans.ensurePlan(organisationId);
    return { organisationId, email: input.email };
  }

  /**
   * The account this email and password open. An email may have an account in several
   * organisations: the first whose password matches wins. An unknown email costs the same hash as
   * a known one, and every failure answers alike, so nobody learns which emails have accounts.
   */
  async function matchingAccount(email: string, password: string): Promise<HeadOfficeUserRow | null> {
    const candidates = await ho.findUsersByEmail(email, MAX_ACCOUNTS_PER_EMAIL);
    if (candidates.length === 0) {
      await verifySecret(password, await decoyHash());
      return null;
    }
    for (const candidate of candidates) if (await verifySecret(password, candidate.passwordHash)) return candidate;
    return null;
  }

  return {
    /** True while the server has no head-office user at all. */
    async setupRequired(): Promise<boolean> {
      return (await ho.countAllUsers()) === 0;
    },

    async peekSetupToken(token: string): Promise<{ email: string }> {
      const found = await ho.peekSetupToken(sha256Hex(token), now());
      if (!found) throw new CassaError('NOT_FOUND', 'This setup link is unknown, used or expired');
      return { email: found.email };
    },

    /** Creates an owner: the server's first (with an organisation), or one a setup link names. */
    async setup(input: SetupInput): Promise<HeadOfficeUserRow> {
      const place = await ownerPlace(input);
      let organisationId = place.organisationId;
      if (organisationId === null) {
        organisationId = (await deps.admin.createOrganisation({ name: input.organisationName })).id;
        await deps.plans.ensurePlan(organisationId);
      }
      const user: HeadOfficeUserRow = {
        organisationId,
        id: `hou_${randomUUID()}`,
        email: place.email,
        name: input.name,
        passwordHash: await hashSecret(input.password),
        role: 'owner',
        storeIds: [],
        failedLogins: 0,
        lockedUntil: null,
      };
      await ho.createUser(user, now());
      return user;
    },

    /** The account these credentials open, from this client address; throttled, never locked. */
    async login(input: { email: string; password: string }, address: string): Promise<HeadOfficeUserRow> {
      const account = `login:${input.email}`;
      await throttle.check(address, account);
      const user = await matchingAccount(input.email, input.password);
      if (!user) {
        await throttle.recordFailure(address, account);
        throw new CassaError('NOT_AUTHENTICATED', 'Wrong email or password', { reason: 'credentials' });
      }
      await throttle.recordSuccess(address, account);
      return user;
    },

    /** Needs the current password (a stolen session must not become unlimited guesses); every session of the user ends. */
    async changePassword(user: HeadOfficeUserRow, input: { currentPassword: string; newPassword: string }, address: string): Promise<void> {
      const account = `password:${user.organisationId}:${user.id}`;
      await throttle.check(address, account);
      if (!(await verifySecret(input.currentPassword, user.passwordHash))) {
        await throttle.recordFailure(address, account);
        throw new CassaError('NOT_AUTHENTICATED', 'The current password is wrong', { reason: 'current-password' });
      }
      await throttle.recordSuccess(address, account);
      await ho.updateUser(user.organisationId, user.id, { passwordHash: await hashSecret(input.newPassword) });
      await ho.deleteUserSessions(user.organisationId, user.id);
    },
  };
}

export type SignIn = ReturnType<typeof createSignIn>;
