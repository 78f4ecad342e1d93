import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { devicesFor, startTillRuntime } from './till-runtime';

describe('devices chosen in the back office', () => {
  it('are checked when saved, used from the next start, and overridden by an environment variable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cassa-runtime-'));
    let runtime = await startTillRuntime({ dataDir: dir, ...devicesFor(dir, {}), demo: true, logger: { error: () => undefined } });
    try {
      const call = async (name: string, input: unknown, token?: string) => runtime.core.dispatcher.dispatch(name, input, { token, trustedLocal: true });
      const login = await call('session.login', { userId: 'user-admin', pin: '9999' });
      const token = login.ok ? (login.data as { token: string }).token : '';
      const current = await call('devices.settings', {}, token);
      expect(current).toMatchObject({ ok: true, data: { saved: { printer: 'virtual:printer' }, running: { printer: 'virtual:printer', scanner: null }, devicesReachable: true } });
      const bad = await call('devices.saveSettings', { printer: 'tcp://till-printer:nine', printerProfile: 'epson-tm-t20', scanner: '', display: '', scale: '', scaleProtocol: 'adam' }, token);
      expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/^printer: .*nine/) } });
      const good = await call('devices.saveSettings', { printer: 'tcp://127.0.0.1:9', printerProfile: 'epson-tm-t20', scanner: '', display: '', scale: '', scaleProtocol: 'adam' }, token);
      expect(good).toMatchObject({ ok: true, data: { restartRequired: true } });
      await runtime.close();

      expect(devicesFor(dir, {})).toMatchObject({ printerConnection: 'tcp://127.0.0.1:9', printerProfile: 'epson-tm-t20', peripherals: { scaleProtocol: 'adam' } });
      expect(devicesFor(dir, { CASSA_PRINTER: 'virtual:printer' }).printerConnection).toBe('virtual:printer');
      runtime = await startTillRuntime({ dataDir: dir, ...devicesFor(dir, {}), demo: true, logger: { error: () => undefined } });
      expect(runtime.core.services.printing.status().connection).toBe('tcp://127.0.0.1:9');
    } finally {
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes the fiscal device from CASSA_FISCAL, else from the saved setting; none means none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cassa-runtime-'));
    const start = (env: NodeJS.ProcessEnv) => startTillRuntime({ dataDir: dir, ...devicesFor(dir, env), demo: false, logger: { error: () => undefined } });
    try {
      let runtime = await start({});
      expect(runtime.core.services.fiscal.configured).toBe(false);
      const admin = { userId: 'user-admin', name: 'Admin', role: 'admin' as const };
      expect(() => runtime.core.services.fiscal.setConnection(admin, 'epson-rt://', undefined)).toThrow(/fiscal/);
      runtime.core.services.fiscal.setConnection(admin, 'epson-rt://127.0.0.1:9', undefined);
      await runtime.close();

      runtime = await start({});
      expect(runtime.core.services.fiscal.configured).toBe(true);
      await runtime.close();
      runtime = await start({ CASSA_FISCAL: 'none' });
      expect(runtime.core.services.fiscal.configured).toBe(false);
      await runtime.close();
      runtime = await start({ CASSA_FISCAL: 'epson-rt://127.0.0.1:10' });
      expect(runtime.core.services.fiscal.configured).toBe(true);
      await runtime.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
