import { describe, expect, it } from 'vitest';
import { PrinterProfileError, builtInPrinterProfiles, codePageTable, getPrinterProfile, parsePrinterProfile } from './printer-profile';

describe('printer profiles', () => {
  it('ships the five profiles, all valid', () => {
    expect([...builtInPrinterProfiles.keys()].sort()).toEqual(['epson-tm-t20', 'epson-tm-t88', 'generic-58mm', 'generic-80mm', 'star-escpos']);
  });

  it('carries what differs between models', () => {
    expect(getPrinterProfile('epson-tm-t20')).toMatchObject({ columns: { fontA: 48 }, codePage: 'cp858', status: { dleEot: true, asb: true } });
    expect(codePageTable(getPrinterProfile('epson-tm-t20'))).toBe(19);
    expect(getPrinterProfile('epson-tm-t88').columns.fontA).toBe(42);
    expect(getPrinterProfile('generic-58mm')).toMatchObject({ columns: { fontA: 32 }, codePage: 'wpc1252', cancelKanjiOnInit: true, cutter: { full: false, partial: false } });
    expect(codePageTable(getPrinterProfile('generic-58mm'))).toBe(16);
    expect(getPrinterProfile('star-escpos').status.asb).toBe(false);
  });

  it('names unknown profiles and the known ones', () => {
    expect(() => getPrinterProfile('tm-u220')).toThrow(/unknown printer profile "tm-u220"; known: epson-tm-t20/);
  });

  it('lists every problem of a bad profile at once', () => {
    const bad = { ...getPrinterProfile('epson-tm-t20'), id: 'x', codePage: 'cp437', drawer: { pins: [3], pulseOnMs: 1000, pulseOffMs: 500 }, columns: { fontA: 64, fontB: 64 } };
    try {
      parsePrinterProfile(bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PrinterProfileError);
      const message = (error as Error).message;
      expect(message).toContain('codePage: expected one of cp858, wpc1252, got "cp437"');
      expect(message).toContain('drawer.pins[0]: expected one of 2, 5, got 3');
      expect(message).toContain('drawer.pulseOnMs: expected an integer 2..510, got 1000');
      expect(message).toContain('columns.fontA: 64 columns of 12 dots exceed dotsPerLine 576');
    }
  });

  it('requires an ESC t number for the chosen code page', () => {
    const p = { ...getPrinterProfile('epson-tm-t20'), codePageTables: { wpc1252: 16 } };
    expect(() => parsePrinterProfile(p)).toThrow(/no ESC t number for codePage cp858/);
    expect(() => parsePrinterProfile('nope')).toThrow(PrinterProfileError);
  });
});
