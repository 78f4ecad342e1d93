/**
 * @module
 * Imports from the ERP, apart from HTTP: a file decoded and read in its format (shared
 * `readErpImportFile`), checked against the stored catalogue (`erp-import-plan.ts`), and — unless it
 * is a dry run — written in ONE head-office transaction through the admin API, the path every
 * catalogue write takes (tills hear of it, barcodes are checked by storage once more). A file with
 * refused rows still imports its good rows, as the catalogue CSV does; a failure while writing
 * writes nothing. `applyRows` is the entry for rows parsed elsewhere (the public API's catalogue
 * writes): same plan, same write.
 */
import { randomUUID } from 'node:crypto';
import type {
  Category,
  ErpBarcodeRow,
  ErpImportFormat,
  ErpImportKind,
  ErpImportNote,
  ErpImportReport,
  ErpImportRow,
  ErpImportSettings,
  ErpItemRow,
  ErpPriceRow,
  Product,
  StorePrice,
  VatCode,
} from '@cassa/shared';
import { businessDay, CassaError, currentPrices, DEFAULT_TIME_ZONE, decodeErpFile, readErpImportFile, resolveErpImportFormat } from '@cassa/shared';
import type { AdminApi } from '../../admin-api';
import type { SyncStorage } from '../../storage/storage';
import type { ErpPlan, PriceListTarget } from '../erp-import-plan';
import { CatalogueIndex, planBarcodes, planItems, planPrices } from '../erp-import-plan';

export interface ErpImportDeps {
  readonly storage: SyncStorage;
  readonly admin: AdminApi;
  readonly now: () => Date;
}

export interface ErpFileInput {
  readonly format: ErpImportFormat;
  /** Base64 of the file's bytes. */
  readonly file: string;
  readonly fileName: string;
  readonly dryRun: boolean;
}

export interface ErpImportService {
  importFile(organisationId: string, input: ErpFileInput): Promise<ErpImportReport>;
  /** Rows already parsed (by the public API, say); `refused` are the caller's own refusals, reported with the rest. */
  applyRows(
    organisationId: string,
    kind: ErpImportKind,
    rows: readonly ErpImportRow[],
    options: { dryRun: boolean; refused?: readonly ErpImportNote[]; warnings?: readonly ErpImportNote[]; rowsRead?: number; format?: string; fileName?: string },
  ): Promise<ErpImportReport>;
  settings(organisationId: string): Promise<ErpImportSettings>;
  setPriceList(organisationId: string, listCode: string, storeIds: readonly string[] | null): Promise<ErpImportSettings>;
  setVatCode(organisationId: string, erpCode: string, vatCode: VatCode | null): Promise<ErpImportSettings>;
}

/** How many recorded runs the settings show. */
const RUNS_SHOWN = 20;

function decodeBase64(file: string): Uint8Array {
  return Uint8Array.from(Buffer.from(file, 'base64'));
}

export function createErpImportService(deps: ErpImportDeps): ErpImportService {
  const ho = deps.storage.headOffice;
  const erp = deps.storage.erpImports;

  async function plan(organisationId: string, kind: ErpImportKind, rows: readonly ErpImportRow[]): Promise<ErpPlan & { extraRefused: ErpImportNote[]; extraWarnings: ErpImportNote[] }> {
    const index = new CatalogueIndex((await ho.readRows(organisationId, 'product')) as Product[]);
    if (kind === 'items') {
      const categories = (await ho.readRows(organisationId, 'category')) as Category[];
      return { ...planItems(index, categories, rows.filter((r): r is ErpItemRow => r.kind === 'items')), extraRefused: [], extraWarnings: [] };
    }
    if (kind === 'barcodes') return { ...planBarcodes(index, rows.filter((r): r is ErpBarcodeRow => r.kind === 'barcodes')), extraRefused: [], extraWarnings: [] };
    // "Today" for a price's valid-from is the shops' business day (Italian chains: Europe/Rome).
    const today = businessDay(deps.now(), DEFAULT_TIME_ZONE);
    const dated = currentPrices(rows.filter((r): r is ErpPriceRow => r.kind === 'price-list'), today);
    const links = new Map<string, PriceListTarget>((await erp.priceLists(organisationId)).map((l) => [l.listCode, { storeIds: l.storeIds }]));
    const storePrices = (await ho.readRows(organisationId, 'store-price')) as StorePrice[];
    return { ...planPrices(index, storePrices, links, dated.current), extraRefused: dated.refused, extraWarnings: dated.warnings };
  }

  const service: ErpImportService = {
    async importFile(organisationId, input) {
      const { kind, map } = resolveErpImportFormat(input.format);
      const decoded = decodeErpFile(decodeBase64(input.file), map.encoding);
      const read = decoded.ok
        ? readErpImportFile(decoded.text, kind, map, await erp.vatCodes(organisationId))
        : { rows: [], refused: [decoded.note], warnings: [], records: 0 };
      const format = 'preset' in input.format ? input.format.preset : `custom-${map.layout}`;
      return service.applyRows(organisationId, kind, read.rows, { dryRun: input.dryRun, refused: read.refused, warnings: read.warnings, rowsRead: read.records, format, fileName: input.fileName });
    },

    async applyRows(organisationId, kind, rows, options) {
      if (!(await deps.storage.getOrganisation(organisationId))) throw new CassaError('NOT_FOUND', `No organisation ${organisationId}`);
      const planned = await plan(organisationId, kind, rows);
      const refused = [...(options.refused ?? []), ...planned.extraRefused, ...planned.refused].sort((a, b) => a.line - b.line);
      const warnings = [...(options.warnings ?? []), ...planned.extraWarnings, ...planned.warnings].sort((a, b) => a.line - b.line);
      const rowsRead = options.rowsRead ?? rows.length + (options.refused?.length ?? 0);
      let runId: string | null = null;
      if (!options.dryRun && planned.changes.length > 0) {
        // One call, one transaction: a file is imported whole or, if storage refuses, not at all.
        await deps.admin.writeChanges(organisationId, planned.changes);
        runId = randomUUID();
        await erp.recordRun(organisationId, {
          id: runId,
          at: deps.now().toISOString(),
          kind,
          format: options.format ?? 'api',
          fileName: options.fileName ?? '',
          rowsRead,
          rowsWritten: planned.created + planned.updated,
          rowsRefused: refused.length,
        });
      }
      return {
        kind,
        dryRun: options.dryRun,
        rows: rowsRead,
        created: planned.created,
        updated: planned.updated,
        unchanged: planned.unchanged,
        moved: planned.moved,
        refused,
        warnings,
        runId,
      };
    },

    async settings(organisationId) {
      const vat = await erp.vatCodes(organisationId);
      return {
        priceLists: (await erp.priceLists(organisationId)).map((l) => ({ listCode: l.listCode, storeIds: [...l.storeIds] })),
        vatCodes: Object.entries(vat).map(([erpCode, vatCode]) => ({ erpCode, vatCode })),
        runs: await erp.runs(organisationId, RUNS_SHOWN),
      };
    },

    async setPriceList(organisationId, listCode, storeIds) {
      for (const storeId of storeIds ?? []) {
        if (!(await deps.storage.storeExists(organisationId, storeId))) throw new CassaError('NOT_FOUND', `No store ${storeId} in organisation ${organisationId}`);
      }
      await erp.setPriceList(organisationId, listCode.trim(), storeIds, deps.now());
      return service.settings(organisationId);
    },

    async setVatCode(organisationId, erpCode, vatCode) {
      await erp.setVatCode(organisationId, erpCode, vatCode);
      return service.settings(organisationId);
    },
  };
  return service;
}
