/**
 * @module
 * ISSUE-19-SCAFFOLD: placeholder owned by helper C (ERP exports): the public API's export
 * procedures. Helper A spreads it into the public API's handlers.
 */
import type { HttpHandlers, publicExportsContract } from '@cassa/shared';
import type { PublicApiCallContext, PublicApiDeps } from '../public-api/public-api-deps';

export function publicExportsHandlers(_deps: PublicApiDeps): HttpHandlers<typeof publicExportsContract, PublicApiCallContext, Response> {
  return {};
}
