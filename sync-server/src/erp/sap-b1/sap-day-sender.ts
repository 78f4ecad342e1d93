/**
 * @module
 * Sends a store's business day to SAP exactly once. A day sent twice exists once in SAP:
 * - the day is claimed in `sap_days` with a lease, so two sends (the schedule and an owner's
 *   button) never post side by side;
 * - before each document is posted it is looked up in SAP by its reference (`NumAtCard`,
 *   `CounterReference`); one found is adopted, not posted again. That covers a crash between
 *   SAP's answer and our record, and a POST that timed out after SAP booked it;
 * - each DocEntry is recorded as soon as SAP gives it, and the day is marked sent at the end.
 */
import type { SapSettings } from '@cassa/shared';
import type { SapDayRow, SapStorage, SapRunProblem } from '../../storage/sap/sap-storage';
import type { RegisterDayTakings } from '../day-takings';
import { SapCallError, odataText } from './sap-client';
import type { SapClient } from './sap-client';
import { buildDayDocuments } from './sap-day-documents';
import type { SapDayDocuments } from './sap-day-documents';

/** How long one send holds its day; a send that crashed is taken over after this. */
export const DAY_LEASE_MS = 10 * 60_000;
/** Posts of one document per send, each after a look-up (timeouts and 5xx). */
const POST_ATTEMPTS = 3;

export interface DaySendInput {
  readonly storage: SapStorage;
  readonly client: SapClient;
  readonly settings: SapSettings;
  readonly organisationId: string;
  readonly linkId: string;
  readonly storeId: string;
  readonly businessDay: string;
  readonly takings: readonly RegisterDayTakings[];
  readonly now: () => Date;
  readonly wait?: (ms: number) => Promise<void>;
}

export interface DaySendResult {
  readonly outcome: 'sent' | 'already-sent' | 'busy' | 'not-sent';
  /** Documents created in SAP by this send (not those found there). */
  readonly created: number;
  readonly problems: readonly SapRunProblem[];
}

/** The DocEntry of the document whose `field` is `reference`, or null. */
async function findByReference(client: SapClient, entity: string, field: string, reference: string): Promise<number | null> {
  const rows = await client.readAll<{ DocEntry: number }>(`${entity}?$select=DocEntry&$filter=${encodeURIComponent(`${field} eq ${odataText(reference)}`)}`);
  return rows[0]?.DocEntry ?? null;
}

/** Finds the document again or posts it; retried posts look up first, so a booked one is never doubled. */
async function ensureDocument(
  input: DaySendInput,
  entity: string,
  field: string,
  reference: string,
  body: unknown,
): Promise<{ readonly docEntry: number; readonly created: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const found = await findByReference(input.client, entity, field, reference);
    if (found !== null) return { docEntry: found, created: false };
    try {
      const answer = await input.client.create<{ DocEntry?: unknown }>(entity, body);
      if (typeof answer?.DocEntry !== 'number') throw new SapCallError('refused', `SAP answered the ${entity} without a DocEntry`, false);
      return { docEntry: answer.DocEntry, created: true };
    } catch (error) {
      if (!(error instanceof SapCallError) || !error.retryable || attempt >= POST_ATTEMPTS) throw error;
      await (input.wait ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref())))(1000 * attempt);
    }
  }
}

export async function sendDayToSap(input: DaySendInput): Promise<DaySendResult> {
  const { storage, organisationId, linkId, storeId, businessDay } = input;
  const built = buildDayDocuments(input.settings, storeId, businessDay, input.takings);
  if (built.documents === null) return { outcome: 'not-sent', created: 0, problems: built.problems };
  const documents = built.documents;
  const stamp = () => input.now().toISOString();
  const claimed = await storage.claimDay(organisationId, linkId, { storeId, businessDay, reference: documents.reference }, new Date(input.now().getTime() + DAY_LEASE_MS).toISOString(), stamp());
  if (claimed === null) {
    const day = await storage.getDay(organisationId, linkId, storeId, businessDay);
    if (day?.state !== 'sent') return { outcome: 'busy', created: 0, problems: [] };
    // A register that synced after the send changes the day; SAP keeps what was sent, and the owner is told.
    const changed = day.grossCents !== documents.netCents;
    const detail = `sent ${(day.grossCents / 100).toFixed(2)}, now ${(documents.netCents / 100).toFixed(2)}`;
    return { outcome: 'already-sent', created: 0, problems: changed ? [{ subject: `${storeId} ${businessDay}`, problem: 'changed-after-sending', detail }] : [] };
  }
  try {
    return await sendClaimedDay(input, documents, claimed);
  } catch (error) {
    await storage.releaseDay(organisationId, linkId, storeId, businessDay, stamp());
    throw error;
  }
}

async function sendClaimedDay(input: DaySendInput, documents: SapDayDocuments, claimed: SapDayRow): Promise<DaySendResult> {
  const { storage, organisationId, linkId, storeId, businessDay } = input;
  const stamp = () => input.now().toISOString();
  let created = 0;
  const record = (patch: Parameters<SapStorage['recordDay']>[4]) => storage.recordDay(organisationId, linkId, storeId, businessDay, patch, stamp());

  let invoiceEntry = claimed.invoiceDocEntry;
  if (documents.invoice !== null && invoiceEntry === null) {
    const result = await ensureDocument(input, 'Invoices', 'NumAtCard', documents.invoice.NumAtCard, documents.invoice);
    invoiceEntry = result.docEntry;
    created += result.created ? 1 : 0;
    await record({ invoiceDocEntry: invoiceEntry });
  }
  if (documents.creditNote !== null && claimed.creditNoteDocEntry === null) {
    const result = await ensureDocument(input, 'CreditNotes', 'NumAtCard', documents.creditNote.NumAtCard, documents.creditNote);
    created += result.created ? 1 : 0;
    await record({ creditNoteDocEntry: result.docEntry });
  }
  const paid: Record<string, number> = { ...claimed.paymentDocEntries };
  for (const payment of documents.payments) {
    if (paid[payment.method] !== undefined) continue;
    const body =
      invoiceEntry === null
        ? payment.body
        : { ...payment.body, PaymentInvoices: [{ DocEntry: invoiceEntry, InvoiceType: 'it_Invoice', SumApplied: payment.amountCents / 100 }] };
    const result = await ensureDocument(input, 'IncomingPayments', 'CounterReference', payment.reference, body);
    created += result.created ? 1 : 0;
    paid[payment.method] = result.docEntry;
    await record({ paymentDocEntries: paid });
  }
  await record({ state: 'sent', grossCents: documents.netCents, sentAt: stamp() });
  return { outcome: 'sent', created, problems: [] };
}
