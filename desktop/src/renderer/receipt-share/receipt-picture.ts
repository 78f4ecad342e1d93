/**
 * @module
 * The receipt drawn on a canvas the way the printer lays it out: a fixed grid of character cells
 * (each character placed in its own cell, so columns line up whatever the font's metrics), bold
 * and double width/height as on paper. The picture the customer gets, and what the PDF embeds.
 */
import type { ReceiptRow } from './receipt-rows';

const cellWidth = 12;
const cellHeight = 24;
const margin = 16;

export function receiptCanvas(rows: readonly ReceiptRow[], columns: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = columns * cellWidth + margin * 2;
  canvas.height = rows.reduce((sum, row) => sum + row.height * cellHeight, 0) + margin * 2;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas in this browser');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#000000';
  context.textBaseline = 'middle';
  context.textAlign = 'center';
  let top = margin;
  for (const row of rows) {
    context.font = `${row.bold ? 'bold ' : ''}20px 'DejaVu Sans Mono', 'Liberation Mono', ui-monospace, monospace`;
    const chars = [...row.text];
    const used = Math.min(columns, chars.length * row.width);
    const start = row.align === 'center' ? Math.floor((columns - used) / 2) : row.align === 'right' ? columns - used : 0;
    chars.forEach((char, i) => {
      const x = margin + (start + i * row.width) * cellWidth + (row.width * cellWidth) / 2;
      const y = top + (row.height * cellHeight) / 2;
      context.save();
      context.translate(x, y);
      context.scale(row.width, row.height);
      context.fillText(char, 0, 0);
      context.restore();
    });
    top += row.height * cellHeight;
  }
  return canvas;
}

export function canvasBlob(canvas: HTMLCanvasElement, type: 'image/png'): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The receipt picture could not be made'))), type));
}
