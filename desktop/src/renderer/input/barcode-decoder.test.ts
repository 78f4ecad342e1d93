/**
 * The camera scanner's decoder (zxing in WebAssembly, as on a browser without BarcodeDetector) on
 * frames drawn the way a camera shows a label: a clean EAN-13, the same tilted, a GS1 in-store
 * weight label, head office's pairing QR, a label cut in half, and a blank frame.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { gs1CheckDigit } from '@cassa/shared';
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer';
import type { WriteInputBarcodeFormat } from 'zxing-wasm/writer';
import type { BarcodeDecoder, Frame } from './barcode-decoder';
import { ScanCooldown, createBarcodeDecoder, retailSymbologies } from './barcode-decoder';

const require = createRequire(import.meta.url);
const wasmBytes = (name: 'reader' | 'writer') => {
  const file = readFileSync(require.resolve(`zxing-wasm/${name}/zxing_${name}.wasm`));
  return file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength);
};

/** A code drawn `scale` pixels a module, on a grey page with a margin, turned by `degrees`. */
async function frameOf(text: string, format: WriteInputBarcodeFormat, options: { degrees?: number; keepLeft?: number } = {}): Promise<Frame> {
  const { symbol, error } = await writeBarcode(text, { format, scale: 1, withQuietZones: false });
  if (error) throw new Error(error);
  const scale = 4;
  const width = 640;
  const height = 480;
  const rgba = new Uint8ClampedArray(width * height * 4).fill(235);
  const angle = ((options.degrees ?? 0) * Math.PI) / 180;
  const [cx, cy] = [width / 2, height / 2];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Back from the frame's pixel to the symbol's module, turned about the centre.
      const dx = x - cx;
      const dy = y - cy;
      const sx = Math.floor((Math.cos(angle) * dx + Math.sin(angle) * dy) / scale + symbol.width / 2);
      const sy = Math.floor((-Math.sin(angle) * dx + Math.cos(angle) * dy) / scale + symbol.height / 2);
      if (sx < 0 || sy < 0 || sx >= symbol.width || sy >= symbol.height) continue;
      if (options.keepLeft !== undefined && sx > symbol.width * options.keepLeft) continue;
      const value = symbol.data[sy * symbol.width + sx] ?? 255;
      rgba.fill(value < 128 ? 30 : 235, (y * width + x) * 4, (y * width + x) * 4 + 3);
    }
  }
  for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
  return { data: rgba, width, height };
}

describe('the camera scanner\'s decoder', () => {
  let decoder: BarcodeDecoder;

  beforeAll(async () => {
    await prepareZXingModule({ overrides: { wasmBinary: wasmBytes('writer') }, fireImmediately: true });
    decoder = await createBarcodeDecoder([...retailSymbologies, 'qr'], { bytes: wasmBytes('reader') });
  });

  it('reads a clean EAN-13 with zxing where the runtime has no BarcodeDetector', async () => {
    expect(decoder.engine).toBe('zxing');
    expect(await decoder.decode(await frameOf('8001234500016', 'EAN13'))).toEqual([{ code: '8001234500016', symbology: 'ean13' }]);
  });

  it('reads an EAN-13 held at 20 degrees', async () => {
    expect(await decoder.decode(await frameOf('8001234500016', 'EAN13', { degrees: 20 }))).toEqual([{ code: '8001234500016', symbology: 'ean13' }]);
  });

  it('reads a GS1 in-store weight label as its 13 digits, left for the sale to interpret', async () => {
    const body = '211000201234';
    const label = `${body}${gs1CheckDigit(body)}`;
    expect(await decoder.decode(await frameOf(label, 'EAN13'))).toEqual([{ code: label, symbology: 'ean13' }]);
  });

  it('reads head office\'s pairing QR', async () => {
    const uri = 'cassa://pair?server=https%3A%2F%2Fsede.example.it&code=K7Q2-99XA';
    expect(await decoder.decode(await frameOf(uri, 'QRCode'))).toEqual([{ code: uri, symbology: 'qr' }]);
  });

  it('reads EAN-8, UPC-A and Code 128', async () => {
    expect(await decoder.decode(await frameOf('96385074', 'EAN8'))).toEqual([{ code: '96385074', symbology: 'ean8' }]);
    // A UPC-A is an EAN-13 with a leading 0 and zxing says so; the catalogue's barcodeKey makes both one key.
    expect(await decoder.decode(await frameOf('036000291452', 'UPCA'))).toEqual([{ code: '0036000291452', symbology: 'ean13' }]);
    expect(await decoder.decode(await frameOf('R-000123', 'Code128'))).toEqual([{ code: 'R-000123', symbology: 'code128' }]);
  });

  it('finds nothing in a blank frame or in half a label', async () => {
    const blank = { data: new Uint8ClampedArray(640 * 480 * 4).fill(200), width: 640, height: 480 };
    expect(await decoder.decode(blank)).toEqual([]);
    expect(await decoder.decode(await frameOf('8001234500016', 'EAN13', { keepLeft: 0.5 }))).toEqual([]);
  });
});

describe('the scan cooldown', () => {
  it('counts a code held in view once, and again once it has been away', () => {
    const cooldown = new ScanCooldown(1000);
    const seen = [0, 100, 200, 900, 1800].map((at) => cooldown.accept('8001234500016', at));
    expect(seen).toEqual([true, false, false, false, false]);
    // Out of sight for more than a second, then shown again: a second item.
    expect(cooldown.accept('8001234500016', 3000)).toBe(true);
  });

  it('counts a different code at once', () => {
    const cooldown = new ScanCooldown(1000);
    expect(cooldown.accept('8001234500016', 0)).toBe(true);
    expect(cooldown.accept('8001234500023', 50)).toBe(true);
    expect(cooldown.accept('8001234500016', 100)).toBe(false);
  });
});
