/**
 * @module
 * Reads barcodes from camera frames: the browser's own `BarcodeDetector` where it has one for every
 * format asked for (Chrome on Android and macOS, Safari 17+), else zxing-cpp compiled to WebAssembly
 * (`zxing-wasm/reader`). The `.wasm` comes from our own build, never a CDN: a shop's phone may be
 * offline and nothing but our own origin is allowed by the page's policy.
 *
 * Also the cooldown that makes a code held in front of the camera count once.
 */
import type { ReaderOptions, ReadInputBarcodeFormat } from 'zxing-wasm/reader';

/** The symbologies a till reads: retail goods, in-store labels, and head office's pairing QR. */
export type Symbology = 'ean13' | 'ean8' | 'upca' | 'upce' | 'code128' | 'qr';

export const retailSymbologies: readonly Symbology[] = ['ean13', 'ean8', 'upca', 'upce', 'code128'];

export interface DecodedCode {
  readonly code: string;
  readonly symbology: Symbology;
}

/** A frame as `ImageData` has it (RGBA, row after row); a plain object in Node tests. */
export interface Frame {
  readonly data: Uint8ClampedArray<ArrayBuffer>;
  readonly width: number;
  readonly height: number;
}

export interface BarcodeDecoder {
  /** Which engine reads: shown nowhere, kept for tests and diagnostics. */
  readonly engine: 'native' | 'zxing';
  decode(frame: Frame): Promise<DecodedCode[]>;
}

const nativeNames: Record<Symbology, string> = {
  ean13: 'ean_13', ean8: 'ean_8', upca: 'upc_a', upce: 'upc_e', code128: 'code_128', qr: 'qr_code',
};
const zxingNames: Record<Symbology, ReadInputBarcodeFormat> = {
  ean13: 'EAN13', ean8: 'EAN8', upca: 'UPCA', upce: 'UPCE', code128: 'Code128', qr: 'QRCode',
};

function fromName(names: Record<Symbology, string>, name: string): Symbology | undefined {
  return (Object.keys(names) as Symbology[]).find((s) => names[s] === name);
}

/** The Web API's shape, declared here: TypeScript's DOM library does not have it yet. */
interface NativeDetector {
  detect(source: ImageBitmapSource): Promise<{ rawValue: string; format: string }[]>;
}
interface NativeDetectorClass {
  new (options: { formats: string[] }): NativeDetector;
  getSupportedFormats(): Promise<string[]>;
}

async function nativeDecoder(formats: readonly Symbology[]): Promise<BarcodeDecoder | null> {
  const Detector = (globalThis as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
  if (!Detector || typeof ImageData === 'undefined') return null;
  try {
    const supported = new Set(await Detector.getSupportedFormats());
    // A detector that lacks one format (QR on some builds) would silently miss it: zxing instead.
    if (!formats.every((f) => supported.has(nativeNames[f]))) return null;
    const detector = new Detector({ formats: formats.map((f) => nativeNames[f]) });
    return {
      engine: 'native',
      async decode(frame) {
        const image = frame instanceof ImageData ? frame : new ImageData(new Uint8ClampedArray(frame.data), frame.width, frame.height);
        const found = await detector.detect(image);
        return found.flatMap((b) => {
          const symbology = fromName(nativeNames, b.format);
          return symbology && b.rawValue ? [{ code: b.rawValue, symbology }] : [];
        });
      },
    };
  } catch {
    return null;
  }
}

/** Where zxing's `.wasm` comes from: a URL our server serves, or its bytes (Node tests). */
export type ZxingWasm = { readonly url: string } | { readonly bytes: ArrayBuffer };

async function zxingDecoder(formats: readonly Symbology[], wasm: ZxingWasm): Promise<BarcodeDecoder> {
  const reader = await import('zxing-wasm/reader');
  // Without our locateFile zxing-wasm would fetch its .wasm from jsDelivr.
  const overrides = 'url' in wasm ? { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasm.url : prefix + path) } : { wasmBinary: wasm.bytes };
  await reader.prepareZXingModule({ overrides, fireImmediately: true });
  const options: ReaderOptions = {
    formats: formats.map((f) => zxingNames[f]),
    // A phone held at an angle, a crumpled label: slower but finds more, and frames are few.
    tryHarder: true,
    tryRotate: true,
    // The cashier points at one label; more symbols only invite a misread of the same bars upside down.
    maxNumberOfSymbols: 1,
  };
  return {
    engine: 'zxing',
    async decode(frame) {
      const found = await reader.readBarcodes({ data: frame.data, width: frame.width, height: frame.height, colorSpace: 'srgb' }, options);
      return found.flatMap((b) => {
        const symbology = fromName(zxingNames, b.format);
        return b.isValid && symbology && b.text ? [{ code: b.text, symbology }] : [];
      });
    },
  };
}

export async function createBarcodeDecoder(formats: readonly Symbology[], wasm: ZxingWasm, options: { preferNative?: boolean } = {}): Promise<BarcodeDecoder> {
  if (options.preferNative !== false) {
    const native = await nativeDecoder(formats);
    if (native) return native;
  }
  return zxingDecoder(formats, wasm);
}

/**
 * The same code in consecutive frames is one scan. A code counts again only once it has been out of
 * sight for `quietMs` (the cashier took the item away and shows it again), so two identical items
 * scanned one after the other each count, and one held still counts once however long it stays.
 */
export class ScanCooldown {
  private readonly lastSeen = new Map<string, number>();

  constructor(private readonly quietMs = 1200) {}

  /** True when this sighting is a new scan. `now` in milliseconds, from any monotonic clock. */
  accept(code: string, now: number): boolean {
    const last = this.lastSeen.get(code);
    this.lastSeen.set(code, now);
    for (const [seen, at] of this.lastSeen) if (now - at > this.quietMs * 4) this.lastSeen.delete(seen);
    return last === undefined || now - last > this.quietMs;
  }
}
