/**
 * @module
 * The head-office API under `/api/ho`, declared once: the server mounts it with one adapter
 * (sync-server/src/head-office/routes.ts), the web app calls it through `createHttpClient`, the
 * OpenAPI document is generated from it. One file per area; add an area's spread here.
 */
import type { HttpContract } from '../../api/http-contract';
import type { HeadOfficeAccess } from '../access';
import { catalogueContract } from './catalogue';
import { chainSettingsContract } from './chain-settings';
import { planContract } from './plans';
import { stockContract } from './stock';
import { tillUsersContract } from './till-users';

export const headOfficeContract = {
  ...planContract,
  ...catalogueContract,
  ...tillUsersContract,
  ...stockContract,
  ...chainSettingsContract,
} as const satisfies HttpContract<HeadOfficeAccess>;

export type HeadOfficeContract = typeof headOfficeContract;

export * from './plans';
export * from './catalogue';
export * from './till-users';
export * from './stock';
export * from './chain-settings';
