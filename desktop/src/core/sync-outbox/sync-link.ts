/**
 * @module
 * The core's side of replication: runs the sync client while the register is paired, and reports
 * what waits in the outbox. Sales never wait on it; a commit only nudges it.
 */
import type { OutboxExport, SyncStateView } from '@cassa/shared';
import { CassaError, PROTOCOL_VERSION, SCHEMA_VERSION, isErrorCode } from '@cassa/shared';
import type { SessionRegistry } from '../auth/sessions';
import type { SyncClient } from '../sync';
import { createSyncClient } from '../sync';
import type { TillContext } from '../till-context';
import type { SyncPairing } from './sync-pairing';
import { TillSyncStore } from './till-sync-store';

export interface SyncLinkOptions {
  readonly fetch?: typeof fetch;
  readonly appVersion?: string;
  /** How often to pull when the server's event channel is silent. */
  readonly pullIntervalMs?: number;
}

export class SyncLink {
  private client: SyncClient | null = null;
  private unsubscribe: (() => void) | null = null;
  readonly store: TillSyncStore;

  constructor(
    private readonly ctx: TillContext,
    readonly pairing: SyncPairing,
    sessions: SessionRegistry,
    private readonly options: SyncLinkOptions = {},
  ) {
    this.store = new TillSyncStore(ctx, sessions);
  }

  /** Starts replication if the register is paired; safe to call again after pairing. */
  async start(): Promise<void> {
    await this.stopClient();
    const paired = this.pairing.current();
    if (!paired) return;
    const client = createSyncClient({
      serverUrl: paired.serverUrl,
      deviceToken: paired.deviceToken,
      deviceId: this.ctx.deviceId,
      store: this.store,
      clock: this.ctx.clock,
      appVersion: this.options.appVersion ?? 'unknown',
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      ...(this.options.pullIntervalMs ? { pullIntervalMs: this.options.pullIntervalMs } : {}),
    });
    this.client = client;
    this.unsubscribe = client.subscribe((state) => {
      this.auditConnectivity(state.online);
      this.publish();
    });
    client.start();
    this.publish();
  }

  async pair(serverUrl: string, code: string): Promise<SyncStateView> {
    await this.pairing.pair(serverUrl, code);
    await this.start();
    return this.state();
  }

  async unpair(actor: { userId: string; role: 'cashier' | 'manager' | 'admin' }): Promise<SyncStateView> {
    this.pairing.unpair(actor);
    await this.stopClient();
    this.publish();
    return this.state();
  }

  /** The unsent records as an import file for head office; audited, and nothing is deleted. */
  exportUnsent(actor: { userId: string; role: 'cashier' | 'manager' | 'admin' }): { fileName: string; content: string; records: number } {
    const ops = this.ctx.outbox.pending(Number.MAX_SAFE_INTEGER);
    if (ops.length === 0) throw new CassaError('NOT_FOUND', 'Nothing waits to be sent: every record has reached head office');
    const exportedAt = this.ctx.clock.now().toISOString();
    const file: OutboxExport = {
      protocolVersion: PROTOCOL_VERSION,
      schemaVersion: SCHEMA_VERSION,
      kind: 'cassa-outbox-export',
      deviceId: this.ctx.deviceId,
      storeId: this.ctx.storeId,
      exportedAt,
      ops: ops.map((op) => ({ seq: op.seq, opId: op.opId, record: op.record })),
    };
    this.ctx.store.write(() =>
      this.ctx.audit.append({ userId: actor.userId, role: actor.role, action: 'sync.exportedUnsent', details: { records: ops.length, firstSeq: ops[0]!.seq } }),
    );
    return { fileName: `cassa-unsent-${this.ctx.deviceId}-${exportedAt.slice(0, 19).replaceAll(':', '')}.json`, content: JSON.stringify(file), records: ops.length };
  }

  nudge(): void {
    this.client?.nudge();
    this.publish();
  }

  /** Pushes and pulls now; resolves when the round is over (offline is reported, not thrown). */
  async syncNow(): Promise<SyncStateView> {
    await this.client?.syncNow();
    return this.state();
  }

  state(): SyncStateView {
    const stats = this.ctx.outbox.stats();
    const client = this.client?.state();
    const code = client?.lastErrorCode;
    return {
      paired: this.client !== null,
      online: client?.online ?? false,
      lastSyncAt: client?.lastSyncAt ?? null,
      pending: stats.pending,
      oldestPendingAt: stats.oldestPendingAt,
      lastError: client?.lastError ?? null,
      lastErrorCode: isErrorCode(code) ? code : null,
      failing: client?.failing ?? null,
      pushError: client?.pushError ?? null,
      pullError: client?.pullError ?? null,
    };
  }

  private wasOnline: boolean | null = null;

  /** Going offline (and back) is audited: an offline till is where a dishonest refund hides. */
  private auditConnectivity(online: boolean): void {
    if (this.wasOnline === online) return;
    const first = this.wasOnline === null;
    this.wasOnline = online;
    if (first && online) return;
    const { pending } = this.ctx.outbox.stats();
    this.ctx.store.write(() =>
      this.ctx.audit.append({ userId: null, role: null, action: online ? 'sync.backOnline' : 'sync.wentOffline', details: { pending } }),
    );
  }

  publish(): void {
    this.ctx.events.emit('sync.state', this.state());
  }

  private async stopClient(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    const client = this.client;
    this.client = null;
    await client?.stop();
  }

  async close(): Promise<void> {
    await this.stopClient();
  }
}
