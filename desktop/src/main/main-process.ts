/**
 * @module
 * The Electron shell: one hardened window over the till core, and the IPC bridge generated from
 * the shared contract. Everything else (sales, devices, SQLite) is the core's; this file only
 * adapts it to Electron. Runs under a fake electron module in tests.
 */
import { pathToFileURL } from 'node:url';
import { ipcChannels } from '@cassa/shared';
import type { TillRuntime } from '../host';
import type { BrowserWindowInstance, ElectronApi, IpcMainInvokeEvent } from './electron-api';
import { loadWindowState, saveWindowState } from './window-state';

export interface MainProcessOptions {
  readonly rendererIndex: string;
  readonly preloadPath: string;
  readonly dataDir: string;
  readonly kiosk: boolean;
  readonly startRuntime: (dataDir: string) => Promise<TillRuntime>;
  readonly log: (message: string, error?: unknown) => void;
  /**
   * For the release workflow: quit with 0 once the first window is ready to show, or with 1 if it
   * is not within `smokeTestTimeoutMs`, so a packaged app that cannot start fails the build.
   */
  readonly smokeTest?: boolean;
  readonly smokeTestTimeoutMs?: number;
}

/** Only our own renderer page may call the till; anything else navigated into the window may not. */
export function isTrustedSender(event: IpcMainInvokeEvent, rendererIndex: string): boolean {
  const url = event.senderFrame?.url;
  if (!url) return false;
  const expected = pathToFileURL(rendererIndex).href;
  return url === expected || url.startsWith(`${expected}#`) || url.startsWith(`${expected}?`);
}

export async function runMainProcess(electron: ElectronApi, options: MainProcessOptions): Promise<void> {
  const { app, BrowserWindow, ipcMain, Menu, session } = electron;
  if (!app.requestSingleInstanceLock()) {
    // A second till window would fight the first over the printer and the drawer.
    app.quit();
    return;
  }
  let window: BrowserWindowInstance | null = null;
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  if (options.smokeTest) {
    setTimeout(() => {
      options.log('Smoke test: no window was ready in time');
      app.exit(1);
    }, options.smokeTestTimeoutMs ?? 60_000).unref();
  }
  await app.whenReady();
  const runtime = await options.startRuntime(options.dataDir);
  const { core } = runtime;

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  if (options.kiosk) Menu.setApplicationMenu(null);

  ipcMain.handle(ipcChannels.call, async (event, method, input, token) => {
    if (!isTrustedSender(event, options.rendererIndex)) {
      return { ok: false, error: { code: 'NOT_AUTHORISED', message: 'Untrusted sender' } };
    }
    if (typeof method !== 'string') return { ok: false, error: { code: 'VALIDATION', message: 'method must be a string' } };
    return core.dispatcher.dispatch(method, input, {
      token: typeof token === 'string' ? token : undefined,
      trustedLocal: true,
    });
  });

  const bounds = loadWindowState(options.dataDir);
  window = new BrowserWindow({
    ...bounds,
    minWidth: 800,
    minHeight: 600,
    show: false,
    kiosk: options.kiosk,
    fullscreen: options.kiosk,
    autoHideMenuBar: true,
    title: 'Cassa',
    backgroundColor: '#f4f5f7',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      spellcheck: false,
    },
  });
  const win = window;
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const unsubscribe = core.events.subscribe((event) => {
    if (!win.webContents.isDestroyed()) win.webContents.send(ipcChannels.event, event.name, event.payload);
  });
  win.once('ready-to-show', () => {
    win.show();
    if (options.smokeTest) {
      options.log('Smoke test: the first window is ready');
      app.quit();
    }
  });
  win.on('close', () => saveWindowState(options.dataDir, win.getNormalBounds()));
  win.on('closed', () => {
    unsubscribe();
    window = null;
  });

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    // Finish the print queue and close SQLite cleanly before Electron tears the process down.
    event.preventDefault();
    quitting = true;
    runtime
      .close()
      .catch((error: unknown) => options.log('The till did not close cleanly', error))
      .finally(() => app.exit(0));
  });
  app.on('window-all-closed', () => app.quit());

  await win.loadFile(options.rendererIndex);
}
