/**
 * @module
 * The core's view of replication: what waits in the outbox and, once the register is paired,
 * the sync client's own state. Sales never wait on it; it only reports and nudges.
 */
import type { SyncStateView } from '@cassa/shared';
import type { TillContext } from '../till-context';

/** What the core needs of a running sync client (desktop/src/core/sync). */
export interface SyncClientHandle {
  nudge(): void;
  state(): { online: boolean; lastSyncAt: string | null; lastError: string | null };
  stop(): Promise<void>;
}

export class SyncLink {
  private client: SyncClientHandle | null = null;

  constructor(private readonly ctx: TillContext) {}

  attach(client: SyncClientHandle): void {
    this.client = client;
    this.publish();
  }

  nudge(): void {
    this.client?.nudge();
    this.publish();
  }

  state(): SyncStateView {
    const stats = this.ctx.outbox.stats();
    const client = this.client?.state();
    return {
      paired: this.client !== null,
      online: client?.online ?? false,
      lastSyncAt: client?.lastSyncAt ?? null,
      pending: stats.pending,
      oldestPendingAt: stats.oldestPendingAt,
      lastError: client?.lastError ?? null,
    };
  }

  publish(): void {
    this.ctx.events.emit('sync.state', this.state());
  }

  async close(): Promise<void> {
    await this.client?.stop();
    this.client = null;
  }
}
