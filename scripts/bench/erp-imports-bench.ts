/**
 * Imports from the ERP (issue 19): a 10,000-row Mago items file (`CASSA_BENCH_ERP_ROWS`), then its
 * 10,000 barcodes, through head office's HTTP API as the web page sends them (base64 bytes), on a
 * fresh SQLite head office. Figures: the dry run's and the import's seconds, the second import of
 * the same file (nothing to write), and the server's heap growth. Measured here, never asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ERP_IMPORT_PRESETS, gs1CheckDigit, renderErpImportFile, VAT_CODES } from '@cassa/shared';
import type { ErpImportRow } from '@cassa/shared';
import { createSyncServer } from '@cassa/sync-server';
import { ownerSession } from '../../test-support/head-office-session';
import { seededRandom } from '../../test-support/seeded-random';
import type { BenchContext } from './bench-kit';

const words = ['Caffè', 'Tè', 'Pasta', 'Olio', 'Vino', 'Pane', 'Riso', 'Città', 'Perù', 'Gelato', 'Biscotti', 'Acqua'];

export default async function erpImportsBench(ctx: BenchContext): Promise<void> {
  const count = Number(process.env.CASSA_BENCH_ERP_ROWS ?? 10_000);
  const random = seededRandom(19);
  const items: ErpImportRow[] = Array.from({ length: count }, (_, i) => ({
    kind: 'items',
    line: i + 2,
    code: `ART${String(i).padStart(6, '0')}`,
    description: `${words[i % words.length]} ${words[(i * 7) % words.length]} ${i}`,
    vatCode: VAT_CODES[Math.floor(random() * 4)]!,
    category: words[i % 5]!,
    unit: 'piece',
    priceCents: 50 + Math.floor(random() * 100_000),
  }));
  const barcodes: ErpImportRow[] = items.map((item, i) => {
    const body = `800${String(1_000_000_000 + i).slice(1)}`;
    return { kind: 'barcodes', line: i + 2, code: item.kind === 'items' ? item.code : '', barcode: `${body}${gs1CheckDigit(body)}`, move: false };
  });
  const itemsFile = Buffer.from(renderErpImportFile('items', ERP_IMPORT_PRESETS['mago-items'].map, items), 'utf8').toString('base64');
  const barcodesFile = Buffer.from(renderErpImportFile('barcodes', ERP_IMPORT_PRESETS['mago-barcodes'].map, barcodes), 'utf8').toString('base64');

  const dir = mkdtempSync(join(tmpdir(), 'cassa-erp-bench-'));
  const server = await createSyncServer({ sqlitePath: join(dir, 'server.sqlite'), log: () => undefined });
  const listening = await server.listen(0, '127.0.0.1');
  try {
    const { client } = await ownerSession(`http://127.0.0.1:${listening.port}`);
    const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      const answer = await work();
      ctx.emit(name, (performance.now() - started) / 1000, 's');
      return answer;
    };
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const run = (file: string, preset: 'mago-items' | 'mago-barcodes', dryRun: boolean) => client.call('erpImports.run', { format: { preset }, file, fileName: `${preset}.csv`, dryRun });
    const dry = await timed(`ERP items dry run, ${count} rows, SQLite`, () => run(itemsFile, 'mago-items', true));
    ctx.progress(`dry run: ${dry.created} new, ${dry.refused.length} refused`);
    await timed(`ERP items import, ${count} rows, SQLite`, () => run(itemsFile, 'mago-items', false));
    const again = await timed(`ERP items second import (nothing to write), ${count} rows, SQLite`, () => run(itemsFile, 'mago-items', false));
    ctx.progress(`second import: ${again.unchanged} unchanged`);
    await timed(`ERP barcodes import, ${count} rows, SQLite`, () => run(barcodesFile, 'mago-barcodes', false));
    ctx.emit(`server heap growth over the ERP imports, ${count} rows`, (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024, 'MiB');
    ctx.emit(`peak RSS of the bench process (server and client), ${count} rows`, process.resourceUsage().maxRSS / 1024, 'MiB');
  } finally {
    await listening.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
