/**
 * @module
 * Head office's storage for channel accounts, mappings, the job queue, dead letters and cursors
 * (issue 18). ISSUE-18-SCAFFOLD: the framework helper declares and writes the methods.
 */
import type { SqlDatabase, SqlExecutor } from '../sql-database';

export interface ChannelStorage {}

export function createChannelStorage(db: SqlDatabase): ChannelStorage {
  void db;
  return {};
}

/**
 * Queues a stock job for every channel account of the organisation that sells from one of these
 * stores, coalesced per account and variant, in the caller's transaction (the push, the transfer,
 * the imported order that moved the stock), so a change is never committed without its job.
 * Answers how many jobs were queued or moved earlier. ISSUE-18-SCAFFOLD: the framework helper
 * writes it; the push, transfers and order import call it.
 */
export async function enqueueStockChanges(
  tx: SqlExecutor,
  organisationId: string,
  changes: readonly { readonly storeId: string; readonly variantId: string }[],
  now: Date,
): Promise<number> {
  void tx;
  void organisationId;
  void changes;
  void now;
  return 0;
}
