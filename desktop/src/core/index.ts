/**
 * @module
 * The till core: plain Node services over SQLite, reached through one dispatcher.
 * Hosts (Electron main, the HTTP host) import from here and nowhere deeper.
 */
export { createTillCoreOn, appVersion } from './till-core';
export type { TillCore, TillCoreOnOptions, TillServices } from './till-core';
export { createTillCore } from './till-core-node';
export { openTillDatabase } from './store/database';
export { openWasmTillDatabase } from './store/wasm-sqlite';
// SQLite compiled to WebAssembly, for Node tools that compare it with better-sqlite3 (the bench).
export { default as sqlite3InitModule } from '@sqlite.org/sqlite-wasm';
export type { TillCoreOptions } from './till-core-node';
export type { CallerInfo, Dispatcher, Logger } from './api/dispatcher';
export type { LanDevice } from './auth/lan-devices';
export { consoleLogger } from './api/dispatcher';
export type { PrinterPort, PrintOutcome, PrinterState } from './printing/print-service';
export { seedDemoShop } from './demo/seed-demo';
export { demoCatalogue, demoEan, demoShop, demoUsers } from './demo/demo-shop';
export { createPrinterPort } from './printing/printer-ports';
export { hashPin } from './auth/pin-hash';
export type { PinKey } from './auth/pin-hash';
export type { Clock } from './clock';
export { uuidv7 } from './clock';
export { DEFAULT_PUSH_BATCH_OPS } from './sync';
export { auditChainHead, compareAuditChainWithHeadOffice, verifyAuditChain } from './audit/audit-log';
export { TillEventBus } from './events';
export type { PeripheralConfig } from './peripherals/peripheral-hub';
export { readDeviceSettings } from './peripherals/device-settings-file';
export type { DeviceAccess } from './peripherals/device-access';
export { deviceAccessWithoutPorts } from './peripherals/device-access';
export { nodeDeviceAccess } from './peripherals/node-device-access';
export type { FiscalService, FiscalState, ManualFiscalDocument } from './fiscal/fiscal-service';
export type { FiscalOptions } from './fiscal/fiscal-setup';
export type { FiscalJobView, FiscalQueueState } from './fiscal/fiscal-queue';
export type { FiscalSaleOptions } from './fiscal/fiscal-intents';
