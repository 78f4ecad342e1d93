/**
 * @module
 * Which in-store (prefix 2x) barcode layouts this shop's scales print. Kept as a setting because
 * each scale brand and each shop configures its labels differently; a till paired with head
 * office gets the chain's layouts through the settings stream under the same key.
 */
import type { VariableMeasureLayout } from '@cassa/shared';
import { DEFAULT_SCALE_LAYOUTS, variableMeasureLayoutsSchema } from '@cassa/shared';
import type { TillSettings } from '../settings';

export const SCAN_LAYOUTS_KEY = 'scan.layouts';

/**
 * The layouts to read labels with: the saved ones, or the documented default when none are saved.
 * A stored value that no longer validates (written by an older version, or a head office that
 * skipped the check) falls back to the default rather than misreading every label or failing
 * every scan.
 */
export function scanLayouts(settings: TillSettings): readonly VariableMeasureLayout[] {
  const configured = settings.get(SCAN_LAYOUTS_KEY);
  if (configured === null) return DEFAULT_SCALE_LAYOUTS;
  // Every scan asks: validate a stored value once, not on the scan-to-line path each time.
  if (lastRead?.configured !== configured) lastRead = { configured, layouts: layoutsOf(configured) };
  return lastRead.layouts;
}

let lastRead: { readonly configured: string; readonly layouts: readonly VariableMeasureLayout[] } | null = null;

function layoutsOf(configured: string): readonly VariableMeasureLayout[] {
  let stored: unknown;
  try {
    stored = JSON.parse(configured);
  } catch {
    return DEFAULT_SCALE_LAYOUTS;
  }
  const parsed = variableMeasureLayoutsSchema.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_SCALE_LAYOUTS;
}

/** True when head office set this till's layouts: then the till's own settings screen may not change them. */
export function scanLayoutsManagedByHeadOffice(settings: TillSettings): boolean {
  return settings.fromHeadOffice(SCAN_LAYOUTS_KEY);
}
