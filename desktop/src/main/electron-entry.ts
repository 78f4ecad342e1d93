/**
 * @module
 * The Electron main entry, bundled to dist-electron/main.cjs. The only file that loads the real
 * electron module.
 */
import { join } from 'node:path';
import { defaultDataDir } from '../host/data-dir';
import { devicesFor, startTillRuntime } from '../host/till-runtime';
import type { ElectronApi } from './electron-api';
import { runMainProcess } from './main-process';
import { electronPinKey } from './pin-key-store';

const electron = require('electron') as ElectronApi;
const dataDir = process.env.CASSA_DATA_DIR ?? (process.env.CASSA_USE_OS_DATA_DIR ? defaultDataDir() : electron.app.getPath('userData'));
// The demo's head-office web app: packaged as an extra resource, or built in the repository.
const headOfficeWebRoot = electron.app.isPackaged
  ? join((process as NodeJS.Process & { resourcesPath: string }).resourcesPath, 'head-office-web')
  : join(__dirname, '..', '..', 'sync-server', 'dist', 'web');

runMainProcess(electron, {
  rendererIndex: join(__dirname, '..', 'dist', 'renderer', 'index.html'),
  preloadPath: join(__dirname, 'preload.cjs'),
  dataDir,
  kiosk: process.env.CASSA_KIOSK === '1',
  smokeTest: process.env.CASSA_SMOKE_TEST === '1',
  startRuntime: (dir) =>
    startTillRuntime({
      dataDir: dir,
      // startRuntime runs after app.whenReady(), when safeStorage can be used.
      pinKey: electronPinKey(electron.safeStorage, dir),
      ...devicesFor(dir, process.env),
      demo: process.env.CASSA_DEMO !== '0',
      embeddedHeadOffice:
        process.env.CASSA_EMBEDDED_SERVER === '0' ? null : { port: Number(process.env.CASSA_SERVER_PORT ?? 8787), webRoot: headOfficeWebRoot },
    }),
  log: (message, error) => console.error(`[cassa] ${message}`, error ?? ''),
}).catch((error: unknown) => {
  console.error('[cassa] The till could not start:', error);
  electron.app.exit(1);
});
