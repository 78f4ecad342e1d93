/**
 * The till's printer port over a real TCP connection to a fake Epson on 127.0.0.1: readiness,
 * the drawer sensor, a refused connection, and a malformed connection string.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeTcpPrinter } from '@cassa/drivers/testing';
import type { PrinterPort } from './print-service';
import { createPrinterPort } from './printer-ports';

describe('the printer port', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const clean of cleanups.splice(0).reverse()) await clean();
  });

  async function portFor(connection: string): Promise<PrinterPort> {
    const port = await createPrinterPort(connection, 'epson-tm-t20');
    cleanups.push(() => port.close());
    return port;
  }

  it('comes ready over TCP and reports the drawer sensor as it changes', async () => {
    const printer = await FakeTcpPrinter.start();
    cleanups.push(() => printer.close());
    const port = await portFor(`tcp://127.0.0.1:${printer.port}`);
    await expect.poll(() => port.state().state).toBe('ready');
    expect(port.state().drawerOpen).toBe(false);
    let changes = 0;
    port.onStateChange(() => changes++);
    printer.setCondition({ drawerPinHigh: true });
    await expect.poll(() => port.state().drawerOpen, { timeout: 5000 }).toBe(true);
    expect(changes).toBeGreaterThan(0);
  });

  it('is offline, not fatal, when nothing listens, and says why', async () => {
    const port = await portFor('tcp://127.0.0.1:9');
    await expect.poll(() => port.state().state).not.toBe('ready');
    expect(await port.print('job-1', new Uint8Array([0x1b, 0x40]))).toBe('failed-before-send');
    await expect.poll(() => port.state().detail ?? '').toMatch(/refused|127\.0\.0\.1:9/);
  });

  it('rejects a malformed connection string naming the wrong part', async () => {
    await expect(createPrinterPort('serial:/dev/ttyS0?baudRate=fast', 'generic-80mm')).rejects.toThrow(/baudRate 'fast'/);
  });
});
