/**
 * @module
 * Printer capabilities as data. Everything that differs between models (columns, which ESC t
 * number selects which code page, cutter, drawer pulse, status support) is read from a profile,
 * so supporting a new printer means adding a JSON file, not code.
 */
import type { CodePageId } from '../escpos/code-pages';
import { codePageIds } from '../escpos/code-pages';
import epsonTmT20 from './profiles/epson-tm-t20.json';
import epsonTmT88 from './profiles/epson-tm-t88.json';
import generic58 from './profiles/generic-58mm.json';
import generic80 from './profiles/generic-80mm.json';
import starEscPos from './profiles/star-escpos.json';

export type BarcodeSymbology = 'code128' | 'ean13';
export type DrawerPin = 2 | 5;

export interface PrinterProfile {
  readonly id: string;
  readonly name: string;
  readonly notes?: string;
  readonly paperWidthMm: number;
  /** Printable dots per line at 203 dpi; raster images must not be wider. */
  readonly dotsPerLine: number;
  readonly columns: { readonly fontA: number; readonly fontB: number };
  /** The page receipts are printed in. */
  readonly codePage: CodePageId;
  /** ESC t table number per code page, as this vendor numbers them; must include `codePage`. */
  readonly codePageTables: Readonly<Partial<Record<CodePageId, number>>>;
  /** Send FS . after ESC @: some clones boot in Kanji mode and print two bytes as one glyph. */
  readonly cancelKanjiOnInit: boolean;
  readonly cutter: { readonly full: boolean; readonly partial: boolean; readonly feedLinesBeforeCut: number };
  /** Pins the printer can pulse, and the pulse (ESC p sends them in 2 ms units). */
  readonly drawer: { readonly pins: readonly DrawerPin[]; readonly pulseOnMs: number; readonly pulseOffMs: number };
  readonly status: { readonly dleEot: boolean; readonly asb: boolean };
  readonly barcodes: readonly BarcodeSymbology[];
  readonly qr: boolean;
  readonly logo: { readonly nvGraphics: boolean; readonly downloadGraphics: boolean; readonly raster: boolean };
}

export class PrinterProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrinterProfileError';
  }
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Checker {
  readonly problems: string[] = [];

  object(v: unknown, path: string): Json {
    if (isObject(v)) return v;
    this.problems.push(`${path}: expected an object`);
    return {};
  }

  string(v: unknown, path: string): string {
    if (typeof v === 'string' && v.length > 0) return v;
    this.problems.push(`${path}: expected a non-empty string`);
    return '';
  }

  int(v: unknown, path: string, min: number, max: number): number {
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
    this.problems.push(`${path}: expected an integer ${min}..${max}, got ${JSON.stringify(v)}`);
    return min;
  }

  bool(v: unknown, path: string): boolean {
    if (typeof v === 'boolean') return v;
    this.problems.push(`${path}: expected true or false`);
    return false;
  }

  oneOf<T extends string | number>(v: unknown, allowed: readonly T[], path: string): T | undefined {
    if ((allowed as readonly unknown[]).includes(v)) return v as T;
    this.problems.push(`${path}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
    return undefined;
  }

  list<T extends string | number>(v: unknown, allowed: readonly T[], path: string): T[] {
    if (!Array.isArray(v)) {
      this.problems.push(`${path}: expected a list`);
      return [];
    }
    return v.flatMap((item, i) => {
      const ok = this.oneOf(item, allowed, `${path}[${i}]`);
      return ok === undefined ? [] : [ok];
    });
  }
}

/**
 * Validates an untrusted profile (a JSON file a technician edited) and lists every problem at once.
 * @throws PrinterProfileError
 */
export function parsePrinterProfile(input: unknown): PrinterProfile {
  const c = new Checker();
  const o = c.object(input, 'profile');
  const columns = c.object(o.columns, 'columns');
  const tablesIn = c.object(o.codePageTables, 'codePageTables');
  const codePageTables: Partial<Record<CodePageId, number>> = {};
  for (const [key, value] of Object.entries(tablesIn)) {
    const page = c.oneOf(key, codePageIds, `codePageTables.${key}`);
    if (page) codePageTables[page] = c.int(value, `codePageTables.${key}`, 0, 255);
  }
  const codePage = c.oneOf(o.codePage, codePageIds, 'codePage') ?? 'cp858';
  if (codePageTables[codePage] === undefined) c.problems.push(`codePageTables: no ESC t number for codePage ${codePage}`);
  const cutter = c.object(o.cutter, 'cutter');
  const drawer = c.object(o.drawer, 'drawer');
  const status = c.object(o.status, 'status');
  const logo = c.object(o.logo, 'logo');
  const profile: PrinterProfile = {
    id: c.string(o.id, 'id'),
    name: c.string(o.name, 'name'),
    ...(o.notes === undefined ? {} : { notes: c.string(o.notes, 'notes') }),
    paperWidthMm: c.int(o.paperWidthMm, 'paperWidthMm', 40, 120),
    dotsPerLine: c.int(o.dotsPerLine, 'dotsPerLine', 128, 1024),
    columns: { fontA: c.int(columns.fontA, 'columns.fontA', 16, 80), fontB: c.int(columns.fontB, 'columns.fontB', 16, 100) },
    codePage,
    codePageTables,
    cancelKanjiOnInit: c.bool(o.cancelKanjiOnInit, 'cancelKanjiOnInit'),
    cutter: {
      full: c.bool(cutter.full, 'cutter.full'),
      partial: c.bool(cutter.partial, 'cutter.partial'),
      feedLinesBeforeCut: c.int(cutter.feedLinesBeforeCut, 'cutter.feedLinesBeforeCut', 0, 20),
    },
    drawer: {
      pins: c.list<DrawerPin>(drawer.pins, [2, 5], 'drawer.pins'),
      // ESC p carries t1/t2 as one byte each in 2 ms units.
      pulseOnMs: c.int(drawer.pulseOnMs, 'drawer.pulseOnMs', 2, 510),
      pulseOffMs: c.int(drawer.pulseOffMs, 'drawer.pulseOffMs', 2, 510),
    },
    status: { dleEot: c.bool(status.dleEot, 'status.dleEot'), asb: c.bool(status.asb, 'status.asb') },
    barcodes: c.list<BarcodeSymbology>(o.barcodes, ['code128', 'ean13'], 'barcodes'),
    qr: c.bool(o.qr, 'qr'),
    logo: {
      nvGraphics: c.bool(logo.nvGraphics, 'logo.nvGraphics'),
      downloadGraphics: c.bool(logo.downloadGraphics, 'logo.downloadGraphics'),
      raster: c.bool(logo.raster, 'logo.raster'),
    },
  };
  if (profile.columns.fontA * 12 > profile.dotsPerLine) {
    c.problems.push(`columns.fontA: ${profile.columns.fontA} columns of 12 dots exceed dotsPerLine ${profile.dotsPerLine}`);
  }
  if (c.problems.length > 0) {
    throw new PrinterProfileError(`invalid printer profile ${JSON.stringify(o.id ?? '?')}: ${c.problems.join('; ')}`);
  }
  return profile;
}

/** The profiles shipped with Cassa, validated once at load. */
export const builtInPrinterProfiles: ReadonlyMap<string, PrinterProfile> = new Map(
  [epsonTmT20, epsonTmT88, starEscPos, generic58, generic80].map((raw) => {
    const p = parsePrinterProfile(raw);
    return [p.id, p] as const;
  }),
);

/**
 * A shipped profile by id.
 * @throws PrinterProfileError for an unknown id, naming the known ones.
 */
export function getPrinterProfile(id: string): PrinterProfile {
  const p = builtInPrinterProfiles.get(id);
  if (!p) throw new PrinterProfileError(`unknown printer profile "${id}"; known: ${[...builtInPrinterProfiles.keys()].join(', ')}`);
  return p;
}

/** The ESC t number for the profile's receipt code page. */
export function codePageTable(profile: PrinterProfile, page: CodePageId = profile.codePage): number {
  const n = profile.codePageTables[page];
  if (n === undefined) throw new PrinterProfileError(`profile ${profile.id} has no ESC t number for ${page}`);
  return n;
}
