/**
 * @module
 * A day's totals per VAT code from the requests the device issued, the way the device adds them up
 * for its closure and the daily XML (`Ammontare`, `TotaleAmmontareResi`, `TotaleAmmontareAnnulli`
 * per `AliquotaIVA`/`Natura`, reference ../shared/reference/fiscal-rt.md §4): sales, returns and
 * voids apart, VAT extracted once per code on each group's gross (`vatBreakdown` over
 * `extractVat`). The emulator's totals and the till's Z are compared with these.
 */
import type { VatCode, VatGroup } from '../domain';
import { vatBreakdown } from '../domain';
import type { Department, FiscalReference, FiscalRequest } from './fiscal-model';
import { deviceLineAmountCents } from './fiscal-lines';

export interface FiscalVatTotals {
  readonly sales: readonly VatGroup[];
  readonly returns: readonly VatGroup[];
  readonly voids: readonly VatGroup[];
}

/** Finds the request of the document a void cancels: the emulator's journal, the till's sales. */
export type VoidedRequestLookup = (original: FiscalReference) => FiscalRequest | undefined;

function grossByVat(request: Extract<FiscalRequest, { kind: 'sale' | 'return' }>, vatOf: ReadonlyMap<number, VatCode>) {
  return request.lines.map((line) => {
    const vatCode = vatOf.get(line.department);
    // The device refuses a department it does not hold, so an issued line always has one.
    if (vatCode === undefined) throw new RangeError(`Department ${line.department} is not in the department table`);
    return { vatCode, grossCents: deviceLineAmountCents(line) - line.discountCents };
  });
}

/**
 * Per-VAT gross, net and VAT of one day's issued requests (one closure), positive in all three
 * groups. A void counts the lines of the document it cancels, found through `voidedRequestOf`.
 * Cash rounding is no VAT code's: a till with an RT rounds only down (ticket-math.ts
 * `cashRoundingCents`), and the device books that as a payment discount beside the tenders (efsta
 * maps it to Epson paymentType 6, reference §1 "Codes"; RCH's payment 9 SCONTO A PAGARE, §3), so it
 * is left out here. Custom's adapter still takes it off the subtotal [U: no payment discount is
 * documented for Custom], which the device spreads over the VAT classes.
 * Throws when a line's department is not in `departments` or a voided document cannot be found:
 * totals that silently leave a document out would pass a comparison they should fail.
 */
export function fiscalVatTotals(
  requests: readonly FiscalRequest[],
  departments: readonly Department[],
  voidedRequestOf: VoidedRequestLookup,
): FiscalVatTotals {
  const vatOf = new Map<number, VatCode>();
  for (const row of departments) if (!vatOf.has(row.department)) vatOf.set(row.department, row.vatCode);
  const sales: { vatCode: VatCode; grossCents: number }[] = [];
  const returns: typeof sales = [];
  const voids: typeof sales = [];
  for (const request of requests) {
    if (request.kind === 'void') {
      const voided = voidedRequestOf(request.original);
      if (!voided || voided.kind === 'void') {
        const { serial, zNumber, documentNumber } = request.original;
        throw new RangeError(`No document ${serial} ${zNumber}-${documentNumber} to void`);
      }
      voids.push(...grossByVat(voided, vatOf));
    } else {
      (request.kind === 'sale' ? sales : returns).push(...grossByVat(request, vatOf));
    }
  }
  return { sales: vatBreakdown(sales), returns: vatBreakdown(returns), voids: vatBreakdown(voids) };
}
