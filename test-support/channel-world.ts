/**
 * @module
 * One head office with the three emulated channels connected (issue 18), for the end-to-end
 * tests, the fault run and the benchmarks: a real sync server (restartable on the same database
 * and port), its owner signed in over HTTP, one store with a catalogue, the PrestaShop, Amazon and
 * eBay emulators seeded with the same items, each connected through `channels.connect` to sell
 * that store's stock and linked by SKU with `channels.link`.
 */
import { randomBytes } from 'node:crypto';
import { CHANNEL_ORDER_POLL_MS } from '@cassa/shared';
import type { Category, ChannelKind, Product } from '@cassa/shared';
import type { SyncServerOptions } from '@cassa/sync-server';
import type { TestTill } from '@cassa/desktop/testing';
import type { EmulatorItem, EmulatorOptions, RunningEmulator } from '@cassa/sync-server/channel-emulators';
import { startAmazonEmulator, startEbayEmulator, startPrestashopEmulator } from '@cassa/sync-server/channel-emulators';
import type { HeadOfficeSession } from './head-office-session';
import { scaledClock } from './scaled-clock';
import { ownerSession } from './head-office-session';
import type { EngineName, RestartableServer } from './sync-server-harness';
import { startRestartableServer } from './sync-server-harness';

export interface ConnectedChannel {
  readonly kind: ChannelKind;
  readonly name: string;
  readonly emulator: RunningEmulator;
  accountId: string;
}

export interface ChannelWorld {
  readonly server: RestartableServer;
  /**
   * Head office's clock runs this far ahead of the wall clock: a test moves it to bring order
   * polls (every `CHANNEL_ORDER_POLL_MS`) and backoffs due without waiting for them.
   */
  readonly clock: { offsetMs: number };
  /**
   * From now on head office's and every emulator's clock run `scale` times the wall clock
   * (`scaled-clock.ts`): what waits on their polls, delays and quotas comes due that much sooner.
   */
  speedUp(scale: number): void;
  /**
   * Waits until `ok(probe())`, moving head office's clock one order-poll interval ahead every
   * `everyMs` of waiting, so orders placed on an emulator are looked for soon (on the wall clock;
   * a world with a `timeScale` leaves its clocks alone, the polls come due soon by themselves).
   */
  untilPolled<T>(probe: () => Promise<T> | T, ok: (value: T) => boolean, what: string, timeoutMs?: number, everyMs?: number): Promise<T>;
  readonly ho: HeadOfficeSession;
  readonly storeId: string;
  readonly channels: readonly ConnectedChannel[];
  channel(kind: ChannelKind): ConnectedChannel;
  /** Pairs a till with the store and syncs it once (its users are head office's first). */
  pairTill(till: TestTill): Promise<void>;
  /** Seeds every emulator with `items`, connects each to head office and runs the first link. */
  connectAll(items: readonly EmulatorItem[], options?: { safetyBuffer?: number }): Promise<void>;
  /** Closes the emulators and the server, and drops its database. */
  dispose(): Promise<void>;
}

/** A fresh key head office seals channel credentials with (`CASSA_CHANNEL_KEYS`'s form). */
export function channelKeys(): string {
  return `test:${randomBytes(32).toString('base64')}`;
}

const names: Record<ChannelKind, string> = { prestashop: 'Negozio online', amazon: 'Amazon.it', ebay: 'eBay' };

export async function startChannelWorld(options: {
  engine: EngineName;
  postgresUrl?: string | null;
  catalogue: { categories: Category[]; products: Product[] };
  /** Options for every emulator (e.g. its clock). */
  emulator?: EmulatorOptions;
  /**
   * Runs head office's clock (`now`, its rate limiters) and every emulator's this many times
   * faster than the wall clock (`scaled-clock.ts`): polls, backoffs, Amazon's two-minute order
   * delay and its quotas come due sooner, in the same ratios. Default 1: the wall clock.
   */
  timeScale?: number;
  /** Head office's options at every start (e.g. a clock the test moves). */
  serverOptions?: Omit<SyncServerOptions, 'databaseUrl' | 'sqlitePath' | 'channels'>;
  /** The channel worker's options beyond the key (e.g. its request timeout). */
  channels?: { tickMs?: number; requestTimeoutMs?: number };
}): Promise<ChannelWorld> {
  // One key for every start: a restart must open what the first start sealed. The worker wakes
  // often so a test sees a change within a fraction of a second of its job coming due.
  const clock = { offsetMs: 0 };
  // Head office and the emulators on one clock, the wall clock's pace unless `timeScale` or `speedUp` says otherwise.
  const shared = scaledClock(options.timeScale ?? 1);
  const emulatorOptions: EmulatorOptions = { now: shared.now, ...options.emulator };
  // The emulators listen on 127.0.0.1: head office's outbound guard must let its own network through.
  const serverOptions = {
    now: () => new Date(shared.now() + clock.offsetMs),
    ...options.serverOptions,
    channels: { keys: channelKeys(), tickMs: 200, requestTimeoutMs: 5_000, allowPrivate: true, bucketClock: shared.bucketClock, ...options.channels },
  };
  const server = await startRestartableServer({ engine: options.engine, postgresUrl: options.postgresUrl ?? null, serverOptions });
  const emulators: RunningEmulator[] = [];
  try {
    const ho = await ownerSession(server.url);
    const store = await ho.client.call('stores.save', { name: 'Milano', timeZone: 'Europe/Rome' });
    await server.server.admin.upsertCategories(ho.organisationId, options.catalogue.categories);
    await server.server.admin.upsertProducts(ho.organisationId, options.catalogue.products);
    const started = {
      prestashop: await startPrestashopEmulator(emulatorOptions),
      amazon: await startAmazonEmulator(emulatorOptions),
      ebay: await startEbayEmulator(emulatorOptions),
    };
    emulators.push(started.prestashop, started.amazon, started.ebay);
    const channels: ConnectedChannel[] = (['prestashop', 'amazon', 'ebay'] as const).map((kind) => ({ kind, name: names[kind], emulator: started[kind], accountId: '' }));
    const world: ChannelWorld = {
      server,
      clock,
      speedUp(scale) {
        shared.setScale(scale);
      },
      async untilPolled(probe, ok, what, timeoutMs = 60_000, everyMs = 5_000) {
        const started = Date.now();
        let moved = started;
        for (;;) {
          const value = await probe();
          if (ok(value)) return value;
          if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(value)}`);
          // On a fast clock the polls come due by themselves, and moving head office alone would
          // put it out of step with the channels' clocks (Amazon refuses a window it sees as future).
          if (shared.scale === 1 && Date.now() - moved >= everyMs) {
            clock.offsetMs += CHANNEL_ORDER_POLL_MS;
            moved = Date.now();
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      ho,
      storeId: store.id,
      channels,
      channel(kind) {
        return channels.find((c) => c.kind === kind)!;
      },
      async pairTill(till) {
        await server.server.admin.upsertUsers(ho.organisationId, till.core.services.users.exportAll());
        const { code } = await server.server.admin.createPairingCode(ho.organisationId, store.id);
        await till.core.services.sync.pair(server.url, code);
        await till.core.services.sync.syncNow();
      },
      async connectAll(items, connect = {}) {
        for (const channel of channels) {
          channel.emulator.control.seedItems(items);
          const credentials = { ...channel.emulator.credentials, kind: channel.kind } as never;
          const account = await ho.client.call('channels.connect', { name: channel.name, storeIds: [store.id], safetyBuffer: connect.safetyBuffer ?? 0, credentials });
          channel.accountId = account.id;
          // A link longer than head office's wait goes on in the background: asking again joins it.
          while ((await ho.client.call('channels.link', { accountId: account.id })).running);
        }
      },
      async dispose() {
        for (const emulator of emulators.splice(0)) await emulator.close();
        await server.dispose();
      },
    };
    return world;
  } catch (error) {
    for (const emulator of emulators.splice(0)) await emulator.close();
    await server.dispose();
    throw error;
  }
}
