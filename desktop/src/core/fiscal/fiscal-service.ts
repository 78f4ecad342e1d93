/**
 * @module
 * The till's fiscal device as one service (issue 16): its connection setting, the department
 * table, the queue's state for the screens, retries, the manager's record of a document issued
 * by hand, the device's pre-check of a return, and the X and Z. `configured` is false on a till
 * without a device, and then nothing here changes a sale (issue 16 item 10).
 */
import type { FiscalDevice } from '@cassa/drivers/portable';
import { parseFiscalConnection } from '@cassa/drivers/portable';
import type {
  CatalogueItem,
  Department,
  FiscalClosure,
  FiscalConnectionView,
  FiscalDocument,
  FiscalDocumentRecord,
  FiscalReference,
  FiscalStatus,
  FiscalStatusView,
  FiscalZView,
  ShiftReport,
} from '@cassa/shared';
import { CassaError, DEFAULT_TIME_ZONE, departmentTableSchema, fiscalDateSchema, fiscalReferenceSchema, fiscalTimeSchema } from '@cassa/shared';
import type { UserService } from '../auth/user-service';
import type { Actor, TillContext } from '../till-context';
import type { FiscalClosures } from './fiscal-closures';
import { deviceRefusal } from './fiscal-closures';
import { recordIssuedDocument } from './fiscal-documents';
import type { FiscalQueue, FiscalQueueState } from './fiscal-queue';
import type { FiscalStore } from './fiscal-store';
import { documentOfJob } from './fiscal-store';
import { daysSinceClosure, refuseWithoutDepartment, zView } from './fiscal-office';

type Override = { userId: string; pin: string } | undefined;

/** The saved connection string (Back office → Devices); `CASSA_FISCAL` overrides it for a run. */
export const FISCAL_CONNECTION_KEY = 'device.fiscal';

/** The connection for this run: the environment's when set (even empty: "none"), else the saved one; null for none. */
export function fiscalConnectionFor(saved: string | null, env: string | undefined): string | null {
  const value = (env !== undefined ? env : saved ?? '').trim();
  return value === '' || value === 'none' ? null : value;
}

export interface FiscalState extends FiscalQueueState {
  readonly configured: boolean;
}

/** The connection this run uses: null for none; `fromEnvironment` when `CASSA_FISCAL` chose it. */
export interface FiscalConnectionInUse {
  readonly connection: string | null;
  readonly fromEnvironment: boolean;
}

/** A document a manager typed in for a sale whose document the device issued without the till hearing back, or by hand. */
export interface ManualFiscalDocument extends FiscalReference {
  readonly time: string;
}

export class FiscalService {
  constructor(
    private readonly ctx: TillContext,
    private readonly store: FiscalStore,
    private readonly users: UserService,
    private readonly closures: FiscalClosures,
    private readonly device: FiscalDevice | null,
    private readonly queue: FiscalQueue | null,
    private readonly inUse: FiscalConnectionInUse = { connection: null, fromEnvironment: false },
    /** The shop's time zone (read when used: head office may change it). */
    private readonly timeZone: () => string = () => DEFAULT_TIME_ZONE,
    /** Told after a change the queue does not see (a document typed in by hand): the screens' `fiscal.changed`. */
    private readonly onChange: () => void = () => undefined,
  ) {}

  get configured(): boolean {
    return this.device !== null;
  }

  /** The saved connection string ('' for none); takes effect at the next start. */
  savedConnection(): string {
    return this.ctx.settings.get(FISCAL_CONNECTION_KEY) ?? '';
  }

  setConnection(actor: Actor, connection: string, override: Override): void {
    const approver = this.users.authorise(actor, 'manager', override, 'Changing the fiscal device');
    const value = connection.trim();
    if (value !== '' && value !== 'none') {
      try {
        parseFiscalConnection(value);
      } catch (error) {
        throw new CassaError('VALIDATION', `fiscal: ${error instanceof Error ? error.message : String(error)}`, { field: 'fiscal' });
      }
    }
    this.ctx.store.write(() => {
      this.ctx.settings.set(FISCAL_CONNECTION_KEY, value);
      this.ctx.audit.append({ userId: actor.userId, role: actor.role, action: 'fiscal.setConnection', details: { connection: value, approvedBy: approver.userId } });
    });
  }

  /** Saved, in use, and whether the saved one waits for a restart (never while `CASSA_FISCAL` decides). */
  connectionView(): FiscalConnectionView {
    const saved = this.savedConnection();
    const savedConnection = fiscalConnectionFor(saved, undefined);
    return {
      saved,
      inUse: this.inUse.connection,
      fromEnvironment: this.inUse.fromEnvironment,
      restartRequired: !this.inUse.fromEnvironment && savedConnection !== this.inUse.connection,
    };
  }

  departments(): Department[] {
    return this.store.departments();
  }

  /**
   * The scan-time rule: while a device is set, a product whose VAT rate or nature has no
   * department is refused when it is scanned or added, not at payment. Without a device, nothing.
   */
  refuseUnsellable(item: CatalogueItem): void {
    if (this.device) refuseWithoutDepartment(item, this.store.departments());
  }

  /** Asks the device how it is now; with the days since the last Z and the sales still waiting. */
  async statusView(): Promise<FiscalStatusView> {
    if (this.queue) await this.queue.refreshStatus();
    const state = this.state();
    return {
      configured: state.configured,
      status: state.status,
      statusAt: state.statusAt,
      statusFailure: state.statusFailure,
      daysSinceClosure: daysSinceClosure(this.ctx, this.store, this.timeZone()),
      documentsWaiting: state.jobs.length,
    };
  }

  /** The device's Z of a shift with the day's totals per VAT; null when the shift closed without one. */
  zView(shiftId: string): FiscalZView | null {
    const closure = this.closures.zClosureOf(shiftId);
    return closure ? zView(this.store, closure, this.store.departments()) : null;
  }

  /** Replaces the department table; it must say what the device holds (a technician programmed it). */
  setDepartments(actor: Actor, table: readonly Department[], override: Override): Department[] {
    const approver = this.users.authorise(actor, 'manager', override, 'Changing the department table');
    const parsed = departmentTableSchema.safeParse(table);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CassaError('VALIDATION', `departments: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`, { field: 'departments' });
    }
    return this.ctx.store.write(() => {
      this.store.replaceDepartments(parsed.data);
      this.ctx.audit.append({ userId: actor.userId, role: actor.role, action: 'fiscal.setDepartments', details: { departments: parsed.data, approvedBy: approver.userId } });
      return this.store.departments();
    });
  }

  /** The table the device itself reports, where its brand can say; null where it cannot. */
  async departmentsFromDevice(): Promise<Department[] | null> {
    const device = this.requireDevice();
    try {
      return await device.departments();
    } catch (error) {
      throw deviceRefusal(error);
    }
  }

  state(): FiscalState {
    return this.queue ? { configured: true, ...this.queue.state() } : { configured: false, jobs: [], status: null, statusAt: null, statusFailure: null };
  }

  /** Sends blocked documents again (each uncertain one checked first); resolves when the queue is idle. */
  async retry(): Promise<FiscalState> {
    await this.queue?.retry();
    return this.state();
  }

  /** Resolves once the queue has nothing it can send (every job issued, or the oldest blocked). */
  async idle(): Promise<void> {
    await this.queue?.idle();
  }

  /** Reads the device's status; a change from what head office last heard leaves as a `fiscal-status` record. */
  async refreshStatus(): Promise<FiscalStatus | null> {
    if (!this.queue) return null;
    // The queue tells head office of a changed status (setUpFiscal's onStatus); a device that did not
    // answer is the till's own news (statusFailure), not the device's.
    return this.queue.refreshStatus();
  }

  /** The document this till knows for a sale (issued, recovered or typed in), or null. */
  documentOfSale(saleId: string): FiscalDocument | null {
    const job = this.store.jobOfSale(saleId);
    return job ? documentOfJob(job) : null;
  }

  /** A sale's document, and whether one is still on its way (a job not issued yet). */
  documentStateOfSale(saleId: string): { document: FiscalDocument | null; waiting: boolean } {
    const job = this.store.jobOfSale(saleId);
    const document = job ? documentOfJob(job) : null;
    return { document, waiting: job !== null && document === null };
  }

  /** The device's pre-check of a return or void of `original`: null where its brand has none. */
  async checkReference(kind: 'return' | 'void', original: FiscalReference): Promise<boolean | null> {
    const device = this.requireDevice();
    try {
      return await device.checkReference(kind, fiscalReferenceSchema.parse(original));
    } catch (error) {
      throw deviceRefusal(error);
    }
  }

  /**
   * A manager records that a blocked sale's document was issued by hand (or found on the device's
   * journal), typing its numbers in; audited, and it leaves for head office like any document.
   */
  recordManualDocument(actor: Actor, jobId: string, typed: ManualFiscalDocument, override: Override): FiscalDocumentRecord {
    const approver = this.users.authorise(actor, 'manager', override, 'Recording a document issued by hand');
    const reference = fiscalReferenceSchema.safeParse(typed);
    const time = fiscalTimeSchema.safeParse(typed.time);
    if (!reference.success || !time.success || !fiscalDateSchema.safeParse(typed.date).success) {
      throw new CassaError('VALIDATION', 'A document is its serial (11 letters and digits), Z, number, date (YYYY-MM-DD) and time (HH:MM)', { field: 'document' });
    }
    const record = this.ctx.store.write(() => {
      const job = this.store.job(jobId);
      if (!job || job.state !== 'blocked') {
        throw new CassaError('CONFLICT', `Fiscal job ${jobId} is not blocked`, { reason: 'fiscal-manual-mismatch' });
      }
      const document: FiscalDocument = { ...reference.data, time: time.data, amountCents: job.total_cents };
      const record = recordIssuedDocument(this.ctx, this.store, job, document, 'manual', approver.userId);
      this.ctx.audit.append({
        userId: actor.userId,
        role: actor.role,
        action: 'fiscal.manualDocument',
        details: { jobId, saleId: job.sale_id, failure: job.failure, document: { ...document }, approvedBy: approver.userId },
      });
      return record;
    });
    this.onChange();
    return record;
  }

  /**
   * The till's Z close with the device's (see FiscalClosures). After a Z the device's status is
   * read again, so head office hears of the new closure date and the file now waiting to be sent.
   */
  async closeShift(actor: Actor, denominations: Record<string, number>, override: Override): Promise<ShiftReport> {
    const report = await this.closures.closeShift(actor, denominations, override);
    if (this.queue) await this.refreshStatus();
    return report;
  }

  xReading(): Promise<FiscalClosure> {
    return this.closures.xReading();
  }

  zClosureOf(shiftId: string): FiscalClosure | null {
    return this.closures.zClosureOf(shiftId);
  }

  private requireDevice(): FiscalDevice {
    if (!this.device) throw new CassaError('DEVICE_UNAVAILABLE', 'No fiscal device is set on this register');
    return this.device;
  }
}
