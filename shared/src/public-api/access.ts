/**
 * @module
 * Who may call a procedure of the public API (`/api/v1`, issue 19): an integrator's API key,
 * created at head office with scopes and an optional list of stores. The server checks both
 * before a handler runs; the OpenAPI document prints them.
 */

/** What a key may do. `read` reads everything in its stores; the writes each need their scope. */
export const apiKeyScopes = ['read', 'catalogue-write', 'stock-write'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export type PublicApiStoreRule =
  /** The input's `storeId` must be one of the key's stores (a key without a store list: any). */
  | 'input'
  /** The handler answers only the key's stores (`ctx.storeIds`, null meaning all of them). */
  | 'filter'
  /** Organisation-wide (the catalogue): a key limited to some stores may not. */
  | 'organisation';

export interface PublicApiAccess {
  readonly scope: ApiKeyScope;
  readonly stores: PublicApiStoreRule;
}
