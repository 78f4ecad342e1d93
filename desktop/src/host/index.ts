export { createHttpHost, contentSecurityPolicy } from './http-host';
export { defaultDataDir } from './data-dir';
export { startTillRuntime } from './till-runtime';
export type { TillRuntime, TillRuntimeOptions } from './till-runtime';
