/**
 * @module
 * Bundles a TypeScript entry into one ES module Node runs directly, for tests and benchmarks that
 * start many child processes: each start then costs a Node start, not a TypeScript compile.
 * Native modules stay external and load from node_modules, so the bundle must live inside the
 * repository (under .tmp/).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from './till-process';

const nativeModules = ['better-sqlite3', 'serialport', '@serialport/*', 'node-hid', 'usb', 'pg'];

export async function bundleNodeScript(
  entry: string,
  name: string,
  options: { extraExternal?: readonly string[] } = {},
): Promise<{ path: string; remove(): void }> {
  const path = join(repoRoot, '.tmp', `${name}-${process.pid}.mjs`);
  await build({
    entryPoints: [entry],
    outfile: path,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: [...nativeModules, ...(options.extraExternal ?? [])],
    // The CommonJS packages inside call require(); an ES module has none of its own.
    // Aliased: the bundled code may import createRequire itself.
    banner: { js: "import { createRequire as __cassaCreateRequire } from 'node:module'; const require = __cassaCreateRequire(import.meta.url);" },
    logLevel: 'error',
    absWorkingDir: repoRoot,
  });
  return { path, remove: () => rmSync(path, { force: true }) };
}
