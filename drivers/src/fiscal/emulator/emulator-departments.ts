/**
 * @module
 * The department (reparto) → VAT table the emulated device holds, as a technician would program it
 * (fiscal-rt.md §4 "Departments ↔ VAT"): 1=22 %, 2=10 %, 3=5 %, 4=4 %, then one zero-rate department
 * per nature type ES/EE/NS/NI/RM/AL. Which department numbers carry the natures is the emulator's
 * choice [U]; so is the nature each type maps to (ES→N4, EE→N1, NS→N2, NI→N3, RM→N5, AL→N6 [U]).
 */

export interface VatClass {
  /** "22", "10", "5", "4" for rates; "N1"…"N6" for zero-rate natures. The key totals are kept under. */
  readonly key: string;
  /** The rate in basis points (2200 = 22 %); 0 for a nature. */
  readonly rateBasisPoints: number;
}

export type DepartmentTable = ReadonlyMap<number, VatClass>;

export const defaultDepartments: DepartmentTable = new Map<number, VatClass>([
  [1, { key: '22', rateBasisPoints: 2200 }],
  [2, { key: '10', rateBasisPoints: 1000 }],
  [3, { key: '5', rateBasisPoints: 500 }],
  [4, { key: '4', rateBasisPoints: 400 }],
  [5, { key: 'N4', rateBasisPoints: 0 }], // ES esente
  [6, { key: 'N1', rateBasisPoints: 0 }], // EE escluso
  [7, { key: 'N2', rateBasisPoints: 0 }], // NS non soggetto
  [8, { key: 'N3', rateBasisPoints: 0 }], // NI non imponibile
  [9, { key: 'N5', rateBasisPoints: 0 }], // RM regime del margine
  [10, { key: 'N6', rateBasisPoints: 0 }], // AL altro (reverse charge)
]);
