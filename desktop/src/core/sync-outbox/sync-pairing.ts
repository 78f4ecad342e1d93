/**
 * @module
 * Pairing the register with a head-office server by a one-time code, and unpairing it. Unpairing
 * (or re-pairing elsewhere) while records wait to be sent is refused: that is how other tills
 * lose sales.
 */
import { CassaError, PROTOCOL_VERSION, SCHEMA_VERSION, createHttpClient, errorDetailsFromWire, syncContract } from '@cassa/shared';
import type { PairResponse } from '@cassa/shared';
import type { TillContext } from '../till-context';

export interface PairingState {
  readonly serverUrl: string;
  readonly deviceToken: string;
  readonly organisationId: string;
  readonly storeId: string;
}

export class SyncPairing {
  constructor(
    private readonly ctx: TillContext,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  current(): PairingState | null {
    const s = this.ctx.settings;
    const serverUrl = s.get('sync.serverUrl');
    const deviceToken = s.get('sync.deviceToken');
    const organisationId = s.get('sync.organisationId');
    const storeId = s.get('store.id');
    return serverUrl && deviceToken && organisationId && storeId ? { serverUrl, deviceToken, organisationId, storeId } : null;
  }

  async pair(serverUrl: string, code: string): Promise<PairingState> {
    const existing = this.current();
    const url = serverUrl.replace(/\/+$/, '');
    // The same server again (a new code after a revoke, say) keeps the register id and its
    // numbering, so records waiting to be sent still go there; another server would lose them.
    if (existing && !sameOrigin(existing.serverUrl, url)) this.refuseIfUnsent('pair this register with another server');
    const paired = await this.requestPairing(url, code);
    const state: PairingState = { serverUrl: url, deviceToken: paired.deviceToken, organisationId: paired.organisationId, storeId: paired.storeId };
    this.ctx.store.write(() => {
      const s = this.ctx.settings;
      s.set('sync.serverUrl', state.serverUrl);
      s.set('sync.deviceToken', state.deviceToken);
      s.set('sync.organisationId', state.organisationId);
      s.set('store.id', state.storeId);
      for (const key of PREVIOUS_PAIRING_KEYS) this.ctx.store.db.prepare('DELETE FROM meta WHERE key = ?').run(key);
      // A register of another store starts from that store's catalogue and prices.
      this.ctx.store.db.prepare('DELETE FROM sync_cursors').run();
      this.ctx.audit.append({ userId: null, role: null, action: 'sync.paired', details: { serverUrl: url, storeId: paired.storeId } });
    });
    this.ctx.setStoreId(state.storeId);
    return state;
  }

  /** Trades the code for a device token (`device.pair` of the sync contract). */
  private async requestPairing(url: string, code: string): Promise<PairResponse> {
    let reached = true;
    const client = createHttpClient(syncContract, {
      baseUrl: url,
      fetch: (target, init) =>
        this.fetchImpl(target, init as RequestInit).catch((error: unknown) => {
          reached = false;
          throw error;
        }),
    });
    try {
      return await client.call('device.pair', {
        protocolVersion: PROTOCOL_VERSION,
        schemaVersion: SCHEMA_VERSION,
        code,
        deviceName: this.ctx.settings.shop().registerName,
        deviceId: this.ctx.deviceId,
        ...this.proofFor(url),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!reached) throw new CassaError('SYNC_UNPAIRED', `The server at ${url} cannot be reached: ${message}`);
      // The server's reason (say, a register id it knows under another pairing) lets the screen explain it.
      const reason = error instanceof CassaError ? error.details?.reason : undefined;
      throw new CassaError('SYNC_UNPAIRED', `Pairing refused: ${message}`, reason === undefined ? undefined : errorDetailsFromWire({ reason }));
    }
  }

  unpair(actor: { userId: string; role: 'cashier' | 'manager' | 'admin' }): void {
    this.refuseIfUnsent('unpair this register');
    const before = this.current();
    this.ctx.store.write(() => {
      // Kept so pairing with the same server again can prove this register is itself.
      if (before) {
        this.ctx.settings.set('sync.previousServerUrl', before.serverUrl);
        this.ctx.settings.set('sync.previousDeviceToken', before.deviceToken);
      }
      for (const key of ['sync.serverUrl', 'sync.deviceToken', 'sync.organisationId']) {
        this.ctx.store.db.prepare('DELETE FROM meta WHERE key = ?').run(key);
      }
      this.ctx.audit.append({ userId: actor.userId, role: actor.role, action: 'sync.unpaired', details: {} });
    });
  }

  /**
   * The token this register holds for the server at `url`, sent with a new code so the server
   * knows the register id is really ours (ids are not secret, so it refuses a known id without
   * it). Never sent to another server: a token is a credential for the one that issued it.
   */
  private proofFor(url: string): { currentDeviceToken?: string } {
    const s = this.ctx.settings;
    const candidates = [
      { serverUrl: s.get('sync.serverUrl'), token: s.get('sync.deviceToken') },
      { serverUrl: s.get('sync.previousServerUrl'), token: s.get('sync.previousDeviceToken') },
    ];
    const match = candidates.find((c) => c.serverUrl !== null && c.token !== null && sameOrigin(c.serverUrl, url));
    return match?.token ? { currentDeviceToken: match.token } : {};
  }

  private refuseIfUnsent(what: string): void {
    const { pending, oldestPendingAt } = this.ctx.outbox.stats();
    if (pending > 0) {
      throw new CassaError('SYNC_UNSENT_RECORDS', `Cannot ${what}: ${pending} records made since ${oldestPendingAt} have not reached head office yet`, {
        pending,
        oldestPendingAt,
      });
    }
  }
}

const PREVIOUS_PAIRING_KEYS = ['sync.previousServerUrl', 'sync.previousDeviceToken'] as const;

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
