/**
 * @module
 * The RT emulator: one emulated Italian fiscal device answering Epson's, Custom's and RCH's HTTP
 * formats (fiscal-rt.md §1–3, §5), with a test-control API under /__mock/. Written from the reference
 * alone, independent of Cassa's adapters, so that it checks them rather than mirrors them.
 */
export { startRtEmulator, controlUsage, emulatedBrands } from './rt-emulator-server';
export type { EmulatedBrand, RtEmulator, RtEmulatorOptions } from './rt-emulator-server';
export { ManualClock, SystemClock } from './emulator-clock';
export type { EmulatorClock } from './emulator-clock';
export { defaultDepartments, typeOrderDepartments } from './emulator-departments';
export type { DepartmentTable, VatClass } from './emulator-departments';
export { faultNames } from './emulator-faults';
export type { FaultName, FaultRequest } from './emulator-faults';
export { brandCodes, refusalReasons } from './emulator-refusal';
export type { RefusalReason } from './emulator-refusal';
export { FiscalState } from './fiscal-state';
export type { DayTotals, DocumentKind, JournalDocument, TenderKind } from './fiscal-state';
export type { RtDevice } from './rt-device';
