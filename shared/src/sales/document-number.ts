/**
 * @module
 * A document's number as Italian receipts print it, `zzzz-nnnn`: the day's Z, then the number
 * within it, four digits each (reference/fiscal-rt.md §4 "Numbering"). The till's own receipt
 * number and the RT's "DOCUMENTO N." follow the same rule, on every screen and in head office.
 */
export function formatDocumentNumber(zNumber: number, documentNumber: number): string {
  return `${String(zNumber).padStart(4, '0')}-${String(documentNumber).padStart(4, '0')}`;
}
