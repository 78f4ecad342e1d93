/**
 * @module
 * What happens once the till knows a sale's document: the job keeps it, it becomes the last
 * document known, and a `fiscal-document` record leaves for head office, all in one transaction.
 */
import type { FiscalDocument, FiscalDocumentRecord } from '@cassa/shared';
import type { TillContext } from '../till-context';
import type { FiscalDocumentSource, FiscalJobRow, FiscalStore } from './fiscal-store';
import { issuedAfter } from './fiscal-recovery';

/** Call inside a write transaction. */
export function recordIssuedDocument(
  ctx: TillContext,
  store: FiscalStore,
  job: FiscalJobRow,
  document: FiscalDocument,
  source: FiscalDocumentSource,
  recordedBy: string | null,
): FiscalDocumentRecord {
  store.markIssued(job.id, document, source);
  const known = store.lastKnown();
  // A manual document typed in for an older sale must not move the baseline backwards.
  if (known === null || known === 'none' || known.serial !== document.serial || issuedAfter(document, known)) store.setLastKnown(document);
  const record: FiscalDocumentRecord = {
    id: job.id,
    storeId: ctx.storeId,
    deviceId: ctx.deviceId,
    saleId: job.sale_id,
    document,
    source,
    recordedAt: ctx.clock.now().toISOString(),
    recordedBy,
  };
  ctx.outbox.enqueue({ type: 'fiscal-document', record });
  return record;
}
