/**
 * @module
 * The rows of each export dataset, from the day of takings and the day's receipts, in a stable
 * order (store, register, business day, then VAT code, receipt id, line or payment): the same
 * days always give the same rows, so a re-export gives the same file byte for byte.
 */
import type { ExportDataset, ExportRow } from '@cassa/shared';
import { DEFAULT_TIME_ZONE, businessDay, formatDocumentNumber, netOfMethodCents, paymentMethodSchema, vatRatePercent } from '@cassa/shared';
import type { DayTakingsSaleRow, StockMovementOfDays } from '../storage/erp/day-takings-reads';
import type { SyncStorage } from '../storage/storage';
import { paymentKind, readDayTakings } from './day-takings';
import type { DayTakingsQuery, RegisterDayTakings, TakingsPart } from './day-takings';

function groupOf(part: TakingsPart, vatCode: string) {
  return part.vat.find((g) => g.vatCode === vatCode) ?? { grossCents: 0, netCents: 0, vatCents: 0 };
}

/** One row per VAT code of a register's day: every code that any part of the day names. */
export function corrispettiviRows(days: readonly RegisterDayTakings[]): ExportRow[] {
  return days.flatMap((day) => {
    const paid = (kind: 'cash' | 'electronic' | 'other') => day.payments.filter((p) => p.kind === kind).reduce((sum, p) => sum + p.amountCents, 0);
    // `net.vat` holds every code any receipt of the day named (one that cancels out, as zeros), in VAT_CODES order.
    return day.net.vat.map((net): ExportRow => {
        const sales = groupOf(day.sales, net.vatCode);
        return {
          businessDay: day.businessDay,
          storeId: day.storeId,
          registerId: day.registerId,
          deviceSerial: day.fiscal?.deviceSerial ?? null,
          zNumber: day.fiscal?.zNumber ?? null,
          vatCode: net.vatCode,
          vatRate: vatRatePercent(net.vatCode),
          salesGrossCents: sales.grossCents,
          salesNetCents: sales.netCents,
          salesVatCents: sales.vatCents,
          returnsGrossCents: groupOf(day.returns, net.vatCode).grossCents,
          voidsGrossCents: groupOf(day.voids, net.vatCode).grossCents,
          netGrossCents: net.grossCents,
          netNetCents: net.netCents,
          netVatCents: net.vatCents,
          cashCents: paid('cash'),
          electronicCents: paid('electronic'),
          otherCents: paid('other'),
          documents: day.net.documents,
        };
      });
  });
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function sortedSales(rows: readonly DayTakingsSaleRow[]): DayTakingsSaleRow[] {
  const key = (r: DayTakingsSaleRow) => `${r.storeId}\u0000${r.registerId}\u0000${r.businessDay}\u0000${r.sale.id}`;
  return [...rows].sort((a, b) => compare(key(a), key(b)));
}

export function documentRows(rows: readonly DayTakingsSaleRow[]): ExportRow[] {
  return sortedSales(rows).flatMap(({ storeId, registerId, businessDay, sale }) =>
    sale.lines.map(
      (line, index): ExportRow => ({
        businessDay,
        storeId,
        registerId,
        saleId: sale.id,
        kind: sale.kind,
        documentNumber: formatDocumentNumber(sale.zNumber, sale.documentNumber),
        completedAt: sale.completedAt,
        lineNumber: index + 1,
        sku: line.sku,
        description: line.description,
        vatCode: line.vatCode,
        quantityMilli: line.quantityMilli,
        unitPriceCents: line.unitPriceCents,
        discountCents: line.discountCents,
        totalCents: line.totalCents,
      }),
    ),
  );
}

/** One row per method a receipt used, net of change for cash (the drawer's rule, shared drawer-cash.ts). */
export function paymentRows(rows: readonly DayTakingsSaleRow[]): ExportRow[] {
  return sortedSales(rows).flatMap(({ storeId, registerId, businessDay, sale }) =>
    paymentMethodSchema.options
      .filter((method) => sale.payments.some((p) => p.method === method) || (method === 'cash' && sale.changeCents !== 0))
      .map((method): ExportRow => ({ businessDay, storeId, registerId, saleId: sale.id, kind: sale.kind, method, paymentKind: paymentKind(method), amountCents: netOfMethodCents(sale, method) })),
  );
}

const DAY_MS = 86_400_000;
const shiftDay = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Stock movements filed on their business day in their store's zone, as the dashboard files sales. */
export function movementRows(movements: readonly StockMovementOfDays[], zoneOf: (storeId: string) => string, from: string, to: string): ExportRow[] {
  const rows = movements
    .map(({ storeId, registerId, movement }) => ({ storeId, registerId, movement, day: businessDay(movement.at, zoneOf(storeId)) }))
    .filter((m) => m.day >= from && m.day <= to);
  const key = (m: (typeof rows)[number]) => `${m.storeId}\u0000${m.registerId}\u0000${m.day}\u0000${m.movement.at}\u0000${m.movement.id}`;
  return rows
    .sort((a, b) => compare(key(a), key(b)))
    .map(
      ({ storeId, registerId, movement, day }): ExportRow => ({
        businessDay: day,
        storeId,
        registerId,
        movementId: movement.id,
        at: movement.at,
        variantId: movement.variantId,
        reason: movement.reason,
        referenceId: movement.referenceId,
        quantityMilli: movement.deltaMilli,
      }),
    );
}

/** A dataset's rows for the days and stores asked. */
export async function exportRows(storage: SyncStorage, organisationId: string, dataset: ExportDataset, query: DayTakingsQuery): Promise<ExportRow[]> {
  switch (dataset) {
    case 'corrispettivi':
      return corrispettiviRows(await readDayTakings(storage, organisationId, query));
    case 'documents':
      return documentRows(await storage.dayTakings.salesOfDays(organisationId, query));
    case 'payments':
      return paymentRows(await storage.dayTakings.salesOfDays(organisationId, query));
    case 'stock-movements': {
      // A movement's time keeps its till's offset: read a day wider each side, then file by zone.
      const movements = await storage.dayTakings.movementsBetween(organisationId, { ...query, from: shiftDay(query.from, -1), to: shiftDay(query.to, 1) });
      const zones = new Map((await storage.headOffice.listStores(organisationId)).map((s) => [s.id, s.timeZone]));
      return movementRows(movements, (storeId) => zones.get(storeId) ?? DEFAULT_TIME_ZONE, query.from, query.to);
    }
  }
}
