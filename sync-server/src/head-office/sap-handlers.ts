/**
 * @module
 * ISSUE-19-SCAFFOLD: placeholder owned by helper E (SAP Business One); replaced by the real handlers.
 */
import type { sapContract } from '@cassa/shared';
import type { SyncStorage } from '../storage/storage';
import type { HeadOfficeHandlers } from './serve-head-office';

export function sapHandlers(_deps: { readonly storage: SyncStorage; readonly now: () => Date }): HeadOfficeHandlers<typeof sapContract> {
  return {};
}
