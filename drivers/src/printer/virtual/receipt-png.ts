/**
 * @module
 * Draws a decoded receipt as a PNG, so a demo or a failing test shows what the paper would look
 * like. Barcodes and QR codes are drawn as labelled placeholders (their payload in text), not as
 * scannable symbols: the decoder already checks the payloads exactly.
 */
import { PNG } from 'pngjs';
import type { DecodedItem, DecodedReceipt } from '../../escpos/escpos-decoder';
import type { MonoImage } from '../../escpos/escpos-encoder';
import { glyphHeight, glyphRows, glyphWidth } from './bitmap-font';

export interface RenderOptions {
  /** Font A columns of the paper (48 for 80 mm, 32 for 58 mm). */
  readonly columns?: number;
  /** Pixels per font dot; 2 gives roughly the printer's own 203 dpi. */
  readonly scale?: number;
}

const margin = 8;

class Canvas {
  readonly width: number;
  height = 0;
  #rows: Uint8Array[] = [];

  constructor(width: number) {
    this.width = width;
  }

  grow(rows: number): number {
    const top = this.height;
    for (let r = 0; r < rows; r++) this.#rows.push(new Uint8Array(this.width));
    this.height += rows;
    return top;
  }

  set(x: number, y: number): void {
    const row = this.#rows[y];
    if (row && x >= 0 && x < this.width) row[x] = 1;
  }

  fill(x: number, y: number, w: number, h: number): void {
    for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) this.set(xx, yy);
  }

  toPng(): Buffer {
    const png = new PNG({ width: this.width, height: Math.max(1, this.height) });
    png.data.fill(255);
    this.#rows.forEach((row, y) => {
      row.forEach((ink, x) => {
        if (!ink) return;
        const o = (y * this.width + x) * 4;
        png.data[o] = 20;
        png.data[o + 1] = 20;
        png.data[o + 2] = 20;
      });
    });
    return PNG.sync.write(png);
  }
}

export function renderReceiptPng(decoded: DecodedReceipt, options: RenderOptions = {}): Buffer {
  const columns = options.columns ?? 48;
  const scale = options.scale ?? 2;
  const paper = columns * glyphWidth * scale;
  const canvas = new Canvas(paper + 2 * margin);
  canvas.grow(margin);

  const text = (s: string, align: 'left' | 'center' | 'right', w = 1, h = 1, bold = false): void => {
    const cw = glyphWidth * scale * w;
    const ch = glyphHeight * scale * h;
    const chars = Array.from(s);
    const lineWidth = chars.length * cw;
    const offset = align === 'left' ? 0 : align === 'center' ? Math.max(0, (paper - lineWidth) >> 1) : Math.max(0, paper - lineWidth);
    const top = canvas.grow(ch);
    chars.forEach((c, i) => {
      glyphRows(c).forEach((row, ry) => {
        for (let rx = 0; rx < row.length; rx++) {
          // Bold is the same glyph smeared one dot to the right, as thermal printers do it.
          if (row[rx] === 'X') canvas.fill(margin + offset + i * cw + rx * scale * w, top + ry * scale * h, scale * w + (bold ? scale : 0), scale * h);
        }
      });
    });
  };

  const image = (img: MonoImage, align: 'left' | 'center' | 'right', dotScale: number): void => {
    const w = img.width * dotScale;
    const offset = align === 'left' ? 0 : align === 'center' ? Math.max(0, (paper - w) >> 1) : Math.max(0, paper - w);
    const top = canvas.grow(img.height * dotScale);
    for (let y = 0; y < img.height; y++) {
      for (let x = 0; x < img.width; x++) {
        if (img.pixels[y * img.width + x]) canvas.fill(margin + offset + x * dotScale, top + y * dotScale, dotScale, dotScale);
      }
    }
  };

  for (const item of decoded.items) drawItem(item);
  canvas.grow(margin);
  return canvas.toPng();

  function drawItem(item: DecodedItem): void {
    switch (item.kind) {
      case 'text':
        text(item.text, item.align, item.width, item.height, item.bold);
        return;
      case 'feed':
        canvas.grow(item.lines * glyphHeight * scale);
        return;
      case 'cut': {
        canvas.grow(glyphHeight * scale);
        const y = canvas.grow(2 * scale);
        for (let x = 0; x < canvas.width; x += 8 * scale) canvas.fill(x, y, 4 * scale, scale);
        text(item.mode === 'full' ? '[taglio / cut]' : '[taglio parziale / partial cut]', 'center');
        return;
      }
      case 'barcode': {
        const bars = Array.from(item.data, (c) => c.charCodeAt(0));
        const top = canvas.grow(40 * scale);
        const width = Math.min(paper, bars.length * 6 * scale + 20 * scale);
        const left = margin + Math.max(0, (paper - width) >> 1);
        for (let x = 0, k = 0; x < width; k++) {
          const bw = (((bars[k % bars.length] ?? 1) >> (k % 3)) % 3) + 1;
          canvas.fill(left + x, top, bw * scale, 40 * scale);
          x += (bw + 1 + (k % 2)) * scale;
        }
        text(`${item.symbology.toUpperCase()} ${item.data}`, 'center');
        return;
      }
      case 'qr': {
        const side = 36 * scale;
        const top = canvas.grow(side);
        const left = margin + ((paper - side) >> 1);
        // Finder-pattern-like corners so it reads as "a QR code goes here".
        for (const [cx, cy] of [[0, 0], [side - 10 * scale, 0], [0, side - 10 * scale]] as const) {
          canvas.fill(left + cx, top + cy, 10 * scale, 10 * scale);
        }
        canvas.fill(left + 14 * scale, top + 14 * scale, 8 * scale, 8 * scale);
        text(`QR ${item.data}`, 'center');
        return;
      }
      case 'image':
        image(item.image, item.align, Math.max(1, Math.floor(scale / 2) || 1));
        return;
      case 'nv-logo':
        text(`[logo ${item.key}]`, item.align);
        return;
      case 'drawer':
        text(`[cassetto pin ${item.pin} / drawer kick]`, 'center');
        return;
      case 'status-request':
        return;
    }
  }
}
