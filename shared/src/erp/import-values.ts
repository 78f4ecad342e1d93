/**
 * @module
 * One field of an ERP file into a value: amounts with a decimal comma or point (ERPs write prices
 * with up to five decimals, "12,50000"), VAT codes in the many spellings ERPs and spreadsheets use
 * (`22`, `22%`, `22,00`, `IVA22`, `N4`) through the organisation's mapping, dates, and Excel's
 * `="0123"` text guard that keeps leading zeros. Each returns a value or the reason it cannot.
 */
import type { VatCode } from '../domain';
import { parseEuroAmount, VAT_CODES } from '../domain';

export type ErpValue<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

/** Excel's `="0123"` (a formula returning text, so leading zeros survive) read as `0123`. */
export function withoutExcelGuard(raw: string): string {
  const trimmed = raw.trim();
  const guarded = /^="(.*)"$/s.exec(trimmed);
  return guarded ? guarded[1]!.replaceAll('""', '"') : trimmed;
}

/**
 * An amount in cents. Decimals past the second must be zeros ("12,50000" is 12,50; "12,505" is a
 * fraction of a cent, refused). With a decimal point, commas are thousands separators.
 */
export function readErpAmount(raw: string, decimal: ',' | '.'): ErpValue<number> {
  let text = raw.trim().replace(/\s/g, '');
  if (decimal === '.') {
    if (/,\d{1,2}$/.test(text) && !text.includes('.')) return { ok: false };
    text = text.replaceAll(',', '').replace('.', ',');
  }
  // Only the last comma is decimal; zeros past the cents go, anything else stays for parseEuroAmount to refuse.
  text = text.replace(/(,\d{2})0+$/, '$1').replace(/,0+$/, '');
  try {
    return { ok: true, value: parseEuroAmount(text) };
  } catch {
    return { ok: false };
  }
}

/** An ERP's VAT spelling reduced to a key: `IVA 22%` → `22`, `22,00` → `22`, `n4` → `N4`. */
export function erpVatKey(raw: string): string {
  const upper = raw.trim().toUpperCase().replace(/\s+/g, '');
  const bare = upper.replace(/^(IVA|ALIQ|AL)(?=\d)/, '').replace(/%$/, '');
  const rate = /^(\d{1,2})(?:[.,]0+)?$/.exec(bare);
  return rate ? String(Number(rate[1])) : bare;
}

/**
 * A VAT code: the organisation's mapping first (its ERP codes, such as Ad Hoc's `E10` for an
 * exempt article, mapped to a nature), then the code itself when it is already a rate or nature.
 * The mapping's keys are compared by {@link erpVatKey}.
 */
export function readErpVat(raw: string, mapping: Readonly<Record<string, VatCode>>): ErpValue<VatCode> {
  const key = erpVatKey(raw);
  for (const [erpCode, vat] of Object.entries(mapping)) if (erpVatKey(erpCode) === key) return { ok: true, value: vat };
  return (VAT_CODES as readonly string[]).includes(key) ? { ok: true, value: key as VatCode } : { ok: false };
}

function isoDay(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** `dd/mm/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`, `yyyy-mm-dd` (with a time after it, as XML writes), `yyyymmdd`. */
export function readErpDate(raw: string): ErpValue<string> {
  const text = raw.trim();
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const ymd = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  const day = dmy ? isoDay(Number(dmy[3]), Number(dmy[2]), Number(dmy[1])) : ymd ? isoDay(Number(ymd[1]), Number(ymd[2]), Number(ymd[3])) : null;
  return day && day >= '1900-01-01' ? { ok: true, value: day } : { ok: false };
}
