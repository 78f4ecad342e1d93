// Checks that the system packages the tests drive for real are installed, and names the one
// command that installs what is missing. Never skips: a missing package stops the run.
import { existsSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

function onPath(command) {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function postgresBin() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return false;
  return readdirSync(base).some((v) => existsSync(`${base}/${v}/bin/initdb`) && existsSync(`${base}/${v}/bin/pg_ctl`));
}

export function missingSystemPackages(env = process.env) {
  const missing = [];
  const chromium = env.CASSA_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) missing.push({ pkg: 'chromium', why: `browser tests (no ${chromium})` });
  if (!onPath('socat')) missing.push({ pkg: 'socat', why: 'serial tests through pseudo-terminals' });
  if (!env.TEST_DATABASE_URL && !postgresBin()) missing.push({ pkg: 'postgresql', why: 'sync server tests on PostgreSQL' });
  const libusb = ['/usr/lib/x86_64-linux-gnu/libusb-1.0.so.0', '/usr/lib/aarch64-linux-gnu/libusb-1.0.so.0', '/lib/x86_64-linux-gnu/libusb-1.0.so.0'];
  if (process.platform === 'linux' && !libusb.some((p) => existsSync(p))) missing.push({ pkg: 'libusb-1.0-0', why: 'USB and HID drivers' });
  return missing;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const missing = missingSystemPackages();
  if (missing.length > 0) {
    for (const m of missing) console.error(`missing: ${m.pkg} (needed for ${m.why})`);
    console.error(`Install them with:\n  sudo apt-get install -y ${missing.map((m) => m.pkg).join(' ')} udev`);
    process.exit(1);
  }
  console.log('System packages: ok');
}
