import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNodeScript } from '../../test-support/run-node';
import type { NodeRun } from '../../test-support/run-node';
import { demoEan } from '../src/core';
import { buildElectronBundles, root } from '../../scripts/electron-bundles.mjs';

/** Runs a built main bundle in plain Node under the fake electron module; resolves with its output. */
function runBundle(main: string, env: Record<string, string>): Promise<NodeRun> {
  return runNodeScript(['--require', join(root, 'desktop/test/electron-bundle/fake-electron.cjs'), main], { ...process.env, ...env });
}

// The Electron binary cannot run here, so the built bundles run in Node with a fake `electron`:
// the same code that ships, loaded the way Electron loads it (CommonJS, preload apart).
describe('the built Electron bundles', () => {
  const outDir = join(root, '.tmp', `electron-bundle-${process.pid}`);
  const dataDirs: string[] = [];
  let bundles: Awaited<ReturnType<typeof buildElectronBundles>>;

  beforeAll(async () => {
    bundles = await buildElectronBundles(outDir);
  }, 120_000);
  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs a bundle on a fresh data folder and returns the fake electron's report and the exit code. */
  async function sellThrough(main: string): Promise<{ report: Record<string, unknown>; code: number | null }> {
    const dataDir = mkdtempSync(join(tmpdir(), 'cassa-bundle-'));
    dataDirs.push(dataDir);
    const run = await runBundle(main, {
      CASSA_DATA_DIR: dataDir,
      CASSA_PRINTER: 'none',
      CASSA_SERVER_PORT: '0',
      FAKE_ELECTRON_EAN: demoEan(1),
    });
    const line = run.stdout.split('\n').find((l) => l.startsWith('FAKE-ELECTRON '));
    expect(line, `no report from the fake electron; stderr:\n${run.stderr}`).toBeDefined();
    return { report: JSON.parse(line!.slice('FAKE-ELECTRON '.length)) as Record<string, unknown>, code: run.code };
  }

  it('start the till product alone, open the window and complete a sale through preload and IPC', async () => {
    const { report, code } = await sellThrough(bundles.main);
    expect(report.error).toBeUndefined();
    expect(report).toMatchObject({
      shopName: 'Bottega Demo',
      totalCents: 449,
      sale: { receiptNumber: '0001-0001', totalCents: 449 },
      // No head office in the product, even with CASSA_SERVER_PORT set: the till is not paired.
      sync: { paired: false, online: false },
    });
    expect(report.page).toBe(join(outDir, '..', 'dist', 'renderer', 'index.html'));
    expect(report.events).toContain('sale.changed');
    // The user quit: the till closed SQLite and the process exited cleanly.
    expect(code).toBe(0);
  });

  it('leave head office out of the till product: nothing of sync-server or the demo launcher is bundled', () => {
    expect(bundles.mainInputs).toContain('desktop/src/main/electron-entry.ts');
    expect(bundles.mainInputs.filter((file) => file.startsWith('sync-server/') || file.startsWith('desktop/src/demo/'))).toEqual([]);
  });

  it('start the demo till with its embedded head office, which pairs it and receives the sale', async () => {
    const { report, code } = await sellThrough(bundles.demoMain);
    expect(report.error).toBeUndefined();
    expect(report).toMatchObject({
      shopName: 'Bottega Demo',
      sale: { receiptNumber: '0001-0001', totalCents: 449 },
      // The embedded head office ran inside the bundle: the till paired and sent the sale.
      sync: { paired: true, online: true, pending: 0 },
    });
    expect(code).toBe(0);
  });

  it('contain no `import.meta`, which CommonJS leaves empty', () => {
    for (const file of [bundles.main, bundles.demoMain, bundles.preload]) expect(readFileSync(file, 'utf8')).not.toMatch(/import\.meta/);
  });
});

describe('the packaging configuration', () => {
  it('packages the Electron version npm installs, on a supported major line', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { optionalDependencies: { electron: string } };
    const builder = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    const packaged = /^electronVersion: (\S+)$/m.exec(builder)?.[1];
    expect(packaged).toBe(pkg.optionalDependencies.electron);
    // Electron supports its latest three major lines; 45 was the latest when this was pinned.
    expect(Number(packaged?.split('.')[0])).toBeGreaterThanOrEqual(43);
    // The installers hold the till product, not the demo bundle that `npm start` runs.
    expect(builder).toMatch(/^extraMetadata:\n {2}main: dist-electron\/main\.cjs$/m);
    expect(builder).toMatch(/^ {2}- "!dist-electron\/demo-main\.cjs\*"$/m);
  });
});
