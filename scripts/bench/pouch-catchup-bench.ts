/**
 * The peer for the catch-up figure (issue 15): PouchDB replicating the backlog the Cassa catch-up
 * builds (CASSA_BENCH_CATCHUP_SALES sales, default 20,000, of 1 + n % 10 lines each) from a
 * till-side PouchDB to express-pouchdb on 127.0.0.1, each in its own process as in the pull
 * comparison; timed from replication start to complete (`replicate.to` resolving), batch_size 500
 * and batches_limit 10 as in the pull comparison. Two shapes (CASSA_BENCH_POUCH_CATCHUP_SHAPES):
 * - `sales`: one document per sale, lines inside. It holds everything the Cassa till sends (each
 *   stock movement is its sale line's quantity, negated), so this is how a PouchDB application
 *   would model it, and the stricter peer;
 * - `ops`: the sale and one stock-movement document per line, as many documents as the Cassa
 *   till's outbox has ops (130,000 for 20,000 sales).
 * CASSA_BENCH_POUCH_CATCHUP_ADAPTER=leveldb (default) keeps both sides on disk in leveldb, as the
 * till's outbox and head office's database are durable files; `memory` (memdown) measured slower
 * here.
 */
import { join } from 'node:path';
import { bundleNodeScript } from '../../test-support/bundle-node-script';
import type { BenchContext } from './bench-kit';
import { repoRoot } from './bench-kit';
import { runChild } from './bench-child';

export interface PouchCatchUp {
  readonly sales: number;
  readonly docs: number;
  readonly seconds: number;
  readonly adapter: string;
  readonly shape: 'sales' | 'ops';
}


export async function pouchCatchUp(ctx: BenchContext): Promise<PouchCatchUp[]> {
  const shapes = (process.env.CASSA_BENCH_POUCH_CATCHUP_SHAPES ?? 'sales,ops').split(',').filter((s): s is 'sales' | 'ops' => s === 'sales' || s === 'ops');
  const bundle = await bundleNodeScript(join(repoRoot, 'test-support', 'sync-bench-peer-children.ts'), 'sync-bench-peer-children', {
    extraExternal: ['pouchdb-node', 'pouchdb-adapter-memory', 'express', 'express-pouchdb', 'leveldown'],
  });
  try {
    const runs: PouchCatchUp[] = [];
    for (const shape of shapes) runs.push(await replicate(ctx, bundle.path, shape));
    return runs;
  } finally {
    bundle.remove();
  }
}

async function replicate(ctx: BenchContext, bundle: string, shape: 'sales' | 'ops'): Promise<PouchCatchUp> {
  const sales = Number(process.env.CASSA_BENCH_CATCHUP_SALES ?? 20_000);
  const adapter = process.env.CASSA_BENCH_POUCH_CATCHUP_ADAPTER ?? 'leveldb';
  const server = runChild(bundle, 'pouch-sales-server', { adapter }, true);
  const { port } = (await server.next()) as { port: number };
  ctx.progress(`PouchDB catch-up: a ${adapter} till-side PouchDB takes ${sales} sales${shape === 'ops' ? ' and their stock movements' : ''} (not timed)`);
  const till = runChild(bundle, 'pouch-sales-till', { adapter, sales, movements: shape === 'ops', url: `http://127.0.0.1:${port}/sales`, batchSize: 500 });
  const { built } = (await till.next()) as { built: number };
  ctx.progress(`PouchDB catch-up: replicating ${built} documents to express-pouchdb`);
  const result = (await till.next()) as { ms: number; docs: number; written: number; failures: number; remoteDocs: number; peakRssMb: number };
  await till.done;
  server.end();
  const serverResult = (await server.next()) as { peakRssMb: number };
  await server.done;
  if (result.written !== result.docs || result.failures !== 0 || result.remoteDocs !== result.docs) {
    throw new Error(`PouchDB catch-up: ${result.docs} documents, ${result.written} written, ${result.failures} failed, ${result.remoteDocs} on the server`);
  }
  const seconds = result.ms / 1000;
  const what = shape === 'ops' ? `${sales} sales and their stock movements, a document each (${result.docs})` : `${sales} sales, a document each, lines inside`;
  ctx.emit(`catch-up peer: PouchDB replicating ${what} to express-pouchdb, ${adapter} on both sides, batch_size 500`, seconds, 's');
  ctx.emit(`catch-up peer: PouchDB rate, ${shape === 'ops' ? 'a document per outbox op' : 'a document per sale'}`, sales / seconds, 'sales/s');
  ctx.emit(`catch-up peer (${shape}): PouchDB till peak RSS`, result.peakRssMb, 'MB');
  ctx.emit(`catch-up peer (${shape}): express-pouchdb server peak RSS`, serverResult.peakRssMb, 'MB');
  return { sales, docs: result.docs, seconds, adapter, shape };
}
