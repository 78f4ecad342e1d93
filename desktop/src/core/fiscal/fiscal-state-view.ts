/**
 * @module
 * The fiscal queue's state as the cashier's screen reads it (`fiscal.state`, `fiscal.changed`):
 * each waiting or blocked document with its sale's till number and the reason in Italian and
 * English, worded by shared's one error table (`fiscal-device-failure`), so the banner, the Z's
 * refusal and head office word a failure alike.
 */
import type { FiscalFailure, FiscalStateView } from '@cassa/shared';
import { errorSentence, formatDocumentNumber } from '@cassa/shared';
import { cachedStatement } from '../store/statement-cache';
import type { TillDatabase } from '../store/database';
import type { FiscalState } from './fiscal-service';

/** "Registratore telematico: il registratore è senza carta o ha il coperchio aperto: controllare rotolo e coperchio", in both languages. */
export function fiscalFailureReason(failure: FiscalFailure | null): { it: string; en: string } | null {
  if (failure === null) return null;
  const shape = { code: 'DEVICE_UNAVAILABLE', message: '', details: { reason: 'fiscal-device-failure', failure } };
  return { it: errorSentence(shape, 'it'), en: errorSentence(shape, 'en') };
}

export function fiscalStateView(store: TillDatabase, state: FiscalState): FiscalStateView {
  const numberOf = cachedStatement(store.db, 'SELECT z_number, document_number FROM sales WHERE id = ?');
  return {
    configured: state.configured,
    status: state.status,
    statusAt: state.statusAt,
    statusFailure: state.statusFailure,
    statusReason: fiscalFailureReason(state.statusFailure),
    jobs: state.jobs.map((job) => {
      const sale = numberOf.get(job.saleId) as { z_number: number; document_number: number } | undefined;
      return {
        jobId: job.jobId,
        saleId: job.saleId,
        receiptNumber: sale ? formatDocumentNumber(sale.z_number, sale.document_number) : '',
        kind: job.kind,
        state: job.state,
        uncertain: job.uncertain,
        failure: job.failure,
        reason: fiscalFailureReason(job.failure),
        attempts: job.attempts,
        totalCents: job.totalCents,
        createdAt: job.createdAt,
      };
    }),
  };
}
