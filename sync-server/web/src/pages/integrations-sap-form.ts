/**
 * @module
 * The SAP link's mappings as the owner types them, one pair a line (`C22 = 22`, `negozio-1 = MI01`,
 * `cash = 161000`), read into the contract's settings; what cannot be read is named by its line.
 */
import { paymentMethodSchema, sapSettingsSchema, vatCodeSchema } from '@cassa/shared';
import type { SapSettings } from '@cassa/shared';

export interface SapFormFields {
  readonly name: string;
  readonly vatGroups: string;
  readonly warehouses: string;
  readonly paymentAccounts: string;
  readonly customerCode: string;
  readonly takingsItemCode: string;
  readonly priceList: string;
  readonly itemsEveryMinutes: string;
  readonly sendDaysDaily: boolean;
}

/** `left = right` pairs, blank lines skipped; a line without `=` is returned as faulty. */
function pairs(text: string): { readonly found: [string, string][]; readonly faulty: string[] } {
  const found: [string, string][] = [];
  const faulty: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const eq = line.indexOf('=');
    const left = eq < 0 ? '' : line.slice(0, eq).trim();
    const right = eq < 0 ? '' : line.slice(eq + 1).trim();
    if (left === '' || right === '') faulty.push(line.trim());
    else found.push([left, right]);
  }
  return { found, faulty };
}

export type SapFormResult = { readonly ok: true; readonly settings: SapSettings } | { readonly ok: false; readonly faultyLines: readonly string[] };

export function readSapForm(fields: SapFormFields): SapFormResult {
  const vat = pairs(fields.vatGroups);
  const stores = pairs(fields.warehouses);
  const payments = pairs(fields.paymentAccounts);
  const faultyLines = [...vat.faulty, ...stores.faulty, ...payments.faulty];
  const vatGroups = vat.found.flatMap(([sapVatGroup, code]) => {
    const parsed = vatCodeSchema.safeParse(code.toUpperCase());
    if (!parsed.success) faultyLines.push(`${sapVatGroup} = ${code}`);
    return parsed.success ? [{ sapVatGroup, vatCode: parsed.data }] : [];
  });
  const paymentAccounts = payments.found.flatMap(([method, account]) => {
    const parsed = paymentMethodSchema.safeParse(method);
    if (!parsed.success) faultyLines.push(`${method} = ${account}`);
    return parsed.success ? [{ method: parsed.data, account }] : [];
  });
  if (faultyLines.length > 0) return { ok: false, faultyLines };
  const settings = sapSettingsSchema.safeParse({
    name: fields.name.trim(),
    vatGroups,
    warehouses: stores.found.map(([storeId, warehouseCode]) => ({ storeId, warehouseCode })),
    paymentAccounts,
    customerCode: fields.customerCode.trim(),
    takingsItemCode: fields.takingsItemCode.trim(),
    priceList: Number(fields.priceList),
    itemsEveryMinutes: Number(fields.itemsEveryMinutes),
    sendDaysDaily: fields.sendDaysDaily,
  });
  return settings.success ? { ok: true, settings: settings.data } : { ok: false, faultyLines: settings.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
}

/** The settings back into the form's lines, for editing a saved link. */
export function sapFormOf(settings: SapSettings): SapFormFields {
  return {
    name: settings.name,
    vatGroups: settings.vatGroups.map((entry) => `${entry.sapVatGroup} = ${entry.vatCode}`).join('\n'),
    warehouses: settings.warehouses.map((entry) => `${entry.storeId} = ${entry.warehouseCode}`).join('\n'),
    paymentAccounts: settings.paymentAccounts.map((entry) => `${entry.method} = ${entry.account}`).join('\n'),
    customerCode: settings.customerCode,
    takingsItemCode: settings.takingsItemCode,
    priceList: String(settings.priceList),
    itemsEveryMinutes: String(settings.itemsEveryMinutes),
    sendDaysDaily: settings.sendDaysDaily,
  };
}
