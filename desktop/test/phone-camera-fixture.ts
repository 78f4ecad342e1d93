/**
 * @module
 * A camera's view of a barcode for Chromium's fake camera: the code drawn with zxing's writer,
 * centred on a grey page the way a label fills part of a phone's view, as one frame of a Y4M
 * video (YUV 4:2:0; Chromium plays the file's frames in a loop, so one frame is a still picture).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer';

const require = createRequire(import.meta.url);

export async function y4mOfBarcode(code: string, options: { width?: number; height?: number; scale?: number } = {}): Promise<Buffer> {
  const { width = 640, height = 480, scale = 4 } = options;
  const wasm = readFileSync(require.resolve('zxing-wasm/writer/zxing_writer.wasm'));
  await prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) }, fireImmediately: true });
  const { symbol, error } = await writeBarcode(code, { format: 'EAN13', scale: 1, withQuietZones: false });
  if (error) throw new Error(error);
  const luma = Buffer.alloc(width * height, 220);
  const left = Math.floor((width - symbol.width * scale) / 2);
  const top = Math.floor((height - symbol.height * scale) / 2);
  for (let y = 0; y < symbol.height * scale; y++) {
    for (let x = 0; x < symbol.width * scale; x++) {
      const dark = (symbol.data[Math.floor(y / scale) * symbol.width + Math.floor(x / scale)] ?? 255) < 128;
      luma[(top + y) * width + left + x] = dark ? 25 : 235;
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\nFRAME\n`, 'ascii');
  return Buffer.concat([header, luma, chroma]);
}
