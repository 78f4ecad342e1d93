import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';

// The mobile till (issue 20): the same renderer with the worker transport, the till core in a
// module worker over SQLite-in-WebAssembly, served by head office at /till/ as an installable app.
const publicDir = fileURLToPath(new URL('./src/mobile/public', import.meta.url));
const serviceWorkerSource = fileURLToPath(new URL('./src/mobile/service-worker.ts', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/**
 * Writes `sw.js`: the service worker with every file of this build (bundle and public folder) and
 * a hash of their contents in front, so a changed file is a changed service worker (the browser's
 * update check) and a new cache. Source maps are left out: the till never needs them offline.
 */
function precachingServiceWorker(): Plugin {
  return {
    name: 'cassa-precaching-service-worker',
    apply: 'build',
    // After vite's HTML plugin, so index.html is in the bundle (and in the list).
    enforce: 'post',
    async generateBundle(_options, bundle) {
      const entries = new Map<string, Uint8Array | string>();
      for (const [fileName, output] of Object.entries(bundle)) {
        if (fileName.endsWith('.map')) continue;
        entries.set(fileName, output.type === 'chunk' ? output.code : output.source);
      }
      for (const file of filesUnder(publicDir)) entries.set(relative(publicDir, file).split('\\').join('/'), readFileSync(file));
      const files = [...entries.keys()].sort();
      const hash = createHash('sha256');
      for (const file of files) hash.update(file).update('\0').update(entries.get(file)!).update('\0');
      const code = await transform(readFileSync(serviceWorkerSource, 'utf8'), { loader: 'ts', format: 'iife', target: 'es2022' });
      const version = hash.digest('hex').slice(0, 16);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: `const CASSA_PRECACHE = ${JSON.stringify({ version, files })};\n${code.code}` });
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./src/renderer/mobile', import.meta.url)),
  base: '/till/',
  publicDir,
  plugins: [react(), precachingServiceWorker()],
  worker: { format: 'es' },
  // sqlite-wasm finds its .wasm with new URL(…, import.meta.url): left for the build to copy as an asset.
  optimizeDeps: { exclude: ['@sqlite.org/sqlite-wasm'] },
  build: {
    outDir: fileURLToPath(new URL('./dist-mobile', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2500,
    assetsInlineLimit: 0,
  },
});
