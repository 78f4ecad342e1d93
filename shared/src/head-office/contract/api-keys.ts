/**
 * @module
 * API keys for integrators (issue 19, the public API at `/api/v1`), managed at head office. Only
 * owners list, create and revoke them: a key outlives any session, works without a person
 * present and may rewrite the whole catalogue, so it is the owner's to hand out, as connecting
 * a sales channel is. The secret is shown once, in the answer to `create`, and never again.
 */
import { z } from 'zod';
import { route } from '../../api/http-contract';
import type { HttpContract } from '../../api/http-contract';
import { idSchema } from '../../records/catalogue';
import { text } from '../../records/limits';
import { apiKeyScopes } from '../../public-api/access';
import { ownersOnly } from '../access';
import type { HeadOfficeAccess } from '../access';

export const apiKeyScopeSchema = z.enum(apiKeyScopes);

export const apiKeyViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(apiKeyScopeSchema),
  /** Null: every store. */
  storeIds: z.array(z.string()).nullable(),
  /** How the key begins (`cassa_live_<id>_`): enough to recognise it, useless to use it. */
  prefix: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  /** To the minute: recorded at most once a minute. */
  lastUsedAt: z.string().nullable(),
});
export type ApiKeyView = z.output<typeof apiKeyViewSchema>;

export const apiKeyCreateInputSchema = z.object({
  name: text().min(1).max(80),
  scopes: z.array(apiKeyScopeSchema).min(1).max(apiKeyScopes.length),
  /** Null or absent: every store, including stores opened later. */
  storeIds: z.array(idSchema).min(1).max(100).nullable().optional(),
});
export type ApiKeyCreateInput = z.input<typeof apiKeyCreateInputSchema>;

export const apiKeyCreatedSchema = z.object({
  key: apiKeyViewSchema,
  /** The whole key for `Authorization: Bearer …`; shown this once. */
  secret: z.string(),
});
export type ApiKeyCreated = z.output<typeof apiKeyCreatedSchema>;

export const apiKeysContract = {
  'apiKeys.list': route({
    method: 'GET',
    path: '/api-keys',
    summary: "The organisation's API keys, revoked ones included (never their secrets)",
    access: ownersOnly,
    input: z.object({}),
    output: z.array(apiKeyViewSchema),
  }),
  'apiKeys.create': route({
    method: 'POST',
    path: '/api-keys',
    summary: 'Creates an API key with scopes and optional stores; the answer holds its secret, shown only this once',
    access: ownersOnly,
    input: apiKeyCreateInputSchema,
    output: apiKeyCreatedSchema,
    status: 201,
  }),
  'apiKeys.revoke': route({
    method: 'POST',
    path: '/api-keys/:keyId/revoke',
    summary: 'Revokes an API key: every request with it is refused from now on',
    access: ownersOnly,
    input: z.object({ keyId: idSchema }),
    output: apiKeyViewSchema,
  }),
} as const satisfies HttpContract<HeadOfficeAccess>;
