/**
 * @module
 * The codes a receipt prints (the return QR, a gift card's barcode) drawn as real, scannable
 * symbols on the shared picture, with zxing's writer in WebAssembly. Its `.wasm` is an asset of
 * our build, fetched only when a receipt is shown, never from a CDN. Without it the picture
 * still carries the code's text, which the receipt prints anyway.
 */
import type { ReceiptViewItem } from '@cassa/shared';
import writerWasmUrl from 'zxing-wasm/writer/zxing_writer.wasm?url';

export interface CodeSymbol {
  /** Modules across and down; one byte a module, dark under 128. */
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
  readonly linear: boolean;
}

type Code = Extract<ReceiptViewItem, { kind: 'code' }>;

export async function codeSymbol(code: Code): Promise<CodeSymbol | null> {
  if (code.symbology === 'other') return null;
  try {
    const writer = await import('zxing-wasm/writer');
    await writer.prepareZXingModule({
      overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? writerWasmUrl : prefix + path) },
      fireImmediately: true,
    });
    const format = code.symbology === 'qr' ? 'QRCode' : code.symbology === 'ean13' ? 'EAN13' : 'Code128';
    const { symbol, error } = await writer.writeBarcode(code.data, { format, scale: 1, withQuietZones: false });
    if (error || !symbol.data) return null;
    return { width: symbol.width, height: symbol.height, data: symbol.data, linear: code.symbology !== 'qr' };
  } catch {
    return null;
  }
}
