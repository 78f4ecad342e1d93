// Bundles the Electron main process and the preload script with esbuild. Native modules and the
// electron module stay external: they are loaded from node_modules at run time, so the output
// folder must sit inside the repository (Node resolves them upwards from the bundle).
import { build } from 'esbuild';
import { dirname, join, relative } from 'node:path';
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
  metafile: true,
  // `import.meta` does not exist in CommonJS. `import.meta.url` becomes `undefined`, so code that
  // needs it must take its path from the caller (see web-assets.ts); the bundle test loads the
  // built main process, so a module that reads it at load time fails `npm test`. Any other use
  // of `import.meta` fails the build.
  define: { 'import.meta.url': 'undefined' },
  logOverride: { 'empty-import-meta': 'error' },
};

/** Bundles one entry; resolves with the repository files that went into it. */
async function bundle(entry, outfile) {
  const result = await build({ ...common, entryPoints: [join(root, entry)], outfile });
  return Object.keys(result.metafile.inputs).map((input) => relative(root, join(process.cwd(), input)).replaceAll('\\', '/'));
}

/**
 * Writes into `outDir` (default `desktop/dist-electron`): `main.cjs`, the till product's main
 * process (what the installers package), `demo-main.cjs`, the demo's (`npm start`: the till with
 * an embedded head office), and `preload.cjs`, which both use.
 */
export async function buildElectronBundles(outDir = join(root, 'desktop/dist-electron')) {
  const files = {
    main: join(outDir, 'main.cjs'),
    demoMain: join(outDir, 'demo-main.cjs'),
    preload: join(outDir, 'preload.cjs'),
  };
  const [mainInputs] = await Promise.all([
    bundle('desktop/src/main/electron-entry.ts', files.main),
    bundle('desktop/src/demo/electron-demo.ts', files.demoMain),
    bundle('desktop/src/preload/preload.ts', files.preload),
  ]);
  return { ...files, mainInputs };
}
