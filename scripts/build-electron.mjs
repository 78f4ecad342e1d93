// `npm run build:electron`: the Electron bundles in desktop/dist-electron/: main.cjs (the till
// product), demo-main.cjs (the demo with its embedded head office) and preload.cjs.
import { buildElectronBundles } from './electron-bundles.mjs';

await buildElectronBundles();
console.log('Electron main (till and demo) and preload bundled in desktop/dist-electron/');
