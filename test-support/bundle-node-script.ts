/**
 * @module
 * Bundles a TypeScript entry into one ES module Node runs directly, for tests and benchmarks that
 * start many child processes: each start then costs a Node start, not a TypeScript compile.
 * Native modules stay external and load from node_modules, so the bundle must live inside the
 * repository (under .tmp/).
 */
import { readFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { Plugin } from 'esbuild';
import { repoRoot } from './till-process';

const nativeModules = ['better-sqlite3', 'serialport', '@serialport/*', 'node-hid', 'usb', 'pg'];

export async function bundleNodeScript(
  entry: string,
  name: string,
  options: { extraExternal?: readonly string[]; ownUrls?: boolean } = {},
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
    plugins: options.ownUrls ? [ownImportMetaUrls] : [],
  });
  return { path, remove: () => rmSync(path, { force: true }) };
}

/**
 * Keeps each of our source files' `import.meta.url` its own file's URL, as under tsx: code that
 * finds its assets next to itself (the till's `dist/renderer`, head office's `dist/web`, the
 * mobile till's build) then finds them from the bundle too.
 */
const importMetaUrl = /\(import\.meta as \{[^}]*\}\)\.url|import\.meta\.url/g;
const ownImportMetaUrls: Plugin = {
  name: 'own-import-meta-urls',
  setup(builder) {
    builder.onLoad({ filter: /\/(shared|drivers|desktop|sync-server)\/src\/.*\.tsx?$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta')) return undefined;
      const own = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: text.replace(importMetaUrl, own), loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts' };
    });
  },
};
