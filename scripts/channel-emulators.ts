/**
 * @module
 * `npm run channel-emulators -- [--prestashop-port 8801] [--amazon-port 8802] [--ebay-port 8803] [--order-minutes 3] [--seed 18] [--prestashop-version 8|1.7]`:
 * starts the emulated PrestaShop shop, Amazon seller account and eBay seller account on 127.0.0.1
 * (issue 18), lists the demo shop's products on each (the SKUs and barcodes of `npm start`'s demo
 * catalogue, so "Collega un canale" → first link matches them), prints the credentials to paste
 * into head office's form, and has a buyer place a demo order on one of them every few minutes
 * (`--order-minutes 0`: never). Each also answers its control surface under `/__emulator/`.
 * Ctrl-C stops them.
 */
import type { ChannelKind } from '@cassa/shared';
import { demoCatalogue } from '@cassa/desktop/core';
import type { RunningEmulator } from '@cassa/sync-server/channel-emulators';
import { startAmazonEmulator, startEbayEmulator, startPrestashopEmulator } from '@cassa/sync-server/channel-emulators';
import { channelItemsOf } from '../test-support/channel-demo-items';
import { seededRandom } from '../test-support/seeded-random';

const usage = 'usage: npm run channel-emulators -- [--prestashop-port 8801] [--amazon-port 8802] [--ebay-port 8803] [--order-minutes 3] [--seed 18] [--prestashop-version 8|1.7]';
const known = ['prestashop-port', 'amazon-port', 'ebay-port', 'order-minutes', 'seed', 'prestashop-version'];

function flags(args: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i] ?? '';
    const value = args[i + 1];
    if (!name.startsWith('--') || value === undefined) throw new Error(usage);
    if (!known.includes(name.slice(2))) throw new Error(`unknown ${name}\n${usage}`);
    found.set(name.slice(2), value);
  }
  return found;
}

function integer(text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) > max) throw new Error(`${text} is not a number from 0 to ${max}\n${usage}`);
  return Number(text);
}

/** Minutes between demo orders, decimals allowed (0.5: every 30 s); 0: none. */
function minutes(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+(\.\d+)?$/.test(text) || Number(text) > 24 * 60) throw new Error(`${text} is not a number of minutes from 0 to 1440\n${usage}`);
  return Number(text);
}

const buyers = ['Mario Rossi', 'Giulia Bianchi', 'Luca Esposito', 'Francesca Romano', 'Paolo Colombo'];

async function main(): Promise<void> {
  const given = flags(process.argv.slice(2));
  const orderMinutes = minutes(given.get('order-minutes'), 3);
  const random = seededRandom(integer(given.get('seed'), 18, 2 ** 31));
  const items = channelItemsOf(demoCatalogue().products);
  const version = given.get('prestashop-version') ?? '8';
  if (version !== '8' && version !== '1.7') throw new Error(`--prestashop-version must be 8 or 1.7\n${usage}`);

  const started: { label: string; kind: ChannelKind; emulator: RunningEmulator }[] = [];
  const stopAll = async () => {
    for (const { emulator } of started.splice(0)) await emulator.close();
  };
  try {
    started.push({ label: `PrestaShop ${version}`, kind: 'prestashop', emulator: await startPrestashopEmulator({ port: integer(given.get('prestashop-port'), 8801, 65535), version }) });
    started.push({ label: 'Amazon SP-API', kind: 'amazon', emulator: await startAmazonEmulator({ port: integer(given.get('amazon-port'), 8802, 65535) }) });
    started.push({ label: 'eBay Sell APIs', kind: 'ebay', emulator: await startEbayEmulator({ port: integer(given.get('ebay-port'), 8803, 65535) }) });
  } catch (error) {
    await stopAll();
    throw error;
  }

  for (const { label, kind, emulator } of started) {
    emulator.control.seedItems(items);
    console.log(`${label} on ${emulator.url} (${items.length} demo items listed; control: ${emulator.url}/__emulator/)`);
    // The connect form's fields, as JSON: head office → Canali di vendita → Collega un canale.
    console.log(`  credentials: ${JSON.stringify({ kind, ...emulator.credentials })}`);
  }

  let timer: NodeJS.Timeout | null = null;
  if (orderMinutes > 0) {
    timer = setInterval(() => {
      const target = started[Math.floor(random() * started.length)]!;
      const inStock = items.filter((item) => (target.emulator.control.quantityOf(item.sku) ?? 0) > 0);
      if (inStock.length === 0) return;
      const lines = new Map<string, number>();
      const count = 1 + Math.floor(random() * 2);
      for (let i = 0; i < count; i++) {
        const item = inStock[Math.floor(random() * inStock.length)]!;
        lines.set(item.sku, Math.min((lines.get(item.sku) ?? 0) + 1, target.emulator.control.quantityOf(item.sku) ?? 1));
      }
      const buyerName = buyers[Math.floor(random() * buyers.length)]!;
      try {
        const { remoteOrderId } = target.emulator.control.placeOrder({ lines: [...lines].map(([sku, quantity]) => ({ sku, quantity })), buyerName });
        console.log(`${new Date().toISOString()} ${target.label}: order ${remoteOrderId} from ${buyerName}: ${[...lines].map(([sku, n]) => `${n} × ${sku}`).join(', ')}`);
      } catch (error) {
        console.error(`${target.label}: the demo order was refused: ${error instanceof Error ? error.message : String(error)}`);
      }
    }, Math.max(1_000, Math.round(orderMinutes * 60_000)));
    console.log(`A buyer places a demo order on one of them every ${orderMinutes} minutes.`);
  }
  // Head office refuses to call its own network unless told to (its outbound guard, README "Sicurezza").
  console.log("Start head office with CASSA_CHANNEL_ALLOW_PRIVATE=1 so it may call these emulators on this machine's own network.");
  console.log('Ctrl-C stops them.');
  const stop = () => {
    if (timer) clearInterval(timer);
    void stopAll().then(() => {
      console.log('Channel emulators stopped.');
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
});
