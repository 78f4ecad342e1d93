/**
 * @module
 * The rules of the chain-wide ledgers (vouchers, gift cards, store credit, loyalty points), once,
 * for the till that spends, head office that settles and the tests that check both.
 *
 * - A balance is the sum of an account's entries. Head office holds every entry once (keyed by the
 *   id the till gave it); a till knows head office's balance as of its last pull plus its own
 *   entries head office had not applied then (`tillBalance`).
 * - Online, a till reserves the amount at head office before it takes the payment; head office
 *   grants it when the balance minus what is already held covers it (`reservable`). The sale's
 *   entry carries the reservation id and settles the hold.
 * - Offline, a till may draw what it last knew minus what it already drew offline since, and never
 *   more than the account's offline limit in total (`offlineAllowance`). The sale never waits.
 * - Nothing is refused after the fact. An entry that takes the balance, net of live holds, below
 *   zero without a live reservation behind it is an overspend (`isOverspend`): head office flags
 *   that entry, once, since the entry is stored once.
 */
import { z } from 'zod';
import type { LedgerAccount, LedgerAuthorisation, LedgerKind } from '../records/chain-records';

/** A reservation head office has not seen settled or released lapses after this long. */
export const LEDGER_HOLD_TTL_MS = 15 * 60_000;

/** How long a till waits for head office's answer to a reservation before it spends offline. */
export const LEDGER_RESERVE_TIMEOUT_MS = 1_500;

/** The chain's offline limits per kind, used for an account whose own limit is not set (setting `ledger.offlineLimit`). */
export const ledgerOfflineDefaultsSchema = z.object({
  voucher: z.number().int().nonnegative().max(1_000_000_000),
  'store-credit': z.number().int().nonnegative().max(1_000_000_000),
  points: z.number().int().nonnegative().max(1_000_000_000),
});
export type LedgerOfflineDefaults = z.infer<typeof ledgerOfflineDefaultsSchema>;

/** Until the owner says otherwise: €50 of a voucher or of store credit, 500 points, per till while offline. */
export const DEFAULT_LEDGER_OFFLINE_LIMITS: LedgerOfflineDefaults = { voucher: 5_000, 'store-credit': 5_000, points: 500 };

/** One of this till's own entries, as the till needs it to reckon a balance. */
export interface LocalLedgerEntry {
  readonly amount: number;
  readonly authorisation: LedgerAuthorisation;
  /** The outbox op that carries it up. */
  readonly outboxSeq: number;
}

/** What head office said about the account at the till's last pull (absent: never heard of it). */
export type KnownAccount = Pick<LedgerAccount, 'balance' | 'includes'> | null;

/** This till's entries that head office had not applied when it wrote `known`. */
export function entriesNotInKnown(known: KnownAccount, deviceId: string, entries: readonly LocalLedgerEntry[]): LocalLedgerEntry[] {
  const included = known?.includes[deviceId] ?? 0;
  return entries.filter((e) => e.outboxSeq > included);
}

/** The balance this till sees: head office's last word plus its own entries since. */
export function tillBalance(known: KnownAccount, deviceId: string, entries: readonly LocalLedgerEntry[]): number {
  return (known?.balance ?? 0) + entriesNotInKnown(known, deviceId, entries).reduce((sum, e) => sum + e.amount, 0);
}

/**
 * What this till may still draw without head office: the balance it sees, capped by the offline
 * limit less what it has drawn offline since head office last confirmed (never below zero).
 */
export function offlineAllowance(known: KnownAccount, deviceId: string, entries: readonly LocalLedgerEntry[], offlineLimit: number): number {
  const pending = entriesNotInKnown(known, deviceId, entries);
  const balance = (known?.balance ?? 0) + pending.reduce((sum, e) => sum + e.amount, 0);
  const drawnOffline = -pending.filter((e) => e.authorisation === 'offline' && e.amount < 0).reduce((sum, e) => sum + e.amount, 0);
  return Math.max(0, Math.min(balance, offlineLimit - drawnOffline));
}

/** An account's offline limit: its own, else the chain's default for its kind. */
export function effectiveOfflineLimit(kind: LedgerKind, own: number | null, defaults: LedgerOfflineDefaults = DEFAULT_LEDGER_OFFLINE_LIMITS): number {
  return own ?? defaults[kind];
}

/** Head office grants a reservation when what is not already held covers it. */
export function reservable(balance: number, heldByOthers: number, amount: number): boolean {
  return amount > 0 && balance - heldByOthers >= amount;
}

/**
 * Whether head office flags an entry as an overspend when it applies it: a draw without a live
 * reservation behind it (offline, or a reservation that lapsed or was released) that leaves the
 * balance, net of what is still held for other reservations, below zero. A draw under a live
 * reservation never is: head office promised that money.
 */
export function isOverspend(entry: { readonly amount: number }, settlesLiveHold: boolean, balanceAfter: number, stillHeld: number): boolean {
  return entry.amount < 0 && !settlesLiveHold && balanceAfter - stillHeld < 0;
}

/** Loyalty points a payment earns: whole euros paid times the rule's rate (refunds take them back the same way). */
export function pointsEarned(paidCents: number, pointsPerEuro: number): number {
  return Math.trunc(paidCents / 100) * pointsPerEuro;
}
