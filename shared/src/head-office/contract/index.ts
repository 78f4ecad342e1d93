/**
 * @module
 * The head-office API under `/api/ho`, declared once: the server mounts it with one adapter
 * (sync-server/src/head-office/routes.ts), the web app calls it through `createHttpClient`, the
 * OpenAPI document is generated from it. One file per area; add an area's spread here.
 */
import type { HttpContract } from '../../api/http-contract';
import type { HeadOfficeAccess } from '../access';
import { accountContract } from './account';
import { chainSettingsContract } from './chain-settings';
import { catalogueContract } from './catalogue';
import { dashboardContract } from './dashboard';
import { planContract } from './plans';
import { salesContract } from './sales';
import { stockContract } from './stock';
import { storesContract } from './stores';
import { tillUsersContract } from './till-users';
import { usersContract } from './users';
// Issue 17, ledger area.
import { ledgersContract } from './ledgers';
// Issue 17, customers everywhere
import { customersContract } from './customers';
// Issue 18, sales channels
import { channelOrdersContract, channelsContract } from './channels';
// Issue 19, ERP links and the open API
import { apiKeysContract } from './api-keys';
import { webhooksContract } from './webhooks';
import { erpExportsContract } from './erp-exports';
import { erpImportsContract } from './erp-imports';
import { sapContract } from './sap';

export const headOfficeContract = {
  ...planContract,
  ...accountContract,
  ...usersContract,
  ...dashboardContract,
  ...storesContract,
  ...salesContract,
  ...catalogueContract,
  ...tillUsersContract,
  ...stockContract,
  ...chainSettingsContract,
  // Issue 17, ledger area.
  ...ledgersContract,
  // Issue 17, customers everywhere
  ...customersContract,
  // Issue 18, sales channels
  ...channelsContract,
  ...channelOrdersContract,
  // Issue 19, ERP links and the open API
  ...apiKeysContract,
  ...webhooksContract,
  ...erpExportsContract,
  ...erpImportsContract,
  ...sapContract,
} as const satisfies HttpContract<HeadOfficeAccess>;

export type HeadOfficeContract = typeof headOfficeContract;

export * from './account';
export * from './catalogue';
export * from './chain-settings';
export * from './dashboard';
export * from './plans';
export * from './sales';
export * from './stock';
export * from './stores';
export * from './till-users';
export * from './users';
// Issue 17, ledger area.
export * from './ledgers';
// Issue 17, customers everywhere
export * from './customers';
// Issue 18, sales channels
export * from './channels';
// Issue 19, ERP links and the open API
export * from './api-keys';
export * from './webhooks';
export * from './erp-exports';
export * from './erp-imports';
export * from './sap';
