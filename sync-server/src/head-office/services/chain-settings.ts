/**
 * @module
 * The chain's till settings, apart from HTTP: the scale label layouts every till reads in-store
 * barcodes with, which cashier actions need a manager's PIN, and the ceiling for a line amount or
 * an overridden price. Saved as organisation-wide settings rows, so they flow down to every paired
 * till through the settings stream under the same keys a till's own settings use; a paired till
 * then shows them read-only. Layouts are checked here as on the till, and their problems answered
 * as codes the web app words in its reader's language.
 */
import type { ChainSettingsInput, ChainSettingsView, Setting } from '@cassa/shared';
import { CassaError, DEFAULT_SCALE_LAYOUTS, scaleLayoutProblemText, scaleLayoutsProblems, variableMeasureLayoutsSchema } from '@cassa/shared';
import type { AdminApi } from '../../admin-api';
import type { HeadOfficeStorage } from '../../storage/head-office-storage';

/** The keys a till reads these settings from (`desktop/src/core/settings.ts`, `scan-layouts.ts`). */
const keys = {
  scaleLayouts: 'scan.layouts',
  cancelTicket: 'approval.cancelTicket',
  voidLine: 'approval.voidLine',
  maxLineAmountCents: 'sale.maxLineAmountCents',
  // Issue 17: the till's idle lock (desktop `chain-stock.ts`).
  idleLockMinutes: 'till.idleLockMinutes',
} as const;

/** 10.000 €, as on a till with no setting. */
const DEFAULT_MAX_LINE_AMOUNT_CENTS = 1_000_000;

export function chainSettingsOf(rows: readonly Setting[]): ChainSettingsView {
  // Only the organisation-wide rows are written by this page; a value is the last one stored.
  const value = (key: string) => rows.filter((row) => row.key === key).at(-1)?.value;
  const layouts = variableMeasureLayoutsSchema.safeParse(value(keys.scaleLayouts));
  const flag = (key: string) => {
    const v = value(key);
    return v === undefined ? true : v !== false && v !== 'false';
  };
  const ceiling = Number(value(keys.maxLineAmountCents));
  const idle = Number(value(keys.idleLockMinutes));
  return {
    scaleLayouts: layouts.success ? layouts.data : [...DEFAULT_SCALE_LAYOUTS],
    scaleLayoutsAreDefault: !layouts.success,
    approvals: { cancelTicket: flag(keys.cancelTicket), voidLine: flag(keys.voidLine) },
    maxLineAmountCents: Number.isSafeInteger(ceiling) && ceiling > 0 ? ceiling : DEFAULT_MAX_LINE_AMOUNT_CENTS,
    // Only once head office set it: until then each till keeps its manager's choice.
    ...(Number.isInteger(idle) && idle >= 0 && idle <= 120 ? { idleLockMinutes: idle } : {}),
  };
}

export interface ChainSettingsService {
  read(organisationId: string): Promise<ChainSettingsView>;
  /** Refuses layouts a till would refuse (VALIDATION with `scaleLayoutProblems`); answers what is now in force. */
  save(organisationId: string, input: ChainSettingsInput): Promise<ChainSettingsView>;
}

export function createChainSettingsService(deps: { readonly storage: HeadOfficeStorage; readonly admin: AdminApi }): ChainSettingsService {
  const read = async (organisationId: string) => chainSettingsOf((await deps.storage.readRows(organisationId, 'setting')) as Setting[]);
  return {
    read,
    async save(organisationId, input) {
      const problems = scaleLayoutsProblems(input.scaleLayouts);
      if (problems.length > 0) {
        throw new CassaError('VALIDATION', problems.map((p) => scaleLayoutProblemText(p, 'en')).join('; '), { scaleLayoutProblems: problems });
      }
      await deps.admin.upsertSettings(organisationId, [
        { key: keys.scaleLayouts, value: input.scaleLayouts.map((layout) => ({ ...layout })) },
        { key: keys.cancelTicket, value: String(input.approvals.cancelTicket) },
        { key: keys.voidLine, value: String(input.approvals.voidLine) },
        { key: keys.maxLineAmountCents, value: String(input.maxLineAmountCents) },
        ...(input.idleLockMinutes === undefined ? [] : [{ key: keys.idleLockMinutes, value: String(input.idleLockMinutes) }]),
      ]);
      return read(organisationId);
    },
  };
}
