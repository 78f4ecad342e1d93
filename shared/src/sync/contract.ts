/**
 * @module
 * The sync API, declared once: the server mounts it (sync-server/src/app.ts), the till's sync and
 * pairing clients are derived from it (`createHttpClient(syncContract, …)`), and the OpenAPI
 * document is generated from it. Methods, paths, bodies and status codes are the protocol tills
 * in the field speak: change them only with a new PROTOCOL_VERSION.
 *
 * A procedure whose input carries `protocolVersion` is versioned: the server checks the versions
 * before it validates anything else, so a till from another release hears "upgrade" (see
 * `isVersioned`).
 */
import { z } from 'zod';
import { text } from '../records/limits';
import { eventStream, route } from '../api/http-contract';
import type { HttpContract, HttpProcedure } from '../api/http-contract';
import {
  changesEventSchema,
  dailySalesQuerySchema,
  dailySalesTotalSchema,
  deviceInfoSchema,
  organisationInputSchema,
  organisationSchema,
  outboxImportSchema,
  pairRequestSchema,
  pairResponseSchema,
  pairingCodeResponseSchema,
  pullRequestSchema,
  pullResponseSchema,
  pushEnvelopeSchema,
  pushResponseSchema,
  whoAmIResponseSchema,
} from './messages';
import {
  chainCustomerHistorySchema,
  ledgerAccountPathSchema,
  ledgerAccountViewSchema,
  ledgerReserveRequestSchema,
  ledgerReserveResponseSchema,
  otherStoresStockSchema,
} from './chain-messages';
import { headOfficeWriteSchema, syncStreamSchema } from './streams';

/** `none`: anyone; `device`: a paired till's bearer token; `admin`: the operator's head-office token. */
export type SyncAccess = 'none' | 'device' | 'admin';
const anyone: SyncAccess = 'none';
const device: SyncAccess = 'device';
const admin: SyncAccess = 'admin';

export const healthSchema = z.object({
  status: z.literal('ok'),
  engine: z.enum(['sqlite', 'postgres']),
  protocolVersion: z.number().int(),
  schemaVersion: z.number().int(),
});

/**
 * A path segment: any storable text the URL carries (unknown ids are answered NOT_FOUND). A NUL
 * or an unpaired surrogate is refused here: PostgreSQL cannot even compare such text.
 */
const segment = text().min(1).max(200);
const orgPath = { org: segment };

const pairingCodeRequestSchema = z.object({ ttlMinutes: z.number().int().positive().max(7 * 24 * 60).optional() });

/** A plan set by the operator (a negotiated one); `plan` defaults to the server's default plan name. */
export const adminPlanInputSchema = z.object({
  plan: z.string().min(1).max(40).optional(),
  maxRegisters: z.number().int().nonnegative().max(100_000),
  maxUsers: z.number().int().nonnegative().max(100_000),
});
export const adminPlanSchema = adminPlanInputSchema.required({ plan: true });

/** Query-string versions of the event stream: text in the URL, numbers once read. */
const queryVersion = z.coerce.number<string | number>().int().nonnegative();

const deviceRoutes = {
  'health.check': route({ method: 'GET', path: '/healthz', summary: 'Liveness and engine', access: anyone, input: z.object({}), output: healthSchema }),
  'device.pair': route({
    method: 'POST',
    path: '/v1/pair',
    summary: 'Trade a one-time pairing code for a device token',
    access: anyone,
    input: pairRequestSchema,
    output: pairResponseSchema,
  }),
  'device.whoAmI': route({
    method: 'GET',
    path: '/v1/device',
    summary: 'Who this token is, and the server high-water mark',
    access: device,
    input: z.object({}),
    output: whoAmIResponseSchema,
  }),
  'sync.push': route({
    method: 'POST',
    path: '/v1/push',
    summary:
      'Send outbox ops; each applied exactly once. A record no schema accepts is stored and flagged, not refused. Optional headers: cassa-app-version, cassa-queue-length',
    access: device,
    input: pushEnvelopeSchema,
    output: pushResponseSchema,
  }),
  'sync.pull': route({
    method: 'POST',
    path: '/v1/pull',
    summary: 'A page of one stream after a cursor (a snapshot when the cursor is null)',
    access: device,
    input: pullRequestSchema,
    output: pullResponseSchema,
  }),
  'events.stream': eventStream({
    path: '/v1/events',
    summary: 'Server-sent events: `hello` on connect, `changes` when head office writes a stream the till holds',
    access: device,
    input: z.object({ protocolVersion: queryVersion, schemaVersion: queryVersion }),
    output: changesEventSchema,
  }),
} as const;

/** What a till asks about the rest of the chain while online (issue 17); never needed to sell. */
const chainRoutes = {
  'ledger.reserve': route({
    method: 'POST',
    path: '/v1/ledger/reservations',
    summary: 'Hold an amount of a voucher, store credit or points before a payment; the same reservation id again is the same hold',
    access: device,
    input: ledgerReserveRequestSchema,
    output: ledgerReserveResponseSchema,
  }),
  'ledger.release': route({
    method: 'DELETE',
    path: '/v1/ledger/reservations/:reservationId',
    summary: "Let go of a hold whose payment was taken off the ticket (only the register that made it may)",
    access: device,
    input: z.object({ reservationId: segment }),
    output: z.object({ released: z.boolean() }),
  }),
  'ledger.account': route({
    method: 'GET',
    path: '/v1/ledger/accounts/:kind/:account',
    summary: "A voucher's, store credit's or points account's balance, holds and latest entries across the chain",
    access: device,
    input: ledgerAccountPathSchema,
    output: ledgerAccountViewSchema,
  }),
  'stock.elsewhere': route({
    method: 'GET',
    path: '/v1/stock/variants/:variantId',
    summary: "A variant's stock on hand in every store of the organisation",
    access: device,
    input: z.object({ variantId: segment }),
    output: otherStoresStockSchema,
  }),
  'customers.history': route({
    method: 'GET',
    path: '/v1/customers/:customerId/sales',
    summary: "A customer's purchases in every store (following a merge to the surviving customer)",
    access: device,
    input: z.object({ customerId: segment }),
    output: chainCustomerHistorySchema,
  }),
} as const;

const adminRoutes = {
  'admin.createOrganisation': route({
    method: 'POST',
    path: '/v1/admin/organisations',
    summary: 'Create an organisation',
    access: admin,
    input: organisationInputSchema,
    output: organisationSchema,
    status: 201,
  }),
  'admin.writeChanges': route({
    method: 'POST',
    path: '/v1/admin/organisations/:org/changes',
    summary: 'Write catalogue, prices, users, stores or settings (flows down through pull)',
    access: admin,
    input: headOfficeWriteSchema.extend(orgPath),
    output: z.object({ streams: z.array(syncStreamSchema) }),
  }),
  'admin.storePairingCode': route({
    method: 'POST',
    path: '/v1/admin/organisations/:org/stores/:store/pairing-codes',
    summary: 'Issue a one-time pairing code for a till in this store',
    access: admin,
    input: pairingCodeRequestSchema.extend({ ...orgPath, store: segment }),
    output: pairingCodeResponseSchema,
    status: 201,
  }),
  'admin.devices': route({
    method: 'GET',
    path: '/v1/admin/organisations/:org/devices',
    summary: 'Paired devices',
    access: admin,
    input: z.object(orgPath),
    output: z.array(deviceInfoSchema),
  }),
  'admin.registerPairingCode': route({
    method: 'POST',
    path: '/v1/admin/organisations/:org/devices/:device/pairing-codes',
    summary: 'Issue a one-time code that pairs this known register again, for a till that lost its token',
    access: admin,
    input: pairingCodeRequestSchema.extend({ ...orgPath, device: segment }),
    output: pairingCodeResponseSchema,
    status: 201,
  }),
  'admin.revokeDevice': route({
    method: 'DELETE',
    path: '/v1/admin/organisations/:org/devices/:device',
    summary: 'Revoke a device token',
    access: admin,
    input: z.object({ ...orgPath, device: segment }),
    output: z.object({ revoked: z.literal(true) }),
  }),
  'admin.importOutbox': route({
    method: 'POST',
    path: '/v1/admin/organisations/:org/outbox-imports',
    summary: "A till's exported unsent records (a file an admin saved before resetting it), pushed as that till",
    access: admin,
    input: outboxImportSchema.extend(orgPath),
    output: z.object({ applied: z.number().int().nonnegative(), duplicate: z.number().int().nonnegative(), flagged: z.number().int().nonnegative() }),
  }),
  'admin.dailySales': route({
    method: 'GET',
    path: '/v1/admin/organisations/:org/sales/daily',
    summary: 'Sales totals per store and business day',
    access: admin,
    input: dailySalesQuerySchema.extend(orgPath),
    output: z.array(dailySalesTotalSchema),
  }),
  'admin.setPlan': route({
    method: 'PUT',
    path: '/v1/admin/organisations/:org/plan',
    summary: 'Set the seats an organisation may use (a negotiated plan)',
    access: admin,
    input: adminPlanInputSchema.extend(orgPath),
    output: adminPlanSchema,
  }),
  'admin.purgeTombstones': route({
    method: 'POST',
    path: '/v1/admin/organisations/:org/streams/:stream/purge-tombstones',
    summary: 'Forget deletions up to a change number; older till cursors then reset',
    access: admin,
    input: z.object({ ...orgPath, stream: syncStreamSchema, upToChange: z.number().int().nonnegative() }),
    output: z.object({ purged: z.number().int() }),
  }),
} as const;

export const syncContract = { ...deviceRoutes, ...chainRoutes, ...adminRoutes } as const satisfies HttpContract<SyncAccess>;

export type SyncContract = typeof syncContract;

/** Whether the server checks this procedure's protocol and schema versions before anything else. */
export function isVersioned(procedure: HttpProcedure): boolean {
  return 'protocolVersion' in procedure.input.shape;
}
