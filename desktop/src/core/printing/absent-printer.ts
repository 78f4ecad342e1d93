/**
 * @module
 * The port of a till with no receipt printer: it says so (state `absent`), prints nothing and
 * reports every job as not sent, so no receipt is ever counted as printed when it was not. A PC
 * gets it with `CASSA_PRINTER=none`; a phone or tablet, whose receipts are shown on screen or
 * shared, starts with it. Pure: no driver transport behind it.
 */
import { getPrinterProfile } from '@cassa/drivers/portable';
import type { PrinterPort } from './print-service';

export function absentPrinterPort(profileId: string, detail: string): PrinterPort {
  return {
    connection: 'none',
    profile: getPrinterProfile(profileId),
    state: () => ({ state: 'absent', detail }),
    print: async () => 'failed-before-send',
    openDrawer: async () => undefined,
    onStateChange: () => () => undefined,
    preview: undefined,
    close: async () => undefined,
  };
}

/** The browser till's printer until one it can reach is configured. */
export function noPrinterPort(profileId = 'generic-80mm'): PrinterPort {
  return absentPrinterPort(profileId, 'No receipt printer on this device: receipts are shown on screen');
}
