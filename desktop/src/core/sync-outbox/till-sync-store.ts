/**
 * @module
 * The sync client's view of the till database: the outbox going up, head-office streams coming
 * down. A pulled page and its cursor commit in one transaction, so a crash mid-page replays the
 * page instead of skipping it. Deletions never remove what past sales refer to: a deleted product
 * or user is deactivated.
 */
import type { ChainCustomer, Product, SyncChange, SyncStream } from '@cassa/shared';
import type { SessionRegistry } from '../auth/sessions';
// Issue 17, customers everywhere
import { applyChainCustomers } from '../customers/chain-customers';
import type { PendingOp, SyncClientStore } from '../sync';
import type { TillContext } from '../till-context';
import { Ledger } from '../customers/ledger';
// Issue 18: head office's part of this store's stock.
import { applyStoreStockChange } from '../stock/store-stock';

/** Head-office settings the till acts on, and the meta key each lands in. */
const settingKeys: Readonly<Record<string, string>> = {
  'sale.cashRounding': 'sale.cashRounding',
  'sale.cashierDiscountLimitBp': 'sale.cashierDiscountLimitBp',
  'receipt.footer': 'receipt.footer',
  'scan.layouts': 'scan.layouts',
  'approval.cancelTicket': 'approval.cancelTicket',
  'approval.voidLine': 'approval.voidLine',
  'sale.maxLineAmountCents': 'sale.maxLineAmountCents',
  'ui.locale': 'ui.locale',
  'shop.timeZone': 'shop.timeZone',
  // Issue 17: chain ledgers
  'loyalty.rule': 'loyalty.rule',
  'ledger.offlineLimit': 'ledger.offlineLimit',
  // Idle lock (issue 17): minutes without input before the till locks itself (0: never).
  'till.idleLockMinutes': 'till.idleLockMinutes',
};

export class TillSyncStore implements SyncClientStore {
  constructor(
    private readonly ctx: TillContext,
    private readonly sessions: SessionRegistry,
  ) {
    this.ledger = new Ledger(ctx);
  }

  // Issue 17: chain ledgers
  private readonly ledger: Ledger;

  private get db() {
    return this.ctx.store.db;
  }

  pendingOps(limit: number, maxBytes?: number): PendingOp[] {
    return this.ctx.outbox.pending(limit, maxBytes);
  }

  private lastPrunedAt = Number.NEGATIVE_INFINITY;

  acknowledge(upToSeq: number): void {
    this.ctx.store.write(() => {
      this.ctx.outbox.acknowledge(upToSeq);
      // The prune scans the outbox; once an hour is plenty for a 90-day window.
      const now = this.ctx.clock.now().getTime();
      if (Math.abs(now - this.lastPrunedAt) < 3_600_000) return;
      this.lastPrunedAt = now;
      this.ctx.outbox.prune();
    });
  }

  acknowledgedThrough(): number {
    return this.ctx.outbox.acknowledgedThrough();
  }

  markUnsentFrom(fromSeq: number): number | null {
    return this.ctx.store.write(() => {
      const resent = this.ctx.outbox.markUnsentFrom(fromSeq);
      const firstPending = this.ctx.outbox.firstPendingSeq();
      if (resent > 0) {
        // Head office lost records it had acknowledged: worth a line in the audit log.
        this.ctx.audit.append({ userId: null, role: null, action: 'sync.serverBehind', details: { fromSeq, resent, firstPending } });
      }
      return firstPending;
    });
  }

  pendingStats(): { pending: number; oldestPendingAt: string | null } {
    return this.ctx.outbox.stats();
  }

  cursor(stream: SyncStream): string | null {
    const row = this.db.prepare('SELECT cursor FROM sync_cursors WHERE stream = ?').get(stream) as { cursor: string } | undefined;
    return row?.cursor ?? null;
  }

  applyPullPage(stream: SyncStream, changes: readonly SyncChange[], nextCursor: string): void {
    // Head office can send a lost page again: its rows and cursor commit (or roll back) together.
    this.ctx.store.writeWithoutSync(() => {
      // Runs of product upserts (a snapshot page is mostly one) go to the catalogue together: a
      // run the till holds none of is written in a few statements instead of eight per product.
      let run: Product[] = [];
      // Issue 17: a page of customers (a first pull brings 100,000) is written in one statement too.
      let customers: ChainCustomer[] = [];
      const flush = () => {
        if (run.length > 0 && !this.ctx.catalogue.insertNewProducts(run)) for (const p of run) this.ctx.catalogue.upsertProduct(p);
        run = [];
        applyChainCustomers(this.db, customers);
        customers = [];
      };
      for (const change of changes) {
        if (change.entity === 'product' && change.data) run.push(change.data);
        else if (change.entity === 'customer' && change.data) customers.push(change.data);
        else {
          flush();
          this.apply(change);
        }
      }
      flush();
      this.db
        .prepare('INSERT INTO sync_cursors (stream, cursor) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET cursor = excluded.cursor')
        .run(stream, nextCursor);
    });
  }

  /**
   * Forgets the cursor so the next pull is a snapshot. The rows stay until the snapshot replaces
   * them: a till must be able to sell while it reloads.
   */
  resetStream(stream: SyncStream): void {
    this.ctx.store.write(() => this.db.prepare('DELETE FROM sync_cursors WHERE stream = ?').run(stream));
  }

  private apply(change: SyncChange): void {
    switch (change.entity) {
      case 'product':
        if (change.data) this.ctx.catalogue.upsertProduct(change.data);
        else this.db.prepare('UPDATE products SET active = 0 WHERE id = ?').run(change.key);
        return;
      case 'category':
        if (change.data) {
          this.db
            .prepare('INSERT INTO categories (id, name, parent_id) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id')
            .run(change.data.id, change.data.name, change.data.parentId);
        } else this.db.prepare('DELETE FROM categories WHERE id = ?').run(change.key);
        return;
      case 'store-price': {
        const [storeId, variantId] = change.key.split(':');
        if (storeId !== this.ctx.storeId || !variantId) return;
        this.ctx.catalogue.setStorePrice(variantId, change.data ? change.data.priceCents : null);
        return;
      }
      case 'user': {
        // Stored hashes are sealed (auth/user-service.ts): compare the plain hash inside.
        const before = this.db.prepare('SELECT role, cassa_unseal_pin(pin_hash) AS pin_hash, active FROM users WHERE id = ?').get(change.key) as
          | { role: string; pin_hash: string; active: number }
          | undefined;
        if (change.data) {
          this.db
            .prepare(
              `INSERT INTO users (id, name, role, pin_hash, active) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, pin_hash = excluded.pin_hash, active = excluded.active`,
            )
            .run(change.data.id, change.data.name, change.data.role, change.data.pinHash, change.data.active ? 1 : 0);
        } else {
          // Removed, or limited to other stores: the PIN hash goes too, not only the login.
          this.db.prepare("UPDATE users SET active = 0, pin_hash = '' WHERE id = ?").run(change.key);
        }
        // A changed role or PIN, or a removed user, takes effect now, not at the next login.
        const after = change.data ? { role: change.data.role, pin_hash: change.data.pinHash, active: change.data.active ? 1 : 0 } : null;
        if (before && (!after || before.role !== after.role || before.pin_hash !== after.pin_hash || before.active !== after.active)) {
          this.sessions.endAllFor(change.key);
        }
        return;
      }
      case 'store':
        if (change.data && change.data.id === this.ctx.storeId) {
          this.ctx.settings.set('shop.name', change.data.name);
          this.ctx.settings.set('shop.address', JSON.stringify(change.data.addressLines));
          this.ctx.settings.set('shop.vatNumber', change.data.vatNumber);
          if (change.data.timeZone) this.ctx.settings.set('shop.timeZone', change.data.timeZone);
        }
        return;
      case 'setting': {
        const scoped = change.key.includes(':');
        const [scope, key] = scoped ? (change.key.split(/:(.*)/s) as [string, string]) : [null, change.key];
        if (scope !== null && scope !== this.ctx.storeId) return;
        const metaKey = settingKeys[key];
        if (!metaKey) return;
        // This store's own value wins over the organisation's.
        if (scope === null && this.ctx.settings.get(`scope.${metaKey}`) === 'store') return;
        if (change.data) {
          const value = change.data.value;
          this.ctx.settings.set(metaKey, typeof value === 'string' ? value : JSON.stringify(value));
          this.ctx.settings.set(`scope.${metaKey}`, scope === null ? 'organisation' : 'store');
        } else {
          this.db.prepare('DELETE FROM meta WHERE key IN (?, ?)').run(metaKey, `scope.${metaKey}`);
        }
        return;
      }
      case 'customer':
        // Issue 17: rows are written by the page (applyChainCustomers); a tombstone is ignored,
        // since past sales keep their customer.
        if (change.data) applyChainCustomers(this.db, [change.data]);
        return;
      case 'ledger-account':
        // Issue 17: head office's word on an account; the till adds its own entries since (ledger.ts).
        this.ledger.applyAccount(change.key, change.data);
        return;
      case 'stock-transfer':
        // Stock across stores (issue 17): head office sends a store's transfers to its tills only.
        if (change.data && change.data.toStoreId === this.ctx.storeId) {
          this.db
            .prepare(
              `INSERT INTO incoming_transfers (id, status, data, created_at) VALUES (?, ?, ?, ?)
               ON CONFLICT (id) DO UPDATE SET status = excluded.status, data = excluded.data, created_at = excluded.created_at`,
            )
            .run(change.key, change.data.status, JSON.stringify(change.data), change.data.createdAt);
        } else {
          this.db.prepare('DELETE FROM incoming_transfers WHERE id = ?').run(change.key);
        }
        return;
      case 'store-stock':
        // Issue 18: what head office booked at this store and holds for online orders; a tombstone
        // (the variant no longer has any) removes the row, so the till's own level shows alone.
        applyStoreStockChange(this.db, this.ctx.storeId, change.key, change.data);
        return;
    }
  }
}
