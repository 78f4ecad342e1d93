import { playwright } from '@vitest/browser-playwright';
import type { TestProjectInlineConfiguration } from 'vitest/config';
import { defineConfig } from 'vitest/config';

// Projects: fast unit/integration tests in parallel; the core's tests again inside Chromium on
// SQLite in WebAssembly (and, on demand, in Node on it); and browser end-to-end tests that each
// start a real host process and a real Chromium, run one file at a time so two cores are enough.
/**
 * Core tests the WebAssembly reruns leave out, each for its reason: they are about the PC's
 * file itself or drive better-sqlite3 directly, so on WebAssembly they would test nothing new.
 */
const pcFileTests = [
  // The PC's file: its modes, its WAL, better-sqlite3's open path.
  'desktop/src/core/store/database.test.ts',
  // Open an old schema with better-sqlite3 on the till's file, then migrate it.
  'desktop/src/core/store/barcode-keys-migration.test.ts',
  'desktop/src/core/store/outbox-acks-migration.test.ts',
  'desktop/src/core/fiscal/fiscal-z-sending-migration.test.ts',
  'desktop/src/core/ledger/ledger-migration.test.ts',
  // Read the till's file while the till runs (a copy to another folder, the verify command in
  // another process, a disk that really fills): a WebAssembly test till writes its image only
  // when it closes. SQLITE_FULL itself is checked on both engines in sqlite-port.test.ts.
  'desktop/src/core/auth/pin-at-rest.test.ts',
  'desktop/src/core/audit/audit-log.test.ts',
  'desktop/src/core/api/disk-full.test.ts',
];
const coreWasmExclusions = [
  ...pcFileTests,
  // Wall-clock latencies of the sync schedule (a push within 250-300 ms), nothing about storage:
  // the in-Node WebAssembly engine under the suite's load misses them.
  'desktop/src/core/sync/direction-backoff.test.ts',
];

/**
 * What `CASSA_CORE_WASM=ci` runs on WebAssembly in Node (`npm test` ran it before core-chromium
 * took its place): the folders whose tests drive the database hardest (the sale path, catalogue,
 * stock, outbox, fiscal queue and its recovery). CASSA_CORE_WASM=all runs every core test on
 * WebAssembly in Node (about 14 minutes here). Without the variable the project is not defined.
 */
const coreWasmInCi = [
  'desktop/src/core/{auth,back-office,catalogue,customers,printing,sales,shifts,store,sync-outbox}/**/*.test.ts',
  'desktop/src/core/fiscal/fiscal-queue.test.ts',
  'desktop/src/core/fiscal/fiscal-z-recovery.test.ts',
];

/**
 * Core tests the `core-chromium` project leaves out: each needs Node on purpose.
 */
const coreChromiumExclusions = [
  // The till's file from outside, or the PC's storage itself (as for core-wasm above).
  ...pcFileTests,
  'desktop/src/core/store/sqlite-port.test.ts', // better-sqlite3 beside WebAssembly, the same checks on both
  'desktop/src/core/store/statement-cache.test.ts', // better-sqlite3's statements
  'desktop/src/core/catalogue/catalogue-bulk-insert.test.ts', // a better-sqlite3 file database
  'desktop/src/core/portable/portable-crypto.test.ts', // @noble against node:crypto's answers
  // A real head office (Hono on SQLite or PostgreSQL, a socket) in the same test.
  'desktop/src/core/sync/**/*.test.ts',
  'desktop/src/core/ledger/ledger-online.test.ts',
  'desktop/src/core/ledger/ledger-offline.test.ts',
  'desktop/src/core/stock/chain-stock.test.ts',
  'desktop/src/core/stock/store-stock.test.ts',
  // The RT emulator is an HTTP server; the PC's printer ports and peripherals are Node's devices.
  'desktop/src/core/fiscal/fiscal-z-recovery-emulator.test.ts',
  'desktop/src/core/printing/printer-ports.test.ts',
  'desktop/src/core/peripherals/peripheral-hub.test.ts',
  'desktop/src/core/peripherals/device-access.test.ts',
];

/** The core's tests in Node with the till on WebAssembly: `ci` for coreWasmInCi, `all` for every one. */
function coreWasmProjects(selection: string | undefined): TestProjectInlineConfiguration[] {
  if (selection !== 'ci' && selection !== 'all') return [];
  return [
    {
      test: {
        // The core's tests again with the till on SQLite compiled to WebAssembly, the phone's
        // adapter (issue 20): same services, migrations and tests, the other engine.
        name: 'core-wasm',
        env: { CASSA_CHECK_RESPONSES: '1', CASSA_TILL_SQLITE: 'wasm' },
        include: selection === 'all' ? ['desktop/src/core/**/*.test.ts'] : coreWasmInCi,
        exclude: ['**/node_modules/**', '**/*.e2e.test.ts', ...coreWasmExclusions],
        testTimeout: 30_000,
        hookTimeout: 60_000,
        globalSetup: ['./test-support/postgres.ts'],
      },
    },
  ];
}

export default defineConfig({
  test: {
    // Two workers on two cores: many files (the channels' end-to-end and fault runs above all) spend
    // most of their time waiting on clocks, sockets and child processes, not on the CPU.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          // Every answer a contract adapter sends is checked against the contract's output.
          env: { CASSA_CHECK_RESPONSES: '1' },
          include: ['{shared,drivers,desktop,sync-server,scripts}/**/*.test.{ts,tsx}'],
          exclude: ['**/node_modules/**', '**/*.e2e.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // A throwaway PostgreSQL for the storage tests that run on both engines.
          globalSetup: ['./test-support/postgres.ts'],
        },
      },
      ...coreWasmProjects(process.env['CASSA_CORE_WASM']),
      {
        // The test till's platform (temp folders, which database) in its browser version: the
        // alias swaps the module, so no Node import enters the browser's graph.
        resolve: { alias: [{ find: /^\.\/test-till-platform$/, replacement: './test-till-platform.browser' }] },
        // sqlite-wasm finds its .wasm with new URL(…, import.meta.url): served by vite as is.
        optimizeDeps: { exclude: ['@sqlite.org/sqlite-wasm'] },
        test: {
          // The core's tests inside Chromium over SQLite in WebAssembly, as the phone runs them.
          name: 'core-chromium',
          // One Chromium per run, two pages (the machine's two cores), each running its files one
          // after another without reloading: the core and sqlite-wasm load once per page instead
          // of once per file, which was a third of the run. Each file's tills are its own (unique
          // folders), and no core test fakes timers or globals, so nothing leaks between files.
          isolate: false,
          maxWorkers: 2,
          // Every core test a browser can run (about 20 s on the idle machine: test tills hash PINs at a cheap cost).
          include: ['desktop/src/core/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...coreChromiumExclusions],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            // A failure's screenshot would be a blank page: the core has no UI.
            screenshotFailures: false,
            provider: playwright({
              // Debian's Chromium with test-support/browser.ts's switches (not imported: vite's config
              // loader warns on an extensionless local import).
              launchOptions: {
                executablePath: process.env['CASSA_CHROMIUM'] ?? '/usr/bin/chromium',
                args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
              },
              // Neither the shop's zone (Rome) nor CI's (UTC): a time the core words in the
              // machine's zone instead of the shop's shows up.
              contextOptions: { timezoneId: 'Asia/Tokyo' },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        test: {
          name: 'e2e',
          env: { CASSA_CHECK_RESPONSES: '1' },
          include: ['**/*.e2e.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          globalSetup: ['./test-support/e2e-setup.ts'],
        },
      },
    ],
  },
});
