// `npm start`: the Electron till with the demo shop and its embedded head office (desktop's
// package.json `main` is the demo bundle; the installers package the till alone, see
// electron-builder.yml). Since Electron 42 the npm package no longer downloads its binary at
// install time: the first start downloads it (needs internet once). The electron package itself
// needs Node.js 22.12 or newer; on an older Node, npm skips it as an optional dependency. Either
// way, anything missing starts the same till in the browser host instead, saying why once.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const wantedVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).optionalDependencies.electron;

/** The electron npm package's folder, or null when npm did not install it. */
function electronPackageDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** The downloaded Electron executable, or null when it is not there (yet). */
export function electronBinary(pkgDir = electronPackageDir()) {
  if (!pkgDir) return null;
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/**
 * Without Electron the shop still gets its till: the same UI and demo through the browser host
 * (`npm run start:browser`), with the reason said once. The process then belongs to that host.
 */
function startInBrowserInstead(problem) {
  console.error(`Cassa: ${problem}\n  Starting the same till in the browser host instead: http://127.0.0.1:5757`);
  const child = spawn('npm', ['run', 'start:browser', '--silent'], { cwd: root, stdio: 'inherit', env: process.env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
  return null;
}

/** The Electron executable, downloading it the first time (the package's own install-electron script). */
function ensureElectronBinary() {
  const pkgDir = electronPackageDir();
  if (!pkgDir) {
    return startInBrowserInstead(
      `Electron ${wantedVersion} is not installed. Its npm package needs Node.js 22.12 or newer (this is ${process.version}),\n` +
        '  so npm skipped it: for the desktop window, install a newer Node.js and run `npm ci` again.',
    );
  }
  const present = electronBinary(pkgDir);
  if (present) return present;
  console.error(`Downloading the Electron ${wantedVersion} binary (once)…`);
  const install = spawnSync(process.execPath, [join(pkgDir, 'install.js')], { cwd: root, stdio: 'inherit' });
  const binary = install.status === 0 ? electronBinary(pkgDir) : null;
  if (!binary) return startInBrowserInstead('the Electron binary could not be downloaded (it needs internet access once): run `npm start` again when online.');
  return binary;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const binary = ensureElectronBinary();
  if (binary === null) await new Promise(() => {}); // the browser host runs until it exits
  const run = (args) => execFileSync('npm', args, { cwd: root, stdio: 'inherit' });
  run(['run', 'build:renderer', '--silent']);
  run(['run', 'build:head-office', '--silent']);
  run(['run', 'build:electron', '--silent']);
  const { ensureNative } = await import('./ensure-native.mjs');
  ensureNative('electron');
  const child = spawn(binary, [join(root, 'desktop')], { stdio: 'inherit', env: process.env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
