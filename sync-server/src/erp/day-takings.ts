/**
 * @module
 * ISSUE-19-SCAFFOLD: owned by helper C (ERP exports), who replaces the body. The one read of a
 * register's business day as the accountant's ERP needs it ("corrispettivi"): totals per VAT code
 * by the fiscal closure's rule (shared `vatBreakdown` on the day's gross per code, as the Z and the
 * dashboard do), returns and voids apart, cash and electronic apart, the fiscal device's serial
 * and Z number where a fiscal device is used. ERP exports, the SAP connector (helper E) and the
 * public API's takings all read days through this, so they agree with the dashboard to the cent.
 * The types below are the agreed interface; C may add fields, not rename or remove them.
 */
import type { PaymentMethod, VatGroup } from '@cassa/shared';
import type { SyncStorage } from '../storage/storage';

export interface TakingsPart {
  /** Per VAT code, in `VAT_CODES` order; gross is VAT-inclusive, positive for returns and voids too. */
  readonly vat: readonly VatGroup[];
  readonly grossCents: number;
  /** How many sales (receipts) this part counts. */
  readonly documents: number;
}

export interface TakingsPayment {
  readonly method: PaymentMethod;
  /** `cash` is cash; card is `electronic`; vouchers and store credit are neither (`other`). */
  readonly kind: 'cash' | 'electronic' | 'other';
  /** Net of change given and of refunds paid out with this method. */
  readonly amountCents: number;
}

export interface RegisterDayTakings {
  readonly storeId: string;
  readonly registerId: string;
  /** The shop's calendar day (`businessDay` in the store's zone), `YYYY-MM-DD`. */
  readonly businessDay: string;
  /** The fiscal device's closure for this day, where the register uses one. */
  readonly fiscal: { readonly deviceSerial: string; readonly zNumber: number } | null;
  readonly sales: TakingsPart;
  readonly returns: TakingsPart;
  readonly voids: TakingsPart;
  readonly payments: readonly TakingsPayment[];
}

export interface DayTakingsQuery {
  /** Business days, inclusive, `YYYY-MM-DD`. */
  readonly from: string;
  readonly to: string;
  /** Only these stores; null: every store of the organisation. */
  readonly storeIds: readonly string[] | null;
}

/** One row per store, register and business day with any sale, in that order. */
export async function readDayTakings(_storage: SyncStorage, _organisationId: string, _query: DayTakingsQuery): Promise<RegisterDayTakings[]> {
  throw new Error('ISSUE-19-SCAFFOLD: readDayTakings is built by helper C');
}
