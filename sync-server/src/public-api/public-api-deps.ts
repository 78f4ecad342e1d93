/**
 * @module
 * ISSUE-19-SCAFFOLD (owned by helper A, public API): what every public-API handler receives.
 * Helper A may add fields; other helpers only read them.
 */
import type { SyncStorage } from '../storage/storage';

export interface PublicApiDeps {
  readonly storage: SyncStorage;
  readonly now: () => Date;
}

/** The caller of one public-API request, after its key was checked. */
export interface PublicApiCallContext {
  readonly organisationId: string;
  readonly keyId: string;
  /** The stores the key is limited to; null: every store of the organisation. */
  readonly storeIds: readonly string[] | null;
}
