/**
 * The till core's browser entry (`@cassa/desktop/core-browser`) bundles for a browser with nothing
 * of Node in it, and the bundle sells: it runs in a Node process stripped of Buffer, process,
 * require and setImmediate, over a database the host opened, and completes a sale through the
 * dispatcher. A phone's worker loads this same code.
 */
import { builtinModules } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { BuildFailure, Metafile } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { runNodeScript } from '../../test-support/run-node';
import type { NodeRun } from '../../test-support/run-node';

const here = dirname(fileURLToPath(import.meta.url));
const browserEntry = join(here, '../src/core/browser.ts');
const nodeEntry = join(here, '../src/core/index.ts');
const outDir = mkdtempSync(join(tmpdir(), 'cassa-core-browser-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const nodeOnlyPackages = ['better-sqlite3', 'serialport', '@serialport/', 'node-hid', 'usb', 'pngjs', 'bindings', 'node-gyp-build'];
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** What of Node a bundle pulls in: built-ins (imported or unresolvable) and native packages. */
function nodeParts(metafile: Metafile | undefined, errors: BuildFailure['errors']): string[] {
  const found = new Set<string>();
  for (const error of errors) {
    const specifier = /Could not resolve "([^"]+)"/.exec(error.text)?.[1];
    found.add(specifier && builtins.has(specifier) ? specifier : error.text);
  }
  for (const input of Object.keys(metafile?.inputs ?? {})) {
    const pkg = nodeOnlyPackages.find((name) => input.includes(`node_modules/${name}`));
    if (pkg) found.add(pkg);
  }
  for (const output of Object.values(metafile?.outputs ?? {})) {
    for (const imported of output.imports) if (imported.external) found.add(imported.path);
  }
  return [...found].sort();
}

async function bundleForBrowser(entry: string, outfile: string): Promise<string[]> {
  try {
    const result = await build({ entryPoints: [entry], outfile, bundle: true, platform: 'browser', format: 'esm', metafile: true, logLevel: 'silent' });
    return nodeParts(result.metafile, []);
  } catch (error) {
    return nodeParts(undefined, (error as BuildFailure).errors ?? [{ text: String(error) }]);
  }
}

/**
 * The phone's database (SQLite in WebAssembly) once the browser entry exports its adapter (part
 * A of issue 20); until then a better-sqlite3 connection the host opened.
 */
function runStripped(bundle: string): Promise<NodeRun> {
  return runNodeScript([join(here, 'core-browser/sell-without-node.mjs'), bundle]);
}

describe('the till core in a browser', () => {
  const bundle = join(outDir, 'core-browser.mjs');

  it('bundles for the browser with no Node built-in, better-sqlite3, serialport, node-hid or usb', async () => {
    expect(await bundleForBrowser(browserEntry, bundle)).toEqual([]);
  });

  it('would notice Node in the bundle: the PC entry fails the same check', async () => {
    const found = await bundleForBrowser(nodeEntry, join(outDir, 'core-node.mjs'));
    expect(found).toEqual(expect.arrayContaining(['node:fs', 'node:path']));
  });

  it('completes a sale with Node’s globals gone, PINs sealed and the audit chain whole', async () => {
    const run = await runStripped(bundle);
    const line = run.stdout.split('\n').find((l) => l.startsWith('CORE-BROWSER '));
    expect(line, `no report from the bundle (exit ${run.code}); stderr:\n${run.stderr}`).toBeDefined();
    const report = JSON.parse(line!.slice('CORE-BROWSER '.length)) as Record<string, any>;
    expect(report.stillThere).toEqual([]);
    expect(report.engine).toBe('wasm');
    expect(report.sale.totalCents).toBeGreaterThan(0);
    expect(report.saleRow).toEqual({ totalCents: report.sale.totalCents, documentNumber: 1 });
    expect(report.pinsSealed).toBe(3);
    expect(report.audit).toEqual({ ok: true, entries: 1 });
    expect(report.printer).toMatchObject({ connection: 'none', state: 'absent', pendingJobs: 1 });
    expect(report.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(run.code).toBe(0);
  }, 60_000);
});
