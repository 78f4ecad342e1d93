export { createHttpHost, contentSecurityPolicy } from './http-host';
export { defaultDataDir } from './data-dir';
export { loadOrCreatePinKeyFile, parsePinKey, pinKeyBytes, pinKeyFilePath } from './pin-key';
export { runBrowserHost } from './browser-host';
export type { BrowserHostOptions } from './browser-host';
export { devicesFor, startTillRuntime } from './till-runtime';
export type { TillRuntime, TillRuntimeOptions } from './till-runtime';
