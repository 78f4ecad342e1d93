// `npm test`: every test. Checks the system packages first (never skips silently), makes sure
// native modules are built for Node, type-checks and lints all projects, builds the renderer the
// browser tests load, then runs vitest and prints one plain summary line.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNative } from './ensure-native.mjs';
import { missingSystemPackages } from './system-check.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const missing = missingSystemPackages();
if (missing.length > 0) {
  for (const m of missing) console.error(`missing: ${m.pkg} (needed for ${m.why})`);
  console.error(`npm test needs these system packages. Install them with:\n  sudo apt-get install -y ${missing.map((m) => m.pkg).join(' ')} udev`);
  process.exit(1);
}
ensureNative('node');

/**
 * Runs a step with its output held back, then prints it under its label, so two steps running
 * side by side do not interleave their lines. Resolves to whether it succeeded.
 */
function step(label, command, args) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => (output += `${error.message}\n`));
    child.on('close', (code) => {
      console.log(`\n▶ ${label} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      if (output) process.stdout.write(output);
      resolve(code === 0);
    });
  });
}

/** The builds the browser tests load, one after another (each already uses several threads). */
async function builds() {
  return (
    (await step('build the till UI', 'npm', ['run', 'build:renderer', '--silent'])) &&
    (await step('build the head-office web app', 'npm', ['run', 'build:head-office', '--silent'])) &&
    // Issue 20: the mobile till head office serves at /till/; stamped, so its e2e test does not build it again.
    (await step('build the mobile till', process.execPath, ['scripts/build-if-stale.mjs', '--force', 'mobile']))
  );
}

// The type-check and the typed lint each keep one core busy for a minute or two: side by side on
// two cores (the builds follow the type-check), not one after the other.
// Typed lint (promises, exhaustive switches, hooks, function length); no --cache: a cached
// file's findings can go stale when a type it uses changes in another file.
const checks = await Promise.all([
  step('lint (eslint, zero warnings)', 'npm', ['run', 'lint', '--silent']),
  step('type-check (tsc -b)', 'npx', ['tsc', '-b']).then((typed) => typed && builds()),
]);
if (checks.includes(false)) process.exit(1);

mkdirSync(join(root, '.tmp'), { recursive: true });
const report = join(root, '.tmp', 'vitest-report.json');
const extra = process.argv.slice(2);
console.log('\n▶ tests (vitest)');
const result = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra], {
  cwd: root,
  stdio: 'inherit',
});
try {
  const summary = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = summary.numPendingTests + summary.numTodoTests;
  console.log(`\nvitest: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
  if (summary.numTotalTests === 0) {
    console.error('No test ran.');
    process.exit(1);
  }
} catch {
  console.error('No test report was written.');
}
process.exit(result.status ?? 1);
