/**
 * @module
 * The public API's handlers (issue 19). Reads page by key-set through `storage.publicReads`; writes
 * go through head office's own paths (the catalogue service, the stock-transfer storage's booking),
 * so an integrator cannot do what head office itself would refuse. Every read is of the key's
 * organisation, and of its stores where rows belong to one.
 */
import { CassaError, PUBLIC_TAKINGS_MAX_DAYS } from '@cassa/shared';
// Rows are answered as stored (as head office's own pages read them): every stored row passed its
// schema on the way in, and a page must not fail on one row an older build wrote.
import type { HttpHandlers, Product, PublicApiContract, SaleRecord, StorePrice } from '@cassa/shared';
import { publicExportsHandlers } from '../erp/erp-export-api-handlers';
import { readDayTakings } from '../erp/day-takings';
import type { RegisterDayTakings, TakingsPart } from '../erp/day-takings';
import { createCatalogueService } from '../head-office/services/catalogue';
import type { Page } from '../storage/api-keys';
import { decodeCursor, encodeCursor } from './page-cursor';
import type { PublicApiCallContext, PublicApiDeps } from './public-api-deps';

/** What a handler needs besides the caller: the key's hash signs its cursors. */
export interface PublicApiCall extends PublicApiCallContext {
  readonly keyHash: string;
}

/** The stores a `filter` read covers: the one asked for (if the key may), else the key's. */
export function storesFor(call: PublicApiCallContext, storeId: string | undefined): readonly string[] | null {
  if (storeId === undefined || storeId === '') return call.storeIds;
  if (call.storeIds !== null && !call.storeIds.includes(storeId)) throw new CassaError('NOT_AUTHORISED', `This API key may not use store ${storeId}`, { reason: 'api-store', storeId });
  return [storeId];
}

function page<T, U>(call: PublicApiCall, scope: string, result: Page<T>, map: (row: T) => U): { items: U[]; nextCursor: string | null } {
  return { items: result.rows.map(map), nextCursor: result.next === null ? null : encodeCursor(call.keyHash, scope, result.next) };
}

const partView = (part: TakingsPart) => ({ vat: part.vat.map((g) => ({ ...g })), grossCents: part.grossCents, documents: part.documents });

/** Only the declared fields: fields C adds to the interface later are not published unannounced. */
function takingsView(day: RegisterDayTakings) {
  return {
    storeId: day.storeId,
    registerId: day.registerId,
    businessDay: day.businessDay,
    fiscal: day.fiscal === null ? null : { deviceSerial: day.fiscal.deviceSerial, zNumber: day.fiscal.zNumber },
    sales: partView(day.sales),
    returns: partView(day.returns),
    voids: partView(day.voids),
    net: partView(day.net),
    payments: day.payments.map((p) => ({ method: p.method, kind: p.kind, amountCents: p.amountCents })),
  };
}

const DAY_MS = 86_400_000;

function checkDays(from: string, to: string, maxDays: number | null): void {
  if (from > to) throw new CassaError('VALIDATION', '`from` must not be after `to`');
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (maxDays !== null && days > maxDays) throw new CassaError('VALIDATION', `At most ${maxDays} days at once`);
}

export function publicApiHandlers(deps: PublicApiDeps): HttpHandlers<PublicApiContract, PublicApiCall, Response> {
  const catalogue = createCatalogueService({ storage: deps.storage, admin: deps.admin });
  const reads = deps.storage.publicReads;
  return {
    async 'api.products.list'(input, call) {
      const scope = `products|${input.updatedSince ?? ''}`;
      const after = decodeCursor(call.keyHash, scope, input.cursor);
      const result = await reads.products(call.organisationId, { after, limit: input.limit }, { updatedSince: input.updatedSince ?? null });
      return page(call, scope, result, (row) => row as Product);
    },
    async 'api.products.save'(input, call) {
      return catalogue.saveProduct(call.organisationId, input);
    },
    async 'api.storePrices.list'(input, call) {
      const storeIds = storesFor(call, input.storeId);
      const scope = `store-prices|${input.storeId ?? ''}`;
      const after = decodeCursor(call.keyHash, scope, input.cursor);
      return page(call, scope, await reads.storePrices(call.organisationId, storeIds, { after, limit: input.limit }), (row) => row as StorePrice);
    },
    async 'api.storePrices.set'(input, call) {
      const known = await deps.storage.stockTransfers.onHandByStore(call.organisationId, input.variantId);
      if (known === null) throw new CassaError('NOT_FOUND', `No variant ${input.variantId}`);
      return catalogue.setStorePrice(call.organisationId, input);
    },
    async 'api.stock.list'(input, call) {
      const storeIds = storesFor(call, input.storeId);
      const scope = `stock|${input.storeId ?? ''}`;
      const after = decodeCursor(call.keyHash, scope, input.cursor);
      return page(call, scope, await reads.stockLevels(call.organisationId, storeIds, { after, limit: input.limit }), (row) => ({
        ...row,
        availableMilli: row.onHandMilli - row.reservedMilli,
      }));
    },
    async 'api.stock.adjust'(input, call) {
      const now = deps.now();
      const movements = await deps.storage.stockTransfers.adjust({
        organisationId: call.organisationId,
        // 4 + 16 + 1 + at most 39: within a movement id's 64 characters with `:<line>`.
        id: `api-${call.keyId}-${input.id}`,
        storeId: input.storeId,
        reason: input.reason,
        referenceId: input.reference,
        userId: `api-key:${call.keyId}`,
        lines: input.lines,
        now,
      });
      // The store's tills pull head office's movements; the channels' jobs are queued already.
      deps.admin.notifyTills(call.organisationId, [{ stream: 'store-stock', storeId: input.storeId }]);
      deps.wakeChannels?.();
      return { id: input.id, storeId: input.storeId, bookedAt: now.toISOString(), movements };
    },
    async 'api.sales.list'(input, call) {
      checkDays(input.from, input.to, null);
      const storeIds = storesFor(call, input.storeId);
      const scope = `sales|${input.from}|${input.to}|${input.storeId ?? ''}`;
      const after = decodeCursor(call.keyHash, scope, input.cursor);
      const result = await reads.sales(call.organisationId, storeIds, { from: input.from, to: input.to }, { after, limit: input.limit });
      return page(call, scope, result, (row) => ({
        businessDay: row.businessDay,
        receivedAt: row.receivedAt,
        flagged: row.flagged,
        sale: row.data as SaleRecord,
        fiscalDocument: row.fiscalDocument,
      }));
    },
    async 'api.customers.list'(input, call) {
      const after = decodeCursor(call.keyHash, 'customers', input.cursor);
      return page(call, 'customers', await reads.customers(call.organisationId, { after, limit: input.limit }), (row) => row);
    },
    async 'api.takings.list'(input, call) {
      checkDays(input.from, input.to, PUBLIC_TAKINGS_MAX_DAYS);
      const storeIds = storesFor(call, input.storeId);
      const days = await readDayTakings(deps.storage, call.organisationId, { from: input.from, to: input.to, storeIds });
      return days.map(takingsView);
    },
    ...publicExportsHandlers(deps),
  };
}
