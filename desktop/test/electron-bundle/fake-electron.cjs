// A stand-in for the `electron` module, for loading the BUILT bundles (dist-electron/main.cjs and
// preload.cjs) in plain Node. Loaded with `node --require`, it answers every `require('electron')`
// with itself. When the main process opens its window, it loads the preload bundle the way
// Electron would (sandboxed: only contextBridge and ipcRenderer), then drives one sale through the
// bridge the preload exposed and the IPC handler the main process registered, and prints what
// happened as one JSON line prefixed with `FAKE-ELECTRON `. Then it quits the app like a user.
'use strict';
const Module = require('node:module');
const { pathToFileURL } = require('node:url');

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'electron') return __filename;
  return resolveFilename.call(this, request, ...rest);
};

const report = (data) => process.stdout.write(`FAKE-ELECTRON ${JSON.stringify(data)}\n`);
const handlers = new Map();
const appListeners = new Map();
const rendererListeners = new Map();
let exposed = null;
let loadedPage = null;
let preloadPath = null;

class BrowserWindow {
  constructor(options) {
    preloadPath = options.webPreferences.preload;
    this.webContents = {
      send: (channel, ...args) => {
        for (const listener of rendererListeners.get(channel) ?? []) listener({}, ...args);
      },
      on: () => undefined,
      setWindowOpenHandler: () => undefined,
      isDestroyed: () => false,
    };
  }
  async loadFile(path) {
    loadedPage = path;
    setImmediate(() => runScenario().catch((error) => report({ error: String(error && error.stack ? error.stack : error) })));
  }
  once() {}
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

/** The preload's view of electron: what a sandboxed preload may use. */
const ipcRenderer = {
  invoke: async (channel, ...args) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no IPC handler for ${channel}`);
    const event = { senderFrame: { url: pathToFileURL(loadedPage).href }, sender: {} };
    return handler(event, ...args);
  },
  on: (channel, listener) => rendererListeners.set(channel, [...(rendererListeners.get(channel) ?? []), listener]),
  removeListener: (channel, listener) => rendererListeners.set(channel, (rendererListeners.get(channel) ?? []).filter((l) => l !== listener)),
};
const contextBridge = {
  exposeInMainWorld: (key, api) => {
    if (key === 'cassa') exposed = api;
  },
};

async function runScenario() {
  // Electron gives the preload process.versions.electron; the bundle checks it before wiring up.
  Object.defineProperty(process.versions, 'electron', { value: '0.0.0-fake', configurable: true });
  require(preloadPath);
  if (!exposed) throw new Error('the preload bundle exposed no window.cassa');
  const events = [];
  exposed.onEvent((name) => events.push(name));
  const call = async (method, input, token = null) => {
    const answer = await exposed.call(method, input, token);
    if (!answer.ok) throw new Error(`${method}: ${answer.error.code} ${answer.error.message}`);
    return answer.data;
  };
  const ean = process.env.FAKE_ELECTRON_EAN;
  const info = await call('app.info', {});
  const { token } = await call('session.login', { userId: 'user-giulia', pin: '1111' });
  await call('shift.open', { floatCents: 0 }, token);
  const ticket = await call('sale.scan', { code: ean }, token);
  await call('sale.addPayment', { method: 'cash', amountCents: ticket.totalCents }, token);
  const sale = await call('sale.complete', { printReceipt: false }, token);
  let sync = await call('sync.state', {}, token);
  // A paired till sends the sale within seconds; an unpaired one (the product's first start) never goes online.
  for (let i = 0; i < 100 && sync.paired && (sync.pending > 0 || !sync.online); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    sync = await call('sync.state', {}, token);
  }
  report({ page: loadedPage, shopName: info.shopName, totalCents: ticket.totalCents, sale, sync, events: [...new Set(events)] });
  // Quit as Electron does when the user closes the till: before-quit, then exit.
  appListeners.get('before-quit')({ preventDefault: () => undefined });
}

module.exports = {
  app: {
    requestSingleInstanceLock: () => true,
    on: (event, listener) => appListeners.set(event, listener),
    whenReady: async () => undefined,
    getPath: () => process.env.CASSA_DATA_DIR,
    isPackaged: false,
    quit: () => appListeners.get('before-quit')?.({ preventDefault: () => undefined }),
    exit: (code) => process.exit(code),
  },
  BrowserWindow,
  ipcMain: { handle: (channel, listener) => handlers.set(channel, listener) },
  Menu: { setApplicationMenu: () => undefined },
  session: { defaultSession: { setPermissionRequestHandler: () => undefined } },
  contextBridge,
  ipcRenderer,
};
