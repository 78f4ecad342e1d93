/**
 * @module
 * What every public-API handler receives (issue 19). Helper A owns it; other helpers only read it.
 */
import type { AdminApi } from '../admin-api';
import type { SyncStorage } from '../storage/storage';

export interface PublicApiDeps {
  readonly storage: SyncStorage;
  readonly now: () => Date;
  /** Head office's writes (the catalogue service goes through it, and it tells the tills). */
  readonly admin: AdminApi;
  /** Wakes the sales channels' worker after stock moved (their jobs are already queued). */
  readonly wakeChannels?: () => void;
}

/** The caller of one public-API request, after its key was checked. */
export interface PublicApiCallContext {
  readonly organisationId: string;
  readonly keyId: string;
  /** The stores the key is limited to; null: every store of the organisation. */
  readonly storeIds: readonly string[] | null;
}
