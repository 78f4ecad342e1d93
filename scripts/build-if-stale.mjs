#!/usr/bin/env node
/**
 * Builds a web app (the till's renderer, head office's web app) only when its sources changed
 * since the last build, so `npm run start:browser` and `npm run server` do not spend seconds in
 * Vite on every launch.
 *
 * "Changed" is a content hash, not mtimes: a checkout or a copy that touches every file without
 * changing it costs nothing, and an edit is never missed because of a clock. The hash covers the
 * app's own folder, `shared/src` (both apps import it), the Vite config, the package manifests and
 * package-lock.json (a new dependency version changes the bundle). Test files are skipped: no app
 * imports them. The hash is written to `<outDir>/.build-stamp` after a successful build; Vite
 * empties the folder first, so a failed or interrupted build leaves no stamp and builds again.
 *
 *   node scripts/build-if-stale.mjs renderer head-office   build what is stale
 *   node scripts/build-if-stale.mjs --force renderer       build regardless
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const common = ['shared/src', 'shared/package.json', 'package-lock.json', 'package.json'];

/** Each app: its Vite config, its output folder (from the config) and what goes into it. */
export const targets = {
  renderer: {
    config: 'desktop/vite.config.ts',
    outDir: 'desktop/dist/renderer',
    inputs: ['desktop/src/renderer', 'desktop/vite.config.ts', 'desktop/package.json', ...common],
  },
  'head-office': {
    config: 'sync-server/vite.config.ts',
    outDir: 'sync-server/dist/web',
    inputs: ['sync-server/web', 'sync-server/vite.config.ts', 'sync-server/package.json', ...common],
  },
  // Issue 20: the mobile till bundles the renderer, its worker and the till core it runs.
  mobile: {
    config: 'desktop/vite.mobile.config.ts',
    outDir: 'desktop/dist-mobile',
    inputs: ['desktop/src/renderer', 'desktop/src/mobile', 'desktop/src/core', 'drivers/src', 'desktop/vite.mobile.config.ts', 'desktop/package.json', 'drivers/package.json', ...common],
  },
};

const STAMP = '.build-stamp';

function filesUnder(path, base) {
  const full = join(base, path);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return [path];
  const out = [];
  for (const entry of readdirSync(full, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const child = `${path}/${entry.name}`;
    if (entry.isDirectory()) out.push(...filesUnder(child, base));
    else if (!/\.test\.tsx?$/.test(entry.name)) out.push(child);
  }
  return out;
}

/** The hash of every input file's path and content, in a stable order. */
export function sourceHash(target, base = root) {
  const hash = createHash('sha256');
  const files = [...new Set(target.inputs.flatMap((input) => filesUnder(input, base)))].sort();
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(base, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** True when the app has no finished build or its inputs changed since the stamped one. */
export function isStale(target, base = root) {
  const stamp = join(base, target.outDir, STAMP);
  if (!existsSync(stamp) || !existsSync(join(base, target.outDir, 'index.html'))) return true;
  return readFileSync(stamp, 'utf8').trim() !== sourceHash(target, base);
}

/** Records that the build in `outDir` was made from the inputs as they are now. */
export function writeStamp(target, hash, base = root) {
  writeFileSync(join(base, target.outDir, STAMP), `${hash}\n`);
}

function build(name, target) {
  const hash = sourceHash(target);
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', target.config, '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`build-if-stale: building ${name} failed\n`);
    process.exit(result.status ?? 1);
  }
  writeStamp(target, hash);
}

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedDirectly) {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const names = args.filter((a) => a !== '--force');
  if (names.length === 0) names.push(...Object.keys(targets));
  for (const name of names) {
    const target = targets[name];
    if (!target) {
      process.stderr.write(`build-if-stale: unknown app '${name}' (known: ${Object.keys(targets).join(', ')})\n`);
      process.exit(2);
    }
    if (force || isStale(target)) build(name, target);
    else if (process.env.CASSA_BUILD_VERBOSE) process.stdout.write(`${name}: up to date (${relative(root, join(root, target.outDir))})\n`);
  }
}
