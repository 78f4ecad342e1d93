import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ipcChannels } from '@cassa/shared';
import type { TestTill } from '@cassa/desktop/testing';
import { createTestTill } from '@cassa/desktop/testing';
import type { BrowserWindowOptions, ElectronApi, IpcMainInvokeEvent } from './electron-api';
import { runMainProcess } from './main-process';
import { until } from '../../../test-support/until';

/** The thinnest electron that lets the shell run: it records what the shell asked of it. */
function fakeElectron(options: { singleInstance?: boolean } = {}) {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>>();
  const appListeners = new Map<string, (event: { preventDefault(): void }) => void>();
  const sent: unknown[][] = [];
  const windows: BrowserWindowOptions[] = [];
  const loaded: string[] = [];
  const windowListeners = new Map<string, () => void>();
  let exitCode: number | null = null;
  let quit = false;
  let menuRemoved = false;
  class BrowserWindow {
    readonly webContents = {
      send: (...args: unknown[]) => sent.push(args),
      on: () => undefined,
      setWindowOpenHandler: () => undefined,
      isDestroyed: () => false,
    };
    constructor(opts: BrowserWindowOptions) {
      windows.push(opts);
    }
    async loadFile(path: string) {
      loaded.push(path);
    }
    once(event: string, listener: () => void) {
      windowListeners.set(event, listener);
    }
    on() {}
    show() {}
    focus() {}
    restore() {}
    isMinimized() {
      return false;
    }
    getNormalBounds() {
      return { x: 0, y: 0, width: 1280, height: 800 };
    }
    setMenuBarVisibility() {}
  }
  const electron: ElectronApi = {
    app: {
      requestSingleInstanceLock: () => options.singleInstance ?? true,
      on: (event, listener) => void appListeners.set(event, listener),
      whenReady: async () => undefined,
      getPath: () => '/tmp',
      isPackaged: false,
      quit: () => {
        quit = true;
      },
      exit: (code) => {
        exitCode = code;
      },
    },
    BrowserWindow,
    ipcMain: { handle: (channel, listener) => void handlers.set(channel, listener) },
    Menu: { setApplicationMenu: () => { menuRemoved = true; } },
    session: { defaultSession: { setPermissionRequestHandler: () => undefined } },
  };
  return { electron, handlers, appListeners, windowListeners, sent, windows, loaded, state: () => ({ exitCode, quit, menuRemoved }) };
}

describe('the Electron main process', () => {
  let till: TestTill;
  const dataDir = mkdtempSync(join(tmpdir(), 'cassa-main-'));
  const rendererIndex = '/opt/cassa/dist/renderer/index.html';
  afterEach(async () => {
    await till?.dispose();
  });

  async function start(kiosk = false, smoke: { smokeTest?: boolean; smokeTestTimeoutMs?: number } = {}) {
    till = createTestTill();
    const fake = fakeElectron();
    await runMainProcess(fake.electron, {
      ...smoke,
      rendererIndex,
      preloadPath: '/opt/cassa/dist-electron/preload.cjs',
      dataDir,
      kiosk,
      startRuntime: async () => ({ core: till.core, headOffice: null, close: () => till.core.close() }),
      log: () => undefined,
    });
    return fake;
  }

  it('opens one hardened window on the built renderer', async () => {
    const fake = await start();
    expect(fake.windows).toHaveLength(1);
    expect(fake.windows[0]!.webPreferences).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true, webSecurity: true });
    expect(fake.loaded).toEqual([rendererIndex]);
  });

  it('answers IPC calls from its own page through the dispatcher, and refuses any other sender', async () => {
    const fake = await start();
    const call = fake.handlers.get(ipcChannels.call)!;
    const own = { senderFrame: { url: pathToFileURL(rendererIndex).href }, sender: {} } as unknown as IpcMainInvokeEvent;
    expect(await call(own, 'app.info', {}, null)).toMatchObject({ ok: true, data: { shopName: 'Bottega Demo' } });
    const foreign = { senderFrame: { url: 'https://evil.example/' }, sender: {} } as unknown as IpcMainInvokeEvent;
    expect(await call(foreign, 'app.info', {}, null)).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORISED' } });
    expect(await call(own, 42, {}, null)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('forwards core events to the window', async () => {
    const fake = await start();
    till.core.events.emit('scanner.scan', { code: '123', source: 'test' });
    expect(fake.sent).toContainEqual([ipcChannels.event, 'scanner.scan', { code: '123', source: 'test' }]);
  });

  it('in kiosk mode goes fullscreen without a menu', async () => {
    const fake = await start(true);
    expect(fake.windows[0]).toMatchObject({ kiosk: true, fullscreen: true });
    expect(fake.state().menuRemoved).toBe(true);
  });

  it('closes the till cleanly before quitting', async () => {
    const fake = await start();
    let prevented = false;
    fake.appListeners.get('before-quit')!({ preventDefault: () => { prevented = true; } });
    expect(prevented).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.state().exitCode).toBe(0);
    expect(till.core.store.db.open).toBe(false);
  });

  it('in smoke-test mode quits cleanly once the first window is ready to show', async () => {
    const fake = await start(false, { smokeTest: true });
    let quitAsked = false;
    fake.electron.app.quit = () => {
      quitAsked = true;
      fake.appListeners.get('before-quit')!({ preventDefault: () => undefined });
    };
    fake.windowListeners.get('ready-to-show')!();
    expect(quitAsked).toBe(true);
    await until(() => fake.state().exitCode, (code) => code === 0);
    expect(till.core.store.db.open).toBe(false);
  });

  it('in smoke-test mode fails with exit code 1 when no window gets ready in time', async () => {
    const fake = fakeElectron();
    // The runtime never comes up, so neither does the window.
    void runMainProcess(fake.electron, {
      rendererIndex,
      preloadPath: 'x',
      dataDir,
      kiosk: false,
      smokeTest: true,
      smokeTestTimeoutMs: 20,
      startRuntime: () => new Promise(() => undefined),
      log: () => undefined,
    });
    await until(() => fake.state().exitCode, (code) => code === 1);
    expect(fake.windows).toHaveLength(0);
  });

  it('quits at once when another till window is already running', async () => {
    const fake = fakeElectron({ singleInstance: false });
    await runMainProcess(fake.electron, {
      rendererIndex,
      preloadPath: 'x',
      dataDir,
      kiosk: false,
      startRuntime: () => Promise.reject(new Error('must not start')),
      log: () => undefined,
    });
    expect(fake.state().quit).toBe(true);
    expect(fake.windows).toHaveLength(0);
    rmSync(dataDir, { recursive: true, force: true });
  });
});
