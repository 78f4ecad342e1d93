/**
 * @module
 * The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with, so the
 * published contract cannot drift from what the server accepts.
 */
import {
  PROTOCOL_VERSION,
  SCHEMA_VERSION,
  dailySalesQuerySchema,
  dailySalesTotalSchema,
  deviceInfoSchema,
  errorEnvelopeSchema,
  headOfficeWriteSchema,
  okEnvelopeSchema,
  organisationInputSchema,
  organisationSchema,
  pairRequestSchema,
  pairResponseSchema,
  pairingCodeResponseSchema,
  pullRequestSchema,
  pullResponseSchema,
  pushRequestSchema,
  pushResponseSchema,
  syncStreamSchema,
  whoAmIResponseSchema,
} from '@cassa/shared';
import { z } from 'zod';

interface RouteDoc {
  readonly method: 'get' | 'post' | 'delete';
  readonly path: string;
  readonly summary: string;
  readonly auth: 'device' | 'admin' | 'none';
  readonly request?: z.ZodType;
  readonly query?: z.ZodObject;
  readonly response: z.ZodType;
  readonly status?: 200 | 201;
  readonly stream?: boolean;
}

const healthSchema = z.object({
  status: z.literal('ok'),
  engine: z.enum(['sqlite', 'postgres']),
  protocolVersion: z.number().int(),
  schemaVersion: z.number().int(),
});

const routes: readonly RouteDoc[] = [
  { method: 'get', path: '/healthz', summary: 'Liveness and engine', auth: 'none', response: healthSchema },
  { method: 'post', path: '/v1/pair', summary: 'Trade a one-time pairing code for a device token', auth: 'none', request: pairRequestSchema, response: pairResponseSchema },
  { method: 'get', path: '/v1/device', summary: 'Who this token is, and the server high-water mark', auth: 'device', response: whoAmIResponseSchema },
  { method: 'post', path: '/v1/push', summary: 'Send outbox ops; each applied exactly once', auth: 'device', request: pushRequestSchema, response: pushResponseSchema },
  { method: 'post', path: '/v1/pull', summary: 'A page of one stream after a cursor (a snapshot when the cursor is null)', auth: 'device', request: pullRequestSchema, response: pullResponseSchema },
  {
    method: 'get',
    path: '/v1/events',
    summary: 'Server-sent events: `hello` on connect, `changes` when head office writes a stream the till holds',
    auth: 'device',
    query: z.object({ protocolVersion: z.string(), schemaVersion: z.string() }),
    response: z.string(),
    stream: true,
  },
  { method: 'post', path: '/v1/admin/organisations', summary: 'Create an organisation', auth: 'admin', request: organisationInputSchema, response: organisationSchema, status: 201 },
  {
    method: 'post',
    path: '/v1/admin/organisations/{org}/changes',
    summary: 'Write catalogue, prices, users, stores or settings (flows down through pull)',
    auth: 'admin',
    request: headOfficeWriteSchema,
    response: z.object({ streams: z.array(syncStreamSchema) }),
  },
  {
    method: 'post',
    path: '/v1/admin/organisations/{org}/stores/{store}/pairing-codes',
    summary: 'Issue a one-time pairing code for a till in this store',
    auth: 'admin',
    request: z.object({ ttlMinutes: z.number().int().positive().optional() }),
    response: pairingCodeResponseSchema,
    status: 201,
  },
  { method: 'get', path: '/v1/admin/organisations/{org}/devices', summary: 'Paired devices', auth: 'admin', response: z.array(deviceInfoSchema) },
  {
    method: 'post',
    path: '/v1/admin/organisations/{org}/devices/{device}/pairing-codes',
    summary: 'Issue a one-time code that pairs this known register again, for a till that lost its token',
    auth: 'admin',
    request: z.object({ ttlMinutes: z.number().int().positive().optional() }),
    response: pairingCodeResponseSchema,
    status: 201,
  },
  { method: 'delete', path: '/v1/admin/organisations/{org}/devices/{device}', summary: 'Revoke a device token', auth: 'admin', response: z.object({ revoked: z.literal(true) }) },
  {
    method: 'get',
    path: '/v1/admin/organisations/{org}/sales/daily',
    summary: 'Sales totals per store and business day',
    auth: 'admin',
    query: dailySalesQuerySchema,
    response: z.array(dailySalesTotalSchema),
  },
  {
    method: 'post',
    path: '/v1/admin/organisations/{org}/streams/{stream}/purge-tombstones',
    summary: 'Forget deletions up to a change number; older till cursors then reset',
    auth: 'admin',
    request: z.object({ upToChange: z.number().int().nonnegative() }),
    response: z.object({ purged: z.number().int() }),
  },
];

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
  return rest;
}

export function buildOpenApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters: unknown[] = [];
    for (const match of route.path.matchAll(/\{(\w+)\}/g)) {
      parameters.push({ name: match[1], in: 'path', required: true, schema: { type: 'string' } });
    }
    if (route.query) {
      for (const [name, field] of Object.entries(route.query.shape)) {
        parameters.push({ name, in: 'query', required: !(field as z.ZodType).safeParse(undefined).success, schema: jsonSchema(field as z.ZodType, 'input') });
      }
    }
    const success = route.stream
      ? { description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }
      : { description: 'Success', content: { 'application/json': { schema: jsonSchema(okEnvelopeSchema(route.response), 'output') } } };
    paths[route.path] ??= {};
    paths[route.path]![route.method] = {
      summary: route.summary,
      security: route.auth === 'none' ? [] : [{ [route.auth === 'device' ? 'deviceToken' : 'adminToken']: [] }],
      parameters,
      ...(route.request
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.request, 'input') } } } }
        : {}),
      responses: {
        [String(route.status ?? 200)]: success,
        default: { description: 'An error from the closed list', content: { 'application/json': { schema: jsonSchema(errorEnvelopeSchema, 'output') } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Cassa sync server',
      version: `${PROTOCOL_VERSION}.${SCHEMA_VERSION}`,
      description: 'Tills push their records exactly once and pull head-office data by cursor.',
    },
    components: {
      securitySchemes: {
        deviceToken: { type: 'http', scheme: 'bearer', description: 'Per-device token from /v1/pair' },
        adminToken: { type: 'http', scheme: 'bearer', description: 'Head-office token' },
      },
    },
    paths,
  };
}
