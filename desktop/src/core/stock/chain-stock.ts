/**
 * @module
 * Stock across stores at the till (issue 17): a product's on hand here and at the chain's other
 * stores, the transfers head office sends to this store, received by scanning, and the idle lock.
 *
 * Asking head office is an action with a short timeout, never inside the command queue: a sale
 * never waits for it. Its last answer per variant is kept (`stock_elsewhere`), so an offline till
 * shows it with its age. Receiving a transfer books `transfer-in` movements (reference = the
 * transfer id) for what was counted, in one transaction with the outbox; head office closes the
 * transfer when they arrive and books nothing in for it (sync-server `receiveTransfersAtTill`).
 */
import { CassaError, incomingTransferSchema } from '@cassa/shared';
import type { IdleLockView, IncomingTransfer, IncomingTransferView, StockElsewhereView, TransferReceiptInput } from '@cassa/shared';
import { defaultTimers } from '../sync/sync-client-error';
import { createSyncTransport } from '../sync/sync-transport';
import type { SyncPairing } from '../sync-outbox/sync-pairing';
import type { TillContext } from '../till-context';
import type { StockLedger } from './stock-ledger';
import { storeStockOf, tillStockFigures } from './store-stock';

/** How long the till waits for head office's figures before showing the ones it kept. */
export const STOCK_ELSEWHERE_TIMEOUT_MS = 1_500;
/** Received or cancelled transfers stay listed this long after they arrived. */
const RECENT_TRANSFERS = 20;
export const IDLE_LOCK_SETTING = 'till.idleLockMinutes';

type Actor = { readonly userId: string; readonly role: 'cashier' | 'manager' | 'admin' };
type OtherStores = NonNullable<StockElsewhereView['stores']>;

export class ChainStock {
  constructor(
    private readonly ctx: TillContext,
    private readonly stock: StockLedger,
    private readonly pairing: SyncPairing,
    private readonly fetchImpl: typeof fetch,
  ) {}

  /** On hand here, and at every store as head office says now or last said. Never throws for the network. */
  async elsewhere(variantId: string): Promise<StockElsewhereView> {
    // Issue 18: here is the till's own level plus head office's part, less what online orders hold.
    const headOffice = storeStockOf(this.ctx.store.db, variantId);
    const figures = tillStockFigures(this.stock.onHand(variantId), headOffice.headOfficeMilli, headOffice.reservedMilli);
    const here = { hereMilli: figures.onHandMilli, hereReservedMilli: figures.reservedMilli, hereAvailableMilli: figures.availableMilli };
    const live = await this.ask(variantId);
    if (live) {
      const stores = this.mark(live.stores);
      this.ctx.store.write(() =>
        this.ctx.store.db
          .prepare(
            `INSERT INTO stock_elsewhere (variant_id, data, fetched_at) VALUES (?, ?, ?)
             ON CONFLICT (variant_id) DO UPDATE SET data = excluded.data, fetched_at = excluded.fetched_at`,
          )
          .run(variantId, JSON.stringify(live.stores), live.asOf),
      );
      return { variantId, ...here, stores, asOf: live.asOf, live: true };
    }
    const kept = this.ctx.store.db.prepare('SELECT data, fetched_at FROM stock_elsewhere WHERE variant_id = ?').get(variantId) as
      | { data: string; fetched_at: string }
      | undefined;
    if (!kept) return { variantId, ...here, stores: null, asOf: null, live: false };
    return { variantId, ...here, stores: this.mark(JSON.parse(kept.data) as Omit<OtherStores[number], 'here'>[]), asOf: kept.fetched_at, live: false };
  }

  private mark(stores: readonly Omit<OtherStores[number], 'here'>[]): OtherStores {
    return stores.map((s) => ({ ...s, here: s.storeId === this.ctx.storeId }));
  }

  /** Head office's answer, or null when it is not paired, not reachable in time, or refuses. */
  private async ask(variantId: string) {
    const paired = this.pairing.current();
    if (!paired) return null;
    const transport = createSyncTransport({
      serverUrl: paired.serverUrl,
      deviceToken: paired.deviceToken,
      fetch: this.fetchImpl,
      timers: defaultTimers,
      requestTimeoutMs: STOCK_ELSEWHERE_TIMEOUT_MS,
    });
    try {
      return await transport.call('stock.elsewhere', { variantId });
    } catch {
      return null;
    }
  }

  /** In transit first (oldest first), then the latest received or cancelled. */
  incoming(): IncomingTransferView[] {
    const rows = this.ctx.store.db
      .prepare(
        `SELECT t.data, r.received_at FROM incoming_transfers t LEFT JOIN transfer_receipts r ON r.transfer_id = t.id
         WHERE t.status = 'in-transit' AND r.received_at IS NULL
         UNION ALL
         SELECT * FROM (SELECT t.data, r.received_at FROM incoming_transfers t LEFT JOIN transfer_receipts r ON r.transfer_id = t.id
           WHERE t.status <> 'in-transit' OR r.received_at IS NOT NULL ORDER BY t.created_at DESC LIMIT ${RECENT_TRANSFERS})`,
      )
      .all() as { data: string; received_at: string | null }[];
    const views = rows.map((r) => ({ ...incomingTransferSchema.parse(JSON.parse(r.data)), receivedHereAt: r.received_at }));
    const open = views.filter((v) => v.status === 'in-transit' && v.receivedHereAt === null).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return [...open, ...views.filter((v) => !open.includes(v))];
  }

  private transfer(transferId: string): { transfer: IncomingTransfer; receivedHereAt: string | null } {
    const row = this.ctx.store.db
      .prepare('SELECT t.data, r.received_at FROM incoming_transfers t LEFT JOIN transfer_receipts r ON r.transfer_id = t.id WHERE t.id = ?')
      .get(transferId) as { data: string; received_at: string | null } | undefined;
    if (!row) throw new CassaError('NOT_FOUND', `No transfer ${transferId} on its way to this store`);
    return { transfer: incomingTransferSchema.parse(JSON.parse(row.data)), receivedHereAt: row.received_at };
  }

  /** The transfer line a scanned code is for; refused when the transfer holds no such item. */
  scan(transferId: string, code: string): { variantId: string; productName: string; sku: string } {
    const { transfer } = this.transfer(transferId);
    const item = this.ctx.catalogue.findByBarcode(code) ?? this.ctx.catalogue.findBySku(code) ?? null;
    const line = item ? transfer.lines.find((l) => l.variantId === item.variantId) : undefined;
    if (!line) throw new CassaError('VALIDATION', `Item ${code} is not part of transfer ${transferId}`, { reason: 'transfer-unexpected-item', code });
    return { variantId: line.variantId, productName: line.productName, sku: line.sku };
  }

  /**
   * Books what was counted in. Refused when this till already received it, or head office's
   * latest word (as pulled) is that it was cancelled or received; offline, the till may not know
   * yet, and head office then sets it right when the movements arrive (nothing counted twice).
   */
  receive(actor: Actor, input: TransferReceiptInput): IncomingTransferView {
    return this.ctx.store.write(() => {
      const { transfer, receivedHereAt } = this.transfer(input.transferId);
      if (receivedHereAt !== null || transfer.status === 'received') {
        throw new CassaError('CONFLICT', `Transfer ${transfer.id} is already received`, { reason: 'transfer-already-received' });
      }
      if (transfer.status === 'cancelled') throw new CassaError('CONFLICT', `Transfer ${transfer.id} was cancelled`, { reason: 'transfer-cancelled' });
      const expected = new Set(transfer.lines.map((l) => l.variantId));
      const counted = new Map<string, number>();
      for (const line of input.lines) {
        if (!expected.has(line.variantId)) {
          throw new CassaError('VALIDATION', `Item ${line.variantId} is not part of transfer ${transfer.id}`, { reason: 'transfer-unexpected-item', code: line.variantId });
        }
        counted.set(line.variantId, (counted.get(line.variantId) ?? 0) + line.quantityMilli);
      }
      const lines = [...counted].filter(([, quantityMilli]) => quantityMilli > 0);
      if (lines.length === 0) throw new CassaError('VALIDATION', 'Nothing was counted', { reason: 'transfer-nothing-counted' });
      this.stock.recordAll(lines.map(([variantId, deltaMilli]) => ({ variantId, deltaMilli, reason: 'transfer-in', referenceId: transfer.id, userId: actor.userId })));
      const at = this.ctx.clock.now().toISOString();
      this.ctx.store.db.prepare('INSERT INTO transfer_receipts (transfer_id, user_id, received_at) VALUES (?, ?, ?)').run(transfer.id, actor.userId, at);
      const differences = transfer.lines
        .map((l) => ({ variantId: l.variantId, expectedMilli: l.quantityMilli, countedMilli: counted.get(l.variantId) ?? 0 }))
        .filter((d) => d.expectedMilli !== d.countedMilli);
      this.ctx.audit.append({ userId: actor.userId, role: actor.role, action: 'transfer.received', details: { transferId: transfer.id, differences } });
      return { ...transfer, receivedHereAt: at };
    });
  }

  idleLock(): IdleLockView {
    const value = Number(this.ctx.settings.get(IDLE_LOCK_SETTING) ?? '0');
    return { minutes: Number.isInteger(value) && value >= 0 && value <= 120 ? value : 0, fromHeadOffice: this.ctx.settings.fromHeadOffice(IDLE_LOCK_SETTING) };
  }

  setIdleLock(actor: Actor, minutes: number): IdleLockView {
    this.ctx.store.write(() => {
      if (this.ctx.settings.fromHeadOffice(IDLE_LOCK_SETTING)) {
        throw new CassaError('CONFLICT', 'Head office sets the idle lock for the chain', { reason: 'head-office-managed' });
      }
      this.ctx.settings.set(IDLE_LOCK_SETTING, String(minutes));
      this.ctx.audit.append({ userId: actor.userId, role: actor.role, action: 'settings.idleLock', details: { minutes } });
    });
    return this.idleLock();
  }
}
