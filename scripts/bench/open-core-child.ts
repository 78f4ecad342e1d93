/**
 * Run by the core benchmark as a separate process: opens the till core on a data folder, does a
 * little work, and reports how long the start took and how much memory the process holds.
 */
import { performance } from 'node:perf_hooks';
import { createPrinterPort, createTillCore } from '@cassa/desktop/core';
import { benchEan } from './bench-catalogue';

const [dataDir, barcodeCountText] = process.argv.slice(2);
const barcodes = Number(barcodeCountText);
const printer = await createPrinterPort('none', 'generic-80mm');
const core = createTillCore({ dataDir: dataDir!, printer, logger: { error: () => undefined } });
// Ready means a scan can be answered: the first lookup is part of the start.
core.services.catalogue.findByBarcode(benchEan(1));
const readyMs = performance.now();
for (let i = 0; i < 2_000; i++) core.services.catalogue.findByBarcode(benchEan(1 + ((i * 7919) % barcodes)));
for (const q of ['caf', 'pasta bio', 'felpa', 'rossi', 'cioccolato fond', 'perù']) core.services.catalogue.searchItems(q, 20);
const rss = process.memoryUsage().rss;
console.log(JSON.stringify({ readyMs, rssBytes: rss }));
await core.close();
