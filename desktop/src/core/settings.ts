/**
 * @module
 * Register settings kept in the `meta` table: the shop's identity and the rules it chose.
 */
import type { Db } from './store/database';

export interface ShopIdentity {
  readonly shopName: string;
  readonly addressLines: readonly string[];
  readonly vatNumber: string;
  readonly registerName: string;
}

export class TillSettings {
  constructor(private readonly db: Db) {}

  get(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  set(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
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

  /** The largest discount a cashier may give without a manager, in basis points. */
  cashierDiscountLimit(): number {
    return this.getNumber('sale.cashierDiscountLimitBp', 1000);
  }
}
