/**
 * @module
 * `npm run start:browser`: the browser till (`host/browser-host.ts`) with the demo shop and an
 * embedded head office, paired on first start.
 */
import { runBrowserHost } from '../host';
import { demoFiscalPortFor } from './demo-fiscal';
import { startDemoRuntime, embeddedHeadOfficeFor } from './demo-runtime';
import { demoOwner } from './embedded-head-office';

runBrowserHost({
  env: process.env,
  startRuntime: (options) => startDemoRuntime({ ...options, embeddedHeadOffice: embeddedHeadOfficeFor(process.env), fiscalEmulatorPort: demoFiscalPortFor(process.env) }),
  announce: (runtime) => [
    ...(runtime.headOffice ? [`Head office (embedded sync server) at ${runtime.headOffice.url}: demo owner ${demoOwner.email}, password ${demoOwner.password}`] : []),
    ...(runtime.fiscal ? [`Fiscal device: RT emulator at ${runtime.fiscal.emulator.url} (${runtime.fiscal.connection}); its state at ${runtime.fiscal.emulator.url}/__mock/state`] : []),
  ],
}).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
