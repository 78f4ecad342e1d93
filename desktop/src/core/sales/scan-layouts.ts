/**
 * @module
 * Which in-store (prefix 2x) barcode layouts this shop's scales print. Kept as a setting because
 * each scale brand and each shop configures its labels differently.
 */
import type { VariableMeasureLayout } from '@cassa/shared';
import type { TillSettings } from '../settings';

/** Common Italian defaults: 21/22 weight in grams, 23/24 price in cents, 5-digit item code. */
export const defaultScanLayouts: readonly VariableMeasureLayout[] = [
  { prefix: '21', itemDigits: 5, value: 'weight', valueDigits: 5, decimals: 3 },
  { prefix: '22', itemDigits: 5, value: 'weight', valueDigits: 5, decimals: 3 },
  { prefix: '23', itemDigits: 5, value: 'price', valueDigits: 5, decimals: 2 },
  { prefix: '24', itemDigits: 5, value: 'price', valueDigits: 5, decimals: 2 },
];

export function scanLayouts(settings: TillSettings): readonly VariableMeasureLayout[] {
  const configured = settings.get('scan.layouts');
  return configured ? (JSON.parse(configured) as VariableMeasureLayout[]) : defaultScanLayouts;
}
