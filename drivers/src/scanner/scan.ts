/**
 * @module
 * What every scanner reports, whatever its link.
 */
import type { DeviceEvents } from '../device/device-base';

export type ScanSource = 'serial' | 'hid-pos' | 'hid-keyboard';

export interface Scan {
  /** The decoded data, prefix and suffix removed. */
  readonly code: string;
  readonly source: ScanSource;
  /** AIM symbology identifier such as "]E0", when the scanner sends one. */
  readonly aim?: string;
  /** A name for the AIM identifier ("ean13", "code128"…), when known. */
  readonly symbology?: string;
}

export interface ScannerEvents extends DeviceEvents<never> {
  scan: (scan: Scan) => void;
}

const aimNames: Record<string, string> = {
  ']E0': 'ean13',
  ']E3': 'ean13+addon',
  ']E4': 'ean8',
  ']C0': 'code128',
  ']C1': 'gs1-128',
  ']A0': 'code39',
  ']G0': 'code93',
  ']I0': 'itf',
  ']I1': 'itf',
  ']F0': 'codabar',
  ']e0': 'gs1-databar',
  ']Q1': 'qr',
  ']Q3': 'qr',
  ']d1': 'datamatrix',
  ']d2': 'gs1-datamatrix',
  ']L2': 'pdf417',
  ']z0': 'aztec',
};

/** The symbology name for an AIM identifier such as "]E0". */
export function symbologyFromAim(aim: string): string | undefined {
  return aimNames[aim];
}
