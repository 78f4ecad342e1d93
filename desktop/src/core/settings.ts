/**
 * @module
 * Register settings kept in the `meta` table: the shop's identity and the rules it chose.
 */
import type { Db } from './store/database';
import { cachedStatement } from './store/statement-cache';

export interface ShopIdentity {
  readonly shopName: string;
  readonly addressLines: readonly string[];
  readonly vatNumber: string;
  readonly registerName: string;
}

export interface ApprovalPolicy {
  readonly cancelTicket: boolean;
  readonly voidLine: boolean;
}

/** 10.000 €: above any line a small shop rings up, far below what a slipped finger types. */
export const DEFAULT_MAX_LINE_AMOUNT_CENTS = 1_000_000;

export class TillSettings {
  constructor(private readonly db: Db) {}

  get(key: string): string | null {
    const row = cachedStatement(this.db, 'SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  set(key: string, value: string): void {
    cachedStatement(this.db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** True for a setting head office sent down (the settings stream records its scope beside it). */
  fromHeadOffice(key: string): boolean {
    return this.get(`scope.${key}`) !== null;
  }

  getNumber(key: string, fallback: number): number {
    const value = this.get(key);
    return value === null ? fallback : Number(value);
  }

  shop(): ShopIdentity {
    return {
      shopName: this.get('shop.name') ?? 'Cassa',
      addressLines: JSON.parse(this.get('shop.address') ?? '[]') as string[],
      vatNumber: this.get('shop.vatNumber') ?? '',
      registerName: this.get('register.name') ?? 'Cassa 1',
    };
  }

  cashRounding(): boolean {
    return this.get('sale.cashRounding') === 'true';
  }

  /**
   * Which cashier actions need a manager's approval (their PIN) when a cashier does them. Both are
   * on unless the shop turns them off: a cancelled ticket or a voided line is money that was rung
   * up and is not taken, the oldest till fraud there is.
   */
  approvalPolicy(): ApprovalPolicy {
    return {
      cancelTicket: this.get('approval.cancelTicket') !== 'false',
      voidLine: this.get('approval.voidLine') !== 'false',
    };
  }

  /**
   * The owner's ceiling for a unit price set by hand and for any line's amount, in cents. A typo
   * of a few zeros in a price override must not reach a receipt, a payment or the daily totals.
   */
  maxLineAmountCents(): number {
    const value = this.getNumber('sale.maxLineAmountCents', DEFAULT_MAX_LINE_AMOUNT_CENTS);
    return Number.isSafeInteger(value) && value > 0 ? value : DEFAULT_MAX_LINE_AMOUNT_CENTS;
  }

  /** The largest discount a cashier may give without a manager, in basis points. */
  cashierDiscountLimit(): number {
    return this.getNumber('sale.cashierDiscountLimitBp', 1000);
  }
}
