/**
 * @module
 * The till alone served over HTTP (`tsx desktop/src/host/cli.ts`), for a counter PC or the
 * shop's LAN tablets; see `browser-host.ts`. `npm run start:browser` runs the demo launcher
 * instead (`desktop/src/demo/browser-demo.ts`), which adds an embedded head office.
 */
import { runBrowserHost } from './browser-host';
import { startTillRuntime } from './till-runtime';

runBrowserHost({ env: process.env, startRuntime: startTillRuntime }).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
