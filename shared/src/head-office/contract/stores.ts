/**
 * @module
 * Stores, their registers (pairing, renaming, revoking) and what registers pushed that head office
 * must look at (flagged records, audit chains). A register's store is known only once the register
 * is looked up, so the procedures on one register check its store in the service.
 */
import { z } from 'zod';
import { route } from '../../api/http-contract';
import { idSchema, isoTimestampSchema } from '../../records';
import { pairingCodeResponseSchema } from '../../sync/messages';
import type { HeadOfficeAccess } from '../access';
import { signedIn, storeWriters } from '../access';
import { registerFiscalViewSchema } from './sales';

/** Owners and managers; the store they may touch is checked by the service (`own-stores`). */
const storeManagers: HeadOfficeAccess = { roles: ['owner', 'manager'], scope: 'own-stores' };

function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export const storeViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  addressLines: z.array(z.string()),
  vatNumber: z.string(),
});
export type StoreView = z.output<typeof storeViewSchema>;

export const storeInputSchema = z.object({
  /** Absent: a new store (owners only); present: that store's new details. */
  id: idSchema.optional(),
  name: z.string().trim().min(1).max(120),
  timeZone: z.string().max(64).refine(isKnownTimeZone, 'unknown time zone').optional(),
  addressLines: z.array(z.string().max(120)).max(4).optional(),
  vatNumber: z.string().max(32).optional(),
});
export type StoreInput = z.output<typeof storeInputSchema>;

export const registerViewSchema = z.object({
  id: z.string(),
  storeId: z.string(),
  name: z.string(),
  pairedAt: z.string(),
  revokedAt: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  lastPullAt: z.string().nullable(),
  appVersion: z.string().nullable(),
  queueLength: z.number().int().nullable(),
  /** Till clock minus server clock at its latest push, in ms; null before any push. */
  clockSkewMs: z.number().nullable(),
  highWaterMark: z.number().int(),
  /** Per stream: the change number the till's cursor reached, and the stream's head now. */
  streams: z.array(z.object({ stream: z.string(), position: z.number().int(), head: z.number().int(), pulledAt: z.string() })),
  /** Its fiscal device as last reported (issue 16), with head office's warnings; null without one. */
  fiscal: registerFiscalViewSchema.nullable(),
});
export type RegisterView = z.output<typeof registerViewSchema>;

/** A one-time pairing code with what a till needs to use it: the server's public address and a QR code. */
export const pairingCodeViewSchema = pairingCodeResponseSchema.extend({
  serverUrl: z.string(),
  /** `cassa://pair?server=…&code=…`, the QR code's content. */
  qrText: z.string(),
  qrSvg: z.string(),
});
export type PairingCodeView = z.output<typeof pairingCodeViewSchema>;

/**
 * A pushed op head office flagged or set aside: business problems (an unknown variant, sums that
 * do not add up, a date far from the server's clock, a break in the audit chain) on a stored
 * record, or a record the server could not store at all (`setAside`, kept whole in `payload`).
 */
export const problemRecordViewSchema = z.object({
  deviceId: z.string(),
  seq: z.number().int(),
  recordType: z.string(),
  recordId: z.string(),
  problems: z.array(z.string()),
  receivedAt: z.string(),
  setAside: z.boolean(),
  /** The op's record as JSON text, only for a set-aside op. */
  payload: z.string().nullable(),
});
export type ProblemRecordView = z.output<typeof problemRecordViewSchema>;

/** Head office's view of one register's audit chain: the last entry it holds and the breaks it saw. */
export const auditHeadViewSchema = z.object({
  deviceId: z.string(),
  sequence: z.number().int(),
  hash: z.string(),
  entries: z.number().int(),
  breaks: z.number().int(),
  updatedAt: z.string(),
});
export type AuditHeadView = z.output<typeof auditHeadViewSchema>;

const registerId = z.object({ id: idSchema });

export const storesContract = {
  'stores.list': route({ method: 'GET', path: '/stores', summary: "The user's stores", access: signedIn, input: z.object({}), output: z.array(storeViewSchema) }),
  'stores.save': route({
    method: 'POST',
    path: '/stores',
    summary: "Creates a store (owners) or changes one (owners, managers of that store: checked in the service); the store's tills get its details",
    access: storeManagers,
    input: storeInputSchema,
    output: storeViewSchema,
    status: 201,
  }),
  'registers.list': route({ method: 'GET', path: '/registers', summary: "The registers of the user's stores, with their last contact", access: signedIn, input: z.object({}), output: z.array(registerViewSchema) }),
  'registers.issuePairingCode': route({
    method: 'POST',
    path: '/stores/:storeId/pairing-codes',
    summary: 'A one-time code (and QR code) pairing a new register to the store, refused when the plan has no register seat left',
    access: storeWriters,
    input: z.object({ storeId: idSchema }),
    output: pairingCodeViewSchema,
    status: 201,
  }),
  'registers.rename': route({
    method: 'PATCH',
    path: '/registers/:id',
    summary: "Renames a register; the register's store must be one of the user's (checked in the service)",
    access: storeManagers,
    input: registerId.extend({ name: z.string().trim().min(1).max(80) }),
    output: z.object({ renamed: z.literal(true) }),
  }),
  'registers.issueRepairCode': route({
    method: 'POST',
    path: '/registers/:id/pairing-codes',
    summary: "A one-time code pairing this register again (its till lost its token); the register's store is checked in the service",
    access: storeManagers,
    input: registerId,
    output: pairingCodeViewSchema,
    status: 201,
  }),
  'registers.revoke': route({
    method: 'POST',
    path: '/registers/:id/revoke',
    summary: "Revokes a register: its till is refused from now on; the register's store is checked in the service",
    access: storeManagers,
    input: registerId,
    output: z.object({ revoked: z.literal(true) }),
  }),
  'problems.list': route({
    method: 'GET',
    path: '/problems',
    summary: "Records the user's registers pushed that were flagged or set aside",
    access: storeManagers,
    input: z.object({}),
    output: z.array(problemRecordViewSchema),
  }),
  'auditHeads.list': route({
    method: 'GET',
    path: '/audit-heads',
    summary: "Each of the user's registers' audit chain as pushed (compare with verify-audit at the till)",
    access: storeManagers,
    input: z.object({}),
    output: z.array(auditHeadViewSchema),
  }),
} as const;
