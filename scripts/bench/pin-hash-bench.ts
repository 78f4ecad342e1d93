/**
 * PIN hashing in the portable core (issue 20): scrypt N=16384, r=8, p=1 from @noble in pure
 * JavaScript (what a browser worker runs), next to Node's native scrypt as the peer (what the PC
 * till installs, `portable/node-scrypt.ts`), and what a cashier waits for at a PC login (the
 * dispatcher's `session.login`: one scrypt plus the database). A browser's login costs about the
 * @noble figure plus the login's overhead over the native one. Nothing is asserted.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { scrypt as nobleScrypt } from '@noble/hashes/scrypt.js';
import { createPrinterPort, createTillCore, seedDemoShop } from '@cassa/desktop/core';
import type { BenchContext } from './bench-kit';
import { percentile } from './bench-kit';

const rounds = Number(process.env.CASSA_BENCH_PIN_ROUNDS ?? 15);

function timed(run: () => unknown): number[] {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return samples;
}

async function loginSamples(): Promise<number[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cassa-pin-bench-'));
  const core = createTillCore({ dataDir, printer: await createPrinterPort('none', 'generic-80mm'), logger: { error: () => undefined } });
  try {
    seedDemoShop(core.services);
    const samples: number[] = [];
    for (let i = 0; i < rounds; i += 1) {
      const started = performance.now();
      const result = await core.dispatcher.dispatch('session.login', { userId: 'user-giulia', pin: '1111' }, { trustedLocal: true });
      samples.push(performance.now() - started);
      if (!result.ok) throw new Error(`login refused: ${result.error.message}`);
    }
    return samples;
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export default async function pinHashBench(ctx: BenchContext): Promise<void> {
  ctx.progress(`scrypt N=16384 r=8 p=1, ${rounds} rounds each`);
  const native = percentile(timed(() => scryptSync('2580', randomBytes(16), 32, { N: 16_384, r: 8, p: 1 })), 50);
  ctx.emit('pin hash, Node native scrypt (peer) p50', native, 'ms');
  const noble = percentile(timed(() => nobleScrypt('2580', randomBytes(16), { N: 16_384, r: 8, p: 1, dkLen: 32 })), 50);
  ctx.emit('pin hash, @noble scrypt (browser) p50', noble, 'ms');
  ctx.emit('pin hash, @noble / native', noble / native, 'x');
  ctx.emit('PC login through the dispatcher (native scrypt + session) p50', percentile(await loginSamples(), 50), 'ms');
}
