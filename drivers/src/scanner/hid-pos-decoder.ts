/**
 * @module
 * HID POS barcode scanner reports (usage page 0x8C, "scanned data report"), as scanners from
 * Honeywell, Zebra and Datalogic send them in HID POS mode:
 *
 *     report id 2 | length | AIM id (3 bytes) | data … | (64-byte reports: byte 62 = "more follows")
 *
 * hidapi puts the report ID in front of numbered reports, so by default byte 0 is the ID. Codes
 * longer than one report arrive in several reports with the continuation flag set; they are joined.
 */
import { symbologyFromAim } from './scan';

export const hidPosUsagePage = 0x8c;
export const hidPosScanReportId = 2;

export interface HidPosScan {
  readonly code: string;
  readonly aim: string;
  readonly symbology?: string;
}

export interface HidPosDecoderOptions {
  /** False when the platform strips report IDs (default true: hidapi keeps them). */
  readonly reportIdIncluded?: boolean;
}

export class HidPosDecoder {
  readonly #reportIdIncluded: boolean;
  #partial = '';
  #partialAim = '';

  constructor(options: HidPosDecoderOptions = {}) {
    this.#reportIdIncluded = options.reportIdIncluded ?? true;
  }

  /** Feeds one input report; returns a scan when a code is complete, else undefined. */
  push(report: Uint8Array): HidPosScan | undefined {
    let payload = report;
    if (this.#reportIdIncluded) {
      if (report[0] !== hidPosScanReportId) return undefined; // status or other reports
      payload = report.subarray(1);
    }
    const length = payload[0];
    if (length === undefined || payload.length < 4) return undefined;
    const aim = String.fromCharCode(payload[1] ?? 0, payload[2] ?? 0, payload[3] ?? 0).replace(/\0/g, '');
    const data = payload.subarray(4, 4 + Math.min(length, payload.length - 4));
    // Trailing NULs pad short codes; a CR/LF suffix may be configured on the scanner as well.
    const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1').replace(/[\0\r\n]+$/, '');
    this.#partial += text;
    if (!this.#partialAim) this.#partialAim = aim;
    const more = payload.length >= 63 && (payload[62] ?? 0) !== 0;
    if (more) return undefined;
    const code = this.#partial;
    const fullAim = this.#partialAim;
    this.reset();
    if (!code) return undefined;
    const symbology = symbologyFromAim(fullAim);
    return symbology ? { code, aim: fullAim, symbology } : { code, aim: fullAim };
  }

  reset(): void {
    this.#partial = '';
    this.#partialAim = '';
  }
}
