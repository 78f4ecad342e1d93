/**
 * @module
 * The till core for a browser (a Web Worker over SQLite in WebAssembly), published as
 * `@cassa/desktop/core-browser`. Everything here runs without Node: no `node:*`, no Buffer, no
 * better-sqlite3, serialport, node-hid or usb (`desktop/test/core-browser-bundle.test.ts` bundles
 * this file for the browser and fails on any of them). The host opens the database itself and
 * hands it to `createTillCoreOn`; devices by connection string are a PC's (`@cassa/desktop/core`).
 */
export { createTillCoreOn, appVersion } from './till-core';
export type { TillCore, TillCoreOnOptions, TillServices } from './till-core';
export type { TillDatabase } from './store/till-database';
export { prepareTillDatabase } from './store/till-database';
// The till's database on SQLite in WebAssembly (opfs-sahpool in the worker), part A of issue 20.
export { exportWasmImage, openWasmConnection, openWasmTillDatabase, SqliteError } from './store/wasm-sqlite';
export type { WasmOpenOptions } from './store/wasm-sqlite';
export type { SqliteConnection, SqliteStatement } from './store/sqlite-port';
export type { CallerInfo, Dispatcher, Logger } from './api/dispatcher';
export { consoleLogger } from './api/dispatcher';
export type { PrinterPort, PrintOutcome, PrinterState } from './printing/print-service';
export { absentPrinterPort, noPrinterPort } from './printing/absent-printer';
export type { DeviceAccess } from './peripherals/device-access';
export { deviceAccessWithoutPorts } from './peripherals/device-access';
export { seedDemoShop } from './demo/seed-demo';
export { demoCatalogue, demoEan, demoShop, demoUsers } from './demo/demo-shop';
export { hashPin } from './auth/pin-hash';
export type { PinKey } from './auth/pin-hash';
export type { Clock } from './clock';
export { uuidv7 } from './clock';
export { TillEventBus } from './events';
export { auditChainHead, compareAuditChainWithHeadOffice, verifyAuditChain } from './audit/audit-log';
export type { FiscalService, FiscalState, ManualFiscalDocument } from './fiscal/fiscal-service';
export type { FiscalOptions } from './fiscal/fiscal-setup';
export type { FiscalSaleOptions } from './fiscal/fiscal-intents';
export { fromBase64Url, toBase64, toBase64Url, toHex, utf8Bytes, utf8Text } from './portable/bytes';
