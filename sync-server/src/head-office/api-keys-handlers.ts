/**
 * @module
 * ISSUE-19-SCAFFOLD: placeholder owned by helper A (API keys); replaced by the real handlers.
 */
import type { apiKeysContract } from '@cassa/shared';
import type { SyncStorage } from '../storage/storage';
import type { HeadOfficeHandlers } from './serve-head-office';

export function apiKeysHandlers(_deps: { readonly storage: SyncStorage; readonly now: () => Date }): HeadOfficeHandlers<typeof apiKeysContract> {
  return {};
}
