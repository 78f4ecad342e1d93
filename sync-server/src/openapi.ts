/**
 * @module
 * Cassa's OpenAPI document: the sync API (tills and the operator) and the head-office API
 * (`/api/ho`, the web app's), both generated from their contracts, in one document so one client
 * generator run covers everything an integration may call. Served at `/v1/openapi.json`.
 */
import { PROTOCOL_VERSION, SCHEMA_VERSION, headOfficeContract, publicApiContract, syncContract } from '@cassa/shared';
import type { HeadOfficeAccess, PublicApiAccess, SyncAccess } from '@cassa/shared';
import { IDEMPOTENCY_HEADER, PUBLIC_API_BASE } from './public-api/public-api-routes';
import { CSRF_HEADER, SESSION_COOKIE } from './head-office/auth';
import { openApiDocument, openApiPart } from './http/openapi';
import type { OpenApiDocument, OpenApiPart } from './http/openapi';

export const OPENAPI_PATH = '/v1/openapi.json';
export const HEAD_OFFICE_BASE = '/api/ho';

const syncPart = openApiPart<SyncAccess>({
  base: '',
  tag: 'sync',
  contract: syncContract,
  security: (access) => (access === 'device' ? [{ deviceToken: [] }] : access === 'admin' ? [{ adminToken: [] }] : []),
  describeAccess: (access) => ({ access }),
});

const headOfficePart = openApiPart<HeadOfficeAccess>({
  base: HEAD_OFFICE_BASE,
  tag: 'head-office',
  contract: headOfficeContract,
  // A write also echoes the CSRF cookie in a header (double submit).
  security: (access, procedure) => {
    if (access.roles === 'public') return [];
    return [procedure.writes ? { sessionCookie: [], csrfToken: [] } : { sessionCookie: [] }] as Record<string, string[]>[];
  },
  describeAccess: (access) => ({ roles: access.roles, scope: access.scope }),
});

/** Issue 19: the public API for integrators, with an API key's scope and store rule per procedure. */
const publicApiPart = openApiPart<PublicApiAccess>({
  base: PUBLIC_API_BASE,
  tag: 'public-api',
  contract: publicApiContract,
  security: () => [{ apiKey: [] }],
  describeAccess: (access) => ({ scope: access.scope, stores: access.stores }),
  headers: (procedure) =>
    procedure.writes
      ? [
          {
            name: IDEMPOTENCY_HEADER,
            in: 'header',
            required: false,
            description: 'Any unique text (a UUID): a repeat with the same key and body within 24 h gets the first answer; another body is refused',
            schema: { type: 'string', minLength: 1, maxLength: 255 },
          },
        ]
      : [],
});

/** The document itself, served outside the contracts (it is not a `{ok, data}` envelope). */
const documentPath = {
  [OPENAPI_PATH]: {
    get: {
      operationId: 'openapi.document',
      summary: 'This document',
      tags: ['sync'],
      security: [],
      'x-access': { access: 'none', writes: false },
      responses: { '200': { description: 'The OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  },
};

export function cassaOpenApiDocument(options: { readonly headOffice: boolean } = { headOffice: true }): OpenApiDocument {
  const parts: OpenApiPart<never>[] = [syncPart, ...(options.headOffice ? [headOfficePart, publicApiPart] : [])];
  return openApiDocument({
    title: 'Cassa',
    version: `${PROTOCOL_VERSION}.${SCHEMA_VERSION}`,
    description: 'Tills push their records exactly once and pull head-office data by cursor; head office runs the organisation.',
    securitySchemes: {
      deviceToken: { type: 'http', scheme: 'bearer', description: 'Per-device token from /v1/pair' },
      adminToken: { type: 'http', scheme: 'bearer', description: "The operator's head-office token (CASSA_ADMIN_TOKEN)" },
      sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: `Set by signing in; named __Host-${SESSION_COOKIE} over https` },
      csrfToken: { type: 'apiKey', in: 'header', name: CSRF_HEADER, description: 'The CSRF cookie echoed on every write' },
      apiKey: { type: 'http', scheme: 'bearer', description: 'An API key made in head office (Integrazioni): cassa_live_<id>_<secret>' },
    },
    parts,
    extraPaths: documentPath,
  });
}
