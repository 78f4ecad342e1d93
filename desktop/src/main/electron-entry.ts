/**
 * @module
 * The Electron main entry of the till product, bundled to dist-electron/main.cjs and packaged by
 * `npm run dist`: the till alone, no head office (a shop pairs it with its own head office in
 * Back office → Sync).
 */
import { startTillRuntime } from '../host';
import { launchElectronTill } from './electron-launch';

launchElectronTill((options) => startTillRuntime(options));
