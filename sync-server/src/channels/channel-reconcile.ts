/**
 * @module
 * The nightly full reconciliation of a channel account (issue 18): the remote's listings are read
 * again and each linked item's quantity compared with what Cassa would sell now. Every drift (an
 * edit on the remote, a push the remote lost, an Amazon update it "accepted" and then dropped)
 * queues a stock job, which sends the quantity of the moment; ids that vanished are resolved
 * again by SKU or barcode. Stock is always sent as an absolute figure, so fixing drift is safe to
 * repeat.
 */
import { availableToSell, CHANNEL_RECONCILE_HOUR } from '@cassa/shared';
import type { ChannelAccountRow, ChannelMapping } from '../storage/channels';
import type { ChannelConnector } from './connector';
import { readAllListings, relinkVariants } from './channel-link';
import type { ChannelRuntime } from './channel-runtime';

export interface ReconcileOutcome {
  readonly checked: number;
  readonly fixed: number;
  readonly unmatched: number;
}

const remoteKey = (productId: string | null, variantId: string | null): string => `${productId ?? ''}\u0000${variantId ?? ''}`;

export async function reconcileAccount(runtime: ChannelRuntime, account: ChannelAccountRow, connector: ChannelConnector): Promise<ReconcileOutcome> {
  const { storage, now } = runtime;
  const { organisationId, id: accountId } = account;
  const items = await readAllListings(connector);
  await storage.channels.replaceRemoteItems(organisationId, accountId, items, now());
  const byRemote = new Map(items.map((item) => [remoteKey(item.remoteProductId, item.remoteVariantId), item]));
  const mappings = [...(await storage.channels.mappings(organisationId, accountId)).values()];
  const linked = mappings.filter((m) => m.state === 'matched' || m.state === 'stale');
  const vanished = linked.filter((m) => !byRemote.has(remoteKey(m.remoteProductId, m.remoteVariantId)));
  const present = linked.filter((m) => byRemote.has(remoteKey(m.remoteProductId, m.remoteVariantId)));
  const stock = await storage.channels.stockOf(
    organisationId,
    account.storeIds,
    present.map((m) => m.variantId),
  );
  const drifted: ChannelMapping[] = [];
  const seen: { variantId: string; quantity: number | null }[] = [];
  for (const mapping of present) {
    const remote = byRemote.get(remoteKey(mapping.remoteProductId, mapping.remoteVariantId))!;
    seen.push({ variantId: mapping.variantId, quantity: remote.quantity });
    const ats = availableToSell(stock.get(mapping.variantId) ?? [], account.storeIds, account.safetyBuffer);
    // What the remote shows is what we last "sent": the stock job compares with it and sends.
    if (remote.quantity !== ats) drifted.push({ ...mapping, state: 'matched', lastPushedQuantity: remote.quantity, lastSeenQuantity: remote.quantity, lastSeenAt: now().toISOString() });
  }
  const at = now();
  await storage.channels.recordSeen(organisationId, accountId, seen, at);
  await storage.channels.putMappings(organisationId, accountId, drifted, at);
  let relinked = 0;
  if (vanished.length > 0) {
    const fresh = await relinkVariants(
      runtime,
      account,
      connector,
      vanished.map((m) => m.variantId),
    );
    for (const m of fresh.values()) if (m.state === 'matched') (drifted.push(m), relinked++);
  }
  await storage.channels.transaction((tx) =>
    storage.channels.jobs.enqueue(
      tx,
      drifted.map((m) => ({ organisationId, accountId, kind: 'stock', jobKey: m.variantId, payload: JSON.stringify({ variantId: m.variantId }), dueAt: at })),
      at,
    ),
  );
  await storage.channels.recordActivity(organisationId, accountId, { reconcileAt: at }, at);
  const after = await storage.channels.mappings(organisationId, accountId);
  return {
    checked: present.length + relinked,
    fixed: drifted.length,
    unmatched: [...after.values()].filter((m) => m.state !== 'matched').length,
  };
}

/** The local hour of `at` in `timeZone` (0–23). */
function localHour(at: Date, timeZone: string): number {
  const hour = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(at);
  return Number(hour);
}

/** The next full hour after `now` that is `CHANNEL_RECONCILE_HOUR` o'clock in the store's time zone. */
export function nextReconcileAt(now: Date, timeZone: string): Date {
  const hour = 3_600_000;
  let at = Math.floor(now.getTime() / hour) * hour + hour;
  for (let i = 0; i < 50; i++, at += hour) {
    try {
      if (localHour(new Date(at), timeZone) === CHANNEL_RECONCILE_HOUR) return new Date(at);
    } catch {
      // An unknown zone: the hour in UTC.
      if (new Date(at).getUTCHours() === CHANNEL_RECONCILE_HOUR) return new Date(at);
    }
  }
  return new Date(now.getTime() + 24 * hour);
}
