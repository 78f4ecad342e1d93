/**
 * @module
 * The head-office API under `/api/ho`, declared once: the server mounts it with one adapter
 * (sync-server/src/head-office/routes.ts), the web app calls it through `createHttpClient`, the
 * OpenAPI document is generated from it. One file per area; add an area's spread here.
 */
import type { HttpContract } from '../../api/http-contract';
import type { HeadOfficeAccess } from '../access';
import { dashboardContract } from './dashboard';
import { planContract } from './plans';
import { storesContract } from './stores';

export const headOfficeContract = {
  ...planContract,
  ...dashboardContract,
  ...storesContract,
} as const satisfies HttpContract<HeadOfficeAccess>;

export type HeadOfficeContract = typeof headOfficeContract;

export * from './plans';
export * from './dashboard';
export * from './stores';
