/**
 * @module
 * ISSUE-19-SCAFFOLD: placeholder owned by helper D (ERP imports); replaced by the real handlers.
 */
import type { erpImportsContract } from '@cassa/shared';
import type { SyncStorage } from '../storage/storage';
import type { HeadOfficeHandlers } from './serve-head-office';

export function erpImportsHandlers(_deps: { readonly storage: SyncStorage; readonly now: () => Date }): HeadOfficeHandlers<typeof erpImportsContract> {
  return {};
}
