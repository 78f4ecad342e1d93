/**
 * @module
 * The till's receipt printer from its connection string: a drivers `ReceiptPrinter` over the
 * matching transport (serial, TCP 9100, USB, a device file) or over the in-memory virtual printer
 * for demos. A printer that is off or unplugged at start does not stop the till: the port reports
 * it offline and keeps trying to open it.
 */
import type { PrinterAvailability } from '@cassa/drivers';
import { getPrinterProfile, parseConnection, ReceiptPrinter, TcpTransport, VirtualPrinter, createTransport } from '@cassa/drivers';
import { absentPrinterPort } from './absent-printer';
import type { PrinterPort, PrinterState } from './print-service';

const reopenEveryMs = 5_000;

function stateOf(availability: PrinterAvailability): PrinterState {
  if (availability === 'ready') return 'ready';
  if (availability === 'error') return 'error';
  return 'offline';
}

/** Builds the port; throws ConnectionStringError (naming the wrong part) for a malformed string. */
export async function createPrinterPort(connectionString: string, profileId: string): Promise<PrinterPort> {
  const profile = getPrinterProfile(profileId);
  if (connectionString === 'none') return absentPrinterPort(profileId, 'No receipt printer configured (CASSA_PRINTER=none)');
  const connection = parseConnection(connectionString);
  let virtual: VirtualPrinter | null = null;
  let transport;
  if (connection.kind === 'virtual') {
    if (connection.device !== 'printer') throw new Error(`${connectionString} is not a printer: use virtual:printer`);
    virtual = new VirtualPrinter({ profile, name: 'till-printer' });
    transport = virtual.transport;
  } else {
    transport = createTransport(connection, {
      createTcp: (tcp) => new TcpTransport({ host: tcp.host, port: tcp.port }),
    });
  }
  const device = new ReceiptPrinter(transport, profile, { name: 'receipt printer' });
  const listeners = new Set<() => void>();
  let problems: readonly string[] = [];
  let lastError: string | null = null;
  const notify = () => {
    for (const listener of listeners) listener();
  };
  device.on('availability', (_availability, next) => {
    problems = next;
    notify();
  });
  // The drawer sensor changes without the printer's availability changing.
  device.on('status', notify);
  device.on('error', (event) => {
    lastError = event.message;
  });
  const reopen = () => {
    if (device.state === 'error' || device.state === 'closed') device.open().catch(() => undefined);
  };
  reopen();
  const timer = setInterval(reopen, reopenEveryMs);
  timer.unref();

  return {
    connection: connectionString,
    profile,
    state() {
      const state = stateOf(device.availability);
      const detail = state === 'ready' ? null : problems.length > 0 ? problems.join(', ') : lastError;
      return { state, detail, drawerOpen: device.lastStatus?.drawerOpen ?? null };
    },
    async print(jobId, bytes) {
      const result = await device.print(jobId, bytes);
      if (result.error) lastError = result.error.message;
      return result.outcome;
    },
    openDrawer: () => device.openDrawer(),
    onStateChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    preview: virtual
      ? () => {
          const printer = virtual;
          const png = printer?.lastReceiptPng();
          return printer && png ? { text: printer.lastReceiptText(), pngBase64: png.toString('base64') } : null;
        }
      : undefined,
    async close() {
      clearInterval(timer);
      await device.close();
    },
  };
}
