/**
 * @module
 * The department (reparto) ↔ VAT table. Cassa sends each line to a department and the device
 * applies the VAT rate or nature a technician programmed for it (reference
 * ../shared/reference/fiscal-rt.md §4 "Departments ↔ VAT"), so the till's table must say what the
 * device holds: read it at setup, and block a product whose VAT has no department.
 */
import { z } from 'zod';
import type { VatCode } from '../domain';
import type { Department } from './fiscal-model';
import { departmentSchema } from './fiscal-model';

/**
 * The table a shop starts from. Departments 1–4 carry 22 %, 10 %, 5 % and 4 %: the common setup
 * the reference gives (efsta: Epson VAT index 01–04) [2]. Natures take departments 5–10 in
 * N1…N6 order, Cassa's own choice: the reference only says which zero-rate type is likely each
 * nature (ES→N4, EE→N1, NS→N2, NI→N3, RM→N5, AL→N6) [U], and a technician may have programmed
 * them anywhere, so the shop's table must be checked against the device.
 */
export const DEFAULT_DEPARTMENTS: readonly Department[] = [
  { department: 1, vatCode: '22', description: 'IVA 22%' },
  { department: 2, vatCode: '10', description: 'IVA 10%' },
  { department: 3, vatCode: '5', description: 'IVA 5%' },
  { department: 4, vatCode: '4', description: 'IVA 4%' },
  { department: 5, vatCode: 'N1', description: 'N1 Escluse art. 15' },
  { department: 6, vatCode: 'N2', description: 'N2 Non soggette' },
  { department: 7, vatCode: 'N3', description: 'N3 Non imponibili' },
  { department: 8, vatCode: 'N4', description: 'N4 Esenti' },
  { department: 9, vatCode: 'N5', description: 'N5 Regime del margine' },
  { department: 10, vatCode: 'N6', description: 'N6 Inversione contabile' },
];

/**
 * A department table as the back office saves it and the till loads it: each row valid (department
 * 1–99, a known VAT code), no department number twice. Several departments may share a VAT code
 * (clothing and accessories both at 22 %); {@link departmentFor} takes the first.
 */
export const departmentTableSchema = z
  .array(departmentSchema)
  .max(99)
  .superRefine((table, ctx) => {
    const seen = new Set<number>();
    table.forEach((row, index) => {
      if (seen.has(row.department)) {
        ctx.addIssue({ code: 'custom', path: [index, 'department'], message: `Department ${row.department} appears more than once` });
      }
      seen.add(row.department);
    });
  });

export type DepartmentLookup =
  | { readonly ok: true; readonly department: Department }
  | { readonly ok: false; readonly problem: 'no-department'; readonly details: { readonly vatCode: VatCode } };

/**
 * The department a line of `vatCode` goes to: the first row of the table with that code, or the
 * reason there is none (worded by `fiscalRequestReasons`, e.g. "no department for VAT N3").
 * @example departmentFor('10', DEFAULT_DEPARTMENTS) // { ok: true, department: { department: 2, vatCode: '10', … } }
 */
export function departmentFor(vatCode: VatCode, table: readonly Department[]): DepartmentLookup {
  const department = table.find((row) => row.vatCode === vatCode);
  return department ? { ok: true, department } : { ok: false, problem: 'no-department', details: { vatCode } };
}
