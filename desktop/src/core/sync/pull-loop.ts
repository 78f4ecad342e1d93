/**
 * @module
 * Pulling one head-office stream page by page from the till's cursor; a reset answer drops the
 * stream and starts again from a snapshot.
 */
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '@cassa/shared';
import type { SyncStream } from '@cassa/shared';
import type { SyncClientStore } from './sync-client-store';
import { SyncClientError } from './sync-client-error';
import type { SyncTransport } from './sync-transport';

export interface PullDeps {
  readonly store: SyncClientStore;
  readonly transport: SyncTransport;
  readonly pullPageSize: number;
}

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION } as const;

export async function pullStream(deps: PullDeps, stream: SyncStream): Promise<void> {
  const { store } = deps;
  let resets = 0;
  for (;;) {
    const response = await deps.transport.call('sync.pull', { ...versions, stream, cursor: store.cursor(stream), limit: deps.pullPageSize });
    if (response.kind === 'reset') {
      if (++resets > 2) throw new SyncClientError('SYNC_CURSOR_RESET', `The server keeps resetting ${stream}`, 410);
      store.resetStream(stream);
      continue;
    }
    store.applyPullPage(stream, response.changes, response.nextCursor);
    if (!response.hasMore) return;
  }
}
