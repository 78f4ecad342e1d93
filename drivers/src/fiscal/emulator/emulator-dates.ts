/**
 * @module
 * The date shapes the brands use, to and from the journal's ISO dates.
 */
import { wallParts } from './emulator-clock';

/** Epson replies: d/M/yyyy, no padding (fiscal-rt.md §1 Response). */
export function epsonReplyDate(ms: number): string {
  const p = wallParts(ms);
  return `${p.day}/${p.month}/${p.year}`;
}

/** HH:mm. ASSUMPTION [U]: the reference shows no reply time; the lyancoder fixture has "12:00". */
export function hourMinute(ms: number): string {
  const p = wallParts(ms);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

function validIso(year: number, month: number, day: number): string | undefined {
  const at = new Date(Date.UTC(year, month - 1, day));
  if (at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** DDMMYYYY (Epson REFUND/VOID text, 9205) → ISO, or undefined. */
export function isoFromDdMmYyyy(text: string): string | undefined {
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(text);
  return m ? validIso(Number(m[3]), Number(m[2]), Number(m[1])) : undefined;
}

/** DDMMYY (Custom docDate, RCH `&` dates) → ISO in 2000–2099, or undefined. */
export function isoFromDdMmYy(text: string): string | undefined {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(text);
  return m ? validIso(2000 + Number(m[3]), Number(m[2]), Number(m[1])) : undefined;
}

/** ISO → DDMMYY (1387's date). */
export function ddMmYy(iso: string): string {
  return `${iso.slice(8, 10)}${iso.slice(5, 7)}${iso.slice(2, 4)}`;
}
