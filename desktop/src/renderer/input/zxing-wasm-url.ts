/**
 * @module
 * zxing's WebAssembly file as an asset of our own build (Vite copies it and gives its URL), so the
 * camera scanner works offline and never reaches a CDN.
 */
import zxingReaderWasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

export { zxingReaderWasmUrl };
