/**
 * @module
 * Which layer may import what, keyed on folders (after VS Code's layer lint). Every source file of
 * the repository belongs to one layer. A layer lists the layers it may import and, by name, the
 * npm packages it may use: adding a dependency means adding it here (and to the package's
 * package.json, which the check also demands), so it is a reviewed decision. Node built-ins are
 * allowed only where `node` is true.
 *
 * Tests and test helpers (`*.test.ts`, `testing/` folders, a package's `test/` folder,
 * `test-support/`) obey their folder's layer, and may in addition use the test tools, Node and
 * other packages' declared entry points (`@cassa/drivers/testing`, never a deep path).
 */

export interface Layer {
  readonly name: string;
  /** Folder prefixes (with a trailing slash) or single files, relative to the repo root. */
  readonly folders: readonly string[];
  /** Further files by pattern (on the path relative to the repo root). */
  readonly files?: RegExp;
  /** The workspace folder whose package.json must declare the npm packages used ('' is the root). */
  readonly packageDir: string;
  /** Other layers this one may import (by relative path inside the same package, or by package name). */
  readonly layers: readonly string[];
  /** npm packages allowed besides our own, by package name. */
  readonly packages: readonly string[];
  /** npm packages this layer's tests may use besides `testTools` (e.g. an OpenAPI validator). */
  readonly testPackages?: readonly string[];
  readonly node: boolean;
  /** Test-only layers (a package's `test/` folder, test-support, scripts): every file counts as test code. */
  readonly testsOnly?: boolean;
  /** Runs from the repository only, never in an installer: its package's devDependencies count. */
  readonly devOnly?: boolean;
}

/** What every test and test helper may use besides its layer's allowances. */
export const testTools: readonly string[] = ['vitest', 'fast-check', 'playwright-core'];

/** Our workspace packages and their folders; their declared `exports` are the only ways in. */
export const workspacePackages: Readonly<Record<string, string>> = {
  '@cassa/shared': 'shared',
  '@cassa/drivers': 'drivers',
  '@cassa/desktop': 'desktop',
  '@cassa/sync-server': 'sync-server',
};

const react = ['react', 'react-dom'];
const i18n = ['i18next', 'react-i18next'];
const drivers = ['@point-of-sale/receipt-printer-encoder', 'pngjs', 'serialport', '@serialport/bindings-interface', 'node-hid', 'usb'];
const httpServer = ['hono', '@hono/node-server'];

export const layers: readonly Layer[] = [
  { name: 'shared', folders: ['shared/src/'], packageDir: 'shared', layers: [], packages: ['zod'], node: false },
  { name: 'drivers', folders: ['drivers/src/'], packageDir: 'drivers', layers: ['shared'], packages: drivers, node: true },
  {
    name: 'desktop-core',
    folders: ['desktop/src/core/'],
    packageDir: 'desktop',
    layers: ['shared', 'drivers'],
    // @noble: hashing, scrypt and AES-GCM that run in Node and browsers alike (issue 20).
    // @sqlite.org/sqlite-wasm: the till's SQLite on a phone, compiled to WebAssembly (issue 20).
    packages: ['better-sqlite3', 'zod', '@noble/hashes', '@noble/ciphers', '@sqlite.org/sqlite-wasm'],
    node: true,
  },
  {
    name: 'desktop-host',
    folders: ['desktop/src/host/'],
    packageDir: 'desktop',
    layers: ['shared', 'drivers', 'desktop-core'],
    packages: httpServer,
    node: true,
  },
  {
    name: 'desktop-main',
    folders: ['desktop/src/main/'],
    packageDir: 'desktop',
    layers: ['shared', 'desktop-core', 'desktop-host'],
    // Electron is the root's optional dependency: electron-builder refuses it in the app's own.
    packages: ['electron'],
    node: true,
  },
  { name: 'desktop-preload', folders: ['desktop/src/preload/'], packageDir: 'desktop', layers: ['shared'], packages: ['electron'], node: false },
  {
    name: 'desktop-renderer',
    folders: ['desktop/src/renderer/'],
    packageDir: 'desktop',
    layers: ['shared'],
    // zxing-wasm: the camera scanner's barcode reader (issue 20), WebAssembly served from our build.
    packages: [...react, ...i18n, 'zxing-wasm'],
    node: false,
  },
  // Issue 20, C: the mobile till's host, a Web Worker (and the service worker) in the browser: no Node.
  {
    name: 'desktop-mobile',
    folders: ['desktop/src/mobile/'],
    packageDir: 'desktop',
    layers: ['shared', 'desktop-core'],
    packages: ['@sqlite.org/sqlite-wasm', 'zod'],
    node: false,
  },
  {
    // The demo launchers: a till plus an embedded head office. The only product-side code that
    // may start a head office; the till itself (core, host, main) never imports sync-server.
    name: 'desktop-demo',
    folders: ['desktop/src/demo/'],
    packageDir: 'desktop',
    // drivers: only its `rt-emulator` entry, for CASSA_DEMO_FISCAL=1 (a demo shop with an emulated RT).
    layers: ['shared', 'drivers', 'desktop-core', 'desktop-host', 'desktop-main', 'sync-server'],
    packages: [],
    node: true,
    devOnly: true,
  },
  {
    name: 'sync-server',
    folders: ['sync-server/src/'],
    packageDir: 'sync-server',
    layers: ['shared'],
    packages: [...httpServer, 'better-sqlite3', 'pg', 'qrcode', 'zod'],
    // The OpenAPI test validates the document and compiles a client generated from it.
    testPackages: ['@seriousme/openapi-schema-validator', 'openapi-typescript', 'typescript'],
    node: true,
  },
  {
    // Issue 18: emulators of PrestaShop's webservice, Amazon SP-API and eBay's Sell APIs, for
    // tests, benchmarks and trying channels without accounts (`npm run channel-emulators`). Written
    // from the remotes' published documents, never from our connectors, so they check them: they
    // import nothing of ours.
    name: 'channel-emulators',
    folders: ['sync-server/emulators/'],
    packageDir: 'sync-server',
    layers: [],
    packages: [...httpServer, 'zod'],
    node: true,
    testsOnly: true,
    devOnly: true,
  },
  {
    // The head-office web app runs in the browser: DOM, shared, React and its declared libraries.
    name: 'head-office-web',
    folders: ['sync-server/web/'],
    packageDir: 'sync-server',
    layers: ['shared'],
    packages: [...react, ...i18n, 'recharts', 'qrcode'],
    node: false,
  },
  {
    name: 'desktop-tests',
    folders: ['desktop/test/'],
    packageDir: 'desktop',
    layers: ['shared', 'drivers', 'desktop-core', 'desktop-host', 'desktop-main', 'desktop-preload', 'desktop-demo', 'desktop-mobile', 'desktop-renderer', 'sync-server', 'channel-emulators', 'test-support'],
    // zxing-wasm: the phone e2e draws the barcode its fake camera shows (issue 20, D).
    packages: ['better-sqlite3', ...httpServer, 'zxing-wasm'],
    // esbuild: the core's browser entry is bundled to prove it holds nothing of Node, then sells
    // over SQLite in WebAssembly (issue 20).
    testPackages: ['esbuild', '@sqlite.org/sqlite-wasm'],
    node: true,
    testsOnly: true,
  },
  {
    name: 'sync-server-tests',
    folders: ['sync-server/test/'],
    packageDir: 'sync-server',
    layers: ['shared', 'sync-server', 'channel-emulators', 'desktop-core', 'desktop-host', 'test-support'],
    packages: ['better-sqlite3', 'pg', ...httpServer],
    node: true,
    testsOnly: true,
  },
  {
    name: 'test-support',
    folders: ['test-support/'],
    packageDir: '',
    layers: ['shared', 'drivers', 'desktop-core', 'desktop-host', 'sync-server', 'channel-emulators'],
    // The sync benchmark compares against PouchDB/CouchDB replication.
    packages: ['esbuild', 'better-sqlite3', 'pg', 'pouchdb-node', 'pouchdb-adapter-memory', 'express', 'express-pouchdb'],
    node: true,
    testsOnly: true,
  },
  {
    // Build, start and measurement scripts, and the build tools' configuration files.
    name: 'scripts',
    folders: ['scripts/'],
    // Tool configuration: vitest.config.ts, desktop/vite.config.ts, a linter's config at the root.
    files: /^([^/]+|desktop\/[^/]+|sync-server\/[^/]+)\.config\.(ts|mts|js|mjs|cjs)$/,
    packageDir: '',
    layers: ['shared', 'drivers', 'desktop-core', 'desktop-host', 'sync-server', 'channel-emulators', 'test-support'],
    // @noble/hashes: the PIN bench measures the browser's scrypt next to Node's (issue 20).
    // @vitest/browser-playwright: vitest.config.ts runs the core's tests inside Chromium (core-chromium).
    packages: ['esbuild', 'vite', '@vitejs/plugin-react', 'tsx', 'better-sqlite3', 'pg', 'eslint', 'typescript-eslint', 'eslint-plugin-react-hooks', '@noble/hashes', '@vitest/browser-playwright', ...httpServer],
    node: true,
    testsOnly: true,
  },
];
