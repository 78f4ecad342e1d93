/**
 * @module
 * What every core service shares: the database, time, ids, this register's identity, and the
 * pieces that must take part in a service's transaction (outbox, audit log).
 */
import type { AuditLog } from './audit/audit-log';
import type { CatalogueRepository } from './catalogue/catalogue-repository';
import type { Clock, IdFactory } from './clock';
import type { TillEventBus } from './events';
import type { TillSettings } from './settings';
import type { TillDatabase } from './store/database';
import type { Outbox } from './sync-outbox/outbox';

/** The store of a register not yet paired with head office. */
export const UNPAIRED_STORE_ID = 'local';

export interface TillContext {
  readonly store: TillDatabase;
  readonly clock: Clock;
  readonly newId: IdFactory;
  readonly deviceId: string;
  /** This register's store: UNPAIRED_STORE_ID until paired, then the store head office assigned. */
  readonly storeId: string;
  setStoreId(storeId: string): void;
  readonly catalogue: CatalogueRepository;
  readonly outbox: Outbox;
  readonly audit: AuditLog;
  readonly settings: TillSettings;
  readonly events: TillEventBus;
}

/** Who is acting: the logged-in user of the screen the call came from. */
export interface Actor {
  readonly userId: string;
  readonly name: string;
  readonly role: 'cashier' | 'manager' | 'admin';
}
