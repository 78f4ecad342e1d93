/**
 * @module
 * Italian fiscal devices (RT): the brand-neutral interface and its adapters.
 */
export { FiscalDeviceError } from './fiscal-device';
export type { FiscalBrand, FiscalDevice } from './fiscal-device';
