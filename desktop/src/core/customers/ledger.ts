/**
 * @module
 * Store credit, vouchers (gift cards) and loyalty points as chain-wide ledgers, as this till holds
 * them: head office's last word on an account (a row of the `ledgers` stream) plus this till's own
 * entries since. Every entry the till makes leaves through the outbox as a `ledger-entry` record in
 * the transaction that makes it, and its outbox op number is kept so the till knows which of its
 * entries head office's balance already includes. The rules are shared's (ledger-rules.ts): a
 * balance is `tillBalance`, what may be drawn without head office is `offlineAllowance`.
 */
import { randomBytes } from '../portable/random';
import type { KnownAccount, LedgerAccount, LedgerAuthorisation, LedgerEntryReason, LedgerEntryRecord, LedgerKind, LedgerOfflineDefaults, LocalLedgerEntry, LoyaltyRule } from '@cassa/shared';
import {
  DEFAULT_LEDGER_OFFLINE_LIMITS,
  LEDGER_OFFLINE_LIMIT_SETTING,
  LOYALTY_RULE_SETTING,
  NO_LOYALTY,
  effectiveOfflineLimit,
  ledgerOfflineDefaultsSchema,
  loyaltyRuleSchema,
  offlineAllowance,
  tillBalance,
} from '@cassa/shared';
import type { TillContext } from '../till-context';
import { cachedStatement } from '../store/statement-cache';

export type { LedgerKind } from '@cassa/shared';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A voucher code a person can read out: V-XXXX-XXXX in Crockford's alphabet (no I, L, O, U). */
export function newVoucherCode(): string {
  const chars = [...randomBytes(8)].map((b) => alphabet[b % 32]).join('');
  return `V-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

export function normaliseVoucherCode(code: string): string {
  return code.trim().toUpperCase().replace(/[\s_]/g, '-');
}

/** An entry this till makes; the till fills in who, where and when. */
export interface NewLedgerEntry {
  readonly kind: LedgerKind;
  readonly account: string;
  readonly amount: number;
  readonly reason: LedgerEntryReason;
  readonly authorisation: LedgerAuthorisation;
  readonly reservationId?: string | null;
  readonly saleId?: string | null;
  readonly userId: string | null;
  readonly customerId?: string | null;
}

/** What the till knows of an account from head office (null: nothing yet). */
export interface KnownLedgerAccount {
  readonly balance: number;
  readonly offlineLimit: number;
  readonly includes: Record<string, number>;
  readonly overspent: boolean;
  readonly customerId: string | null;
  readonly updatedAt: string;
}

interface EntryRow {
  id: string;
  amount_cents: number;
  reason: LedgerEntryReason;
  authorisation: LedgerAuthorisation;
  store_id: string;
  device_id: string;
  outbox_seq: number | null;
  sale_id: string | null;
  user_id: string | null;
  at: string;
}

/** An entry not yet in the outbox (made before migration 008) counts as not included anywhere. */
const NOT_YET_SENT = Number.MAX_SAFE_INTEGER;

export class Ledger {
  constructor(private readonly ctx: TillContext) {}

  private get db() {
    return this.ctx.store.db;
  }

  known(kind: LedgerKind, account: string): KnownLedgerAccount | null {
    const row = cachedStatement(this.db, 'SELECT balance, offline_limit, includes, overspent, customer_id, updated_at FROM ledger_accounts WHERE kind = ? AND account = ?').get(kind, account) as
      | { balance: number; offline_limit: number; includes: string; overspent: number; customer_id: string | null; updated_at: string }
      | undefined;
    if (!row) return null;
    return {
      balance: row.balance,
      offlineLimit: row.offline_limit,
      includes: JSON.parse(row.includes) as Record<string, number>,
      overspent: row.overspent === 1,
      customerId: row.customer_id,
      updatedAt: row.updated_at,
    };
  }

  /** This till's own entries on the account, newest first. */
  entryRows(kind: LedgerKind, account: string): EntryRow[] {
    return cachedStatement(this.db,
      'SELECT id, amount_cents, reason, authorisation, store_id, device_id, outbox_seq, sale_id, user_id, at FROM ledger_entries WHERE kind = ? AND account = ? ORDER BY at DESC, rowid DESC',
    ).all(kind, account) as EntryRow[];
  }

  private localEntries(kind: LedgerKind, account: string): LocalLedgerEntry[] {
    return this.entryRows(kind, account).map((e) => ({ amount: e.amount_cents, authorisation: e.authorisation, outboxSeq: e.outbox_seq ?? NOT_YET_SENT }));
  }

  /**
   * What open and parked sale tickets already draw on the account (payments and points not yet
   * completed), as entries head office has not seen: an allowance must leave them out.
   */
  private openDraws(kind: LedgerKind, account: string, replacingOn: string | null): LocalLedgerEntry[] {
    const rows =
      kind === 'points'
        ? (cachedStatement(this.db, "SELECT points_redeemed AS amount, points_authorisation AS authorisation FROM tickets WHERE kind = 'sale' AND customer_id = ? AND points_redeemed IS NOT NULL AND id IS NOT ?").all(account, replacingOn) as {
            amount: number;
            authorisation: 'reserved' | 'offline' | null;
          }[])
        : (cachedStatement(this.db,
            "SELECT p.amount_cents AS amount, p.authorisation FROM ticket_payments p JOIN tickets t ON t.id = p.ticket_id WHERE t.kind = 'sale' AND p.method = ? AND p.reference = ?",
          ).all(kind, account) as { amount: number; authorisation: 'reserved' | 'offline' | null }[]);
    return rows.map((r) => ({ amount: -r.amount, authorisation: r.authorisation ?? 'offline', outboxSeq: NOT_YET_SENT }));
  }

  private asKnown(known: KnownLedgerAccount | null): KnownAccount {
    return known ? { balance: known.balance, includes: known.includes } : null;
  }

  /** The balance this till sees (shared `tillBalance`), before what open tickets draw. */
  balance(kind: LedgerKind, account: string): number {
    return tillBalance(this.asKnown(this.known(kind, account)), this.ctx.deviceId, this.localEntries(kind, account));
  }

  /** Whether head office or this till has ever heard of the account. */
  exists(kind: LedgerKind, account: string): boolean {
    if (this.known(kind, account)) return true;
    return cachedStatement(this.db, 'SELECT 1 FROM ledger_entries WHERE kind = ? AND account = ? LIMIT 1').get(kind, account) !== undefined;
  }

  /** The chain's default offline limits (setting `ledger.offlineLimit`: one number for vouchers and credit, or one per kind). */
  chainDefaults(): LedgerOfflineDefaults {
    const raw = this.ctx.settings.get(LEDGER_OFFLINE_LIMIT_SETTING);
    if (raw === null) return DEFAULT_LEDGER_OFFLINE_LIMITS;
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return { ...DEFAULT_LEDGER_OFFLINE_LIMITS, voucher: value, 'store-credit': value };
      const parsed = ledgerOfflineDefaultsSchema.safeParse(value);
      return parsed.success ? parsed.data : DEFAULT_LEDGER_OFFLINE_LIMITS;
    } catch {
      return DEFAULT_LEDGER_OFFLINE_LIMITS;
    }
  }

  offlineLimit(kind: LedgerKind, account: string): number {
    return effectiveOfflineLimit(kind, this.known(kind, account)?.offlineLimit ?? null, this.chainDefaults());
  }

  /**
   * What this till may still draw without head office (shared `offlineAllowance`), net of what open
   * tickets draw; `replacingOn`: a ticket whose points redemption the new one replaces.
   */
  allowance(kind: LedgerKind, account: string, replacingOn: string | null = null): number {
    const entries = [...this.localEntries(kind, account), ...this.openDraws(kind, account, replacingOn)];
    return offlineAllowance(this.asKnown(this.known(kind, account)), this.ctx.deviceId, entries, this.offlineLimit(kind, account));
  }

  /** The owner's loyalty rule (setting `loyalty.rule`), off when unset or unreadable. */
  loyaltyRule(): LoyaltyRule {
    const raw = this.ctx.settings.get(LOYALTY_RULE_SETTING);
    if (raw === null) return NO_LOYALTY;
    try {
      const parsed = loyaltyRuleSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : NO_LOYALTY;
    } catch {
      return NO_LOYALTY;
    }
  }

  /** Call inside the writing transaction: stores the entry and queues it for head office. */
  post(entry: NewLedgerEntry): LedgerEntryRecord {
    const record: LedgerEntryRecord = {
      id: this.ctx.newId(),
      kind: entry.kind,
      account: entry.account,
      amount: entry.amount,
      reason: entry.reason,
      authorisation: entry.authorisation,
      reservationId: entry.reservationId ?? null,
      storeId: this.ctx.storeId,
      deviceId: this.ctx.deviceId,
      saleId: entry.saleId ?? null,
      userId: entry.userId,
      customerId: entry.customerId ?? (entry.kind === 'voucher' ? null : entry.account),
      at: this.ctx.clock.now().toISOString(),
    };
    const seq = this.ctx.outbox.enqueue({ type: 'ledger-entry', record });
    this.insert(record, seq);
    cachedStatement(this.db, 'UPDATE ledger_entries SET balance_after = ? WHERE id = ?').run(this.balance(record.kind, record.account), record.id);
    return record;
  }

  private insert(record: LedgerEntryRecord, seq: number): void {
    cachedStatement(this.db,
      `INSERT INTO ledger_entries (id, kind, account, amount_cents, reason, authorisation, reservation_id, store_id, device_id, outbox_seq, sale_id, user_id, customer_id, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(record.id, record.kind, record.account, record.amount, record.reason, record.authorisation, record.reservationId, record.storeId, record.deviceId, seq, record.saleId, record.userId, record.customerId, record.at);
  }

  /** Entries made before the chain ledgers (migration 008) go up now, once: head office never had them. */
  queueUnsentEntries(): number {
    return this.ctx.store.write(() => {
      const rows = this.db.prepare('SELECT * FROM ledger_entries WHERE outbox_seq IS NULL ORDER BY rowid').all() as (EntryRow & {
        kind: LedgerKind;
        account: string;
        reservation_id: string | null;
        customer_id: string | null;
      })[];
      for (const row of rows) {
        const record: LedgerEntryRecord = {
          id: row.id,
          kind: row.kind,
          account: row.account,
          amount: row.amount_cents,
          reason: row.reason,
          authorisation: row.authorisation,
          reservationId: row.reservation_id,
          storeId: this.ctx.storeId,
          deviceId: this.ctx.deviceId,
          saleId: row.sale_id,
          userId: row.user_id,
          customerId: row.customer_id,
          at: row.at,
        };
        const seq = this.ctx.outbox.enqueue({ type: 'ledger-entry', record });
        this.db.prepare('UPDATE ledger_entries SET outbox_seq = ?, store_id = ?, device_id = ? WHERE id = ?').run(seq, record.storeId, record.deviceId, row.id);
      }
      return rows.length;
    });
  }

  /** A row of the `ledgers` stream (inside the pull's transaction); null data: head office dropped the account. */
  applyAccount(key: string, data: LedgerAccount | null): void {
    if (!data) {
      const [kind, ...rest] = key.split(':');
      this.db.prepare('DELETE FROM ledger_accounts WHERE kind = ? AND account = ?').run(kind, rest.join(':'));
      return;
    }
    cachedStatement(this.db,
      `INSERT INTO ledger_accounts (kind, account, balance, offline_limit, customer_id, includes, overspent, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (kind, account) DO UPDATE SET balance = excluded.balance, offline_limit = excluded.offline_limit, customer_id = excluded.customer_id,
         includes = excluded.includes, overspent = excluded.overspent, updated_at = excluded.updated_at`,
    ).run(data.kind, data.account, data.balance, data.offlineLimit, data.customerId, JSON.stringify(data.includes), data.overspent ? 1 : 0, data.updatedAt);
  }
}
