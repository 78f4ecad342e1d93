/**
 * @module
 * The Electron demo entry (`npm start`), bundled to dist-electron/demo-main.cjs: the till with
 * the demo shop and an embedded head office, as `npm run start:browser` has in the browser.
 */
import { join } from 'node:path';
import { launchElectronTill } from '../main';
import { demoFiscalPortFor } from './demo-fiscal';
import { embeddedHeadOfficeFor, startDemoRuntime } from './demo-runtime';

launchElectronTill((options) => {
  // The head-office web app as built in the repository: the demo runs from the repository only
  // (the installers package the till alone), and this bundle sits in desktop/dist-electron.
  const webRoot = join(__dirname, '..', '..', 'sync-server', 'dist', 'web');
  return startDemoRuntime({ ...options, embeddedHeadOffice: embeddedHeadOfficeFor(process.env, webRoot), fiscalEmulatorPort: demoFiscalPortFor(process.env) });
});
