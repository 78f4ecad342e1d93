/**
 * @module
 * The fiscal intent: inside the transaction that stores a sale, return or post-void, the request
 * the device will be asked to issue is built (`fiscalRequestOf`, the only path from a record to a
 * request) and stored as a job. A sale the device would refuse (a VAT without department…) is
 * refused before it is stored, with the reason worded by shared's fiscal table. Issue 16 items 2, 4.
 */
import type { FiscalReference, FiscalRequestIssue, SaleRecord } from '@cassa/shared';
import { CassaError, fiscalRequestOf, fiscalRequestTotalCents } from '@cassa/shared';
import type { UserService } from '../auth/user-service';
import { cachedStatement } from '../store/statement-cache';
import type { Actor, TillContext } from '../till-context';
import type { FiscalStore } from './fiscal-store';
import { documentOfJob } from './fiscal-store';

type Override = { userId: string; pin: string } | undefined;

/** What the caller adds to a sale for its document; every field optional. */
export interface FiscalSaleOptions {
  /** The customer's lottery code, as scanned or typed (a sale paid at least partly by card). */
  readonly lotteryCode?: string | null;
  /** Codice fiscale or partita IVA for a "scontrino parlante". */
  readonly customerTaxId?: string | null;
  /** The original's document for a return of a sale this till has no document for (another till's). */
  readonly original?: FiscalReference | null;
  /** A return without any reference: a manager's choice (their PIN when a cashier asks), audited. */
  readonly unreferencedReturn?: { readonly override?: Override };
}

/** Options checked outside the transaction (a manager's PIN is hashed there, not inside a write). */
export interface PreparedFiscalOptions {
  readonly options: FiscalSaleOptions;
  readonly unreferencedApprover: Actor | null;
}

function refusal(issue: FiscalRequestIssue): CassaError {
  const { lottery, taxId, ...plain } = issue.details;
  // The nested refusal goes along too: shared's sentence reads `lottery`/`taxId` to say which rule
  // refused (cash only, a wrong check character…), not just "not valid".
  const facts = {
    ...plain,
    ...(lottery ? { lotteryProblem: lottery.problem, lottery: { problem: lottery.problem, details: { ...lottery.details } } } : {}),
    ...(taxId ? { taxIdProblem: taxId.problem, taxId: { problem: taxId.problem, details: { ...taxId.details } } } : {}),
  };
  return new CassaError('VALIDATION', `The fiscal device cannot issue this document: ${issue.problem}${issue.details.vatCode ? ` (VAT ${issue.details.vatCode})` : ''}`, {
    reason: 'fiscal-request',
    problem: issue.problem,
    ...facts,
  });
}

export class FiscalIntents {
  constructor(
    private readonly ctx: TillContext,
    private readonly store: FiscalStore,
    private readonly users: UserService,
  ) {}

  prepare(actor: Actor, options: FiscalSaleOptions = {}): PreparedFiscalOptions {
    const approver = options.unreferencedReturn ? this.users.authorise(actor, 'manager', options.unreferencedReturn.override, 'A return without the original document') : null;
    return { options, unreferencedApprover: approver };
  }

  /** Call inside the transaction that stores `record`, after it is stored. */
  record(actor: Actor, record: SaleRecord, prepared: PreparedFiscalOptions = { options: {}, unreferencedApprover: null }): void {
    const { options } = prepared;
    const original = record.kind === 'sale' ? null : this.originalOf(actor, record, prepared);
    const result = fiscalRequestOf(record, this.store.departments(), {
      lotteryCode: options.lotteryCode ?? null,
      customerTaxId: options.customerTaxId ?? null,
      original,
      unitOf: (line) => this.unitOf(line.variantId),
    });
    if (!result.ok) throw refusal(result.problems[0]!);
    this.store.insertJob({ id: this.ctx.newId(), saleId: record.id, request: result.request, totalCents: fiscalRequestTotalCents(result.request) });
  }

  /**
   * The document a return or post-void refers to: the original sale's own, when this till issued
   * it; else the one the caller gives (a sale of another till); else, for a return only, none when
   * a manager chose so (audited here, in the same transaction).
   */
  private originalOf(actor: Actor, record: SaleRecord, prepared: PreparedFiscalOptions): FiscalReference | null {
    const job = record.originalSaleId === null ? null : this.store.jobOfSale(record.originalSaleId);
    const document = job ? documentOfJob(job) : null;
    if (document) return { serial: document.serial, zNumber: document.zNumber, documentNumber: document.documentNumber, date: document.date };
    if (prepared.options.original) return prepared.options.original;
    if (job) {
      throw new CassaError('CONFLICT', `The original sale's document is not issued yet (fiscal job ${job.state})`, { reason: 'fiscal-original-not-issued' });
    }
    if (record.kind === 'return' && prepared.unreferencedApprover) {
      this.ctx.audit.append({
        userId: actor.userId,
        role: actor.role,
        action: 'fiscal.unreferencedReturn',
        details: { saleId: record.id, originalSaleId: record.originalSaleId, totalCents: record.totalCents, approvedBy: prepared.unreferencedApprover.userId },
      });
      return null;
    }
    throw new CassaError('CONFLICT', "The original sale's documento commerciale is not known", { reason: 'fiscal-original-missing' });
  }

  private unitOf(variantId: string): 'piece' | 'kg' | 'm' {
    const row = cachedStatement(this.ctx.store.db, 'SELECT p.unit FROM variants v JOIN products p ON p.id = v.product_id WHERE v.id = ?').get(variantId) as
      | { unit: 'piece' | 'kg' | 'm' }
      | undefined;
    return row?.unit ?? 'piece';
  }
}
