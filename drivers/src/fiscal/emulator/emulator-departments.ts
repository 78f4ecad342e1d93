/**
 * @module
 * The department (reparto) → VAT table the emulated device holds, as a technician would program it
 * (fiscal-rt.md §4 "Departments ↔ VAT": the POS sends a department, the printer holds the table).
 * 1=22 %, 2=10 %, 3=5 %, 4=4 % is the reference's common setup [2]. No source documents a factory
 * table for the zero-rate departments, so 5…10 are a choice [U]; the default takes the one the
 * till ships with (shared DEFAULT_DEPARTMENTS: 5…10 = N1…N6, written out here, not imported, to
 * keep the emulator independent of Cassa's code): an Epson cannot report its table, so a demo or a
 * test on defaults must book each nature where the till sends it (desktop/test/fiscal-default-
 * departments.test.ts holds the two tables equal). A test that wants the device programmed
 * otherwise passes `departments`, e.g. {@link typeOrderDepartments}.
 */

export interface VatClass {
  /** "22", "10", "5", "4" for rates; "N1"…"N6" for zero-rate natures. The key totals are kept under. */
  readonly key: string;
  /** The rate in basis points (2200 = 22 %); 0 for a nature. */
  readonly rateBasisPoints: number;
}

export type DepartmentTable = ReadonlyMap<number, VatClass>;

const rates: readonly [number, VatClass][] = [
  [1, { key: '22', rateBasisPoints: 2200 }],
  [2, { key: '10', rateBasisPoints: 1000 }],
  [3, { key: '5', rateBasisPoints: 500 }],
  [4, { key: '4', rateBasisPoints: 400 }],
];

/** 5…10 = N1…N6, the till's default table. */
export const defaultDepartments: DepartmentTable = new Map<number, VatClass>([
  ...rates,
  [5, { key: 'N1', rateBasisPoints: 0 }], // EE escluso
  [6, { key: 'N2', rateBasisPoints: 0 }], // NS non soggetto
  [7, { key: 'N3', rateBasisPoints: 0 }], // NI non imponibile
  [8, { key: 'N4', rateBasisPoints: 0 }], // ES esente
  [9, { key: 'N5', rateBasisPoints: 0 }], // RM regime del margine
  [10, { key: 'N6', rateBasisPoints: 0 }], // AL altro (reverse charge)
]);

/**
 * Another plausible programming: one zero-rate department per type in the devices' own order
 * ES/EE/NS/NI/RM/AL (Epson VAT index 00/10/…/14 per efsta, RCH's types, fiscal-rt.md §3–4), with
 * the likely natures ES→N4, EE→N1, NS→N2, NI→N3, RM→N5, AL→N6 [U]. For tests of a shop whose table
 * differs from the till's default.
 */
export const typeOrderDepartments: DepartmentTable = new Map<number, VatClass>([
  ...rates,
  [5, { key: 'N4', rateBasisPoints: 0 }],
  [6, { key: 'N1', rateBasisPoints: 0 }],
  [7, { key: 'N2', rateBasisPoints: 0 }],
  [8, { key: 'N3', rateBasisPoints: 0 }],
  [9, { key: 'N5', rateBasisPoints: 0 }],
  [10, { key: 'N6', rateBasisPoints: 0 }],
]);
