/**
 * What the channel worker costs when nothing sells online (every server starts one): one look at
 * the accounts, then no claim, no due-job query and no timer round until something wakes it; and
 * once an account appears, its order poll is ensured with its first jobs rather than at the next
 * periodic look. The storage here only counts what the worker asks of it (no engine is involved).
 */
import { describe, expect, it } from 'vitest';
import { until } from '../../../test-support/until';
import type { SyncStorage } from '../storage/storage';
import type { ChannelAccountRow, ChannelJob, NewChannelJob } from '../storage/channels';
import { createChannelRuntime } from './channel-runtime';
import { createChannelWorker } from './channel-worker';
import { createCredentialsVault } from './credentials-vault';

const NOW = new Date('2026-03-02T10:00:00.000Z');

function account(id: string): ChannelAccountRow {
  return {
    organisationId: 'org-1',
    id,
    kind: 'prestashop',
    name: id,
    status: 'active',
    storeIds: ['store-1'],
    safetyBuffer: 0,
    credentials: 'sealed',
    credentialsKeyId: 'k1',
    credentialHints: {},
    lastStockPushAt: null,
    lastOrderPullAt: null,
    lastReconcileAt: null,
    lastProblem: null,
    lastProblemDetail: null,
    lastProblemAt: null,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
  };
}

function stockJob(accountId: string): ChannelJob {
  return { organisationId: 'org-1', accountId, kind: 'stock', jobKey: 'v-1', payload: '{"variantId":"v-1"}', dueAt: NOW.toISOString(), attempts: 0, revision: 1, lastProblem: null, claimedBy: null, claimedUntil: null };
}

/** A storage that answers from `state` and counts the worker's questions. */
function countingStorage(state: { accounts: ChannelAccountRow[]; claimable: ChannelJob[] }) {
  const calls = { activeAccounts: 0, claim: 0, nextDue: 0, ensured: [] as NewChannelJob[][] };
  const storage = {
    channels: {
      activeAccounts: async () => (calls.activeAccounts++, state.accounts),
      accountsNotUnder: async () => [],
      timeZoneOf: async () => 'Europe/Rome',
      // Jobs of an account this storage does not hold are handed back (released) by the worker.
      getAccount: async () => null,
      jobs: {
        ensure: async (jobs: NewChannelJob[]) => void calls.ensured.push(jobs),
        claim: async () => (calls.claim++, state.claimable.splice(0)),
        nextDue: async () => (calls.nextDue++, null),
        reschedule: async () => undefined,
        extend: async () => undefined,
      },
    },
    channelOrders: {},
  } as unknown as SyncStorage;
  return { storage, calls };
}

function worker(storage: SyncStorage, tickMs: number) {
  const runtime = createChannelRuntime({ storage, vault: createCredentialsVault(undefined), now: () => NOW });
  // Orders have somewhere to go, so every account gets its order poll.
  return createChannelWorker({ runtime, tickMs, orders: { importOrders: async () => ({ imported: 0, updated: 0 }) } as never });
}

describe('the channel worker with nothing to do', () => {
  it('looks at the accounts once, claims nothing, and sleeps until woken, whatever its tick', async () => {
    const state = { accounts: [] as ChannelAccountRow[], claimable: [] as ChannelJob[] };
    const { storage, calls } = countingStorage(state);
    // A 1 ms tick: were the idle worker ticking, it would run dozens of rounds meanwhile.
    const w = worker(storage, 1);
    w.start();
    try {
      await until(() => calls.activeAccounts, (n) => n === 1, 5_000, 'the first look at the accounts');
      // Many timer turns later, still one look, and not a single claim or due-job query.
      for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(calls).toMatchObject({ activeAccounts: 1, claim: 0, nextDue: 0 });

      // An account is connected and the worker woken: it looks again, and now claims.
      state.accounts = [account('ch-a')];
      w.wake();
      await until(() => calls.claim, (n) => n > 0, 5_000, 'a claim once an account sells online');
      expect(calls.activeAccounts).toBe(2);
      expect(calls.ensured.at(-1)!.map((j) => `${j.accountId}:${j.kind}`)).toEqual(['ch-a:orders', 'ch-a:reconcile']);
    } finally {
      await w.stop();
    }
  });

  it('ensures the order poll of an account it meets in its claimed jobs without waiting for the periodic look', async () => {
    const state = { accounts: [account('ch-a')], claimable: [] as ChannelJob[] };
    const { storage, calls } = countingStorage(state);
    const w = worker(storage, 60_000);
    await w.runOnce();
    expect(calls.ensured.at(-1)!.map((j) => j.accountId)).toEqual(['ch-a', 'ch-a']);

    // A second account was connected since; its link queued a stock job the next round claims.
    state.accounts = [account('ch-a'), account('ch-b')];
    state.claimable = [stockJob('ch-b')];
    await w.runOnce();
    expect(calls.activeAccounts).toBe(2);
    expect(calls.ensured.at(-1)!.map((j) => `${j.accountId}:${j.kind}`)).toEqual(['ch-a:orders', 'ch-a:reconcile', 'ch-b:orders', 'ch-b:reconcile']);

    // A round with jobs of accounts it knows does not look again.
    state.claimable = [stockJob('ch-a'), stockJob('ch-b')];
    await w.runOnce();
    expect(calls.activeAccounts).toBe(2);
  });
});
