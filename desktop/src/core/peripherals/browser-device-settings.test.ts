/**
 * Issue 20: a till in a browser (the phone's worker) opens no device by cable or network. Its back
 * office says so, and a change to a connection is refused in words instead of being saved to fail
 * at the next start. Runs on the phone's engine (SQLite in WebAssembly) with the browser's device
 * access, as the worker starts the core.
 */
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { CassaError, errorSentence } from '@cassa/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { seedDemoShop } from '../demo/seed-demo';
import { noPrinterPort } from '../printing/absent-printer';
import { openWasmTillDatabase } from '../store/wasm-sqlite';
import type { TillCore } from '../till-core';
import { createTillCoreOn } from '../till-core';
import { deviceAccessWithoutPorts } from './device-access';

const sqlite3 = await sqlite3InitModule();

describe('device settings on a till in a browser', () => {
  let core: TillCore | null = null;
  afterEach(async () => {
    await core?.close();
    core = null;
  });

  async function adminOnPhone() {
    core = createTillCoreOn(openWasmTillDatabase(sqlite3, ':memory:'), { printer: noPrinterPort(), devices: deviceAccessWithoutPorts, pinKey: new Uint8Array(32).fill(3) });
    seedDemoShop(core.services);
    const call = (name: string, input: unknown, token?: string) => core!.dispatcher.dispatch(name, input, { token, trustedLocal: true });
    const login = await call('session.login', { userId: 'user-admin', pin: '9999' });
    if (!login.ok) throw new Error(login.error.message);
    const token = (login.data as { token: string }).token;
    return (name: string, input: unknown) => call(name, input, token);
  }

  it('says the connections cannot be reached, refuses a change to one in words, and keeps what was saved', async () => {
    const call = await adminOnPhone();
    const current = await call('devices.settings', {});
    expect(current).toMatchObject({ ok: true, data: { devicesReachable: false } });
    const saved = (current as { data: { saved: Record<string, string> } }).data.saved;

    for (const change of [{ printer: 'tcp://192.168.1.50:9100' }, { scanner: 'serial:/dev/ttyACM0' }, { scale: 'serial:/dev/ttyUSB0' }, { display: 'serial:/dev/ttyUSB1' }]) {
      const refused = await call('devices.saveSettings', { ...saved, ...change });
      expect(refused).toMatchObject({ ok: false, error: { code: 'DEVICE_UNAVAILABLE', details: { reason: 'browser-without-ports', field: Object.keys(change)[0] } } });
      const error = refused.ok ? null : new CassaError('DEVICE_UNAVAILABLE', refused.error.message, refused.error.details as never);
      expect(errorSentence(error, 'it')).toMatch(/browser del telefono/);
      expect(errorSentence(error, 'en')).toMatch(/browser of a phone or tablet/);
    }
    expect(await call('devices.settings', {})).toMatchObject({ ok: true, data: { saved } });

    // The same connections with another printer profile still save.
    expect(await call('devices.saveSettings', { ...saved, printerProfile: 'generic-58mm' })).toMatchObject({ ok: true, data: { saved: { ...saved, printerProfile: 'generic-58mm' } } });
  });
});
