/**
 * @module
 * The brands the contract tests run against the RT emulator: one row per adapter. Adding a brand
 * is one row here, the connection string that reaches the emulator's endpoint for that brand;
 * every contract test then runs for it too.
 */
import type { FiscalBrand } from '../../fiscal-device';

export interface ContractBrand {
  readonly brand: FiscalBrand;
  /** The connection string for an emulator on 127.0.0.1:`port`, with the client's timeout. */
  readonly connection: (port: number, timeoutMs: number) => string;
}

export const contractBrands: readonly ContractBrand[] = [
  { brand: 'epson', connection: (port, timeoutMs) => `epson-rt://127.0.0.1:${port}?timeoutMs=${timeoutMs}` },
];
