/**
 * @module
 * The till's sync client. Sales never wait on it: the outbox holds them, and this pushes them
 * (at once on `nudge()`, after each commit), pulls head-office streams (when the server announces
 * changes over server-sent events, and on a slow timer as a fallback), and retries every failure
 * with capped, jittered exponential backoff, pushes and pulls each on their own delay. One worker
 * does all pushing and pulling, so an op is never in two requests at once and a page is never
 * applied twice.
 */
import { LEGACY_MAX_PUSH_OPS, isErrorCode, syncStreams } from '@cassa/shared';
import type { SyncStream } from '@cassa/shared';
import { DEFAULT_BACKOFF } from './backoff';
import type { BackoffPolicy } from './backoff';
import { createDirectionRetry } from './direction-retry';
import type { DirectionRetry, SyncDirection } from './direction-retry';
import { listenForChanges } from './event-stream';
import { DEFAULT_PULL_PAGE_SIZE, pullStream } from './pull-loop';
import type { PullDeps } from './pull-loop';
import { DEFAULT_PUSH_BATCH_BYTES, DEFAULT_PUSH_BATCH_OPS, pushAll } from './push-loop';
import type { PushDeps } from './push-loop';
import type { SyncClientStore } from './sync-client-store';
import { SyncClientError, defaultTimers } from './sync-client-error';
import type { SyncErrorCode, Timers } from './sync-client-error';
import { createSyncStatus } from './sync-status';
import type { SyncClientState } from './sync-status';
import { createSyncTransport } from './sync-transport';
import { createSyncWants, streamsInPullOrder, wantEverything } from './sync-wants';

export { SyncClientError } from './sync-client-error';
export type { SyncErrorCode, Timers } from './sync-client-error';

export type { SyncClientState, SyncDirectionError } from './sync-status';

export interface SyncClientOptions {
  /** e.g. `https://sync.example.it`; paths are appended. */
  readonly serverUrl: string;
  readonly deviceToken: string;
  /** From pairing; asked of the server (`device.whoAmI`) when not given. */
  readonly deviceId?: string;
  readonly store: SyncClientStore;
  /** Sent with every request, so head office sees which version each register runs. */
  readonly appVersion?: string;
  readonly fetch?: typeof fetch;
  readonly clock?: { now(): Date };
  /** In [0, 1): jitter. */
  readonly random?: () => number;
  readonly timers?: Timers;
  readonly backoff?: BackoffPolicy;
  /** Fallback pull period when no event arrives; default five minutes. */
  readonly pullIntervalMs?: number;
  readonly pushBatchSize?: number;
  readonly pushBatchBytes?: number;
  readonly pullPageSize?: number;
  readonly requestTimeoutMs?: number;
  /** Listen on `events.stream` for change announcements; default true. */
  readonly events?: boolean;
  readonly streams?: readonly SyncStream[];
}

export interface SyncClient {
  /** Connects the event channel, starts the fallback timer and syncs once. */
  start(): void;
  /** Stops timers and the event channel and waits for the request in flight. */
  stop(): Promise<void>;
  /** Something was committed to the outbox: push it soon (at once unless backing off). */
  nudge(): void;
  /** Pushes and pulls everything now, ignoring backoff; resolves when the round ends. */
  syncNow(): Promise<void>;
  state(): SyncClientState;
  subscribe(listener: (state: SyncClientState) => void): () => void;
}

/** How large pushes may be: the till's own limits, and 500 ops until the server says it takes more. */
function pushSizes(options: SyncClientOptions): Pick<PushDeps, 'pushBatchSize' | 'pushBatchBytes' | 'serverMaxPushOps'> {
  return {
    pushBatchSize: options.pushBatchSize ?? DEFAULT_PUSH_BATCH_OPS,
    pushBatchBytes: options.pushBatchBytes ?? DEFAULT_PUSH_BATCH_BYTES,
    serverMaxPushOps: LEGACY_MAX_PUSH_OPS,
  };
}

/** How long a pull runs before it lets waiting sales be pushed. */
const PULL_SLICE_MS = 1_000;

/**
 * A pull's turn: once it has run PULL_SLICE_MS it gives way to waiting pushes after its current
 * page, so a long pull (a first catalogue of a million products) lets sales go up every second.
 */
function createPullSlice(clock: { now(): Date }): { start(): void; over(): boolean } {
  let startedAt = 0;
  return {
    start: () => void (startedAt = clock.now().getTime()),
    over: () => clock.now().getTime() - startedAt >= PULL_SLICE_MS,
  };
}

export function createSyncClient(options: SyncClientOptions): SyncClient {
  const { store } = options;
  const clock = options.clock ?? { now: () => new Date() };
  const random = options.random ?? Math.random;
  const timers = options.timers ?? defaultTimers;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const pullIntervalMs = options.pullIntervalMs ?? 5 * 60_000;
  const streams = options.streams ?? syncStreams;
  const transport = createSyncTransport({
    serverUrl: options.serverUrl,
    deviceToken: options.deviceToken,
    appVersion: options.appVersion,
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    timers,
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
  });
  const status = createSyncStatus(store, clock);
  const wants = createSyncWants();

  let deviceId: string | null = options.deviceId ?? null;
  const loops: PushDeps & PullDeps = {
    store,
    transport,
    wants,
    streams,
    ...pushSizes(options),
    pullPageSize: options.pullPageSize ?? DEFAULT_PULL_PAGE_SIZE,
    yieldToPush: () => ready('push') && pullSlice.over(),
    deviceId: async () => (deviceId ??= (await transport.call('device.whoAmI', {})).deviceId),
  };
  const pullSlice = createPullSlice(clock);

  let running = false;
  let stopped = false;
  let pullTimer: unknown = null;
  let worker: Promise<void> | null = null;
  let events: { abort: AbortController; done: Promise<void> } | null = null;
  const retryOptions = { timers, backoff, random, onRetry: () => void kick() };
  // Pushes and pulls back off separately: a failing pull never delays the next sale's push.
  const retry: Record<SyncDirection, DirectionRetry> = { push: createDirectionRetry(retryOptions), pull: createDirectionRetry(retryOptions) };
  const wanted = (d: SyncDirection): boolean => (d === 'push' ? wants.push : wants.pull.size > 0);
  const ready = (d: SyncDirection): boolean => wanted(d) && !retry[d].waiting;

  /** Runs one direction once; a failure backs off that direction only and is never thrown. */
  async function attempt(direction: SyncDirection): Promise<boolean> {
    try {
      if (direction === 'pull') pullSlice.start();
      await (direction === 'push' ? pushOnce(loops) : pullWanted(loops));
      retry[direction].succeeded();
      const other = status.peek()[direction === 'push' ? 'pullError' : 'pushError'];
      status.update({ online: true, lastSyncAt: clock.now().toISOString(), [`${direction}Error`]: null, lastError: other?.message ?? null, lastErrorCode: other?.code ?? null });
      return true;
    } catch (error) {
      // A request cut short by stop() is not a failure worth showing.
      if (stopped) return false;
      const failure = asSyncClientError(error);
      retry[direction].failed(failure, running);
      const now = status.peek();
      const otherOk = now[direction === 'push' ? 'pullError' : 'pushError'] === null && now.lastSyncAt !== null;
      status.update(failureStatus(direction, failure, otherOk));
      return false;
    }
  }

  /** Pushes and pulls until nothing is wanted, trying each direction at most once after it fails. */
  async function syncRound(): Promise<void> {
    const failed = new Set<SyncDirection>();
    const due = (d: SyncDirection): boolean => ready(d) && !failed.has(d) && !stopped;
    while (due('push') || due('pull')) {
      for (const direction of ['push', 'pull'] as const) {
        if (due(direction) && !(await attempt(direction))) failed.add(direction);
      }
    }
  }

  /** Runs the worker unless it is running; a direction waiting out its backoff is skipped unless forced. */
  function kick(force = false): Promise<void> {
    if (worker) return worker;
    if (force) {
      retry.push.cancel();
      retry.pull.cancel();
    }
    if (!ready('push') && !ready('pull')) return Promise.resolve();
    worker = (async () => {
      try {
        await syncRound();
      } finally {
        worker = null;
      }
      // Work that arrived while this round ran (a nudge, an event) gets its own round.
      if (running && (ready('push') || ready('pull'))) void kick();
    })();
    return worker;
  }

  function schedulePeriodicPull(): void {
    if (!running) return;
    pullTimer = timers.setTimeout(() => {
      pullTimer = null;
      wantEverything(wants, streams);
      void kick();
      schedulePeriodicPull();
    }, pullIntervalMs);
  }

  function listen(abort: AbortController): Promise<void> {
    return listenForChanges(
      {
        transport,
        timers,
        backoff,
        random,
        isRunning: () => running,
        onOpen: () => status.update({ online: true }),
        onEvent: (name, event) => {
          // Reaching the server is news in itself: anything queued goes now, not at the next retry.
          wants.push = true;
          // A new connection may be to a server restarted from a backup.
          if (name === 'hello') wants.checkServer = true;
          for (const s of event.streams) if (streams.includes(s)) wants.pull.add(s);
          void kick(name === 'hello');
        },
      },
      abort,
    );
  }

  return {
    start() {
      if (running) return;
      running = true;
      wantEverything(wants, streams);
      void kick();
      schedulePeriodicPull();
      if (options.events !== false) {
        const abort = new AbortController();
        events = { abort, done: listen(abort) };
      }
    },

    async stop() {
      running = false;
      stopped = true;
      retry.push.cancel();
      retry.pull.cancel();
      if (pullTimer !== null) timers.clearTimeout(pullTimer);
      pullTimer = null;
      events?.abort.abort();
      transport.abortAll();
      await events?.done;
      events = null;
      await worker;
    },

    nudge() {
      wants.push = true;
      if (running) void kick();
      else status.update({});
    },

    async syncNow() {
      wantEverything(wants, streams);
      await worker;
      await kick(true);
    },

    state: () => status.state(),
    subscribe: (listener) => status.subscribe(listener),
  };
}

/**
 * The server answered (a refusal below 500) or the other direction still works: online. A network
 * error means nothing reached the server just now, so the till shows itself offline.
 */
function failureStatus(direction: SyncDirection, failure: SyncClientError, otherOk: boolean): Partial<SyncClientState> {
  const answered = failure.code !== 'NETWORK' && failure.status !== null && failure.status < 500;
  const code: SyncErrorCode = isErrorCode(failure.code) || failure.code === 'NETWORK' || failure.code === 'BAD_RESPONSE' ? failure.code : 'INTERNAL';
  return {
    online: answered || (otherOk && failure.code !== 'NETWORK'),
    lastError: failure.message,
    lastErrorCode: code,
    [`${direction}Error`]: { code, message: failure.message },
  };
}

function asSyncClientError(error: unknown): SyncClientError {
  return error instanceof SyncClientError ? error : new SyncClientError('INTERNAL', error instanceof Error ? error.message : String(error), null);
}

/** Pushes the outbox; a failure leaves the push wanted (a gap only a person can fill included). */
async function pushOnce(loops: PushDeps & PullDeps): Promise<void> {
  loops.wants.push = false;
  try {
    await pushAll(loops);
  } catch (error) {
    loops.wants.push = true;
    throw error;
  }
}

/** Pulls every wanted stream; the one that failed stays wanted for the retry. */
async function pullWanted(loops: PushDeps & PullDeps): Promise<void> {
  const { wants } = loops;
  for (const stream of streamsInPullOrder(wants.pull)) {
    wants.pull.delete(stream);
    let outcome: Awaited<ReturnType<typeof pullStream>>;
    try {
      outcome = await pullStream(loops, stream);
    } catch (error) {
      wants.pull.add(stream);
      throw error;
    }
    // Paused for a push: the stream is still wanted and goes on from its cursor after the push.
    if (outcome === 'paused') {
      wants.pull.add(stream);
      return;
    }
  }
}
