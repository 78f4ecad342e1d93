/**
 * @module
 * The till's ear on the sync contract's `events.stream`: change announcements from head office, reconnecting with
 * backoff when the channel drops (and waiting the longest when the server refuses it for good).
 */
import { changesEventSchema, errorEnvelopeSchema } from '@cassa/shared';
import type { ChangesEvent } from '@cassa/shared';
import { backoffDelay } from './backoff';
import type { BackoffPolicy } from './backoff';
import { createSseParser } from './sse-parser';
import { SyncClientError } from './sync-client-error';
import type { Timers } from './sync-client-error';
import type { SyncTransport } from './sync-transport';

export interface EventStreamDeps {
  readonly transport: SyncTransport;
  readonly timers: Timers;
  readonly backoff: BackoffPolicy;
  readonly random: () => number;
  isRunning(): boolean;
  /** The channel is open: the server is reachable. */
  onOpen(): void;
  /** A `hello` (on each connection) or `changes` event. */
  onEvent(name: string, event: ChangesEvent): void;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

async function readEvents(deps: EventStreamDeps, response: Response, opened: () => void): Promise<void> {
  if (!response.ok || !response.body) {
    const parsed = errorEnvelopeSchema.safeParse(await response.json().catch(() => null));
    throw new SyncClientError(parsed.success ? parsed.data.error.code : 'BAD_RESPONSE', parsed.success ? parsed.data.error.message : `HTTP ${response.status}`, response.status);
  }
  opened();
  const parse = createSseParser((event) => {
    const body = changesEventSchema.safeParse(parseJson(event.data));
    if (body.success) deps.onEvent(event.event, body.data);
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    parse(value);
  }
}

/** Listens until `abort`, reconnecting after each drop. */
export async function listenForChanges(deps: EventStreamDeps, abort: AbortController): Promise<void> {
  let attempt = 0;
  while (deps.isRunning() && !abort.signal.aborted) {
    try {
      const response = await deps.transport.openEvents(abort.signal);
      await readEvents(deps, response, () => {
        attempt = 0;
        deps.onOpen();
      });
    } catch (error) {
      if (abort.signal.aborted) return;
      if (error instanceof SyncClientError && !error.retryable) attempt = Math.max(attempt, 30);
    }
    if (!deps.isRunning() || abort.signal.aborted) return;
    attempt++;
    await new Promise<void>((resolve) => {
      const timer = deps.timers.setTimeout(resolve, backoffDelay(attempt, deps.backoff, deps.random));
      abort.signal.addEventListener('abort', () => {
        deps.timers.clearTimeout(timer);
        resolve();
      });
    });
  }
}
