/**
 * @module
 * Pulling one head-office stream page by page from the till's cursor; a reset answer drops the
 * stream and starts again from a snapshot.
 *
 * The next page is asked for before the current one is applied (one page read ahead), so the
 * server reads and encodes page n+1 while the till writes page n: a first pull of a large
 * catalogue costs about the slower of the two sides instead of their sum. Pages are still applied
 * one at a time and in order, each with its cursor in one transaction; a page read ahead and
 * never applied (a crash, a failed apply) is simply asked for again from the saved cursor.
 */
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '@cassa/shared';
import type { PullResponse, SyncStream } from '@cassa/shared';
import type { SyncClientStore } from './sync-client-store';
import { SyncClientError } from './sync-client-error';
import type { SyncTransport } from './sync-transport';

export interface PullDeps {
  readonly store: SyncClientStore;
  readonly transport: SyncTransport;
  readonly pullPageSize: number;
}

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION } as const;

/** One event-loop turn: lets a request just started reach the socket before a long synchronous apply. */
const letRequestGoOut = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function pullStream(deps: PullDeps, stream: SyncStream): Promise<void> {
  const { store } = deps;
  const request = (cursor: string | null): Promise<PullResponse> =>
    deps.transport.call('sync.pull', { ...versions, stream, cursor, limit: deps.pullPageSize });
  let resets = 0;
  let pending = request(store.cursor(stream));
  for (;;) {
    const response = await pending;
    if (response.kind === 'reset') {
      if (++resets > 2) throw new SyncClientError('SYNC_CURSOR_RESET', `The server keeps resetting ${stream}`, 410);
      store.resetStream(stream);
      pending = request(store.cursor(stream));
      continue;
    }
    const next = response.hasMore ? request(response.nextCursor) : null;
    if (next) {
      // If this page fails to apply, the page read ahead is dropped: its failure is nobody's news.
      next.catch(() => undefined);
      await letRequestGoOut();
    }
    store.applyPullPage(stream, response.changes, response.nextCursor);
    if (!next) return;
    pending = next;
  }
}
