/**
 * @module
 * The till's sync client. Sales never wait on it: the outbox holds them, and this pushes them
 * (at once on `nudge()`, after each commit), pulls head-office streams (when the server announces
 * changes over server-sent events, and on a slow timer as a fallback), and retries every failure
 * with capped, jittered exponential backoff. One worker does all pushing and pulling, so an op is
 * never in two requests at once and a page is never applied twice.
 */
import {
  PROTOCOL_VERSION,
  SCHEMA_VERSION,
  changesEventSchema,
  errorEnvelopeSchema,
  isErrorCode,
  outOfOrderDetailsSchema,
  pullResponseSchema,
  pushResponseSchema,
  syncStreams,
  whoAmIResponseSchema,
} from '@cassa/shared';
import type { ErrorCode, SyncStream } from '@cassa/shared';
import type { z } from 'zod';
import { DEFAULT_BACKOFF, backoffDelay } from './backoff';
import type { BackoffPolicy } from './backoff';
import { createSseParser } from './sse-parser';
import type { SyncClientStore } from './sync-client-store';

export interface SyncClientState {
  /** The server answered the last request (or the event channel is open). */
  readonly online: boolean;
  /** When a push or pull last completed without error (ISO). */
  readonly lastSyncAt: string | null;
  readonly pending: number;
  readonly oldestPendingAt: string | null;
  /** What went wrong last, for people; null once a round succeeds. */
  readonly lastError: string | null;
  readonly lastErrorCode: SyncErrorCode | null;
}

export type SyncErrorCode = ErrorCode | 'NETWORK' | 'BAD_RESPONSE';

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SyncClientOptions {
  /** e.g. `https://sync.example.it`; paths are appended. */
  readonly serverUrl: string;
  readonly deviceToken: string;
  /** From pairing; asked of the server (GET /v1/device) when not given. */
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
  readonly pullPageSize?: number;
  readonly requestTimeoutMs?: number;
  /** Listen on GET /v1/events for change announcements; default true. */
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

/** A failed request: `retryable` ones are network trouble; the others need a person or an upgrade. */
export class SyncClientError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    message: string,
    readonly status: number | null,
    readonly details: unknown = undefined,
  ) {
    super(message);
    this.name = 'SyncClientError';
  }

  get retryable(): boolean {
    return this.code === 'NETWORK' || this.code === 'BAD_RESPONSE' || this.status === null || this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION } as const;
const defaultTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createSyncClient(options: SyncClientOptions): SyncClient {
  const { store } = options;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const clock = options.clock ?? { now: () => new Date() };
  const random = options.random ?? Math.random;
  const timers = options.timers ?? defaultTimers;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const pullIntervalMs = options.pullIntervalMs ?? 5 * 60_000;
  const pushBatchSize = options.pushBatchSize ?? 200;
  const pullPageSize = options.pullPageSize ?? 500;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const streams = options.streams ?? syncStreams;
  const baseUrl = options.serverUrl.replace(/\/+$/, '');

  let deviceId: string | null = options.deviceId ?? null;
  let running = false;
  let stopped = false;
  let pushWanted = false;
  /**
   * Ask the server whether it still holds what it acknowledged, when nothing is queued: on start,
   * on every (re)connection of the event channel, on the periodic timer and on syncNow().
   */
  let checkServerWanted = false;
  const pullWanted = new Set<SyncStream>();
  let failures = 0;
  let retryTimer: unknown = null;
  let pullTimer: unknown = null;
  let worker: Promise<void> | null = null;
  const inFlight = new Set<AbortController>();
  let events: { abort: AbortController; done: Promise<void> } | null = null;
  const listeners = new Set<(state: SyncClientState) => void>();
  const seenPending = new Map<number, string>();
  let status: Omit<SyncClientState, 'pending' | 'oldestPendingAt'> = {
    online: false,
    lastSyncAt: null,
    lastError: null,
    lastErrorCode: null,
  };

  function pendingState(): { pending: number; oldestPendingAt: string | null } {
    if (store.pendingStats) return store.pendingStats();
    // Without stats from the database, the age is when this client first saw the oldest op.
    const ops = store.pendingOps(10_000);
    const current = new Set(ops.map((op) => op.seq));
    for (const seq of seenPending.keys()) if (!current.has(seq)) seenPending.delete(seq);
    for (const op of ops) if (!seenPending.has(op.seq)) seenPending.set(op.seq, clock.now().toISOString());
    const first = ops[0];
    return { pending: ops.length, oldestPendingAt: first ? (seenPending.get(first.seq) ?? null) : null };
  }

  function state(): SyncClientState {
    return { ...status, ...pendingState() };
  }

  function update(patch: Partial<typeof status>): void {
    status = { ...status, ...patch };
    if (listeners.size === 0) return;
    const snapshot = state();
    for (const listener of listeners) listener(snapshot);
  }

  async function request<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: S,
    extraHeaders: Record<string, string> = {},
  ): Promise<z.infer<S>> {
    const abort = new AbortController();
    inFlight.add(abort);
    const timeout = timers.setTimeout(() => abort.abort(), requestTimeoutMs);
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.deviceToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.appVersion ? { 'cassa-app-version': options.appVersion } : {}),
          ...extraHeaders,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: abort.signal,
      });
    } catch (error) {
      throw new SyncClientError('NETWORK', `Server unreachable: ${error instanceof Error ? error.message : String(error)}`, null);
    } finally {
      timers.clearTimeout(timeout);
      inFlight.delete(abort);
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      throw new SyncClientError(response.status >= 500 ? 'INTERNAL' : 'BAD_RESPONSE', `Unreadable answer (HTTP ${response.status})`, response.status);
    }
    if (!response.ok) {
      const parsed = errorEnvelopeSchema.safeParse(json);
      if (parsed.success) throw new SyncClientError(parsed.data.error.code, parsed.data.error.message, response.status, parsed.data.error.details);
      throw new SyncClientError(response.status >= 500 ? 'INTERNAL' : 'BAD_RESPONSE', `HTTP ${response.status}`, response.status);
    }
    const data = (json as { data?: unknown } | null)?.data;
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw new SyncClientError('BAD_RESPONSE', 'The server answered in an unexpected shape', response.status);
    return parsed.data;
  }

  async function ensureDeviceId(): Promise<string> {
    if (deviceId === null) deviceId = (await request('GET', '/v1/device', undefined, whoAmIResponseSchema)).deviceId;
    return deviceId;
  }

  /**
   * Head office holds only this device's ops before `expectedSeq` although it acknowledged more:
   * it was restored from a backup (or lost its last commits). Every op from there is marked
   * unsent again and pushed again (the server applies each once), and every pull stream starts
   * over from a snapshot: the restored server may reuse change numbers this till already saw.
   */
  function resendFrom(expectedSeq: number): void {
    const rewound = store.acknowledgedThrough() >= expectedSeq;
    const firstPending = store.markUnsentFrom(expectedSeq);
    // Once per rewind, not on every retry of a till that cannot fill the gap.
    if (rewound) {
      for (const s of streams) {
        store.resetStream(s);
        pullWanted.add(s);
      }
    }
    if (firstPending !== null && firstPending <= expectedSeq) return;
    const lost = firstPending === null ? `${expectedSeq} onwards` : `${expectedSeq}–${firstPending - 1}`;
    throw new SyncClientError(
      'SYNC_SERVER_MISSING_RECORDS',
      `Head office lost records ${lost} of this till (restored from an old backup?) and this till no longer keeps them: export the unsent records and call support`,
      409,
      { expectedSeq, firstPending },
    );
  }

  /** With nothing queued, asks the server what it holds: a restored server shows up here. */
  async function serverLostAcknowledgedOps(): Promise<boolean> {
    const acknowledged = store.acknowledgedThrough();
    if (acknowledged === 0) return false;
    const { highWaterMark } = await request('GET', '/v1/device', undefined, whoAmIResponseSchema);
    if (highWaterMark >= acknowledged) return false;
    resendFrom(highWaterMark + 1);
    return true;
  }

  async function pushAll(): Promise<void> {
    const id = await ensureDeviceId();
    let previousFirst = -1;
    let rewinds = 0;
    // Counted once per round and then kept by subtraction: counting a backlog of 100,000 ops
    // before each batch made a long catch-up quadratic. Sales made meanwhile show next round.
    let pending = options.store.pendingStats?.().pending;
    for (;;) {
      const ops = store.pendingOps(pushBatchSize);
      const first = ops[0];
      if (!first) {
        if (checkServerWanted && (await serverLostAcknowledgedOps())) {
          pending = options.store.pendingStats?.().pending;
          continue;
        }
        checkServerWanted = false;
        return;
      }
      // An outbox that does not move after an acknowledgement is a store bug; do not spin on it.
      if (first.seq === previousFirst) throw new SyncClientError('INTERNAL', `Outbox did not advance past op ${first.seq}`, null);
      previousFirst = first.seq;
      try {
        // Head office shows each register's backlog: what still waits once this batch has landed,
        // so a register that has caught up shows 0, not the size of its last batch.
        const queue = pending === undefined ? undefined : Math.max(0, pending - ops.length);
        const response = await request('POST', '/v1/push', { ...versions, deviceId: id, ops }, pushResponseSchema, queue === undefined ? {} : { 'cassa-queue-length': String(queue) });
        store.acknowledge(response.highWaterMark);
        // An accepted push shows the server holds everything up to its mark: nothing to check.
        checkServerWanted = false;
        pending = queue;
      } catch (error) {
        const details = error instanceof SyncClientError && error.code === 'SYNC_OUT_OF_ORDER' ? outOfOrderDetailsSchema.safeParse(error.details) : null;
        // The server already holds ops this till still has queued: acknowledge them and go on.
        if (details?.success && details.data.expectedSeq > first.seq) {
          store.acknowledge(details.data.expectedSeq - 1);
          pending = options.store.pendingStats?.().pending;
          continue;
        }
        // The server lacks ops it once acknowledged: send them again from the first it lacks.
        if (details?.success && details.data.expectedSeq < first.seq && ++rewinds <= 3) {
          resendFrom(details.data.expectedSeq);
          previousFirst = -1;
          pending = options.store.pendingStats?.().pending;
          continue;
        }
        throw error;
      }
      if (ops.length < pushBatchSize) return;
    }
  }

  async function pullStream(stream: SyncStream): Promise<void> {
    let resets = 0;
    for (;;) {
      const response = await request('POST', '/v1/pull', { ...versions, stream, cursor: store.cursor(stream), limit: pullPageSize }, pullResponseSchema);
      if (response.kind === 'reset') {
        if (++resets > 2) throw new SyncClientError('SYNC_CURSOR_RESET', `The server keeps resetting ${stream}`, 410);
        store.resetStream(stream);
        continue;
      }
      store.applyPullPage(stream, response.changes, response.nextCursor);
      if (!response.hasMore) return;
    }
  }

  async function round(): Promise<void> {
    while (pushWanted || pullWanted.size > 0) {
      // A gap only a person can fill must not also stop the catalogue coming down.
      let unfillableGap: unknown = null;
      if (pushWanted) {
        pushWanted = false;
        try {
          await pushAll();
        } catch (error) {
          pushWanted = true;
          if (!(error instanceof SyncClientError && error.code === 'SYNC_SERVER_MISSING_RECORDS')) throw error;
          unfillableGap = error;
        }
      }
      for (const stream of [...pullWanted]) {
        pullWanted.delete(stream);
        try {
          await pullStream(stream);
        } catch (error) {
          pullWanted.add(stream);
          throw error;
        }
      }
      if (unfillableGap) throw unfillableGap;
    }
  }

  function scheduleRetry(): void {
    if (!running || retryTimer !== null) return;
    const delay = backoffDelay(failures, backoff, random);
    retryTimer = timers.setTimeout(() => {
      retryTimer = null;
      void kick();
    }, delay);
  }

  function recordFailure(error: unknown): void {
    const failure =
      error instanceof SyncClientError ? error : new SyncClientError('INTERNAL', error instanceof Error ? error.message : String(error), null);
    // Permanent refusals (version, token) wait the longest: a person or an upgrade must act.
    failures = failure.retryable ? failures + 1 : Math.max(failures + 1, 30);
    update({
      online: failure.code !== 'NETWORK' && failure.status !== null && failure.status < 500,
      lastError: failure.message,
      lastErrorCode: isErrorCode(failure.code) || failure.code === 'NETWORK' || failure.code === 'BAD_RESPONSE' ? failure.code : 'INTERNAL',
    });
  }

  /** Runs the worker unless it is running or waiting out a backoff. */
  function kick(force = false): Promise<void> {
    if (worker) return worker;
    if (!force && retryTimer !== null) return Promise.resolve();
    if (force && retryTimer !== null) {
      timers.clearTimeout(retryTimer);
      retryTimer = null;
    }
    worker = (async () => {
      try {
        await round();
        failures = 0;
        update({ online: true, lastSyncAt: clock.now().toISOString(), lastError: null, lastErrorCode: null });
      } catch (error) {
        // A request cut short by stop() is not a failure worth showing.
        if (!stopped) recordFailure(error);
      } finally {
        worker = null;
      }
      // Work that arrived while this round ran (a nudge, an event) gets its own round.
      if (running && (pushWanted || pullWanted.size > 0)) {
        if (failures > 0) scheduleRetry();
        else void kick();
      }
    })();
    return worker;
  }

  function schedulePeriodicPull(): void {
    if (!running) return;
    pullTimer = timers.setTimeout(() => {
      pullTimer = null;
      pushWanted = true;
      checkServerWanted = true;
      for (const s of streams) pullWanted.add(s);
      void kick();
      schedulePeriodicPull();
    }, pullIntervalMs);
  }

  async function listen(abort: AbortController): Promise<void> {
    let attempt = 0;
    while (running && !abort.signal.aborted) {
      try {
        const response = await doFetch(`${baseUrl}/v1/events?protocolVersion=${PROTOCOL_VERSION}&schemaVersion=${SCHEMA_VERSION}`, {
          headers: { authorization: `Bearer ${options.deviceToken}`, accept: 'text/event-stream' },
          signal: abort.signal,
        });
        if (!response.ok || !response.body) {
          const parsed = errorEnvelopeSchema.safeParse(await response.json().catch(() => null));
          throw new SyncClientError(parsed.success ? parsed.data.error.code : 'BAD_RESPONSE', parsed.success ? parsed.data.error.message : `HTTP ${response.status}`, response.status);
        }
        attempt = 0;
        update({ online: true });
        const parse = createSseParser((event) => {
          const body = changesEventSchema.safeParse(parseJson(event.data));
          if (!body.success) return;
          // Reaching the server is news in itself: anything queued goes now, not at the next retry.
          pushWanted = true;
          // A new connection may be to a server restarted from a backup.
          if (event.event === 'hello') checkServerWanted = true;
          for (const s of body.data.streams) if (streams.includes(s)) pullWanted.add(s);
          void kick(event.event === 'hello');
        });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parse(value);
        }
      } catch (error) {
        if (abort.signal.aborted) return;
        if (error instanceof SyncClientError && !error.retryable) attempt = Math.max(attempt, 30);
      }
      if (!running || abort.signal.aborted) return;
      attempt++;
      await new Promise<void>((resolve) => {
        const timer = timers.setTimeout(resolve, backoffDelay(attempt, backoff, random));
        abort.signal.addEventListener('abort', () => {
          timers.clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      pushWanted = true;
      checkServerWanted = true;
      for (const s of streams) pullWanted.add(s);
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
      if (retryTimer !== null) timers.clearTimeout(retryTimer);
      if (pullTimer !== null) timers.clearTimeout(pullTimer);
      retryTimer = null;
      pullTimer = null;
      events?.abort.abort();
      for (const abort of inFlight) abort.abort();
      await events?.done;
      events = null;
      await worker;
    },

    nudge() {
      pushWanted = true;
      if (running) void kick();
      else update({});
    },

    async syncNow() {
      pushWanted = true;
      checkServerWanted = true;
      for (const s of streams) pullWanted.add(s);
      await worker;
      await kick(true);
    },

    state,

    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
