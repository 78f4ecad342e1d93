/**
 * @module
 * Italian fiscal devices (RT): the brand-neutral interface and its adapters.
 */
export { FiscalDeviceError } from './fiscal-device';
export type { FiscalBrand, FiscalDevice } from './fiscal-device';
export { createFiscalDevice } from './create-fiscal-device-node';
export { nodeNetSocketFactory } from './rch/rch-node-socket';
export type { CreateFiscalDeviceOptions } from './create-fiscal-device';
export { defaultFiscalTimeoutMs, describeFiscalConnection, isFiscalConnectionString, parseFiscalConnection } from './fiscal-connection';
export type { CustomFiscalConnection, EpsonFiscalConnection, FiscalConnection, RchFiscalConnection } from './fiscal-connection';
export { EpsonFiscalDevice } from './epson/epson-fiscal-device';
export type { EpsonFiscalDeviceOptions } from './epson/epson-fiscal-device';
export type { EpsonTransportOptions, FetchLike } from './epson/epson-transport';
export { buildIssueRequest, buildXReportRequest, buildZReportRequest, epsonTenderCodes } from './epson/epson-requests';
export { CustomFiscalDevice } from './custom/custom-fiscal-device';
export type { CustomFiscalDeviceOptions } from './custom/custom-fiscal-device';
export type { CustomCredentials, CustomTransportOptions } from './custom/custom-transport';
export {
  buildCustomIssueRequest,
  buildCustomReferenceCheck,
  buildCustomXReport,
  buildCustomZReport,
  customTenderCodes,
  defaultCustomVatIndexByDepartment,
} from './custom/custom-requests';
export type { CustomRequestContext } from './custom/custom-requests';
export { RchFiscalDevice, issuingIndex } from './rch/rch-fiscal-device';
export type { RchFiscalDeviceOptions } from './rch/rch-fiscal-device';
export type { RchSocket, RchSocketFactory } from './rch/rch-tcp';
export { buildIssueCommands as buildRchIssueCommands, rchPaymentNumbers } from './rch/rch-commands';
export { encodeRchFrame, rchChecksum } from './rch/rch-frame';
