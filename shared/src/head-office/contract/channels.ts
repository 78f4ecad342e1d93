/**
 * @module
 * Sales channels at head office (issue 18): "Canali di vendita". Owners connect PrestaShop, Amazon
 * and eBay accounts, pick the stores whose stock each may sell and a safety buffer, review how
 * Cassa's variants are linked to the remote items, and look after what a channel refused (dead
 * letters: retry or ignore). Credentials go in and never come back out (hints only). Everyone
 * signed in with every store may read the status; only owners connect, change or disconnect.
 */
import { z } from 'zod';
import { route } from '../../api/http-contract';
import { channelCredentialsSchema, channelKindSchema, channelProblemSchema } from '../../channels/channel-accounts';
import { channelOrderStatusSchema } from '../../channels/channel-orders';
import { channelLinkNoteSchema } from '../../channels/channel-link-notes';
import { idSchema } from '../../records/catalogue';
import { text } from '../../records/limits';
import { ownersOnly } from '../access';
import type { HeadOfficeAccess } from '../access';

/** Reading channels: owners, and managers or viewers of every store (channels sell the chain's stock). */
const channelReaders: HeadOfficeAccess = { roles: ['owner', 'manager', 'viewer'], scope: 'every-store' };

const accountId = z.object({ accountId: idSchema });
/** An empty query value is no filter (the page sends what its fields hold). */
const emptyIsNone = <T extends z.ZodType>(schema: T) => z.union([z.literal('').transform(() => undefined), schema]).optional();

/** `active`: syncing; `paused` by the owner; `auth-failed`: the channel refused the credentials (nothing is sent until they are replaced). */
export const channelAccountStatusSchema = z.enum(['active', 'paused', 'auth-failed']);
export type ChannelAccountStatus = z.output<typeof channelAccountStatusSchema>;

export const channelAccountViewSchema = z.object({
  id: z.string(),
  kind: channelKindSchema,
  name: z.string(),
  status: channelAccountStatusSchema,
  /** The stores whose stock this channel sells, in the order orders reserve from them. */
  storeIds: z.array(z.string()),
  /** Units held back from the channel per SKU. */
  safetyBuffer: z.number().int().nonnegative(),
  /** The credentials' non-secret fields as given, and each secret as a hint (`••••1234`). */
  credentialHints: z.record(z.string(), z.string()),
  lastStockPushAt: z.string().nullable(),
  lastOrderPullAt: z.string().nullable(),
  lastReconcileAt: z.string().nullable(),
  /** The last failure, worded by `channelProblemText`, with the remote's own message. */
  lastProblem: channelProblemSchema.nullable(),
  lastProblemDetail: z.string().nullable(),
  lastProblemAt: z.string().nullable(),
  /** Jobs waiting to be sent (stock updates, order polls, publishes). */
  queueDepth: z.number().int().nonnegative(),
  /** Open dead letters. */
  deadLetters: z.number().int().nonnegative(),
  mapping: z.object({ matched: z.number().int(), unmatched: z.number().int(), conflicting: z.number().int(), remoteOnly: z.number().int() }),
  ordersToday: z.number().int().nonnegative(),
  createdAt: z.string(),
});
export type ChannelAccountView = z.output<typeof channelAccountViewSchema>;

export const channelSettingsSchema = z.object({
  name: text().min(1).max(80),
  storeIds: z.array(idSchema).min(1).max(100),
  safetyBuffer: z.number().int().min(0).max(1_000_000),
});

export const channelConnectInputSchema = channelSettingsSchema.extend({ credentials: channelCredentialsSchema });
export type ChannelConnectInput = z.input<typeof channelConnectInputSchema>;

export const channelUpdateInputSchema = accountId.extend({
  name: text().min(1).max(80).optional(),
  storeIds: z.array(idSchema).min(1).max(100).optional(),
  safetyBuffer: z.number().int().min(0).max(1_000_000).optional(),
  paused: z.boolean().optional(),
  /** Replaces the credentials (all fields again: secrets are never sent back to be edited). */
  credentials: channelCredentialsSchema.optional(),
});

/** A connection test: of credentials not yet saved, or of a connected account's. */
/** Exactly one of the two (the service refuses both or neither). */
export const channelTestInputSchema = z.object({ credentials: channelCredentialsSchema.optional(), accountId: idSchema.optional() });
export const channelTestResultSchema = z.object({
  ok: z.boolean(),
  problem: channelProblemSchema.nullable(),
  /** The remote's own words (status and message), at most 500 characters. */
  detail: z.string(),
  /** On success, what the channel reported (e.g. "PrestaShop 8.1.2, 1,204 products"). */
  summary: z.string(),
});
export type ChannelTestResult = z.output<typeof channelTestResultSchema>;

export const channelJobKindSchema = z.enum(['stock', 'orders', 'reconcile', 'publish', 'link']);
export const deadLetterViewSchema = z.object({
  id: z.string(),
  kind: channelJobKindSchema,
  /** The SKU, order or product the job was about. */
  subject: z.string(),
  attempts: z.number().int(),
  problem: channelProblemSchema,
  detail: z.string(),
  remoteStatus: z.number().int().nullable(),
  state: z.enum(['open', 'ignored', 'retried']),
  firstFailedAt: z.string(),
  lastFailedAt: z.string(),
});
export type DeadLetterView = z.output<typeof deadLetterViewSchema>;

/**
 * `matched`: one remote item, by SKU or barcode; `unmatched`: none found; `conflict`: several
 * remote items, or one that another variant also claims; `stale`: the remote id vanished and is
 * being resolved again; `remote-only`: a remote item no Cassa variant matches.
 */
export const channelMappingStateSchema = z.enum(['matched', 'unmatched', 'conflict', 'stale', 'remote-only']);
export type ChannelMappingState = z.output<typeof channelMappingStateSchema>;

export const channelMappingRowSchema = z.object({
  state: channelMappingStateSchema,
  /** Null for a remote-only item. */
  variantId: z.string().nullable(),
  productName: z.string(),
  /** The variant's options, e.g. "M / Blu". */
  options: z.string(),
  sku: z.string(),
  barcode: z.string(),
  remoteProductId: z.string().nullable(),
  remoteVariantId: z.string().nullable(),
  remoteSku: z.string().nullable(),
  remoteTitle: z.string(),
  /** Why it is linked, unmatched or in conflict, worded by `channelLinkNoteText`; null: no note. */
  detail: channelLinkNoteSchema.nullable(),
  lastPushedQuantity: z.number().int().nullable(),
  lastSeenQuantity: z.number().int().nullable(),
});
export type ChannelMappingRow = z.output<typeof channelMappingRowSchema>;

export const channelMappingCountsSchema = z.object({ matched: z.number().int(), unmatched: z.number().int(), conflicting: z.number().int(), remoteOnly: z.number().int() });

export const channelOrderViewSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  kind: channelKindSchema,
  remoteOrderId: z.string(),
  reference: z.string(),
  status: channelOrderStatusSchema,
  /** Another order of the same cart imported first (PrestaShop can make two orders of one cart). */
  duplicateOf: z.string().nullable(),
  /** Where its stock was reserved. */
  storeId: z.string().nullable(),
  placedAt: z.string(),
  totalCents: z.number().int(),
  currency: z.string(),
  lines: z.number().int(),
  /** Lines no Cassa variant matches: their stock could not be reserved. */
  unmatchedLines: z.number().int(),
  buyerName: z.string(),
});
export type ChannelOrderView = z.output<typeof channelOrderViewSchema>;

export const channelsContract = {
  'channels.list': route({
    method: 'GET',
    path: '/channels',
    summary: 'The connected sales channels with their status, queue, dead letters and link counts',
    access: channelReaders,
    input: z.object({}),
    output: z.array(channelAccountViewSchema),
  }),
  'channels.test': route({
    method: 'POST',
    path: '/channels/test',
    summary: 'Tries credentials (or a connected account) against the channel and says in plain words what failed',
    access: ownersOnly,
    input: channelTestInputSchema,
    output: channelTestResultSchema,
  }),
  'channels.connect': route({
    method: 'POST',
    path: '/channels',
    summary: 'Connects a channel account; the credentials are stored encrypted and never answered back',
    access: ownersOnly,
    input: channelConnectInputSchema,
    output: channelAccountViewSchema,
    status: 201,
  }),
  'channels.update': route({
    method: 'PATCH',
    path: '/channels/:accountId',
    summary: 'Changes a channel’s name, stores, safety buffer, pause or credentials',
    access: ownersOnly,
    input: channelUpdateInputSchema,
    output: channelAccountViewSchema,
  }),
  'channels.disconnect': route({
    method: 'DELETE',
    path: '/channels/:accountId',
    summary: 'Disconnects a channel: its credentials are erased and nothing more is sent; its orders stay',
    access: ownersOnly,
    input: accountId,
    output: z.object({}),
  }),
  'channels.link': route({
    method: 'POST',
    path: '/channels/:accountId/link',
    summary: 'Reads every remote item and links Cassa variants to them by SKU or barcode; a link that takes longer than 20 s goes on in the background (running)',
    access: ownersOnly,
    input: accountId,
    /** `running`: still reading a large channel; the counts are the last finished link's, and asking again waits for it. */
    output: channelMappingCountsSchema.extend({ running: z.boolean() }),
  }),
  'channels.mapping': route({
    method: 'GET',
    path: '/channels/:accountId/mapping',
    summary: 'How variants are linked to the remote items: matched, unmatched, in conflict or remote only',
    access: channelReaders,
    input: accountId.extend({
      state: emptyIsNone(channelMappingStateSchema),
      q: z.string().max(64).optional(),
      offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
    output: z.object({ counts: channelMappingCountsSchema, total: z.number().int(), rows: z.array(channelMappingRowSchema) }),
  }),
  'channels.setMapping': route({
    method: 'PUT',
    path: '/channels/:accountId/mapping/:variantId',
    summary: 'Links a variant to one remote item by hand (or unlinks it with null), settling a conflict',
    access: ownersOnly,
    input: accountId.extend({
      variantId: idSchema,
      remote: z.object({ remoteProductId: text().min(1).max(120), remoteVariantId: text().max(120) }).nullable(),
    }),
    output: channelMappingRowSchema,
  }),
  'channels.publish': route({
    method: 'POST',
    path: '/channels/:accountId/publish',
    summary: 'Creates Cassa products on a PrestaShop shop with their size × colour combinations',
    access: ownersOnly,
    input: accountId.extend({ productIds: z.array(idSchema).min(1).max(500) }),
    output: z.object({ queued: z.number().int() }),
  }),
  'channels.reconcile': route({
    method: 'POST',
    path: '/channels/:accountId/reconcile',
    summary: 'Runs the full reconciliation now: every linked item’s remote quantity is read and fixed where it drifted',
    access: ownersOnly,
    input: accountId,
    output: z.object({ checked: z.number().int(), fixed: z.number().int(), unmatched: z.number().int() }),
  }),
  'channels.deadLetters': route({
    method: 'GET',
    path: '/channels/:accountId/dead-letters',
    summary: 'What the channel refused, newest first',
    access: channelReaders,
    input: accountId.extend({ state: emptyIsNone(z.enum(['open', 'ignored', 'retried'])) }),
    output: z.array(deadLetterViewSchema),
  }),
  'channels.retryDeadLetter': route({
    method: 'POST',
    path: '/channels/:accountId/dead-letters/:deadLetterId/retry',
    summary: 'Queues a refused job again (a stock job is sent with the quantity of the moment)',
    access: ownersOnly,
    input: accountId.extend({ deadLetterId: idSchema }),
    output: deadLetterViewSchema,
  }),
  'channels.ignoreDeadLetter': route({
    method: 'POST',
    path: '/channels/:accountId/dead-letters/:deadLetterId/ignore',
    summary: 'Marks a refused job as seen and not to be sent',
    access: ownersOnly,
    input: accountId.extend({ deadLetterId: idSchema }),
    output: deadLetterViewSchema,
  }),
} as const;

/** The orders channels brought in (their own spread: the orders area serves them). */
export const channelOrdersContract = {
  'channels.orders': route({
    method: 'GET',
    path: '/channel-orders',
    summary: 'Orders imported from the channels, newest first',
    access: channelReaders,
    input: z.object({
      accountId: emptyIsNone(idSchema),
      status: emptyIsNone(channelOrderStatusSchema),
      offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
    output: z.object({ total: z.number().int(), rows: z.array(channelOrderViewSchema) }),
  }),
} as const;
