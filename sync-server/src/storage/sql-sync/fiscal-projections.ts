/**
 * @module
 * The fiscal records a till pushes (issue 16), checked against what head office already holds and
 * projected into the tables its pages read (migration 14): a sale's documento commerciale, the
 * device's daily closure (Z) with its totals per VAT recomputed here from the sales and documents
 * head office received, and the device's latest status. The record itself is always kept whole in
 * till_documents; a record with a problem about who sent it (another store, another register, a
 * sale this register never pushed) is stored flagged and projected nowhere.
 */
import { fiscalRequestOf, fiscalVatTotals } from '@cassa/shared';
import type {
  FiscalClosureRecord,
  FiscalDocumentRecord,
  FiscalReference,
  FiscalRequest,
  FiscalStatusRecord,
  FiscalVatTotals,
  SaleRecord,
  TillRecord,
} from '@cassa/shared';
import { toNumber } from '../sql-database';
import type { SqlExecutor } from '../sql-database';
import type { DevicePrincipal } from '../storage';

/** What a fiscal record adds to a push: its problems, and its projection, run only when it is stored and trusted. */
export interface FiscalCheck {
  readonly problems: readonly string[];
  /** Problems among `problems` that still let the record be shown (a totals difference is shown, flagged). */
  readonly shownAnyway: readonly string[];
  readonly project: (tx: SqlExecutor) => Promise<void>;
}

/** Since when a register has had a fiscal device: the earliest moment any of its fiscal records speaks of. */
async function fiscalSince(tx: SqlExecutor, organisationId: string, deviceId: string, at: string): Promise<void> {
  await tx.query(
    `INSERT INTO fiscal_registers (organisation_id, device_id, since) VALUES (?, ?, ?)
     ON CONFLICT (organisation_id, device_id) DO UPDATE SET since = excluded.since WHERE excluded.since < fiscal_registers.since`,
    [organisationId, deviceId, at],
  );
}

/** Stores a sale's document for the pages; the first document of a sale wins (the PK is the sale). */
export async function projectFiscalDocument(tx: SqlExecutor, organisationId: string, deviceId: string, record: FiscalDocumentRecord): Promise<void> {
  const { document } = record;
  await tx.query(
    `INSERT INTO fiscal_documents (organisation_id, sale_id, record_id, device_id, serial, z_number, document_number, document_date, document_time, amount_cents, source)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (organisation_id, sale_id) DO NOTHING`,
    [organisationId, record.saleId, record.id, deviceId, document.serial, document.zNumber, document.documentNumber, document.date, document.time, document.amountCents, record.source],
  );
  const sales = await tx.query<{ completed_at: string }>('SELECT completed_at FROM sales WHERE organisation_id = ? AND id = ?', [organisationId, record.saleId]);
  await fiscalSince(tx, organisationId, deviceId, sales[0]?.completed_at ?? record.recordedAt);
}

async function checkDocument(tx: SqlExecutor, principal: DevicePrincipal, record: FiscalDocumentRecord): Promise<FiscalCheck> {
  const problems: string[] = [];
  // Only a sale this register pushed: a document naming another register's sale (or another
  // organisation's, which this lookup cannot even see) is kept flagged and shown nowhere.
  const sales = await tx.query('SELECT id FROM sales WHERE organisation_id = ? AND id = ? AND device_id = ?', [principal.organisationId, record.saleId, principal.deviceId]);
  if (sales.length === 0) problems.push(`unknown-sale:${record.saleId}`);
  const held = await tx.query<{ record_id: string }>('SELECT record_id FROM fiscal_documents WHERE organisation_id = ? AND sale_id = ?', [principal.organisationId, record.saleId]);
  if (held[0] && held[0].record_id !== record.id) problems.push(`sale-already-documented:${record.saleId}`);
  return { problems, shownAnyway: [], project: (t) => projectFiscalDocument(t, principal.organisationId, principal.deviceId, record) };
}

interface DocumentedSale {
  readonly sale: SaleRecord;
  readonly reference: FiscalReference;
}

async function documentedSales(tx: SqlExecutor, organisationId: string, where: string, params: readonly (string | number)[]): Promise<DocumentedSale[]> {
  const rows = await tx.query<{ data: string; serial: string; z_number: unknown; document_number: unknown; document_date: string }>(
    `SELECT s.data, d.serial, d.z_number, d.document_number, d.document_date FROM fiscal_documents d
     JOIN sales s ON s.organisation_id = d.organisation_id AND s.id = d.sale_id WHERE d.organisation_id = ? AND ${where}`,
    [organisationId, ...params],
  );
  return rows.map((row) => ({
    sale: JSON.parse(row.data) as SaleRecord,
    reference: { serial: row.serial, zNumber: toNumber(row.z_number), documentNumber: toNumber(row.document_number), date: row.document_date },
  }));
}

function referenceKey(reference: FiscalReference): string {
  return `${reference.serial}/${reference.zNumber}/${reference.documentNumber}`;
}

/**
 * Head office's own totals per VAT for one Z: the sales it holds whose documents carry that serial
 * and Z, each turned into its request by shared's `fiscalRequestOf` with the closure's department
 * table and added up by `fiscalVatTotals`, the rule the till and the emulator use. A string says
 * why they cannot be computed (a sale the rule refuses, a voided document head office lacks).
 */
export async function headOfficeVatTotals(tx: SqlExecutor, organisationId: string, record: FiscalClosureRecord): Promise<{ totals: FiscalVatTotals; documents: number } | string> {
  const { serial, zNumber } = record.closure;
  const day = await documentedSales(tx, organisationId, 'd.serial = ? AND d.z_number = ?', [serial, zNumber]);
  const references = new Map<string, FiscalReference>();
  const originalIds = day.flatMap(({ sale }) => (sale.originalSaleId === null ? [] : [sale.originalSaleId]));
  for (const id of new Set(originalIds)) {
    const [original] = await documentedSales(tx, organisationId, 'd.sale_id = ?', [id]);
    if (original) references.set(id, original.reference);
  }
  const requestOf = ({ sale }: DocumentedSale): FiscalRequest | string => {
    const original = sale.originalSaleId === null ? null : (references.get(sale.originalSaleId) ?? null);
    const result = fiscalRequestOf(sale, record.departments, { lotteryCode: null, customerTaxId: null, original });
    return result.ok ? result.request : `sale-not-fiscal:${sale.id}`;
  };
  const requests: FiscalRequest[] = [];
  const voided = new Map<string, FiscalRequest>();
  for (const documented of day) {
    const request = requestOf(documented);
    if (typeof request === 'string') return request;
    requests.push(request);
    if (request.kind !== 'void') continue;
    const [original] = await documentedSales(tx, organisationId, 'd.serial = ? AND d.z_number = ? AND d.document_number = ?', [
      request.original.serial,
      request.original.zNumber,
      request.original.documentNumber,
    ]);
    const originalRequest = original ? requestOf(original) : 'voided-document-unknown';
    if (typeof originalRequest === 'string') return originalRequest;
    voided.set(referenceKey(request.original), originalRequest);
  }
  try {
    return { totals: fiscalVatTotals(requests, record.departments, (reference) => voided.get(referenceKey(reference))), documents: day.length };
  } catch (error) {
    return `totals-not-computed:${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Totals as comparable text: the groups in order, each as its four numbers. */
export function vatTotalsKey(totals: FiscalVatTotals): string {
  const rows = (groups: FiscalVatTotals['sales']) => groups.map((g) => [g.vatCode, g.grossCents, g.netCents, g.vatCents]);
  return JSON.stringify([rows(totals.sales), rows(totals.returns), rows(totals.voids)]);
}

async function checkClosure(tx: SqlExecutor, principal: DevicePrincipal, record: FiscalClosureRecord): Promise<FiscalCheck> {
  const { serial, zNumber } = record.closure;
  const problems: string[] = [];
  const held = await tx.query<{ record_id: string }>('SELECT record_id FROM fiscal_closures WHERE organisation_id = ? AND serial = ? AND z_number = ?', [
    principal.organisationId,
    serial,
    zNumber,
  ]);
  // Another record for a Z head office already has (a till restored from a backup closing again,
  // or a forged one): the first stays, this one is kept flagged.
  if (held[0] && held[0].record_id !== record.id) problems.push(`closure-already-stored:${serial}/${zNumber}`);
  const computed = await headOfficeVatTotals(tx, principal.organisationId, record);
  const shownAnyway: string[] = [];
  if (typeof computed === 'string') shownAnyway.push(computed);
  else {
    if (vatTotalsKey(computed.totals) !== vatTotalsKey(record.vatTotals)) shownAnyway.push(`closure-totals-differ:${serial}/${zNumber}`);
    if (computed.documents !== record.documents) shownAnyway.push(`closure-documents-differ:${computed.documents}/${record.documents}`);
  }
  problems.push(...shownAnyway);
  const project = async (t: SqlExecutor): Promise<void> => {
    await t.query(
      `INSERT INTO fiscal_closures (organisation_id, serial, z_number, record_id, store_id, device_id, shift_id, closure_date, closure_time,
         daily_amount_cents, data, head_office_totals, totals_match, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (organisation_id, serial, z_number) DO NOTHING`,
      [
        principal.organisationId,
        serial,
        zNumber,
        record.id,
        principal.storeId,
        principal.deviceId,
        record.shiftId,
        record.closure.date,
        record.closure.time,
        record.closure.dailyAmountCents,
        JSON.stringify(record),
        typeof computed === 'string' ? null : JSON.stringify(computed.totals),
        shownAnyway.length === 0 ? 1 : 0,
        record.closedAt,
      ],
    );
    await fiscalSince(t, principal.organisationId, principal.deviceId, record.closedAt);
  };
  return { problems, shownAnyway, project };
}

function checkStatus(principal: DevicePrincipal, record: FiscalStatusRecord): FiscalCheck {
  const project = async (tx: SqlExecutor): Promise<void> => {
    // The latest by the till's reading time: a status replayed after a restore never hides a newer one.
    await tx.query(
      `INSERT INTO fiscal_status (organisation_id, device_id, record_id, serial, status, last_closure_date, reported_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (organisation_id, device_id) DO UPDATE SET record_id = excluded.record_id, serial = excluded.serial, status = excluded.status,
         last_closure_date = excluded.last_closure_date, reported_at = excluded.reported_at WHERE excluded.reported_at > fiscal_status.reported_at`,
      [principal.organisationId, principal.deviceId, record.id, record.serial, JSON.stringify(record.status), record.lastClosureDate, record.reportedAt],
    );
    await fiscalSince(tx, principal.organisationId, principal.deviceId, record.reportedAt);
  };
  return { problems: [], shownAnyway: [], project };
}

/** The fiscal checks of a pushed record, or null for a record that is not fiscal. */
export async function checkFiscalRecord(tx: SqlExecutor, principal: DevicePrincipal, record: TillRecord): Promise<FiscalCheck | null> {
  switch (record.type) {
    case 'fiscal-document':
      return checkDocument(tx, principal, record.record);
    case 'fiscal-closure':
      return checkClosure(tx, principal, record.record);
    case 'fiscal-status':
      return checkStatus(principal, record.record);
    case 'sale':
    case 'stock-movement':
    case 'shift':
    case 'customer':
    case 'audit':
    case 'ledger-entry':
      return null;
  }
}
