import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEan } from '../src/core/demo/demo-shop';
import { buildElectronBundles, root } from '../../scripts/electron-bundles.mjs';

/** Runs a built main bundle in plain Node under the fake electron module; resolves with its output. */
function runBundle(main: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', join(root, 'desktop/test/electron-bundle/fake-electron.cjs'), main], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

// The Electron binary cannot run here, so the built bundles run in Node with a fake `electron`:
// the same code that ships, loaded the way Electron loads it (CommonJS, preload apart).
describe('the built Electron bundles', () => {
  const outDir = join(root, '.tmp', `electron-bundle-${process.pid}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'cassa-bundle-'));
  let bundles: Awaited<ReturnType<typeof buildElectronBundles>>;

  beforeAll(async () => {
    bundles = await buildElectronBundles(outDir);
  }, 120_000);
  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('start the demo till with its head office, open the window and complete a sale through preload and IPC', async () => {
    const run = await runBundle(bundles.main, {
      CASSA_DATA_DIR: dataDir,
      CASSA_PRINTER: 'none',
      CASSA_SERVER_PORT: '0',
      FAKE_ELECTRON_EAN: demoEan(1),
    });
    const line = run.stdout.split('\n').find((l) => l.startsWith('FAKE-ELECTRON '));
    expect(line, `no report from the fake electron; stderr:\n${run.stderr}`).toBeDefined();
    const report = JSON.parse(line!.slice('FAKE-ELECTRON '.length)) as Record<string, unknown>;
    expect(report.error).toBeUndefined();
    expect(report).toMatchObject({
      shopName: 'Bottega Demo',
      totalCents: 449,
      sale: { receiptNumber: '0001-0001', totalCents: 449 },
      // The embedded head office ran inside the bundle: the till paired and sent the sale.
      sync: { paired: true, online: true, pending: 0 },
    });
    expect(report.page).toBe(join(outDir, '..', 'dist', 'renderer', 'index.html'));
    expect(report.events).toContain('sale.changed');
    // The user quit: the till closed SQLite and the process exited cleanly.
    expect(run.code).toBe(0);
  });

  it('contain no `import.meta`, which CommonJS leaves empty', () => {
    for (const file of [bundles.main, bundles.preload]) expect(readFileSync(file, 'utf8')).not.toMatch(/import\.meta/);
  });
});
