/**
 * @module
 * The messages tills and the sync server exchange. Every request and answer carries the protocol
 * and schema versions; a server reads those first (`versionEnvelopeSchema`) so a till from a newer
 * or older release gets SYNC_VERSION_MISMATCH instead of a confusing validation error.
 */
import { z } from 'zod';
import { errorCodes } from '../errors';
import { idSchema, isoTimestampSchema, tillRecordSchema } from '../records';
import { syncChangeSchema, syncStreamSchema } from './streams';

const versionSchema = z.number().int().nonnegative();

/** The part of every message that must parse whatever the version. */
export const versionEnvelopeSchema = z.looseObject({
  protocolVersion: versionSchema,
  schemaVersion: versionSchema,
});

const versioned = {
  protocolVersion: versionSchema,
  schemaVersion: versionSchema,
};

// ── Pairing ────────────────────────────────────────────────────────────────────────────────────

/** One-time codes are short enough to type on a till: 10 characters, dashes and case optional. */
export const pairingCodeSchema = z.string().regex(/^[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}-?[0-9A-Za-z]{2}$/);

export const pairRequestSchema = z.object({
  ...versioned,
  code: pairingCodeSchema,
  /** Shown to head office, e.g. "Cassa 2". */
  deviceName: z.string().min(1).max(80),
  /**
   * The register's own id, made when its database was created: records it made before pairing
   * already carry it, and re-pairing the same register keeps its op numbering (a new id would
   * restart the server's count at 1 while the till's outbox goes on from where it was).
   */
  deviceId: idSchema.optional(),
  /**
   * The token this register holds now, if any: the proof that lets a register head office
   * already knows pair again under its own id (a known id without it is refused).
   */
  currentDeviceToken: z.string().min(32).max(200).optional(),
});
export type PairRequest = z.infer<typeof pairRequestSchema>;

export const pairResponseSchema = z.object({
  ...versioned,
  deviceId: idSchema,
  /** Shown once; the server keeps only its hash. */
  deviceToken: z.string().min(32).max(200),
  storeId: idSchema,
  organisationId: idSchema,
});
export type PairResponse = z.infer<typeof pairResponseSchema>;

// ── Push ───────────────────────────────────────────────────────────────────────────────────────

/**
 * The most ops one push may carry. Servers released before December 2026 take 500
 * (LEGACY_MAX_PUSH_OPS) and refuse more; a newer server says what it takes in each push answer
 * (`maxPushOps`), so a till starts at 500 and grows its batches only against a server that said
 * it can. Same protocol version both ways: an older till simply keeps sending 200.
 */
export const MAX_PUSH_OPS = 5_000;
export const LEGACY_MAX_PUSH_OPS = 500;

export const pushOpSchema = z.object({
  /** This device's op number: 1, 2, 3… without gaps, in outbox order. */
  seq: z.number().int().positive().safe(),
  /** Globally unique, made at the till. A different op under a seen seq is a conflict. */
  opId: idSchema,
  record: tillRecordSchema,
});
export type PushOp = z.infer<typeof pushOpSchema>;

export const pushRequestSchema = z.object({
  ...versioned,
  deviceId: idSchema,
  ops: z.array(pushOpSchema).min(1).max(MAX_PUSH_OPS),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

/**
 * What the server reads of a push before it looks at each record: the numbering must be right,
 * but one record no schema accepts (NUL in a text, an amount out of bounds) must not refuse the
 * whole batch and block the till's queue for good. Such an op is set aside and flagged instead.
 */
export const pushEnvelopeSchema = z.object({
  ...versioned,
  deviceId: idSchema,
  ops: z
    .array(z.object({ seq: pushOpSchema.shape.seq, opId: idSchema, record: z.unknown() }))
    .min(1)
    .max(MAX_PUSH_OPS),
});
export type PushEnvelope = z.infer<typeof pushEnvelopeSchema>;

/**
 * A till's unsent records saved to a file, for when the till must be reset or replaced before
 * it can reach head office: the same ops a push would carry, all of them, imported on the server
 * through the same idempotent push (so importing twice, or the till pushing later, doubles nothing).
 */
export const outboxExportSchema = z.object({
  ...versioned,
  kind: z.literal('cassa-outbox-export'),
  deviceId: idSchema,
  storeId: idSchema,
  exportedAt: z.iso.datetime({ offset: true }),
  ops: z.array(pushOpSchema).min(1),
});
export type OutboxExport = z.infer<typeof outboxExportSchema>;

/**
 * How head office reads such a file: like a push, the numbering strictly and each record on its
 * own, so one record no schema accepts is set aside and flagged instead of refusing the file.
 */
export const outboxImportSchema = outboxExportSchema.extend({ ops: z.array(pushEnvelopeSchema.shape.ops.element).min(1) });
export type OutboxImport = z.infer<typeof outboxImportSchema>;

/**
 * `applied`: stored now. `duplicate`: seen before, nothing changed. `flagged`: stored, and marked
 * for head office to look at (an unknown variant, a record for another store…). A business problem
 * never refuses an op: a refused op would block every sale queued behind it.
 */
export const pushOpStatusSchema = z.enum(['applied', 'duplicate', 'flagged']);
export type PushOpStatus = z.infer<typeof pushOpStatusSchema>;

export const pushOpResultSchema = z.object({
  seq: z.number().int().positive(),
  opId: idSchema,
  status: pushOpStatusSchema,
  problems: z.array(z.string()),
});
export type PushOpResult = z.infer<typeof pushOpResultSchema>;

export const pushResponseSchema = z.object({
  ...versioned,
  results: z.array(pushOpResultSchema),
  /** The highest seq the server holds for this device: the till may drop everything up to it. */
  highWaterMark: z.number().int().nonnegative(),
  /** The most ops this server takes in one push; absent from servers that take LEGACY_MAX_PUSH_OPS. */
  maxPushOps: z.number().int().positive().optional(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

/** `details` of SYNC_OUT_OF_ORDER: ops before the gap were applied; resend from `expectedSeq`. */
export const outOfOrderDetailsSchema = z.object({
  expectedSeq: z.number().int().positive(),
  receivedSeq: z.number().int().positive(),
  highWaterMark: z.number().int().nonnegative(),
});
export type OutOfOrderDetails = z.infer<typeof outOfOrderDetailsSchema>;

// ── Pull ───────────────────────────────────────────────────────────────────────────────────────

export const MAX_PULL_LIMIT = 2_000;

/** Opaque to tills: only the server reads it. */
export const syncCursorSchema = z.string().min(1).max(400);

export const pullRequestSchema = z.object({
  ...versioned,
  stream: syncStreamSchema,
  /** Null on first pull (or after a reset): the server answers with a bulk snapshot. */
  cursor: syncCursorSchema.nullable(),
  limit: z.number().int().positive().max(MAX_PULL_LIMIT).optional(),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

export const pullChangesResponseSchema = z.object({
  ...versioned,
  kind: z.literal('changes'),
  stream: syncStreamSchema,
  /** True while this answer is a page of the first bulk snapshot, not of the change log. */
  snapshot: z.boolean(),
  changes: z.array(syncChangeSchema),
  /** Save it with the page, in the same transaction, and send it next time. */
  nextCursor: syncCursorSchema,
  /** More is waiting: pull again at once. */
  hasMore: z.boolean(),
});
export type PullChangesResponse = z.infer<typeof pullChangesResponseSchema>;

/**
 * The cursor cannot be served (tombstones behind it were purged, or the server's database was
 * replaced): drop the stream's rows and cursor and pull again from null.
 */
export const pullResetResponseSchema = z.object({
  ...versioned,
  kind: z.literal('reset'),
  stream: syncStreamSchema,
  reason: z.enum(['cursor-too-old', 'unknown-epoch', 'cursor-ahead']),
});
export type PullResetResponse = z.infer<typeof pullResetResponseSchema>;

export const pullResponseSchema = z.discriminatedUnion('kind', [pullChangesResponseSchema, pullResetResponseSchema]);
export type PullResponse = z.infer<typeof pullResponseSchema>;

// ── Notifications ──────────────────────────────────────────────────────────────────────────────

/** The `data` of a `changes` server-sent event on GET /v1/events: pull these streams. */
export const changesEventSchema = z.object({
  ...versioned,
  streams: z.array(syncStreamSchema),
});
export type ChangesEvent = z.infer<typeof changesEventSchema>;

// ── Device identity ────────────────────────────────────────────────────────────────────────────

export const whoAmIResponseSchema = z.object({
  ...versioned,
  deviceId: idSchema,
  storeId: idSchema,
  organisationId: idSchema,
  highWaterMark: z.number().int().nonnegative(),
});
export type WhoAmIResponse = z.infer<typeof whoAmIResponseSchema>;

// ── Envelopes ──────────────────────────────────────────────────────────────────────────────────

export const apiErrorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  details: z.unknown().optional(),
});

/** Every HTTP answer: `{ok: true, data}` or `{ok: false, error}`. */
export function okEnvelopeSchema<T extends z.ZodType>(data: T) {
  return z.object({ ok: z.literal(true), data });
}
export const errorEnvelopeSchema = z.object({ ok: z.literal(false), error: apiErrorSchema });

// ── Head-office read models ────────────────────────────────────────────────────────────────────

export const dailySalesTotalSchema = z.object({
  storeId: idSchema,
  /** The till's local calendar day of `completedAt` (YYYY-MM-DD). */
  businessDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  salesCount: z.number().int().nonnegative(),
  returnsCount: z.number().int().nonnegative(),
  voidsCount: z.number().int().nonnegative(),
  totalCents: z.number().int(),
  flaggedCount: z.number().int().nonnegative(),
});
export type DailySalesTotal = z.infer<typeof dailySalesTotalSchema>;

export const dailySalesQuerySchema = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  storeId: idSchema.optional(),
});
export type DailySalesQuery = z.infer<typeof dailySalesQuerySchema>;

export const deviceInfoSchema = z.object({
  id: idSchema,
  storeId: idSchema,
  name: z.string(),
  highWaterMark: z.number().int().nonnegative(),
  pairedAt: isoTimestampSchema,
  revokedAt: isoTimestampSchema.nullable(),
  lastSeenAt: isoTimestampSchema.nullable(),
});
export type DeviceInfo = z.infer<typeof deviceInfoSchema>;

export const organisationInputSchema = z.object({
  id: idSchema.optional(),
  name: z.string().min(1).max(120),
});
export type OrganisationInput = z.infer<typeof organisationInputSchema>;

export const organisationSchema = z.object({ id: idSchema, name: z.string() });
export type Organisation = z.infer<typeof organisationSchema>;

export const pairingCodeResponseSchema = z.object({
  code: pairingCodeSchema,
  organisationId: idSchema,
  storeId: idSchema,
  expiresAt: isoTimestampSchema,
});
export type PairingCodeResponse = z.infer<typeof pairingCodeResponseSchema>;
