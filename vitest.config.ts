import { defineConfig } from 'vitest/config';

// Two projects: fast unit/integration tests in parallel, and browser end-to-end tests that each
// start a real host process and a real Chromium, run one file at a time so two cores are enough.
/**
 * Core tests the `core-wasm` project leaves out, each for its reason: they are about the PC's
 * file itself or drive better-sqlite3 directly, so on WebAssembly they would test nothing new.
 */
const coreWasmExclusions = [
  // The PC's file: its modes, its WAL, better-sqlite3's open path.
  'desktop/src/core/store/database.test.ts',
  // Open an old schema with better-sqlite3 on the till's file, then migrate it.
  'desktop/src/core/store/barcode-keys-migration.test.ts',
  'desktop/src/core/store/outbox-acks-migration.test.ts',
  'desktop/src/core/fiscal/fiscal-z-sending-migration.test.ts',
  'desktop/src/core/ledger/ledger-migration.test.ts',
  // Read the till's file while the till runs (a copy to another folder, the verify command in
  // another process, a disk that really fills): in Node the WebAssembly till writes its file
  // only when it closes. SQLITE_FULL itself is checked on both engines in sqlite-port.test.ts.
  'desktop/src/core/auth/pin-at-rest.test.ts',
  'desktop/src/core/audit/audit-log.test.ts',
  'desktop/src/core/api/disk-full.test.ts',
  // Two live tills on one folder (a "killed" till still finishing its request): in Node each
  // WebAssembly till has its own memory copy, so the killed one's later writes never reach the
  // new one, as they would through a shared file. A harness limit, not the adapter's.
  'desktop/src/core/fiscal/fiscal-exactly-once.test.ts',
  // Wall-clock latencies of the sync schedule (a push within 250-300 ms), nothing about storage:
  // the in-Node WebAssembly engine under the suite's load misses them.
  'desktop/src/core/sync/direction-backoff.test.ts',
];

/**
 * What `npm test` runs on WebAssembly: the folders whose tests drive the database hardest (the
 * sale path, catalogue, stock, outbox, fiscal queue and its recovery), within the project's 90 s
 * of CI time. CASSA_CORE_WASM=all runs every core test on WebAssembly (about 14 minutes here).
 */
const coreWasmInCi = [
  'desktop/src/core/{auth,back-office,catalogue,customers,printing,sales,shifts,store,sync-outbox}/**/*.test.ts',
  'desktop/src/core/fiscal/fiscal-queue.test.ts',
  'desktop/src/core/fiscal/fiscal-z-recovery.test.ts',
];

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
      {
        test: {
          // The core's tests again with the till on SQLite compiled to WebAssembly, the phone's
          // adapter (issue 20): same services, migrations and tests, the other engine.
          name: 'core-wasm',
          env: { CASSA_CHECK_RESPONSES: '1', CASSA_TILL_SQLITE: 'wasm' },
          include: process.env['CASSA_CORE_WASM'] === 'all' ? ['desktop/src/core/**/*.test.ts'] : coreWasmInCi,
          exclude: [
            '**/node_modules/**',
            '**/*.e2e.test.ts',
            ...coreWasmExclusions,
          ],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          globalSetup: ['./test-support/postgres.ts'],
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
