/**
 * @module
 * A one-page PDF holding one 1-bit image (the receipt's picture), written by hand: a receipt is a
 * picture of a paper roll, so no fonts, no text layout. Follows the PDF Reference, third edition
 * (PDF 1.4):
 * - §3.4.1 file header (`%PDF-1.4` and a comment of bytes above 127 marking the file binary);
 * - §3.2.7 stream objects, with `/Length` the exact byte count of the (compressed) data;
 * - §3.3.3 FlateDecode: zlib/deflate data (RFC 1950), which `CompressionStream('deflate')` writes;
 * - §3.6.1 document catalog, §3.6.2 page tree and page objects (`/MediaBox` in points);
 * - §4.8.4 image dictionaries: `/DeviceGray`, `/BitsPerComponent 1`, rows padded to whole bytes;
 *   with the default `/Decode [0 1]` a 0 bit is black;
 * - §4.2.3 and §4.7: the content stream scales the unit image square to the page with `cm` and
 *   paints it with `Do`;
 * - §3.4.3 cross-reference table (20-byte entries, offsets from the file's first byte) and §3.4.4
 *   trailer with `/Size` and `/Root`, then `startxref` and `%%EOF`.
 */

export interface MonoBitmap {
  readonly width: number;
  readonly height: number;
  /** Row after row, `ceil(width / 8)` bytes a row, most significant bit leftmost; 1 = white. */
  readonly bits: Uint8Array;
}

/** Packs RGBA pixels into 1 bit a pixel: dark (luma under 128) is 0, as the PDF draws black. */
export function monoFromRgba(rgba: Uint8ClampedArray, width: number, height: number): MonoBitmap {
  const stride = Math.ceil(width / 8);
  const bits = new Uint8Array(stride * height).fill(0xff);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const luma = 0.299 * rgba[i]! + 0.587 * rgba[i + 1]! + 0.114 * rgba[i + 2]!;
      // Transparent counts as white paper.
      if (rgba[i + 3]! >= 128 && luma < 128) bits[y * stride + (x >> 3)]! &= ~(0x80 >> (x & 7));
    }
  }
  return { width, height, bits };
}

export async function deflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The PDF's bytes: one page `pageWidthPt` wide, as tall as the image's proportions make it. */
export async function pdfOfBitmap(bitmap: MonoBitmap, pageWidthPt: number): Promise<Uint8Array> {
  const pageHeightPt = Math.round((pageWidthPt * bitmap.height) / bitmap.width * 100) / 100;
  const image = await deflate(bitmap.bits);
  const content = new TextEncoder().encode(`q ${pageWidthPt} 0 0 ${pageHeightPt} 0 0 cm /Im0 Do Q\n`);
  const ascii = (text: string) => new TextEncoder().encode(text);
  const objects: Uint8Array[][] = [
    [ascii('<< /Type /Catalog /Pages 2 0 R >>')],
    [ascii('<< /Type /Pages /Kids [3 0 R] /Count 1 >>')],
    [ascii(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${pageWidthPt} ${pageHeightPt}] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>`)],
    [
      ascii(`<< /Type /XObject /Subtype /Image /Width ${bitmap.width} /Height ${bitmap.height} /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode /Length ${image.length} >>\nstream\n`),
      image,
      ascii('\nendstream'),
    ],
    [ascii(`<< /Length ${content.length} >>\nstream\n`), content, ascii('endstream')],
  ];
  const parts: Uint8Array[] = [ascii('%PDF-1.4\n%'), new Uint8Array([0xe2, 0xe3, 0xcf, 0xd3]), ascii('\n')];
  let offset = parts.reduce((sum, part) => sum + part.length, 0);
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const chunk = [ascii(`${i + 1} 0 obj\n`), ...body, ascii('\nendobj\n')];
    parts.push(...chunk);
    offset += chunk.reduce((sum, part) => sum + part.length, 0);
  });
  // Each entry exactly 20 bytes: 10-digit offset, space, 5-digit generation, space, n/f, CR LF.
  const xref = ['xref', `0 ${objects.length + 1}`, '0000000000 65535 f\r', ...offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n\r`)].join('\n');
  parts.push(ascii(`${xref}\ntrailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`));
  const pdf = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    pdf.set(part, at);
    at += part.length;
  }
  return pdf;
}
