/**
 * @module
 * The part of Electron's API the main process uses, typed here so the shell compiles and is
 * unit-tested on machines without the Electron binary (tests pass a thin fake). The real module
 * is loaded only in electron-entry.ts.
 */

export interface WebPreferences {
  preload: string;
  contextIsolation: boolean;
  nodeIntegration: boolean;
  sandbox: boolean;
  webSecurity: boolean;
  spellcheck: boolean;
}

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WebFrameMain {
  url: string;
}

export interface IpcMainInvokeEvent {
  senderFrame: WebFrameMain | null;
  sender: WebContents;
}

export interface WebContents {
  send(channel: string, ...args: unknown[]): void;
  on(event: 'will-navigate', listener: (event: { preventDefault(): void }, url: string) => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  isDestroyed(): boolean;
}

export interface BrowserWindowOptions {
  width: number;
  height: number;
  x?: number;
  y?: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  kiosk: boolean;
  fullscreen: boolean;
  autoHideMenuBar: boolean;
  title: string;
  backgroundColor: string;
  webPreferences: WebPreferences;
}

export interface BrowserWindowInstance {
  readonly webContents: WebContents;
  loadFile(path: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): void;
  on(event: 'close' | 'closed', listener: () => void): void;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  getNormalBounds(): Rectangle;
  setMenuBarVisibility(visible: boolean): void;
}

/** Electron's safeStorage: strings encrypted with the OS keychain of the logged-in user. */
export interface SafeStorage {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface ElectronApi {
  app: {
    requestSingleInstanceLock(): boolean;
    on(event: 'second-instance' | 'window-all-closed' | 'before-quit', listener: (event: { preventDefault(): void }) => void): void;
    whenReady(): Promise<void>;
    getPath(name: 'userData'): string;
    readonly isPackaged: boolean;
    quit(): void;
    exit(code: number): void;
  };
  BrowserWindow: new (options: BrowserWindowOptions) => BrowserWindowInstance;
  ipcMain: {
    handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  };
  Menu: { setApplicationMenu(menu: null): void };
  /** Usable only after `app.whenReady()`; absent in fakes that do not need it. */
  safeStorage?: SafeStorage;
  session: {
    defaultSession: {
      setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
    };
  };
}
