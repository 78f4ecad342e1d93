/**
 * The channels' fault run (issue 18), on both engines: a real head office, a real till and the
 * three emulated channels, driven by a seeded random script. Sales at the till are pushed, buyers
 * order on PrestaShop, Amazon and eBay, some orders are cancelled or shipped, while every emulator
 * injects 429s with Retry-After, 5xx, answers held past the connector's timeout and dropped
 * connections, and head office is closed and started again once mid-run on the same database
 * while the till keeps selling (its jobs, cursors and leases must survive). Once the faults stop,
 * the test waits on head office's own order polls (Amazon shows an order only when it is two
 * minutes old). The faults run on the wall clock; once they stop and the last held request has
 * landed, head office's and the emulators' shared clock runs `FAST` times faster (`speedUp`), so
 * those polls, Amazon's delay and its quotas come due in seconds, in the same ratios.
 *
 * Why not fast from the start: on a shared clock 20 times faster throughout, this run did not
 * converge on either engine (PrestaShop kept one unit more than head office computed for the
 * whole wait; most likely a held write landing after the retry that replaced it, a retry that
 * comes 20 times sooner on that clock). That is a finding to settle, not a test to loosen.
 *
 * After the faults stop, every channel converges: each emulator's quantity per SKU equals
 * shared's `availableToSell` over head office's stock; no remote order exists twice; and the held
 * reservations equal the lines of the orders still open on the emulators.
 */
import { availableToSell } from '@cassa/shared';
import type { ChannelKind, ChannelOrderView } from '@cassa/shared';
import { demoCatalogue } from '@cassa/desktop/core';
import { createTestTill } from '@cassa/desktop/testing';
import type { TestTill } from '@cassa/desktop/testing';
import type { EmulatorFault } from '@cassa/sync-server/channel-emulators';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { channelItemsOf } from '../../test-support/channel-demo-items';
import type { ChannelWorld } from '../../test-support/channel-world';
import { startChannelWorld } from '../../test-support/channel-world';
import { seededRandom } from '../../test-support/seeded-random';

const catalogue = demoCatalogue();
const items = channelItemsOf(catalogue.products);
const variantOfSku = new Map(catalogue.products.flatMap((p) => p.variants.map((v) => [v.sku, v.id] as const)));
/** A small part of the catalogue, so sales, orders and cancellations meet on the same SKUs. */
const hotSkus = items.filter((_, i) => i % 7 === 0).map((i) => i.sku);
const STEPS = 40;
const SEED = 1818;
/** How long the `timeout` faults hold a request (longer than head office's 5 s request timeout). */
const HOLD_MS = 8_000;
/** Once the faults stop, head office's and the channels' clocks run this much faster. */
const FAST = 20;

const faults: readonly EmulatorFault[] = [
  { kind: 'rate-limit', count: 3, retryAfterSeconds: 2 },
  { kind: 'status', count: 2, status: 503 },
  { kind: 'status', count: 1, status: 500 },
  // Held longer than head office waits for an answer (the world's 5 s request timeout).
  { kind: 'timeout', count: 1, delayMs: HOLD_MS },
  { kind: 'drop', count: 2 },
];

// The two engines' runs spend most of their time waiting on the channels' clocks (Amazon shows an
// order once it is two minutes old), not on the CPU: they run side by side.
describe.concurrent.each(['sqlite', 'postgres'] as const)('channels fault run on %s', (engine) => {
  let world: ChannelWorld;
  let till: TestTill;
  let cashier: string;

  beforeAll(async () => {
    world = await startChannelWorld({ engine, postgresUrl: engine === 'postgres' ? inject('postgresUrl') : null, catalogue });
    till = createTestTill();
    await world.pairTill(till);
    await world.connectAll(items);
    cashier = await till.login('user-giulia', '1111');
    await till.call('shift.open', { floatCents: 0 }, cashier);
  }, 180_000);
  afterAll(async () => {
    await till?.dispose();
    await world?.dispose();
  }, 240_000);

  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  async function sellAtTill(sku: string): Promise<void> {
    cashier = await till.login('user-giulia', '1111');
    await till.call('sale.addItem', { variantId: variantOfSku.get(sku)! }, cashier);
    const ticket = await till.call('sale.current', {}, cashier);
    await till.call('sale.addPayment', { method: 'cash', amountCents: ticket!.totalCents }, cashier);
    await till.call('sale.complete', { printReceipt: false }, cashier);
    // Head office may be down for its restart: the sale stays in the outbox until the next sync.
    await till.core.services.sync.syncNow().catch(() => undefined);
  }

  it('converges on every channel, imports each order once and holds what open orders need', async () => {
    const random = seededRandom(SEED);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const placed: { kind: ChannelKind; remoteOrderId: string }[] = [];
    const restartAt = Math.floor(STEPS / 2);
    let restarting: Promise<void> | null = null;

    for (let step = 0; step < STEPS; step++) {
      const channel = pick(world.channels);
      // A fault now and then on one of the channels, on whatever head office sends next.
      if (random() < 0.5) channel.emulator.control.injectFault(pick(faults));
      const roll = random();
      if (roll < 0.4) {
        await sellAtTill(pick(hotSkus));
      } else if (roll < 0.75) {
        const sku = pick(hotSkus);
        if ((channel.emulator.control.quantityOf(sku) ?? 0) > 0) {
          const { remoteOrderId } = channel.emulator.control.placeOrder({ lines: [{ sku, quantity: 1 }] });
          placed.push({ kind: channel.kind, remoteOrderId });
        }
      } else {
        const open = channel.emulator.control.orders().filter((o) => o.status === 'open');
        if (open.length > 0) {
          const target = pick(open);
          if (random() < 0.6) channel.emulator.control.cancelOrder(target.remoteOrderId);
          else channel.emulator.control.shipOrder(target.remoteOrderId);
        }
      }
      // Head office goes down for a few steps: the till keeps selling, the emulators keep selling.
      if (step === restartAt) restarting = world.server.restart(1_500);
      if (step === restartAt + 3) await restarting;
      await pause(300);
    }
    await restarting;

    // The faults stop; the till sends what it still holds.
    for (const channel of world.channels) channel.emulator.control.clearFaults();
    await till.core.services.sync.syncNow();
    expect(till.core.services.sync.state().pending).toBe(0);
    // A request held when the faults stopped lands within HOLD_MS; from then on only the clocks
    // stand between head office and convergence.
    await pause(HOLD_MS);
    world.speedUp(FAST);

    const org = world.ho.organisationId;
    const linkedVariants = items.map((i) => variantOfSku.get(i.sku)!);
    const expected = async () => {
      const stock = await world.server.server.storage.channels.stockOf(org, [world.storeId], linkedVariants);
      return new Map(items.map((i) => [i.sku, availableToSell(stock.get(variantOfSku.get(i.sku)!) ?? [], [world.storeId], 0)]));
    };
    const drift = async () => {
      const want = await expected();
      const off: string[] = [];
      for (const channel of world.channels) {
        for (const [sku, quantity] of want) {
          const seen = channel.emulator.control.quantityOf(sku);
          if (seen !== quantity) off.push(`${channel.kind} ${sku}: ${seen} ≠ ${quantity}`);
        }
      }
      return off;
    };
    // Every order placed is at head office exactly once (listed through its API).
    const orderCounts = async () => {
      const all: ChannelOrderView[] = [];
      for (let offset = 0; ; offset += 500) {
        const page = await world.ho.client.call('channels.orders', { offset, limit: 500 });
        all.push(...page.rows);
        if (page.rows.length === 0 || all.length >= page.total) break;
      }
      const counts = new Map<string, number>();
      for (const order of all) counts.set(`${order.kind}:${order.remoteOrderId}`, (counts.get(`${order.kind}:${order.remoteOrderId}`) ?? 0) + 1);
      return counts;
    };
    const missing = async () => {
      const counts = await orderCounts();
      return placed.filter((p) => !counts.has(`${p.kind}:${p.remoteOrderId}`)).map((p) => `${p.kind} ${p.remoteOrderId}`);
    };

    // Orders still to import (Amazon lists an order only once it is 2 minutes old) and quantities
    // still to send: wait on head office's own order polls (every minute of the fast clock). No
    // clock is moved apart from the others: each extra poll would spend one of Amazon's
    // searchOrders calls (10, then one per 3 min), and a starved poll holds the worker's round.
    // Held reservations are exactly the lines of the orders still open on the channels (a late
    // cancellation, like a late order, reaches head office at a later poll: Amazon lists a change
    // once it is two minutes old).
    const openLines = () => {
      const lines = new Map<string, number>();
      for (const channel of world.channels) {
        for (const order of channel.emulator.control.orders()) {
          if (order.status !== 'open') continue;
          for (const line of order.lines) {
            const variantId = variantOfSku.get(line.sku)!;
            lines.set(variantId, (lines.get(variantId) ?? 0) + line.quantity * 1000);
          }
        }
      }
      return lines;
    };
    const heldLines = async () => {
      const held = await world.server.query<{ variant_id: string; held: number | string }>(
        "SELECT variant_id, SUM(quantity_milli) AS held FROM channel_reservations WHERE organisation_id = ? AND state = 'held' GROUP BY variant_id",
        [org],
      );
      return new Map(held.map((r) => [r.variant_id, Number(r.held)]));
    };
    const unheld = async () => {
      const want = openLines();
      const held = await heldLines();
      return [...new Set([...want.keys(), ...held.keys()])].filter((v) => want.get(v) !== held.get(v)).map((v) => `held ${v}: ${held.get(v) ?? 0} ≠ ${want.get(v) ?? 0}`);
    };

    const outstanding = async () => [...(await missing()), ...(await drift()), ...(await unheld())];
    let left = await outstanding();
    const started = Date.now();
    while (left.length > 0 && Date.now() - started < 420_000) {
      await pause(500);
      left = await outstanding();
    }
    expect(left).toEqual([]);
    expect([...(await orderCounts())].filter(([, n]) => n > 1)).toEqual([]);
    expect(await heldLines()).toEqual(openLines());
    expect(world.server.restarts).toBe(1);
  }, 600_000);
});
