/**
 * @module
 * Which devices the register uses, as the shop set them in the back office: kept in the till's
 * own database and read at start, before the devices open. An environment variable (set by an
 * installer or a technician) overrides the saved value for that run.
 */
import { builtInPrinterProfiles, parseConnection } from '@cassa/drivers/portable';
import type { DeviceSettings } from '@cassa/shared';
import { CassaError } from '@cassa/shared';
import type { TillSettings } from '../settings';

const keys: Readonly<Record<keyof DeviceSettings, string>> = {
  printer: 'device.printer',
  printerProfile: 'device.printerProfile',
  scanner: 'device.scanner',
  display: 'device.display',
  scale: 'device.scale',
  scaleProtocol: 'device.scaleProtocol',
};

export const defaultDeviceSettings: DeviceSettings = {
  printer: 'virtual:printer',
  printerProfile: 'generic-80mm',
  scanner: '',
  display: '',
  scale: '',
  scaleProtocol: 'mettler-toledo-8217',
};

export function deviceSettingsFrom(get: (key: string) => string | null): DeviceSettings {
  const value = <K extends keyof DeviceSettings>(k: K): DeviceSettings[K] => (get(keys[k]) ?? defaultDeviceSettings[k]) as DeviceSettings[K];
  return {
    printer: value('printer'),
    printerProfile: value('printerProfile'),
    scanner: value('scanner'),
    display: value('display'),
    scale: value('scale'),
    scaleProtocol: value('scaleProtocol') === 'adam' ? 'adam' : 'mettler-toledo-8217',
  };
}

export function savedDeviceSettings(settings: TillSettings): DeviceSettings {
  return deviceSettingsFrom((key) => settings.get(key));
}

/** Refuses a malformed connection string or an unknown printer profile, saying which. */
export function validateDeviceSettings(next: DeviceSettings): void {
  for (const field of ['printer', 'scanner', 'display', 'scale'] as const) {
    const value = next[field].trim();
    if (value === '' || (field === 'printer' && value === 'none')) continue;
    try {
      parseConnection(value);
    } catch (error) {
      throw new CassaError('VALIDATION', `${field}: ${error instanceof Error ? error.message : String(error)}`, { field });
    }
  }
  if (!builtInPrinterProfiles.has(next.printerProfile)) {
    throw new CassaError('VALIDATION', `printerProfile: unknown profile ${next.printerProfile}; one of ${[...builtInPrinterProfiles.keys()].join(', ')}`, {
      field: 'printerProfile',
    });
  }
}

export function saveDeviceSettings(settings: TillSettings, next: DeviceSettings): void {
  validateDeviceSettings(next);
  for (const field of Object.keys(keys) as (keyof DeviceSettings)[]) settings.set(keys[field], next[field].trim());
}

/**
 * On a host that opens no port (a till in a browser, issue 20) a connection saved here would only
 * fail at the next start: a change to one is refused now, in words. Saving the fields as they are
 * (the printer profile, say) still works.
 */
export function refuseConnectionChanges(saved: DeviceSettings, next: DeviceSettings): void {
  for (const field of ['printer', 'scanner', 'display', 'scale'] as const) {
    if (next[field].trim() !== saved[field]) throw new CassaError('DEVICE_UNAVAILABLE', `${field}: this till runs in a browser and opens no device by cable or network`, { field, reason: 'browser-without-ports' });
  }
}
