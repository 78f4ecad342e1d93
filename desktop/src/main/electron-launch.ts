/**
 * @module
 * Starts the Electron till: loads the real electron module (the only file that does), picks the
 * data folder, and runs the main process over a till runtime. The product's entry
 * (`electron-entry.ts`) passes the till alone; the demo's (`desktop/src/demo/electron-demo.ts`)
 * passes the till with its embedded head office. Both bundle to `dist-electron/`, so the paths
 * below are relative to that folder.
 */
import { join } from 'node:path';
import type { TillRuntime, TillRuntimeOptions } from '../host';
import { defaultDataDir, devicesFor } from '../host';
import type { ElectronApi } from './electron-api';
import { runMainProcess } from './main-process';
import { electronPinKey } from './pin-key-store';

export type StartElectronRuntime = (options: TillRuntimeOptions, electron: ElectronApi) => Promise<TillRuntime>;

export function launchElectronTill(startRuntime: StartElectronRuntime): void {
  const electron = require('electron') as ElectronApi;
  const dataDir = process.env.CASSA_DATA_DIR ?? (process.env.CASSA_USE_OS_DATA_DIR ? defaultDataDir() : electron.app.getPath('userData'));
  runMainProcess(electron, {
    rendererIndex: join(__dirname, '..', 'dist', 'renderer', 'index.html'),
    preloadPath: join(__dirname, 'preload.cjs'),
    dataDir,
    kiosk: process.env.CASSA_KIOSK === '1',
    smokeTest: process.env.CASSA_SMOKE_TEST === '1',
    startRuntime: (dir) =>
      startRuntime(
        {
          dataDir: dir,
          // startRuntime runs after app.whenReady(), when safeStorage can be used.
          pinKey: electronPinKey(electron.safeStorage, dir),
          ...devicesFor(dir, process.env),
          demo: process.env.CASSA_DEMO !== '0',
        },
        electron,
      ),
    log: (message, error) => console.error(`[cassa] ${message}`, error ?? ''),
  }).catch((error: unknown) => {
    console.error('[cassa] The till could not start:', error);
    electron.app.exit(1);
  });
}
