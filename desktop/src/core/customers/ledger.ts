/**
 * @module
 * Store credit and vouchers as ledgers: every issue, spend and refund is an entry, and a balance
 * is their sum. A till spends only what its own ledger shows, so a voucher works offline and can
 * never be spent twice on one register.
 */
import { randomBytes } from 'node:crypto';
import { CassaError } from '@cassa/shared';
import type { TillContext } from '../till-context';

export type LedgerKind = 'store-credit' | 'voucher';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A voucher code a person can read out: V-XXXX-XXXX in Crockford's alphabet (no I, L, O, U). */
export function newVoucherCode(): string {
  const chars = [...randomBytes(8)].map((b) => alphabet[b % 32]).join('');
  return `V-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

export function normaliseVoucherCode(code: string): string {
  return code.trim().toUpperCase().replace(/[\s_]/g, '-');
}

export class Ledger {
  constructor(private readonly ctx: TillContext) {}

  balance(kind: LedgerKind, account: string): number {
    const row = this.ctx.store.db
      .prepare('SELECT coalesce(sum(amount_cents), 0) AS balance FROM ledger_entries WHERE kind = ? AND account = ?')
      .get(kind, account) as { balance: number };
    return row.balance;
  }

  exists(kind: LedgerKind, account: string): boolean {
    return this.ctx.store.db.prepare('SELECT 1 FROM ledger_entries WHERE kind = ? AND account = ? LIMIT 1').get(kind, account) !== undefined;
  }

  /** Call inside the writing transaction. Spending more than the balance is refused. */
  post(kind: LedgerKind, account: string, amountCents: number, saleId: string | null, userId: string | null): void {
    if (amountCents < 0 && this.balance(kind, account) + amountCents < 0) {
      throw new CassaError('OVERPAYMENT', `${kind === 'voucher' ? `Voucher ${account}` : 'Store credit'} does not cover ${-amountCents} cents`);
    }
    this.ctx.store.db
      .prepare('INSERT INTO ledger_entries (id, kind, account, amount_cents, sale_id, user_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(this.ctx.newId(), kind, account, amountCents, saleId, userId, this.ctx.clock.now().toISOString());
  }
}
