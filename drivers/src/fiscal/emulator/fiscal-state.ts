/**
 * @module
 * The emulated RT's fiscal state, brand-neutral (fiscal-rt.md §5.2–5.3): serial, Z number,
 * document counter that restarts at each Z, the electronic journal, the day-open flag, the day's
 * totals per VAT class and per tender kind with returns (resi) and voids (annulli) kept apart, and
 * the daily files waiting to be sent. Every amount is integer cents. The brand endpoints translate
 * their wire formats into calls on this class; nothing here knows a wire format.
 */
import type { EmulatorClock } from './emulator-clock';
import { isoDate, isoTime } from './emulator-clock';
import { defaultDepartments } from './emulator-departments';
import type { DepartmentTable } from './emulator-departments';
import { lineAmountCents, vatInsideGross } from './emulator-money';
import { DeviceRefusal } from './emulator-refusal';

export type DocumentKind = 'sale' | 'return' | 'void';
/** `voucher`: a multi-use voucher redeemed (RCH 10 BUONI MULTIUSO, Custom's programmed voucher payment). */
export type TenderKind = 'cash' | 'cheque' | 'electronic' | 'ticket' | 'not-paid' | 'payment-discount' | 'voucher';

export interface JournalLine {
  readonly type: 'item' | 'adjustment';
  readonly description: string;
  readonly department: number;
  readonly vatKey: string;
  /** Items only: thousandths and cents; adjustments carry only their amount. */
  readonly quantityThousandths: number;
  readonly unitPriceCents: number;
  /** Positive for items and surcharges, negative for discounts. */
  readonly amountCents: number;
}

export interface JournalTender {
  readonly kind: TenderKind;
  /** What the tender paid, after change (cash handed back is taken off the cash tender). */
  readonly amountCents: number;
}

export interface DocumentReference {
  readonly serial: string;
  readonly z: number;
  readonly number: number;
  /** ISO date of the original, "2026-12-03". */
  readonly date: string;
}

export interface JournalDocument {
  readonly kind: DocumentKind;
  readonly z: number;
  readonly number: number;
  readonly date: string;
  readonly time: string;
  readonly at: number;
  readonly amountCents: number;
  readonly vatCents: number;
  readonly lines: readonly JournalLine[];
  readonly tenders: readonly JournalTender[];
  readonly changeCents: number;
  readonly reference?: DocumentReference;
  readonly lotteryCode?: string;
  readonly customerTaxId?: string;
}

/** A document being built from a request; nothing counts until `commit`. */
export interface DraftDocument {
  readonly kind: DocumentKind;
  readonly reference?: DocumentReference;
  readonly lines: JournalLine[];
  readonly tenders: JournalTender[];
  lotteryCode?: string;
}

export interface SplitTotals {
  sales: number;
  returns: number;
  voids: number;
}

export interface DayTotals {
  readonly vat: Record<string, SplitTotals>;
  readonly tenders: Partial<Record<TenderKind, SplitTotals>>;
}

export interface DailyFile {
  readonly z: number;
  readonly date: string;
  status: 'pending' | 'sent' | 'rejected';
}

export interface ClosureRecord {
  readonly z: number;
  readonly date: string;
  readonly time: string;
  readonly documents: number;
  /** Sales minus returns minus voids, all VAT classes. */
  readonly dailyAmountCents: number;
  readonly totals: DayTotals;
}

export interface FiscalStateOptions {
  readonly serial?: string;
  readonly clock: EmulatorClock;
  readonly departments?: DepartmentTable;
  /** The Z number of the working period at start (closures so far + 1). */
  readonly z?: number;
}

/** Serials that mean "no original" (fiscal-rt.md §1 Reso: fiskaltrust and iconic send eleven zeros). */
const unreferencedSerial = '00000000000';
const dayMs = 24 * 60 * 60 * 1000;
/** ASSUMPTION [U]: a file still unsent 12 days after its day counts as "old" (the legal sending window). */
const oldFileDays = 12;

/**
 * The largest document total: Epson's 1387 reply carries it in 9 digits of cents (fiskaltrust
 * LastEmittedDocStatus, fiscal-rt.md §1). A document that did not fit would make every later
 * "last document" reply unreadable, so the device refuses it before printing [U: the exact limit].
 */
const maxDocumentCents = 999_999_999;

const emptyTotals = (): DayTotals => ({ vat: {}, tenders: {} });
const split = (): SplitTotals => ({ sales: 0, returns: 0, voids: 0 });
const bucket = (kind: DocumentKind): keyof SplitTotals => (kind === 'sale' ? 'sales' : kind === 'return' ? 'returns' : 'voids');
const referenceKey = (z: number, number: number, date: string): string => `${date}/${z}/${number}`;

export class FiscalState {
  readonly serial: string;
  readonly departments: DepartmentTable;
  private readonly clock: EmulatorClock;
  z: number;
  private lastNumber = 0;
  private dayOpenedAt: number | null = null;
  private totals: DayTotals = emptyTotals();
  readonly journal: JournalDocument[] = [];
  readonly closures: ClosureRecord[] = [];
  readonly files: DailyFile[] = [];
  /** Cents returned so far against each original, keyed by date/Z/number. */
  private readonly returned = new Map<string, number>();
  private readonly voided = new Set<string>();
  /** A customer tax code set by directIO 1060/1061 for the next document. */
  pendingCustomerTaxId: string | undefined;

  constructor(options: FiscalStateOptions) {
    const serial = options.serial ?? '99MEY012345';
    if (!/^[0-9A-Z]{11}$/.test(serial)) throw new Error(`an RT serial is 11 letters or digits, got ${JSON.stringify(serial)}`);
    this.serial = serial;
    this.clock = options.clock;
    this.departments = options.departments ?? defaultDepartments;
    this.z = options.z ?? 1;
  }

  now(): number {
    return this.clock.now();
  }

  get dayOpen(): boolean {
    return this.dayOpenedAt !== null;
  }

  get documentsToday(): number {
    return this.lastNumber;
  }

  get lastDocument(): JournalDocument | undefined {
    return this.journal.at(-1);
  }

  /** 24 h have passed since the working period's first document: only a Z is accepted. */
  get closureNeeded(): boolean {
    return this.dayOpenedAt !== null && this.now() - this.dayOpenedAt >= dayMs;
  }

  /** The device's clock reads earlier than its last document or closure. */
  get clockBehind(): boolean {
    const lastAt = Math.max(this.journal.at(-1)?.at ?? -Infinity, this.lastClosureAt);
    return this.now() < lastAt;
  }

  private lastClosureAt = -Infinity;

  /** Builds an item line, checking its department; the amount is round-half-up(quantity × price). */
  itemLine(description: string, quantityThousandths: number, unitPriceCents: number, department: number): JournalLine {
    const vat = this.departments.get(department);
    if (!vat) throw new DeviceRefusal('department-unknown', `department ${department}`);
    const amountCents = lineAmountCents(quantityThousandths, unitPriceCents);
    return { type: 'item', description, department, vatKey: vat.key, quantityThousandths, unitPriceCents, amountCents };
  }

  /** A discount (negative) or surcharge (positive) on a department's VAT class. */
  adjustmentLine(description: string, amountCents: number, department: number): JournalLine {
    const vat = this.departments.get(department);
    if (!vat) throw new DeviceRefusal('department-unknown', `department ${department}`);
    return { type: 'adjustment', description, department, vatKey: vat.key, quantityThousandths: 0, unitPriceCents: 0, amountCents };
  }

  /** Refuses what the device itself would refuse before printing anything (faults are checked elsewhere). */
  assertCanEmit(): void {
    if (this.clockBehind) throw new DeviceRefusal('clock-behind', 'the clock is earlier than the last document');
    if (this.closureNeeded) throw new DeviceRefusal('closure-needed', '24 h since the first document of the period');
  }

  /**
   * The pre-check (directIO 9205, Custom checkOnly): may this document be returned or voided?
   * Returns the original when it is one of ours, undefined for an unreferenced or another device's
   * sale (which the device cannot verify: ASSUMPTION [U], returns are allowed, voids are not).
   */
  precheck(kind: 'return' | 'void', reference: DocumentReference): JournalDocument | undefined {
    const unreferenced = reference.serial === unreferencedSerial || reference.number === 0 || reference.number === 9999;
    if (reference.serial !== this.serial || unreferenced) {
      if (kind === 'void') throw new DeviceRefusal('unknown-document', 'a void needs a document of this device');
      return undefined;
    }
    const original = this.journal.find(
      (doc) => doc.kind === 'sale' && doc.z === reference.z && doc.number === reference.number && doc.date === reference.date,
    );
    if (!original) throw new DeviceRefusal('unknown-document', `${reference.z}-${reference.number} of ${reference.date}`);
    const key = referenceKey(original.z, original.number, original.date);
    if (this.voided.has(key)) throw new DeviceRefusal('already-voided');
    const returnedSoFar = this.returned.get(key) ?? 0;
    if (kind === 'void') {
      // ASSUMPTION [U]: a void is refused once the sale's working period has closed or its day has passed.
      if (original.date !== isoDate(this.now()) || original.z !== this.z) throw new DeviceRefusal('other-day');
      if (returnedSoFar > 0) throw new DeviceRefusal('exceeds-sold', 'already partly returned');
    } else if (returnedSoFar >= original.amountCents) {
      throw new DeviceRefusal('exceeds-sold', 'already fully returned');
    }
    return original;
  }

  /** Prints the document: numbers it, writes the journal and the day's totals. All checks first. */
  commit(draft: DraftDocument): JournalDocument {
    this.assertCanEmit();
    const original = draft.kind === 'sale' ? undefined : draft.reference && this.precheck(draft.kind, draft.reference);
    if (draft.kind !== 'sale' && !draft.reference) throw new DeviceRefusal('bad-request', 'a return or void needs its original');
    const lines = draft.kind === 'void' && original ? original.lines : draft.lines;
    if (lines.length === 0) throw new DeviceRefusal('bad-request', 'no lines');
    const amountCents = lines.reduce((sum, line) => sum + line.amountCents, 0);
    if (amountCents < 0) throw new DeviceRefusal('negative-total');
    if (amountCents > maxDocumentCents) throw new DeviceRefusal('bad-request', `a total of ${amountCents} cents does not fit the device's 9-digit amount`);
    if (draft.kind === 'return' && original) {
      const key = referenceKey(original.z, original.number, original.date);
      const left = original.amountCents - (this.returned.get(key) ?? 0);
      if (amountCents > left) throw new DeviceRefusal('exceeds-sold', `returning ${amountCents}, ${left} left`);
    }
    const { tenders, changeCents } = this.settle(draft, amountCents, original);
    const at = this.now();
    const doc: JournalDocument = {
      kind: draft.kind,
      z: this.z,
      number: this.lastNumber + 1,
      date: isoDate(at),
      time: isoTime(at),
      at,
      amountCents,
      vatCents: this.vatOf(lines),
      lines,
      tenders,
      changeCents,
      ...(draft.reference ? { reference: draft.reference } : {}),
      ...(draft.lotteryCode ? { lotteryCode: draft.lotteryCode } : {}),
      ...(this.pendingCustomerTaxId ? { customerTaxId: this.pendingCustomerTaxId } : {}),
    };
    this.record(doc, original);
    return doc;
  }

  /**
   * Tenders after change. A sale must be paid in full; only cash gives change. A return or void
   * without tenders refunds its amount in cash (ASSUMPTION [U]: MS sends a credit note's total with
   * only `operator`); a void repeats the original's tenders.
   */
  private settle(draft: DraftDocument, amountCents: number, original: JournalDocument | undefined): { tenders: JournalTender[]; changeCents: number } {
    if (draft.kind === 'void' && original) return { tenders: [...original.tenders], changeCents: 0 };
    if (draft.tenders.length === 0) {
      if (draft.kind === 'sale') throw new DeviceRefusal('not-paid', 'no payment');
      return { tenders: [{ kind: 'cash', amountCents }], changeCents: 0 };
    }
    const paid = draft.tenders.reduce((sum, tender) => sum + tender.amountCents, 0);
    if (paid < amountCents) throw new DeviceRefusal('not-paid', `paid ${paid} of ${amountCents}`);
    let change = paid - amountCents;
    const cash = draft.tenders.reduce((sum, tender) => sum + (tender.kind === 'cash' ? tender.amountCents : 0), 0);
    if (change > cash) throw new DeviceRefusal('bad-request', 'change larger than the cash given');
    const changeCents = change;
    const tenders = draft.tenders.map((tender) => {
      if (tender.kind !== 'cash' || change === 0) return tender;
      const taken = Math.min(change, tender.amountCents);
      change -= taken;
      return { kind: tender.kind, amountCents: tender.amountCents - taken };
    });
    return { tenders: tenders.filter((tender) => tender.amountCents > 0 || tenders.length === 1), changeCents };
  }

  private vatOf(lines: readonly JournalLine[]): number {
    const perClass = new Map<number, number>();
    for (const line of lines) {
      const rate = this.departments.get(line.department)?.rateBasisPoints ?? 0;
      perClass.set(rate, (perClass.get(rate) ?? 0) + line.amountCents);
    }
    let vat = 0;
    for (const [rate, gross] of perClass) vat += vatInsideGross(Math.max(gross, 0), rate);
    return vat;
  }

  private record(doc: JournalDocument, original: JournalDocument | undefined): void {
    this.journal.push(doc);
    this.lastNumber = doc.number;
    this.dayOpenedAt ??= doc.at;
    this.pendingCustomerTaxId = undefined;
    const into = bucket(doc.kind);
    for (const line of doc.lines) (this.totals.vat[line.vatKey] ??= split())[into] += line.amountCents;
    for (const tender of doc.tenders) (this.totals.tenders[tender.kind] ??= split())[into] += tender.amountCents;
    if (!original) return;
    const key = referenceKey(original.z, original.number, original.date);
    if (doc.kind === 'void') this.voided.add(key);
    else this.returned.set(key, (this.returned.get(key) ?? 0) + doc.amountCents);
  }

  /** The day's totals so far (a copy). */
  dayTotals(): DayTotals {
    return structuredClone(this.totals);
  }

  /** Sales minus returns minus voids, every VAT class. */
  dailyAmountCents(totals: DayTotals = this.totals): number {
    return Object.values(totals.vat).reduce((sum, t) => sum + t.sales - t.returns - t.voids, 0);
  }

  /**
   * The fiscal closure (Z): closes the working period, queues its file, restarts the numbering.
   * ASSUMPTION [U]: a second Z on the same date with no document in between is refused (Custom 71);
   * a Z on a day without documents is allowed otherwise.
   */
  closeDay(): ClosureRecord {
    const now = this.now();
    if (this.clockBehind) throw new DeviceRefusal('clock-behind');
    const last = this.closures.at(-1);
    if (last && last.date === isoDate(now) && this.lastNumber === 0) throw new DeviceRefusal('second-z');
    const closure: ClosureRecord = {
      z: this.z,
      date: isoDate(now),
      time: isoTime(now),
      documents: this.lastNumber,
      dailyAmountCents: this.dailyAmountCents(),
      totals: this.dayTotals(),
    };
    this.closures.push(closure);
    this.files.push({ z: this.z, date: closure.date, status: 'pending' });
    this.z += 1;
    this.lastNumber = 0;
    this.dayOpenedAt = null;
    this.totals = emptyTotals();
    this.lastClosureAt = now;
    return closure;
  }

  /** Files per state; "old" are pending files older than the sending window. */
  fileCounts(): { pending: number; old: number; rejected: number } {
    const today = Date.parse(`${isoDate(this.now())}T00:00:00Z`);
    const pending = this.files.filter((file) => file.status === 'pending');
    const old = pending.filter((file) => today - Date.parse(`${file.date}T00:00:00Z`) > oldFileDays * dayMs).length;
    return { pending: pending.length, old, rejected: this.files.filter((file) => file.status === 'rejected').length };
  }

  /** What the agency did with the pending files (set from /__mock/files). */
  settleFiles(outcome: 'sent' | 'rejected'): void {
    for (const file of this.files) if (file.status === 'pending') file.status = outcome;
  }

  /** Everything a test may want to look at, as plain JSON. */
  snapshot(): Record<string, unknown> {
    return {
      serial: this.serial,
      z: this.z,
      documentsToday: this.lastNumber,
      dayOpen: this.dayOpen,
      closureNeeded: this.closureNeeded,
      clock: `${isoDate(this.now())}T${isoTime(this.now())}`,
      dayTotals: this.dayTotals(),
      dailyAmountCents: this.dailyAmountCents(),
      journal: this.journal,
      closures: this.closures,
      files: this.files,
      fileCounts: this.fileCounts(),
      departments: Object.fromEntries(this.departments),
    };
  }
}
