// Bundles the Electron main process and the preload script with esbuild. Native modules and the
// electron module stay external: they are loaded from node_modules at run time, so the output
// folder must sit inside the repository (Node resolves them upwards from the bundle).
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const external = ['electron', 'better-sqlite3', 'serialport', '@serialport/*', 'node-hid', 'usb', 'pg', 'pg-native'];
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external,
  logLevel: 'warning',
  // `import.meta` does not exist in CommonJS. `import.meta.url` becomes `undefined`, so code that
  // needs it must take its path from the caller (see web-assets.ts); the bundle test loads the
  // built main process, so a module that reads it at load time fails `npm test`. Any other use
  // of `import.meta` fails the build.
  define: { 'import.meta.url': 'undefined' },
  logOverride: { 'empty-import-meta': 'error' },
};

/** Writes `main.cjs` and `preload.cjs` into `outDir` (default `desktop/dist-electron`). */
export async function buildElectronBundles(outDir = join(root, 'desktop/dist-electron')) {
  await build({ ...common, entryPoints: [join(root, 'desktop/src/main/electron-entry.ts')], outfile: join(outDir, 'main.cjs') });
  await build({ ...common, entryPoints: [join(root, 'desktop/src/preload/preload.ts')], outfile: join(outDir, 'preload.cjs') });
  return { main: join(outDir, 'main.cjs'), preload: join(outDir, 'preload.cjs') };
}
