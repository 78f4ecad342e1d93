// Native modules (better-sqlite3, serialport, node-hid, usb) are compiled for one runtime at a
// time: Node (tests, browser host) or Electron (npm start). This checks which one they are built
// for and rebuilds them for the one about to run, so switching between the two just works.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const marker = join(root, 'node_modules', '.cassa-native-target');
const modules = ['better-sqlite3', '@serialport/bindings-cpp', 'node-hid', 'usb'];
const require = createRequire(join(root, 'package.json'));

function loadsInNode() {
  const probe = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: root, encoding: 'utf8' });
  return probe.status === 0;
}

export function ensureNative(target) {
  const current = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : 'node';
  if (target === 'node') {
    if (current === 'node' && loadsInNode()) return;
    console.error('Rebuilding native modules for Node (they were built for Electron)…');
    execFileSync('npm', ['rebuild', ...modules.filter((m) => existsSync(join(root, 'node_modules', m)))], { cwd: root, stdio: 'inherit' });
    writeFileSync(marker, 'node\n');
    return;
  }
  const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  if (current === `electron-${electronVersion}`) return;
  console.error(`Rebuilding native modules for Electron ${electronVersion}…`);
  execFileSync(join(root, 'node_modules', '.bin', 'electron-rebuild'), ['-f', '-v', electronVersion, '-w', modules.join(',')], { cwd: root, stdio: 'inherit' });
  writeFileSync(marker, `electron-${electronVersion}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) ensureNative(process.argv[2] === 'electron' ? 'electron' : 'node');
