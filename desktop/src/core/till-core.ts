/**
 * @module
 * The composition root of the till: opens the database, builds the services, and exposes one
 * dispatcher that every host (Electron IPC, the HTTP host, a browser worker, tests) calls. No
 * Electron and no Node: what is Node's (the database file, device ports) comes in through options.
 */
import type { AppInfo } from '@cassa/shared';
import { DEFAULT_TIME_ZONE, isValidTimeZone, tillContract } from '@cassa/shared';
import { createTillHandlers } from './api/till-handlers';
import type { Dispatcher, Logger } from './api/dispatcher';
import { consoleLogger, createDispatcher } from './api/dispatcher';
import { AuditLog } from './audit/audit-log';
import { BackOfficeService } from './back-office/back-office-service';
import { LanDevices } from './auth/lan-devices';
import type { PinKey } from './auth/pin-hash';
import { SessionRegistry } from './auth/sessions';
import { UserService } from './auth/user-service';
import { CatalogueRepository } from './catalogue/catalogue-repository';
import { auditMigratedBarcodeClashes } from './catalogue/barcode-clash-report';
import { CatalogueTransfer } from './catalogue/catalogue-transfer';
import type { Clock, IdFactory } from './clock';
import { systemClock, uuidv7 } from './clock';
import { CustomerService } from './customers/customer-service';
import { Ledger } from './customers/ledger';
// Issue 17: chain ledgers
import { HeadOfficeLedger } from './ledger/head-office-ledger';
import { LedgerDraws } from './ledger/ledger-draws';
import type { LedgerDrawsOptions } from './ledger/ledger-draws';
import { SaleLedger } from './ledger/sale-ledger';
import { TillEventBus } from './events';
import type { FiscalOptions } from './fiscal/fiscal-setup';
import { setUpFiscal } from './fiscal/fiscal-setup';
import type { FiscalService } from './fiscal/fiscal-service';
import type { PrinterPort } from './printing/print-service';
import { PrintService } from './printing/print-service';
import type { DeviceAccess } from './peripherals/device-access';
import { deviceAccessWithoutPorts } from './peripherals/device-access';
import type { PeripheralConfig } from './peripherals/peripheral-hub';
import { PeripheralHub } from './peripherals/peripheral-hub';
import { ReturnService } from './sales/return-service';
import { SaleCompletion } from './sales/sale-completion';
import { TicketService } from './sales/ticket-service';
import { TillSettings } from './settings';
import { ShiftService } from './shifts/shift-service';
import { StockLedger } from './stock/stock-ledger';
import { ChainStock } from './stock/chain-stock';
import type { TillDatabase } from './store/till-database';
import { Outbox } from './sync-outbox/outbox';
import type { SyncLinkOptions } from './sync-outbox/sync-link';
import { SyncLink } from './sync-outbox/sync-link';
import { SyncPairing } from './sync-outbox/sync-pairing';
import type { TillContext } from './till-context';
import { UNPAIRED_STORE_ID } from './till-context';

export const appVersion = '0.1.0';

/**
 * What a till needs besides its database. The database comes from the host: a better-sqlite3
 * file on a PC (`createTillCore` in `till-core-node.ts`), SQLite in WebAssembly on a phone.
 */
export interface TillCoreOnOptions {
  readonly printer: PrinterPort;
  readonly clock?: Clock;
  readonly newId?: IdFactory;
  readonly logger?: Logger;
  /**
   * The shop's time zone, for receipts and reports; storage is always UTC. Without it: the
   * `shop.timeZone` setting, else Europe/Rome (never the machine's own zone).
   */
  readonly timeZone?: string;
  readonly fetch?: typeof fetch;
  readonly sync?: SyncLinkOptions;
  /** Scanner, customer display and scale connection strings; each optional. */
  readonly peripherals?: PeripheralConfig;
  /**
   * How devices are opened by connection string. `createTillCore` (a PC) passes Node's; without
   * it no port opens (a browser worker) and the fiscal printer is reached over HTTP only.
   */
  readonly devices?: DeviceAccess;
  /**
   * The key that seals PIN hashes at rest, kept outside the database by the host (a 0600 key
   * file, Electron's safeStorage). Without it hashes are stored unsealed: only for tools and tests.
   */
  readonly pinKey?: PinKey;
  /**
   * The Italian fiscal device (RT, issue 16): a device, or a connection string for this run (the
   * host's `CASSA_FISCAL`), else the saved `device.fiscal` setting; none, and sales go as always.
   */
  readonly fiscal?: FiscalOptions;
  /** Issue 17: how long a payment waits for head office's reservation (tests shorten it). */
  readonly ledger?: LedgerDrawsOptions;
}

export interface TillServices {
  readonly context: TillContext;
  readonly users: UserService;
  readonly sessions: SessionRegistry;
  readonly lanDevices: LanDevices;
  readonly catalogue: CatalogueRepository;
  readonly tickets: TicketService;
  readonly completion: SaleCompletion;
  readonly returns: ReturnService;
  readonly transfer: CatalogueTransfer;
  readonly customers: CustomerService;
  readonly backOffice: BackOfficeService;
  readonly shifts: ShiftService;
  readonly stock: StockLedger;
  readonly printing: PrintService;
  readonly sync: SyncLink;
  readonly peripherals: PeripheralHub;
  readonly devices: DeviceAccess;
  readonly fiscal: FiscalService;
  // Issue 17: chain ledgers
  readonly ledger: Ledger;
  readonly ledgerDraws: LedgerDraws;
  readonly saleLedger: SaleLedger;
  /** Stock across stores, incoming transfers and the idle lock (issue 17). */
  readonly chainStock: ChainStock;
  readonly info: (exposure: 'local' | 'lan') => AppInfo;
}

export interface TillCore {
  readonly services: TillServices;
  readonly dispatcher: Dispatcher;
  readonly events: TillEventBus;
  readonly store: TillDatabase;
  close(): Promise<void>;
}

function ensureIdentity(settings: TillSettings, newId: IdFactory): { deviceId: string; storeId: string } {
  let deviceId = settings.get('device.id');
  if (!deviceId) {
    // A new database is a new register series: receipt numbers never continue an old install's.
    deviceId = newId();
    settings.set('device.id', deviceId);
  }
  return { deviceId, storeId: settings.get('store.id') ?? UNPAIRED_STORE_ID };
}

/** Starts a till over an open database; the till owns it from here and closes it with itself. */
export function createTillCoreOn(store: TillDatabase, options: TillCoreOnOptions): TillCore {
  const clock = options.clock ?? systemClock;
  const newId = options.newId ?? (() => uuidv7(clock));
  const settings = new TillSettings(store.db);
  const identity = store.write(() => ensureIdentity(settings, newId));
  const events = new TillEventBus();
  const outbox = new Outbox(store.db, clock, newId);
  let storeId = identity.storeId;
  const context: TillContext = {
    store,
    clock,
    newId,
    deviceId: identity.deviceId,
    get storeId() {
      return storeId;
    },
    setStoreId(next: string) {
      storeId = next;
    },
    catalogue: new CatalogueRepository(store.db),
    outbox,
    audit: new AuditLog(store.db, identity.deviceId, clock, newId, outbox),
    settings,
    events,
  };
  auditMigratedBarcodeClashes(context);
  const users = new UserService(context, options.pinKey ?? null);
  const ledger = new Ledger(context);
  const shifts = new ShiftService(context, users);
  // The shop's zone, never the machine's: a till whose clock zone is UTC (or a laptop from abroad)
  // must still print and report Italian local time. Read when used, so a head-office change applies.
  const shopTimeZone = (): string => options.timeZone ?? validTimeZone(settings.get('shop.timeZone')) ?? DEFAULT_SHOP_TIME_ZONE;
  // Fiscal (issue 16): null intents and queue without a device, so a sale is what it always was.
  const devices = options.devices ?? deviceAccessWithoutPorts;
  const fiscal = setUpFiscal(context, users, shifts, options.fiscal ?? {}, options.logger ?? consoleLogger, shopTimeZone, (connection) => devices.openFiscalDevice(connection));
  const tickets = new TicketService(context, users, ledger, (item) => fiscal.service.refuseUnsellable(item), () => fiscal.service.configured);
  const sessions = new SessionRegistry(clock);
  // A browser's fetch throws "Illegal invocation" when called as a method of another object, and
  // services keep it in a field: the default calls the global one (issue 20's worker found it).
  const httpFetch: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
  const sync = new SyncLink(context, new SyncPairing(context, httpFetch), sessions, { appVersion, ...options.sync });
  const stock = new StockLedger(context);
  const fiscalQueue = fiscal.queue;
  // Issue 17: chain ledgers, over the same fetch as sync (a test's `fetch` partitions both).
  const saleLedger = new SaleLedger(context, ledger);
  const headOfficeLedger = new HeadOfficeLedger(sync.pairing, { fetch: options.sync?.fetch ?? httpFetch, appVersion });
  const ledgerDraws = new LedgerDraws(context, tickets, ledger, headOfficeLedger, options.ledger ?? {});
  const completion = new SaleCompletion(context, tickets, shifts, stock, saleLedger, fiscal.intents && fiscalQueue ? { intents: fiscal.intents, queue: fiscalQueue } : null);
  const printing = new PrintService(context, options.printer, {
    get timeZone() {
      return shopTimeZone();
    },
    shiftReport: (shiftId, kind) => shifts.reportOf(shiftId, kind),
    fiscalZ: (shiftId) => fiscal.service.zView(shiftId),
    fiscalDevice: fiscal.service.configured,
    ledgerOfSale: (saleId) => saleLedger.receiptLedger(saleId), // Issue 17
  });
  const services: TillServices = {
    context,
    users,
    sessions,
    lanDevices: new LanDevices(context, sessions),
    catalogue: context.catalogue,
    tickets,
    completion,
    returns: new ReturnService(context, tickets, completion, shifts, users),
    transfer: new CatalogueTransfer(context, sync.pairing),
    // Issue 17: the customer's purchases across the chain come from head office when it answers.
    customers: new CustomerService(context, ledger, { pairing: sync.pairing, fetch: httpFetch }),
    backOffice: new BackOfficeService(context, stock, sessions, sync.pairing, shopTimeZone),
    stock,
    shifts,
    printing,
    sync,
    peripherals: new PeripheralHub(context, options.peripherals ?? {}, devices),
    devices,
    fiscal: fiscal.service,
    ledger,
    ledgerDraws,
    saleLedger,
    chainStock: new ChainStock(context, stock, sync.pairing, httpFetch),
    info: (exposure) => ({
      shopName: settings.shop().shopName,
      storeId: context.storeId,
      deviceId: context.deviceId,
      registerName: settings.shop().registerName,
      version: appVersion,
      defaultLocale: settings.get('ui.locale') === 'en' ? 'en' : 'it',
      exposure,
      paired: sync.state().paired,
    }),
  };
  const dispatcher = createDispatcher({
    contract: tillContract,
    handlers: createTillHandlers(services),
    sessions,
    logger: options.logger ?? consoleLogger,
  });
  printing.kick();
  // Issue 17: entries made before the chain ledgers go up once; holds a stopped till left are let go.
  ledger.queueUnsentEntries();
  ledgerDraws.recoverAfterRestart();
  const stopReleasing = events.subscribe((event) => {
    // A change may have dropped a held payment; back online, holds left to let go are let go.
    // After the emitting transaction has committed (or rolled back): a hold is let go only once its payment is really gone.
    if (event.name === 'sale.changed' || (event.name === 'sync.state' && (event.payload as { online?: boolean }).online === true)) ledgerDraws.kickAfterCommit();
  });
  // Fiscal: a job a killed till left `sending` is checked against the device before anything is sent.
  fiscalQueue?.kick();
  // And the device's status is read once at start, so head office's register list shows the RT
  // (and its warnings) before anyone opens a screen that asks; later readings follow the screens.
  if (fiscalQueue) void fiscal.service.refreshStatus();
  void sync.start();
  return {
    services,
    dispatcher,
    events,
    store,
    async close() {
      stopReleasing();
      await ledgerDraws.close();
      await fiscalQueue?.close();
      await sync.close();
      await services.peripherals.close();
      await printing.close();
      await options.printer.close();
      store.close();
    },
  };
}

/** Where a Cassa shop is unless told otherwise. */
export const DEFAULT_SHOP_TIME_ZONE = DEFAULT_TIME_ZONE;

/** The zone if the runtime knows it, else null (a typo in a setting must not stop printing). */
function validTimeZone(zone: string | null): string | null {
  return zone !== null && zone !== '' && isValidTimeZone(zone) ? zone : null;
}
