/**
 * @module
 * Checks a stored sale record's figures against its own lines with the ticket arithmetic the till
 * used (`lineAmount`, and `computeTicket`'s rule that a line's discount is taken off its
 * magnitude). Head office flags a record that fails: a till that lies about its totals cannot
 * put numbers on the dashboard that its lines do not support.
 */
import { lineAmount } from '../domain';
import type { SaleRecord } from '../records/till-records';

/** Problem codes, empty when every line, the total and (for a sale) the payments add up. */
export function saleArithmeticProblems(sale: SaleRecord): string[] {
  const problems: string[] = [];
  for (const line of sale.lines) {
    let gross: number;
    try {
      gross = lineAmount(line.unitPriceCents, line.quantityMilli);
    } catch {
      problems.push(`line-amount-invalid:${line.lineId}`);
      continue;
    }
    const expected = gross - Math.sign(gross) * line.discountCents;
    if (line.totalCents !== expected) problems.push(`line-total-mismatch:${line.lineId}`);
  }
  const linesTotal = sale.lines.reduce((sum, line) => sum + line.totalCents, 0);
  if (linesTotal !== sale.totalCents) problems.push(`ticket-total-mismatch:${linesTotal}`);
  if (sale.kind === 'sale') {
    // What the drawer and the terminals kept is the total plus the cash rounding.
    const kept = sale.payments.reduce((sum, p) => sum + p.amountCents, 0) - sale.changeCents;
    if (kept !== sale.totalCents + sale.roundingCents) problems.push(`payments-mismatch:${kept}`);
  }
  return problems;
}
