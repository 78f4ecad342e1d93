/**
 * @module
 * The chain's ledgers at head office, apart from HTTP (issue 17): accounts listed with negative
 * balances first, an account's entries with the sales, stores, registers and cashiers behind
 * them, an overspend marked seen (who and when kept), an account's offline limit, a voucher
 * issued here, and the chain's defaults (offline limits per kind, the loyalty rule) saved as
 * organisation-wide settings so every till receives them. A user limited to some stores sees the
 * accounts and entries of those stores; writes are for owners and managers of every store (the
 * contract's access). Every change to an account reaches the tills through the `ledgers` stream.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { CassaError, LEDGER_OFFLINE_LIMIT_SETTING, LOYALTY_RULE_SETTING, NO_LOYALTY, loyaltyRuleSchema } from '@cassa/shared';
import type {
  HeadOfficeLedgerAccount,
  IssueVoucherInput,
  LedgerAccountSummary,
  LedgerKind,
  LedgerListInput,
  LedgerSettings,
  LedgerSettingsView,
  Setting,
} from '@cassa/shared';
import type { AdminApi } from '../../admin-api';
import type { HeadOfficeUserRow } from '../../storage/head-office-storage';
import { LEDGERS_TOUCHED } from '../../storage/ledgers';
import type { SyncStorage } from '../../storage/storage';
import { storeScope } from '../auth';

/** Crockford's base 32: no I, L, O, U, so a code read aloud is not misheard. 256 is a multiple of 32: no bias. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new voucher code, V-XXXX-XXXX (40 random bits). */
export function newVoucherCode(): string {
  const chars = Array.from({ length: 8 }, () => CROCKFORD[randomInt(32)]).join('');
  return `V-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

export interface LedgersService {
  list(user: HeadOfficeUserRow, filter: LedgerListInput): Promise<LedgerAccountSummary[]>;
  account(user: HeadOfficeUserRow, kind: LedgerKind, account: string): Promise<HeadOfficeLedgerAccount>;
  setOfflineLimit(user: HeadOfficeUserRow, kind: LedgerKind, account: string, limit: number | null): Promise<HeadOfficeLedgerAccount>;
  markSeen(user: HeadOfficeUserRow, entryId: string): Promise<HeadOfficeLedgerAccount>;
  issueVoucher(user: HeadOfficeUserRow, input: IssueVoucherInput): Promise<HeadOfficeLedgerAccount>;
  settings(organisationId: string): Promise<LedgerSettingsView>;
  saveSettings(user: HeadOfficeUserRow, input: LedgerSettings): Promise<LedgerSettingsView>;
}

export function createLedgersService(deps: { readonly storage: SyncStorage; readonly admin: AdminApi; readonly now: () => Date }): LedgersService {
  const { storage, admin, now } = deps;
  const ledgers = storage.ledgers;

  async function account(user: HeadOfficeUserRow, kind: LedgerKind, code: string): Promise<HeadOfficeLedgerAccount> {
    const scope = storeScope(user);
    const view = await ledgers.account(user.organisationId, kind, code, now(), scope);
    // A user limited to some stores sees an account only when one of its entries is theirs.
    if (!view || (scope !== null && view.entries.length === 0)) throw new CassaError('NOT_FOUND', 'No such account', { reason: 'unknown-account' });
    // Entries made here were approved by a person of head office: their name, like a cashier's.
    const people = new Map((await storage.headOffice.listUsers(user.organisationId)).map((u) => [u.id, u.name]));
    return { ...view, entries: view.entries.map((e) => ({ ...e, approvedBy: e.approvedBy === null ? null : (people.get(e.approvedBy) ?? e.approvedBy) })) };
  }

  return {
    list: (user, filter) => ledgers.list(user.organisationId, filter, storeScope(user)),
    account,
    async setOfflineLimit(user, kind, code, limit) {
      await ledgers.setOfflineLimit(user.organisationId, kind, code, limit, now());
      admin.notifyTills(user.organisationId, [LEDGERS_TOUCHED]);
      return account(user, kind, code);
    },
    async markSeen(user, entryId) {
      const { kind, account: code } = await ledgers.markSeen(user.organisationId, entryId, user.name, now());
      admin.notifyTills(user.organisationId, [LEDGERS_TOUCHED]);
      return account(user, kind, code);
    },
    async issueVoucher(user, input) {
      // 40 random bits: a code drawn twice is astronomically rare, and refused by storage if it happens.
      for (let attempt = 0; ; attempt += 1) {
        const code = newVoucherCode();
        try {
          await ledgers.addEntry(
            user.organisationId,
            { id: `ho-${randomUUID()}`, kind: 'voucher', account: code, amount: input.amount, reason: 'issue', customerId: input.customerId, userId: user.id },
            now(),
            { newAccount: true },
          );
        } catch (error) {
          if (error instanceof CassaError && error.code === 'CONFLICT' && attempt < 4) continue;
          throw error;
        }
        admin.notifyTills(user.organisationId, [LEDGERS_TOUCHED]);
        return account(user, 'voucher', code);
      }
    },
    settings: (organisationId) => readSettings(storage, organisationId),
    async saveSettings(user, input) {
      await admin.upsertSettings(user.organisationId, [
        { key: LEDGER_OFFLINE_LIMIT_SETTING, value: { ...input.offlineLimits } },
        { key: LOYALTY_RULE_SETTING, value: { ...input.loyalty } },
      ]);
      // Accounts without their own limit follow the default: their rows carry the one in force.
      if ((await ledgers.rewriteDefaultLimitRows(user.organisationId, now())) > 0) admin.notifyTills(user.organisationId, [LEDGERS_TOUCHED]);
      return readSettings(storage, user.organisationId);
    },
  };
}

async function readSettings(storage: SyncStorage, organisationId: string): Promise<LedgerSettingsView> {
  const rows = (await storage.headOffice.readRows(organisationId, 'setting')) as Setting[];
  const loyalty = loyaltyRuleSchema.safeParse(rows.filter((r) => r.key === LOYALTY_RULE_SETTING).at(-1)?.value);
  const { limits, isDefault } = await storage.ledgers.defaults(organisationId);
  return { offlineLimits: limits, offlineLimitsAreDefault: isDefault, loyalty: loyalty.success ? loyalty.data : NO_LOYALTY };
}
