// `npm run build:electron`: the Electron main and preload bundles in desktop/dist-electron/.
import { buildElectronBundles } from './electron-bundles.mjs';

await buildElectronBundles();
console.log('Electron main and preload bundled in desktop/dist-electron/');
