/**
 * @module
 * The public API for integrators (`/api/v1`, issue 19), declared once: the server mounts it with
 * the one adapter, the OpenAPI document is generated from it. One file per area; add an area's
 * spread here.
 */
import type { HttpContract } from '../../api/http-contract';
import type { PublicApiAccess } from '../access';
import { publicCatalogueContract } from './catalogue';
import { publicExportsContract } from './exports';
import { publicSalesContract } from './sales';
import { publicStockContract } from './stock';

export const publicApiContract = {
  ...publicCatalogueContract,
  ...publicStockContract,
  ...publicSalesContract,
  ...publicExportsContract,
} as const satisfies HttpContract<PublicApiAccess>;

export type PublicApiContract = typeof publicApiContract;

export * from './catalogue';
export * from './exports';
export * from './paging';
export * from './sales';
export * from './stock';
