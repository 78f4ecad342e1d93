// `npm start`: the Electron till with the demo shop and its embedded head office (desktop's
// package.json `main` is the demo bundle; the installers package the till alone, see
// electron-builder.yml). Without the Electron binary (it downloads at install time, which a
// closed network prevents) it stops with one clear message.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

export function electronBinary() {
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const binary = electronBinary();
  if (!binary) {
    const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).optionalDependencies.electron;
    console.error(
      'Cassa: the Electron binary is not installed (its download needs internet access at npm install time).\n' +
        `  Fix: on a machine with internet, run \`npm install electron@${version} --no-save\` (or \`npm ci\` again),\n` +
        '  or run the same till in a browser: `npm run start:browser` (http://127.0.0.1:5757).',
    );
    process.exit(1);
  }
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
