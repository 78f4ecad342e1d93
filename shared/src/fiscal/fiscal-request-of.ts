/**
 * @module
 * A completed sale, return or post-void as the documento commerciale Cassa asks the device to
 * issue. Pure and total: it gives the request or every reason it cannot, so the till can refuse to
 * complete a sale the device would refuse, and say why, before any paper moves.
 */
import type { Department, FiscalLine, FiscalReference, FiscalRequest, FiscalTender } from './fiscal-model';
import { fiscalRequestSchema } from './fiscal-model';
import type { FiscalRequestIssue } from './fiscal-request-problems';
import type { SaleLineRecord, SaleRecord } from '../records/till-records';
import { saleArithmeticProblems } from '../sales/sale-record-check';
import type { Unit } from '../records/catalogue';
import { fiscalLineOf } from './fiscal-lines';
import { fiscalTendersOf } from './fiscal-tenders';
import { fiscalLinesTotalCents } from './fiscal-request-total';
import { lotteryCodeProblem, normalisedLotteryCode } from './lottery-code';
import { customerTaxIdOf } from './tax-id';

export interface FiscalRequestOptions {
  /** As scanned or typed; only on a sale paid at least partly by card. */
  readonly lotteryCode: string | null;
  /** Codice fiscale or partita IVA as typed; only on a sale. */
  readonly customerTaxId: string | null;
  /** The document a return or a post-void refers to; null on a sale, and on an unreferenced return (a manager's audited choice). */
  readonly original: FiscalReference | null;
  /** How a line is measured, to describe a weighed line sent as one unit; pieces when not given. */
  readonly unitOf?: (line: SaleLineRecord) => Unit;
}

export type FiscalRequestResult =
  | { readonly ok: true; readonly request: FiscalRequest }
  | { readonly ok: false; readonly problems: readonly FiscalRequestIssue[] };

const MAX_LINES = 500;
/** To the nearest 5 cents: -2…+2; only down, with a fiscal device: -4…0 (ticket-math.ts `cashRoundingCents`). */
const MIN_ROUNDING_CENTS = -4;
const MAX_ROUNDING_CENTS = 2;

function checked(request: FiscalRequest): FiscalRequestResult {
  const parsed = fiscalRequestSchema.safeParse(request);
  if (parsed.success) return { ok: true, request: parsed.data };
  const first = parsed.error.issues[0];
  const detail = first ? `${first.path.join('.')}: ${first.message}` : 'invalid';
  return { ok: false, problems: [{ problem: 'invalid-request', details: { detail } }] };
}

/** A post-void cancels the original document whole, for what it was issued for: its total with its rounding. */
function voidRequestOf(sale: SaleRecord, options: FiscalRequestOptions): FiscalRequestResult {
  const problems: FiscalRequestIssue[] = [];
  if (options.lotteryCode !== null) problems.push({ problem: 'option-not-for-kind', details: { option: 'lotteryCode' } });
  if (options.customerTaxId !== null) problems.push({ problem: 'option-not-for-kind', details: { option: 'customerTaxId' } });
  if (options.original === null) problems.push({ problem: 'original-missing', details: {} });
  // The till stores the post-void signed like the money it moves: negative total, negative rounding (return-service.ts).
  const amountCents = -(sale.totalCents + sale.roundingCents);
  const givenBack = -sale.payments.reduce((sum, p) => sum + p.amountCents, 0) - sale.changeCents;
  if (amountCents < 0) problems.push({ problem: 'wrong-sign', details: {} });
  else if (givenBack !== amountCents) problems.push({ problem: 'tenders-mismatch', details: { expectedCents: amountCents, actualCents: givenBack } });
  if (problems.length > 0 || options.original === null) return { ok: false, problems };
  return checked({ kind: 'void', original: options.original, amountCents });
}

function linesOf(sale: SaleRecord, sign: 1 | -1, departments: readonly Department[], options: FiscalRequestOptions) {
  const lines: FiscalLine[] = [];
  const problems: FiscalRequestIssue[] = [];
  if (sale.lines.length > MAX_LINES) problems.push({ problem: 'too-many-lines', details: { count: sale.lines.length } });
  for (const record of sale.lines) {
    const result = fiscalLineOf(record, sign, departments, options.unitOf?.(record) ?? 'piece');
    if (result.ok) lines.push(result.line);
    else problems.push(result.issue);
  }
  return { lines, problems };
}

/** The lottery code and the customer's tax id belong on a sale only, and must be valid there. */
function saleExtras(sale: SaleRecord, tenders: readonly FiscalTender[], options: FiscalRequestOptions) {
  const problems: FiscalRequestIssue[] = [];
  let lotteryCode: string | null = null;
  let customerTaxId: string | null = null;
  if (sale.kind !== 'sale') {
    if (options.lotteryCode !== null) problems.push({ problem: 'option-not-for-kind', details: { option: 'lotteryCode' } });
    if (options.customerTaxId !== null) problems.push({ problem: 'option-not-for-kind', details: { option: 'customerTaxId' } });
    return { problems, lotteryCode, customerTaxId };
  }
  if (options.original !== null) problems.push({ problem: 'option-not-for-kind', details: { option: 'original' } });
  if (options.lotteryCode !== null) {
    const refusal = lotteryCodeProblem(options.lotteryCode, tenders);
    if (refusal) problems.push({ problem: 'lottery-code', details: { lottery: refusal } });
    else lotteryCode = normalisedLotteryCode(options.lotteryCode);
  }
  if (options.customerTaxId !== null) {
    const taxId = customerTaxIdOf(options.customerTaxId);
    if (taxId.ok) customerTaxId = taxId.value;
    else problems.push({ problem: 'customer-tax-id', details: { taxId: { problem: taxId.problem, details: taxId.details } } });
  }
  return { problems, lotteryCode, customerTaxId };
}

/** The device's totals must be the sale's to the cent, and the tenders must pay exactly that. */
function totalProblems(sale: SaleRecord, sign: 1 | -1, lines: readonly FiscalLine[], tenders: readonly FiscalTender[]): FiscalRequestIssue[] {
  const linesTotal = fiscalLinesTotalCents(lines);
  if (linesTotal !== sign * sale.totalCents) {
    return [{ problem: 'sale-arithmetic', details: { detail: 'device-total', expectedCents: sign * sale.totalCents, actualCents: linesTotal } }];
  }
  const documentTotal = linesTotal + sale.roundingCents;
  const tendered = tenders.reduce((sum, tender) => sum + tender.amountCents, 0);
  if (documentTotal === 0 && tenders.length === 0) return [{ problem: 'zero-total', details: {} }];
  if (tendered !== documentTotal) return [{ problem: 'tenders-mismatch', details: { expectedCents: documentTotal, actualCents: tendered } }];
  return [];
}

/**
 * The request for a completed sale record, with the department table the device holds.
 * - Sale and return: lines with their departments, positive quantities (a return's negative lines
 *   become a 'return' request's positive ones), each line's discount (its own and its share of the
 *   ticket's) as the line's discount, tenders by their true type with cash net of change, and
 *   the record's cash rounding (which the till keeps on the magnitude for a return, ticket-math.ts).
 * - Post-void: a 'void' of `options.original` for the amount the original document was issued for.
 * The request's device total (`fiscalRequestTotalCents`) is the sale's total plus its rounding,
 * which is what the tenders add up to; a record that would break that is refused, not adjusted.
 */
export function fiscalRequestOf(sale: SaleRecord, departments: readonly Department[], options: FiscalRequestOptions): FiscalRequestResult {
  const arithmetic = saleArithmeticProblems(sale);
  if (arithmetic.length > 0) return { ok: false, problems: arithmetic.map((detail) => ({ problem: 'sale-arithmetic', details: { detail } })) };
  if (sale.kind === 'post-void') return voidRequestOf(sale, options);

  const sign = sale.kind === 'return' ? -1 : 1;
  const { lines, problems } = linesOf(sale, sign, departments, options);
  const tenders = fiscalTendersOf(sale, sign);
  if (!tenders.ok) problems.push(...tenders.issues);
  if (sale.roundingCents < MIN_ROUNDING_CENTS || sale.roundingCents > MAX_ROUNDING_CENTS) problems.push({ problem: 'rounding-out-of-range', details: { amountCents: sale.roundingCents } });
  const extras = saleExtras(sale, tenders.ok ? tenders.tenders : [], options);
  problems.push(...extras.problems);
  if (problems.length === 0 && tenders.ok) problems.push(...totalProblems(sale, sign, lines, tenders.tenders));
  if (problems.length > 0 || !tenders.ok) return { ok: false, problems };

  const common = { lines, tenders: tenders.tenders, roundingCents: sale.roundingCents };
  return sale.kind === 'sale'
    ? checked({ kind: 'sale', ...common, lotteryCode: extras.lotteryCode, customerTaxId: extras.customerTaxId })
    : checked({ kind: 'return', ...common, original: options.original });
}
