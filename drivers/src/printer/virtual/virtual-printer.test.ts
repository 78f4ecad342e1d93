import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { EscPosEncoder } from '../../escpos/escpos-encoder';
import { parseAsbStatus } from '../../escpos/printer-status';
import { getPrinterProfile } from '../printer-profile';
import { referenceReceipt } from '../receipt-document';
import { encodeTestReceipt, layoutReceipt } from '../receipt-layout';
import { glyphHeight, glyphRows, glyphWidth, hasGlyph } from './bitmap-font';
import { PrinterEmulator } from './printer-emulator';
import { renderReceiptPng } from './receipt-png';
import { VirtualPrinter } from './virtual-printer';
import { decodeEscPos } from '../../escpos/escpos-decoder';

const hex = (b: ArrayLike<number>): string => Buffer.from(Array.from(b)).toString('hex');

describe('PrinterEmulator', () => {
  it('answers DLE EOT even when the request is split across two reads', () => {
    const e = new PrinterEmulator();
    expect(hex(e.receive([0x41, 0x10]))).toBe('');
    expect(hex(e.receive([0x04, 0x04]))).toBe('12');
    e.setCondition({ paperOut: true });
    expect(hex(e.receive([0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04]))).toBe('1a' + '32' + '7e');
    expect(e.statusRequests).toEqual([4, 1, 2, 4]);
  });

  it('holds print data while offline and prints it on recovery', () => {
    const e = new PrinterEmulator();
    e.setCondition({ coverOpen: true });
    e.receive(new EscPosEncoder({ codePage: 'cp858', codePageTable: 19 }).initialize().line('è').cut('partial', 0).encode());
    expect(e.receipts).toHaveLength(0);
    e.setCondition({ coverOpen: false });
    expect(e.receipts.map((r) => r.decoded.lines[0]?.text)).toEqual(['è']);
  });

  it('sends ASB packets once enabled, on every change', () => {
    const e = new PrinterEmulator();
    expect(hex(e.setCondition({ coverOpen: true }))).toBe('');
    const first = e.receive([0x1d, 0x61, 0x0f]);
    expect(parseAsbStatus(first).coverOpen).toBe(true);
    expect(parseAsbStatus(e.setCondition({ coverOpen: false })).online).toBe(true);
    expect(hex(e.setCondition({ coverOpen: false }))).toBe('');
  });
});

describe('VirtualPrinter', () => {
  it('keeps the last receipts and shows them as text and PNG', async () => {
    const vp = new VirtualPrinter({ profile: getPrinterProfile('generic-80mm'), name: 'vp-test', keep: 2 });
    await vp.transport.open();
    for (const n of ['0001', '0002', '0003']) await vp.transport.write(layoutReceipt({ ...referenceReceipt, receiptNumber: n }, vp.profile));
    expect(vp.receipts).toHaveLength(2);
    expect(vp.lastReceiptText()).toContain('Doc. n. 0003');
    const png = PNG.sync.read(vp.lastReceiptPng()!);
    expect(png.width).toBe(48 * glyphWidth * 2 + 16);
    expect(png.height).toBeGreaterThan(500);
  });

  it('replies to status on a later tick, like a real link', async () => {
    const vp = new VirtualPrinter({ name: 'vp-status' });
    const replies: number[] = [];
    vp.transport.on('data', (c) => replies.push(...c));
    await vp.transport.open();
    await vp.transport.write(Uint8Array.of(0x10, 0x04, 0x01));
    expect(replies).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(replies).toEqual([0x12]);
  });
});

describe('bitmap font and PNG', () => {
  it('draws ASCII, the euro sign and every Italian accent (no fallback boxes)', () => {
    const chars = [...Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)), ...'€àèéìòùÀÈÉÌÒÙçÇñÑäöüÄÖÜßáíóúâêîôû«»°£§'];
    for (const c of chars) expect([c, hasGlyph(c)]).toEqual([c, true]);
    expect(hasGlyph('日')).toBe(false);
    for (const c of chars) expect(glyphRows(c)).toHaveLength(glyphHeight);
  });

  it('puts the accent above the letter: è is e with a grave', () => {
    expect(glyphRows('è').slice(2)).toEqual(glyphRows('e').slice(2));
    expect(glyphRows('è').slice(0, 2)).toEqual(['.X...', '..X..']);
    expect(glyphRows('é').slice(0, 2)).toEqual(['...X.', '..X..']);
  });

  it('renders a legible PNG of the test receipt for every profile', () => {
    for (const id of ['epson-tm-t88', 'generic-58mm']) {
      const p = getPrinterProfile(id);
      const png = PNG.sync.read(renderReceiptPng(decodeEscPos(encodeTestReceipt(p), { codePageTables: p.codePageTables }), { columns: p.columns.fontA }));
      expect(png.width).toBe(p.columns.fontA * glyphWidth * 2 + 16);
      let ink = 0;
      for (let i = 0; i < png.data.length; i += 4) if ((png.data[i] ?? 255) < 128) ink++;
      const ratio = ink / (png.width * png.height);
      expect(ratio).toBeGreaterThan(0.02);
      expect(ratio).toBeLessThan(0.4);
    }
  });
});
