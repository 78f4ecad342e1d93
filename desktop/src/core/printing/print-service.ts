/**
 * @module
 * The receipt print queue, persisted in SQLite. A job moves queued → printing → printed. If the
 * printer was offline before any byte went out, the job goes back to queued and is retried when
 * the printer returns. If the link broke after bytes went out, or the till died mid-job, the job
 * becomes `uncertain`: the driver never resends it by itself, because a second original receipt
 * is worse than none; the cashier reprints it explicitly, marked COPIA / COPY.
 */
import type { PrinterProfile, ReceiptLedger } from '@cassa/drivers/portable';
import { encodeTestReceipt, layoutGiftCardSlip, layoutReceipt, layoutReport } from '@cassa/drivers/portable';
import type { FiscalZView, ReceiptView, SaleRecord, ShiftReport } from '@cassa/shared';
import { CassaError, formatDocumentNumber } from '@cassa/shared';
import type { TillContext } from '../till-context';
import { localDateTime, receiptFromSale } from './receipt-from-sale';
import { receiptViewOf } from './receipt-view';
import { reportFromShift } from './shift-report-print';
import type { Db } from '../store/database';
import { blobText, utf8Bytes } from '../portable/bytes';

/** The line a till receipt carries when an RT issues the documento commerciale. */
export const NOT_FISCAL = 'Documento non fiscale';

export type PrintOutcome = 'printed' | 'failed-before-send' | 'failed-partially-sent';
export type PrinterState = 'ready' | 'offline' | 'error' | 'absent';

/** What the core needs of a receipt printer; adapters wrap the drivers' devices. */
export interface PrinterPort {
  readonly connection: string;
  readonly profile: PrinterProfile;
  state(): { state: PrinterState; detail: string | null; drawerOpen?: boolean | null };
  print(jobId: string, bytes: Uint8Array): Promise<PrintOutcome>;
  openDrawer(): Promise<void>;
  /** Called whenever the printer's state changes; returns an unsubscribe. */
  onStateChange(listener: () => void): () => void;
  /** The last printed receipt as text and PNG, where the printer is virtual. */
  readonly preview: (() => { text: string; pngBase64: string } | null) | undefined;
  close(): Promise<void>;
}

export interface PrintJobView {
  readonly id: string;
  readonly saleId: string | null;
  readonly copy: boolean;
  readonly status: 'queued' | 'printing' | 'printed' | 'failed' | 'uncertain';
  readonly attempts: number;
  readonly lastError: string | null;
}

export class PrintService {
  private running: Promise<void> | null = null;
  private again = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ctx: TillContext,
    private readonly printer: PrinterPort,
    private readonly options: {
      timeZone: string;
      /** The X or Z report of a shift, for printing it (the shift service's). */
      shiftReport?: (shiftId: string, kind: 'X' | 'Z') => ShiftReport;
      /** The fiscal device's Z kept with a shift, printed under the till's Z (issue 16); null without one. */
      fiscalZ?: (shiftId: string) => FiscalZView | null;
      /** An Italian fiscal device is set: the till's receipts are then courtesy copies, marked non-fiscal. */
      fiscalDevice?: boolean;
      /** Issue 17: what a document did to the chain's ledgers (gift-card codes, vouchers used, points), for its receipt. */
      ledgerOfSale?: (saleId: string) => ReceiptLedger | null;
    },
  ) {
    // Jobs caught mid-print by a crash: their bytes may be on paper already.
    ctx.store.db
      .prepare("UPDATE print_jobs SET status = 'uncertain', last_error = 'The till stopped while printing', updated_at = ? WHERE status = 'printing'")
      .run(ctx.clock.now().toISOString());
    this.unsubscribe = printer.onStateChange(() => {
      this.ctx.events.emit('printer.status', this.status());
      if (printer.state().state === 'ready') this.kick();
    });
  }

  preview(): { text: string; pngBase64: string } | null {
    return this.printer.preview?.() ?? null;
  }

  /** Kicks the cash drawer through the printer, audited: a drawer opened without a sale is sensitive. */
  async openDrawer(actor: { userId: string; role: 'cashier' | 'manager' | 'admin' }, reason: string): Promise<void> {
    this.ctx.store.write(() => this.ctx.audit.append({ userId: actor.userId, role: actor.role, action: 'drawer.open', details: { reason } }));
    await this.printer.openDrawer();
  }

  /** The drawer opens by itself after a cash sale; a drawer that fails to open is shown, not fatal. */
  async kickDrawerAfterSale(): Promise<void> {
    if (this.printer.state().state !== 'ready') return;
    await this.printer.openDrawer().catch(() => undefined);
  }

  status() {
    const { state, detail, drawerOpen } = this.printer.state();
    const pending = this.ctx.store.db.prepare("SELECT count(*) AS n FROM print_jobs WHERE status IN ('queued', 'printing')").get() as { n: number };
    return { connection: this.printer.connection, state, detail, pendingJobs: pending.n, drawerOpen: drawerOpen ?? null };
  }

  job(id: string): PrintJobView | null {
    const row = this.ctx.store.db.prepare('SELECT id, sale_id, copy, status, attempts, last_error FROM print_jobs WHERE id = ?').get(id) as
      | { id: string; sale_id: string | null; copy: number; status: PrintJobView['status']; attempts: number; last_error: string | null }
      | undefined;
    return row ? { id: row.id, saleId: row.sale_id, copy: row.copy === 1, status: row.status, attempts: row.attempts, lastError: row.last_error } : null;
  }

  /** Queues a reprint of a sale's receipt, marked as a copy. */
  reprint(saleId: string): string {
    const exists = this.ctx.store.db.prepare('SELECT 1 FROM sales WHERE id = ?').get(saleId);
    if (!exists) throw new CassaError('NOT_FOUND', `No sale ${saleId}`);
    const id = this.ctx.newId();
    const now = this.ctx.clock.now().toISOString();
    this.ctx.store.write(() =>
      this.ctx.store.db
        .prepare("INSERT INTO print_jobs (id, kind, sale_id, copy, status, payload, created_at, updated_at) VALUES (?, 'receipt', ?, 1, 'queued', ?, ?, ?)")
        .run(id, saleId, utf8Bytes(JSON.stringify({ saleId })), now, now),
    );
    this.kick();
    return id;
  }

  /** Queues the technician's test page (euro sign, accents, VAT summary, barcode, QR). */
  testPrint(): string {
    const id = this.ctx.newId();
    const now = this.ctx.clock.now().toISOString();
    this.ctx.store.write(() =>
      this.ctx.store.db
        .prepare("INSERT INTO print_jobs (id, kind, sale_id, copy, status, payload, created_at, updated_at) VALUES (?, 'test', NULL, 0, 'queued', ?, ?, ?)")
        .run(id, utf8Bytes('{}'), now, now),
    );
    this.kick();
    return id;
  }

  /**
   * Queues a shift's X or Z report, printed like a receipt (same queue, same uncertain rule). The
   * report is computed when it prints; a closed shift's figures no longer change.
   */
  queueShiftReport(shiftId: string, kind: 'X' | 'Z'): string {
    const id = this.ctx.store.write(() => insertShiftReportJob(this.ctx.store.db, this.ctx.newId(), shiftId, kind, this.ctx.clock.now().toISOString()));
    this.kick();
    return id;
  }

  /** Starts draining the queue if it is not already; safe to call after every commit. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Resolves when the queue has nothing it can print right now. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.printer.state().state !== 'ready') return;
      const job = this.ctx.store.db
        .prepare("SELECT id, kind, sale_id, copy FROM print_jobs WHERE status = 'queued' ORDER BY rowid LIMIT 1")
        .get() as { id: string; kind: 'receipt' | 'test' | 'shift-report'; sale_id: string; copy: number } | undefined;
      if (!job) return;
      const bytes =
        job.kind === 'test'
          ? encodeTestReceipt(this.printer.profile)
          : job.kind === 'shift-report'
            ? this.renderShiftReport(job.id)
            : this.isGiftCardSlip(job.id)
              ? this.renderGiftCardSlip(job.sale_id) // Issue 17
              : this.render(job.sale_id, job.copy === 1);
      this.mark(job.id, 'printing', null, true);
      let outcome: PrintOutcome;
      let error: string | null = null;
      try {
        outcome = await this.printer.print(job.id, bytes);
      } catch (e) {
        outcome = 'failed-partially-sent';
        error = e instanceof Error ? e.message : String(e);
      }
      if (outcome === 'printed') this.mark(job.id, 'printed', null, false);
      else if (outcome === 'failed-before-send') {
        this.mark(job.id, 'queued', error ?? `Printer ${this.printer.state().state}`, false);
        this.ctx.events.emit('printer.status', this.status());
        return;
      } else {
        this.mark(job.id, 'uncertain', error ?? 'The printer stopped in the middle of the receipt: reprint it as a copy', false);
      }
      this.ctx.events.emit('printer.status', this.status());
    }
  }

  private mark(id: string, status: PrintJobView['status'], error: string | null, attempt: boolean): void {
    this.ctx.store.write(() =>
      this.ctx.store.db
        .prepare('UPDATE print_jobs SET status = ?, last_error = ?, attempts = attempts + ?, updated_at = ? WHERE id = ?')
        .run(status, error, attempt ? 1 : 0, this.ctx.clock.now().toISOString(), id),
    );
  }

  /** Issue 20: the sale's receipt as this till's printer would print it, for a screen and for sharing. */
  receiptView(saleId: string): ReceiptView {
    return receiptViewOf(saleId, this.render(saleId, false), this.printer.profile);
  }

  render(saleId: string, copy: boolean): Uint8Array {
    const row = this.ctx.store.db.prepare('SELECT record FROM sales WHERE id = ?').get(saleId) as { record: string } | undefined;
    if (!row) throw new CassaError('NOT_FOUND', `No sale ${saleId}`);
    const sale = JSON.parse(row.record) as SaleRecord;
    const cashier = this.ctx.store.db.prepare('SELECT name FROM users WHERE id = ?').get(sale.cashierId) as { name: string } | undefined;
    const units = new Map<string, 'piece' | 'kg' | 'm'>();
    for (const line of sale.lines) {
      const unit = this.ctx.catalogue.findVariant(line.variantId)?.unit;
      if (unit) units.set(line.variantId, unit);
    }
    const footer = JSON.parse(this.ctx.settings.get('receipt.footer') ?? '["Grazie e arrivederci!"]') as string[];
    // With an RT the documento commerciale is the fiscal paper; this one must say it is not.
    if (this.options.fiscalDevice) footer.push(NOT_FISCAL);
    const originalRow = sale.originalSaleId
      ? (this.ctx.store.db.prepare('SELECT record FROM sales WHERE id = ?').get(sale.originalSaleId) as { record: string } | undefined)
      : undefined;
    const doc = receiptFromSale(sale, {
      original: originalRow ? (JSON.parse(originalRow.record) as SaleRecord) : null,
      shop: this.ctx.settings.shop(),
      cashierName: cashier?.name ?? sale.cashierId,
      units,
      timeZone: this.options.timeZone,
      footerLines: footer,
      copy,
      ledger: this.options.ledgerOfSale?.(saleId) ?? null,
    });
    return layoutReceipt(doc, this.printer.profile);
  }

  // Issue 17: with an RT the till prints no receipt of its own, so a gift card's code gets a slip.
  private isGiftCardSlip(jobId: string): boolean {
    const row = this.ctx.store.db.prepare('SELECT payload FROM print_jobs WHERE id = ?').get(jobId) as { payload: Uint8Array | null } | undefined;
    if (!row?.payload) return false;
    try {
      return (JSON.parse(blobText(row.payload)) as { variant?: string }).variant === 'gift-card-slip';
    } catch {
      return false;
    }
  }

  private renderGiftCardSlip(saleId: string): Uint8Array {
    const row = this.ctx.store.db.prepare('SELECT record FROM sales WHERE id = ?').get(saleId) as { record: string } | undefined;
    if (!row) throw new CassaError('NOT_FOUND', `No sale ${saleId}`);
    const sale = JSON.parse(row.record) as SaleRecord;
    return layoutGiftCardSlip(
      {
        shopName: this.ctx.settings.shop().shopName,
        receiptNumber: formatDocumentNumber(sale.zNumber, sale.documentNumber),
        dateTime: localDateTime(sale.completedAt, this.options.timeZone),
        giftCards: this.options.ledgerOfSale?.(saleId)?.giftCards ?? [],
        footerLines: ['Spendibile in tutti i negozi della catena', NOT_FISCAL],
      },
      this.printer.profile,
    );
  }

  renderShiftReport(jobId: string): Uint8Array {
    const row = this.ctx.store.db.prepare('SELECT payload FROM print_jobs WHERE id = ?').get(jobId) as { payload: Uint8Array };
    const { shiftId, kind } = JSON.parse(blobText(row.payload)) as { shiftId: string; kind: 'X' | 'Z' };
    if (!this.options.shiftReport) throw new CassaError('INTERNAL', 'This till cannot compute shift reports');
    const doc = reportFromShift(this.options.shiftReport(shiftId, kind), {
      shop: this.ctx.settings.shop(),
      timeZone: this.options.timeZone,
      language: this.ctx.settings.get('ui.locale') === 'en' ? 'en' : 'it',
      printedAt: this.ctx.clock.now().toISOString(),
      fiscal: kind === 'Z' ? (this.options.fiscalZ?.(shiftId) ?? null) : null,
    });
    return layoutReport(doc, this.printer.profile);
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.idle();
  }
}

/** Inserts a shift report's print job; call inside the transaction that makes the report final (the Z close). */
export function insertShiftReportJob(db: Db, id: string, shiftId: string, kind: 'X' | 'Z', now: string): string {
  db.prepare("INSERT INTO print_jobs (id, kind, sale_id, copy, status, payload, created_at, updated_at) VALUES (?, 'shift-report', NULL, 0, 'queued', ?, ?, ?)").run(
    id,
    utf8Bytes(JSON.stringify({ shiftId, kind })),
    now,
    now,
  );
  return id;
}
