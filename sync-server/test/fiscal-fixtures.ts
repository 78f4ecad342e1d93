/**
 * Sales, returns and post-voids made the way an Italian till makes them, with the documento
 * commerciale its fiscal device issued and the day's Z: for head office's fiscal tests (issue 16).
 * The till's side of each figure is computed with shared's rules (fiscalRequestOf,
 * fiscalRequestTotalCents, fiscalVatTotals), never written by hand.
 */
import { DEFAULT_DEPARTMENTS, fiscalRequestOf, fiscalRequestTotalCents, fiscalVatTotals, lineAmount } from '@cassa/shared';
import type {
  FiscalClosureRecord,
  FiscalDocument,
  FiscalDocumentRecord,
  FiscalReference,
  FiscalRequest,
  FiscalStatus,
  FiscalStatusRecord,
  SaleLineRecord,
  SaleRecord,
  TillRecord,
  VatCode,
} from '@cassa/shared';

export const SERIAL = '99MEY012345';

export interface FiscalLineSpec {
  readonly vatCode: VatCode;
  readonly quantityMilli: number;
  readonly unitPriceCents: number;
  readonly discountCents: number;
}

export interface TillIdentity {
  readonly storeId: string;
  readonly deviceId: string;
  readonly variantId: string;
}

/** One issued document with the sale and request it was issued for. */
export interface IssuedSale {
  readonly sale: SaleRecord;
  readonly request: FiscalRequest;
  readonly document: FiscalDocument;
}

function line(id: string, i: number, spec: FiscalLineSpec, variantId: string, sign: 1 | -1): SaleLineRecord {
  const gross = lineAmount(spec.unitPriceCents, sign * spec.quantityMilli);
  return {
    lineId: `${id}-l${i}`,
    productId: 'p',
    variantId,
    sku: 'SKU',
    description: `Line ${i}`,
    vatCode: spec.vatCode,
    quantityMilli: sign * spec.quantityMilli,
    unitPriceCents: spec.unitPriceCents,
    discountCents: spec.discountCents,
    totalCents: gross - sign * spec.discountCents,
  };
}

/** A day on one device: sales, returns and voids numbered as the device numbers them, then its Z. */
export class FiscalDay {
  readonly issued: IssuedSale[] = [];
  private documentNumber = 0;

  constructor(
    private readonly till: TillIdentity,
    readonly zNumber: number,
    private readonly date: string,
    private readonly at: string,
  ) {}

  private issue(sale: SaleRecord, original: FiscalReference | null): IssuedSale {
    const result = fiscalRequestOf(sale, DEFAULT_DEPARTMENTS, { lotteryCode: null, customerTaxId: null, original });
    if (!result.ok) throw new Error(`fixture sale ${sale.id} is not fiscal: ${JSON.stringify(result.problems)}`);
    this.documentNumber += 1;
    const document: FiscalDocument = {
      serial: SERIAL,
      zNumber: this.zNumber,
      documentNumber: this.documentNumber,
      date: this.date,
      time: '10:00:00',
      amountCents: fiscalRequestTotalCents(result.request),
    };
    const issued = { sale, request: result.request, document };
    this.issued.push(issued);
    return issued;
  }

  private base(id: string, kind: SaleRecord['kind'], lines: SaleLineRecord[], originalSaleId: string | null): SaleRecord {
    const total = lines.reduce((sum, l) => sum + l.totalCents, 0);
    return {
      id,
      kind,
      storeId: this.till.storeId,
      deviceId: this.till.deviceId,
      shiftId: `shift-${this.zNumber}`,
      zNumber: this.zNumber,
      documentNumber: this.documentNumber + 1,
      originalSaleId,
      cashierId: 'user-1',
      customerId: null,
      completedAt: this.at,
      lines,
      payments: [{ method: 'card', amountCents: total, reference: null }],
      changeCents: 0,
      roundingCents: 0,
      totalCents: total,
      vatBreakdown: [],
    };
  }

  sell(id: string, specs: readonly FiscalLineSpec[]): IssuedSale {
    return this.issue(this.base(id, 'sale', specs.map((s, i) => line(id, i, s, this.till.variantId, 1)), null), null);
  }

  /** Gives back the first `count` lines of an earlier sale, whole. */
  giveBack(id: string, original: IssuedSale, count: number): IssuedSale {
    const lines = original.sale.lines.slice(0, count).map((l, i) => ({
      ...line(id, i, { vatCode: l.vatCode, quantityMilli: l.quantityMilli, unitPriceCents: l.unitPriceCents, discountCents: l.discountCents }, l.variantId, -1),
      originalLineId: l.lineId,
    }));
    return this.issue(this.base(id, 'return', lines, original.sale.id), referenceOf(original.document));
  }

  /** Cancels an earlier sale of the same day whole. */
  cancel(id: string, original: IssuedSale): IssuedSale {
    const lines = original.sale.lines.map((l, i) => ({ ...l, lineId: `${id}-l${i}`, quantityMilli: -l.quantityMilli, totalCents: -l.totalCents, originalLineId: l.lineId }));
    return this.issue(this.base(id, 'post-void', lines, original.sale.id), referenceOf(original.document));
  }

  /** The till's totals for this Z: shared's one rule over the requests it issued. */
  tillTotals() {
    const byReference = new Map(this.issued.map((i) => [`${i.document.zNumber}/${i.document.documentNumber}`, i.request]));
    return fiscalVatTotals(
      this.issued.map((i) => i.request),
      DEFAULT_DEPARTMENTS,
      (ref) => byReference.get(`${ref.zNumber}/${ref.documentNumber}`),
    );
  }

  documentRecords(): FiscalDocumentRecord[] {
    return this.issued.map((i) => ({
      id: `job-${i.sale.id}`,
      storeId: this.till.storeId,
      deviceId: this.till.deviceId,
      saleId: i.sale.id,
      document: i.document,
      source: 'device',
      recordedAt: this.at,
      recordedBy: null,
    }));
  }

  closureRecord(id = `z-${this.zNumber}`): FiscalClosureRecord {
    const totals = this.tillTotals();
    const dailyAmountCents = this.issued.reduce((sum, i) => sum + (i.request.kind === 'sale' ? 1 : -1) * i.document.amountCents, 0);
    return {
      id,
      storeId: this.till.storeId,
      deviceId: this.till.deviceId,
      shiftId: `shift-${this.zNumber}`,
      closure: { serial: SERIAL, zNumber: this.zNumber, dailyAmountCents, date: this.date, time: '20:00:00' },
      documents: this.issued.length,
      vatTotals: { sales: [...totals.sales], returns: [...totals.returns], voids: [...totals.voids] },
      departments: [...DEFAULT_DEPARTMENTS],
      closedAt: this.at,
    };
  }

  /** Every record in the till's outbox order: each sale then its document, then the Z. */
  records(): TillRecord[] {
    const documents = this.documentRecords();
    return [
      ...this.issued.flatMap((i, n): TillRecord[] => [
        { type: 'sale', record: i.sale },
        { type: 'fiscal-document', record: documents[n]! },
      ]),
      { type: 'fiscal-closure', record: this.closureRecord() },
    ];
  }
}

export function referenceOf(document: FiscalDocument): FiscalReference {
  return { serial: document.serial, zNumber: document.zNumber, documentNumber: document.documentNumber, date: document.date };
}

export const OK_STATUS: FiscalStatus = {
  printer: 'ok',
  journal: 'ok',
  inService: true,
  training: false,
  documentOpen: false,
  closureNeeded: false,
  filesPending: 0,
  filesOld: 0,
  filesRejected: 0,
  certificateExpiry: null,
};

export function statusRecord(till: TillIdentity, id: string, reportedAt: string, status: Partial<FiscalStatus> = {}, lastClosureDate: string | null = null): FiscalStatusRecord {
  return { id, storeId: till.storeId, deviceId: till.deviceId, serial: SERIAL, status: { ...OK_STATUS, ...status }, lastClosureDate, reportedAt };
}
