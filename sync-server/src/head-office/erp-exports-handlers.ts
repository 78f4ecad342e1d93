/**
 * @module
 * ISSUE-19-SCAFFOLD: placeholder owned by helper C (ERP exports); replaced by the real handlers.
 */
import type { erpExportsContract } from '@cassa/shared';
import type { SyncStorage } from '../storage/storage';
import type { HeadOfficeHandlers } from './serve-head-office';

export function erpExportsHandlers(_deps: { readonly storage: SyncStorage; readonly now: () => Date }): HeadOfficeHandlers<typeof erpExportsContract> {
  return {};
}
