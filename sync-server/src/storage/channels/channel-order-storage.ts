/**
 * @module
 * Orders from the channels, their stock reservations, and the `store-stock` stream rows (issue 18).
 * ISSUE-18-SCAFFOLD: the orders helper declares and writes the methods.
 */
import type { SqlDatabase } from '../sql-database';

export interface ChannelOrderStorage {}

export function createChannelOrderStorage(db: SqlDatabase): ChannelOrderStorage {
  void db;
  return {};
}
