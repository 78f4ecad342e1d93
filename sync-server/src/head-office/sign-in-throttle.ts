/**
 * @module
 * Slows password guessing without letting anyone lock a person out. Only failures count:
 * - per client address: at most `maxFailuresPerAddress` wrong passwords in the window, whatever
 *   the account (a sprayer trying one password on many emails);
 * - per account and address: after a few free mistakes each further attempt must wait a delay
 *   that doubles with every failure (a guesser aimed at one person). Someone at another address
 *   (the owner at the shop) is not slowed by a guesser elsewhere.
 * Keys are the typed email whether or not an account has it, so the answers reveal nothing about
 * which accounts exist. Counts live in the database, shared by every server process.
 */
import { CassaError } from '@cassa/shared';
import { sha256Hex } from '../credentials';
import type { SyncStorage } from '../storage/storage';

export const FAILURE_WINDOW_MS = 15 * 60_000;
/** Mistakes an account may make from one address before the delay starts. */
export const FREE_FAILURES = 3;
export const MAX_DELAY_MS = 15 * 60_000;

/** The wait before the next attempt after `failures` in a row: 0, 0, 0, 1 s, 2 s, 4 s … 15 min. */
export function delayAfter(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(1000 * 2 ** (failures - FREE_FAILURES), MAX_DELAY_MS);
}

export interface SignInThrottle {
  /** Throws RATE_LIMITED when this attempt must wait; call before checking the password. */
  check(address: string, account: string): Promise<void>;
  recordFailure(address: string, account: string): Promise<void>;
  /** A right password forgives this account's mistakes from this address (not the address's). */
  recordSuccess(address: string, account: string): Promise<void>;
}

export function createSignInThrottle(options: { storage: SyncStorage; now: () => Date; maxFailuresPerAddress: number }): SignInThrottle {
  const ho = options.storage.headOffice;
  const addressKey = (address: string) => sha256Hex(`failures:address:${address}`);
  const accountKey = (address: string, account: string) => sha256Hex(`failures:account:${account}\u0000${address}`);
  const since = () => new Date(options.now().getTime() - FAILURE_WINDOW_MS);

  return {
    async check(address, account) {
      const fromAddress = await ho.countFailures(addressKey(address), since());
      if (fromAddress.count >= options.maxFailuresPerAddress) {
        throw new CassaError('RATE_LIMITED', 'Too many wrong sign-ins from here: wait a few minutes', { retryAfterSeconds: FAILURE_WINDOW_MS / 1000 });
      }
      const forAccount = await ho.countFailures(accountKey(address, account), since());
      const wait = forAccount.latest === null ? 0 : forAccount.latest.getTime() + delayAfter(forAccount.count) - options.now().getTime();
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        throw new CassaError('RATE_LIMITED', `Too many wrong passwords: wait ${seconds} seconds and try again`, { retryAfterSeconds: seconds });
      }
    },
    async recordFailure(address, account) {
      const now = options.now();
      await ho.recordFailures([addressKey(address), accountKey(address, account)], now, new Date(now.getTime() - FAILURE_WINDOW_MS));
    },
    async recordSuccess(address, account) {
      await ho.clearFailures(accountKey(address, account));
    },
  };
}
