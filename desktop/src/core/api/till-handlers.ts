/**
 * @module
 * One handler per procedure of the till contract. Handlers translate the session into an actor
 * and call a service; business rules live in the services, not here.
 */
import type { FiscalReference, TillHandlers } from '@cassa/shared';
import { CassaError } from '@cassa/shared';
import { refuseConnectionChanges, saveDeviceSettings, savedDeviceSettings } from '../peripherals/device-settings';
import type { TillServices } from '../till-core';
import type { CallContext } from './dispatcher';
import { sessionOf } from './dispatcher';
import { counterPad } from '../auth/user-service';
import type { FiscalSaleOptions } from '../fiscal/fiscal-intents';
import { fiscalStateView } from '../fiscal/fiscal-state-view';

/** The shop's favourites, or the first items of the catalogue until a manager picks them. */
function quickKeyIds(services: TillServices): string[] {
  const saved = services.context.settings.get('ui.quickKeys');
  if (saved) return JSON.parse(saved) as string[];
  return (services.context.store.db.prepare('SELECT id FROM variants WHERE active = 1 AND position = 0 ORDER BY rowid LIMIT 12').all() as { id: string }[]).map((r) => r.id);
}

function actorOf(ctx: CallContext) {
  const session = sessionOf(ctx);
  return { userId: session.userId, name: session.name, role: session.role };
}

type Handlers = TillHandlers<CallContext>;

/** Who is at the till: the app, sessions and the tablets enrolled on the LAN. */
function sessionHandlers(services: TillServices) {
  const { users, lanDevices, sessions, info } = services;
  return {
    'app.info': (_input, ctx) => {
      const { deviceId, ...shown } = info(ctx.caller.trustedLocal ? 'local' : 'lan');
      return ctx.session ? { ...shown, deviceId } : shown;
    },

    'session.users': () => users.list(),
    'session.login': ({ userId, pin }, ctx) => {
      const deviceId = ctx.caller.trustedLocal ? null : (ctx.caller.device?.id ?? null);
      const actor = users.authenticate(userId, pin, 'login', deviceId ?? counterPad);
      const session = sessions.create({ id: actor.userId, name: actor.name, role: actor.role }, deviceId);
      return { token: session.token, user: { id: actor.userId, name: actor.name, role: actor.role } };
    },
    'session.logout': (_input, ctx) => {
      sessions.end(sessionOf(ctx).token);
      return { ok: true as const };
    },
    'session.unlock': ({ pin }, ctx) => {
      const session = sessionOf(ctx);
      users.authenticate(session.userId, pin, 'login', session.deviceId ?? counterPad);
      return { ok: true as const };
    },
    'session.me': (_input, ctx) => {
      const actor = actorOf(ctx);
      return { id: actor.userId, name: actor.name, role: actor.role };
    },

    'lanDevices.enrol': ({ code, name }, ctx) => {
      // Only the HTTP host on the LAN can hand a tablet its cookie; the counter needs no enrolment.
      const grant = ctx.caller.grantDeviceCredential;
      if (ctx.caller.trustedLocal || !grant) throw new CassaError('CONFLICT', 'This screen is the counter: it needs no enrolment');
      const { device, secret } = lanDevices.enrol(code, name);
      grant(secret);
      return device;
    },
    'lanDevices.issueCode': (_input, ctx) => {
      if (!ctx.caller.trustedLocal) throw new CassaError('NOT_AUTHORISED', 'Enrolment codes are shown only at the counter');
      return lanDevices.issueCode(actorOf(ctx));
    },
    'lanDevices.list': () => lanDevices.list(),
    'lanDevices.revoke': ({ id }, ctx) => {
      lanDevices.revoke(actorOf(ctx), id);
      return { ok: true as const };
    },
  } satisfies Partial<Handlers>;
}

/** The manager's side: catalogue, reports, stock, users, settings and device set-up. */
function backOfficeHandlers(services: TillServices) {
  const { catalogue, transfer, backOffice, printing, peripherals } = services;
  return {
    'catalogue.search': ({ query, limit }) => catalogue.searchItems(query, limit),
    'catalogue.categories': () => catalogue.categories(),
    'catalogue.quickKeys': () => catalogue.itemsInOrder(quickKeyIds(services)),
    'catalogue.setQuickKeys': ({ variantIds }, ctx) => {
      const actor = actorOf(ctx);
      services.context.store.write(() => {
        services.context.settings.set('ui.quickKeys', JSON.stringify(variantIds));
        services.context.audit.append({ userId: actor.userId, role: actor.role, action: 'catalogue.quickKeysSaved', details: { count: variantIds.length } });
      });
      return catalogue.itemsInOrder(variantIds);
    },
    'catalogue.matrix': ({ productId }) => {
      const matrix = catalogue.matrix(productId);
      if (!matrix) throw new CassaError('NOT_FOUND', `No product ${productId}`);
      return matrix;
    },

    'catalogue.import': ({ csv, dryRun, importId }) => transfer.importCsv(csv, { dryRun, ...(importId ? { importId } : {}) }),
    'catalogue.export': ({ delimiter }) => ({ csv: transfer.exportCsv(delimiter) }),

    'catalogue.saveProduct': ({ product }, ctx) => backOffice.saveProduct(actorOf(ctx), product),
    'reports.sales': ({ from, to, groupBy }) => backOffice.salesReport(from, to, groupBy),
    'stock.levels': ({ query, belowMilli, limit }) => backOffice.stockLevels(query, belowMilli, limit),
    'stock.adjust': ({ variantId, deltaMilli, reason, note }, ctx) => backOffice.adjustStock(actorOf(ctx), variantId, deltaMilli, reason, note),
    'users.list': () => backOffice.listUsers(),
    'users.save': (input, ctx) => backOffice.saveUser(actorOf(ctx), input),
    'settings.get': () => backOffice.settings(),
    'settings.save': (input, ctx) => backOffice.saveSettings(actorOf(ctx), input),
    'devices.discover': async () =>
      (await services.devices.discover()).map((result) => ({
        source: result.source,
        ok: result.ok,
        reason: result.ok ? null : result.reason,
        devices: result.devices.map((d) => ({ connection: d.connection, label: d.label, role: d.role ?? null })),
      })),
    'devices.settings': () => ({
      saved: savedDeviceSettings(services.context.settings),
      running: { printer: printing.status().connection, ...peripherals.connections() },
      devicesReachable: services.devices.reachesPorts,
    }),
    'devices.saveSettings': (input, ctx) => {
      const actor = actorOf(ctx);
      if (!services.devices.reachesPorts) refuseConnectionChanges(savedDeviceSettings(services.context.settings), input);
      services.context.store.write(() => {
        saveDeviceSettings(services.context.settings, input);
        services.context.audit.append({ userId: actor.userId, role: actor.role, action: 'devices.settingsSaved', details: { ...input } });
      });
      return { saved: savedDeviceSettings(services.context.settings), restartRequired: true as const };
    },
    'printer.testPrint': () => ({ printJobId: printing.testPrint() }),
  } satisfies Partial<Handlers>;
}

/** The ticket being rung up, from the first scan to completion, returns and voids. */
function saleHandlers(services: TillServices) {
  const { tickets, completion, returns, printing, sync, peripherals } = services;
  return {
    'sale.current': (_input, ctx) => tickets.current(actorOf(ctx)),
    'sale.scan': ({ code }, ctx) => tickets.scan(actorOf(ctx), code),
    'sale.addItem': ({ variantId, quantityMilli }, ctx) => tickets.addItem(actorOf(ctx), variantId, quantityMilli),
    'sale.setQuantity': ({ lineId, quantityMilli }, ctx) => tickets.setQuantity(actorOf(ctx), lineId, quantityMilli),
    'sale.voidLine': ({ lineId, override }, ctx) => tickets.voidLine(actorOf(ctx), lineId, override),
    'sale.overridePrice': ({ lineId, unitPriceCents, reason, override }, ctx) =>
      tickets.overridePrice(actorOf(ctx), lineId, unitPriceCents, reason, override),
    'sale.discountLine': ({ lineId, discount, override }, ctx) => tickets.discountLine(actorOf(ctx), lineId, discount, override),
    'sale.discountTicket': ({ discount, override }, ctx) => tickets.discountTicket(actorOf(ctx), discount, override),
    'sale.addPayment': ({ method, amountCents, reference }, ctx) => tickets.addPayment(actorOf(ctx), method, amountCents, reference),
    'sale.removePayment': ({ paymentId }, ctx) => tickets.removePayment(actorOf(ctx), paymentId),
    'sale.complete': ({ printReceipt, lotteryCode, customerTaxId, original, unreferencedReturn, override }, ctx) => {
      const actor = actorOf(ctx);
      const fiscalOptions = fiscalSaleOptions(services, { lotteryCode, customerTaxId, original, unreferencedReturn, override });
      const paying = tickets.current(actor);
      const done = completion.complete(actor, printReceipt, fiscalOptions);
      // After the commit: printing, the drawer, the display and sync never hold up the sale.
      printing.kick();
      if (paying?.payments.some((p) => p.method === 'cash')) void printing.kickDrawerAfterSale();
      peripherals.saleCompleted(done.totalCents, paying?.paidCents ?? done.totalCents, done.changeCents);
      sync.nudge();
      return done;
    },
    'sale.park': (_input, ctx) => {
      tickets.park(actorOf(ctx));
      services.ledgerDraws.kick(); // Issue 17: redeemed points' hold let go
      return { ok: true as const };
    },
    'sale.parked': () => tickets.parked(),
    'sale.resume': ({ ticketId }, ctx) => tickets.resume(actorOf(ctx), ticketId),
    'sale.findReceipt': ({ query }) => returns.findReceipt(query),
    'sale.last': () => returns.lastReceipt(),
    'sale.startReturn': ({ saleId, lines, override }, ctx) => returns.startReturn(actorOf(ctx), saleId, lines, override),
    'sale.postVoid': ({ saleId, reason, override, original }, ctx) => {
      if (original && !services.fiscal.configured) throw new CassaError('DEVICE_UNAVAILABLE', 'No fiscal device is set on this register');
      const done = returns.postVoid(actorOf(ctx), saleId, reason, override, original);
      printing.kick();
      sync.nudge();
      return done;
    },
    'sale.reprint': ({ saleId }) => ({ printJobId: printing.reprint(saleId) }),
    'sale.cancel': ({ override }, ctx) => {
      tickets.cancel(actorOf(ctx), override);
      services.ledgerDraws.kick(); // Issue 17: holds of the cancelled ticket's payments let go
      return { ok: true as const };
    },
  } satisfies Partial<Handlers>;
}

// Fiscal device, cashier (issue 16)

/** How old the device's status may be when a screen asks before it is read again. */
const FISCAL_STATUS_MAX_AGE_MS = 30_000;

/**
 * The fiscal part of `sale.complete`: a blank field is no field (a cashier who cleared it); any
 * value on a till without a fiscal device is refused rather than silently dropped.
 */
function fiscalSaleOptions(
  services: TillServices,
  input: { lotteryCode?: string | undefined; customerTaxId?: string | undefined; original?: FiscalReference | undefined; unreferencedReturn?: boolean | undefined; override?: { userId: string; pin: string } | undefined },
): FiscalSaleOptions {
  const lotteryCode = input.lotteryCode?.trim() ? input.lotteryCode : null;
  const customerTaxId = input.customerTaxId?.trim() ? input.customerTaxId : null;
  const asked = lotteryCode !== null || customerTaxId !== null || input.original !== undefined || input.unreferencedReturn === true;
  if (!asked) return {};
  if (!services.fiscal.configured) throw new CassaError('DEVICE_UNAVAILABLE', 'No fiscal device is set on this register');
  return {
    lotteryCode,
    customerTaxId,
    original: input.original ?? null,
    ...(input.unreferencedReturn ? { unreferencedReturn: { override: input.override } } : {}),
  };
}

/** The cashier's side of the fiscal device: its state, a sale's document, retry, a document recorded by hand. */
function fiscalCashierHandlers(services: TillServices) {
  const { fiscal, context } = services;
  const view = () => fiscalStateView(context.store, fiscal.state());
  // One status query at a time however many screens ask at once (the status bar and the sale screen both do).
  let refreshing: Promise<unknown> | null = null;
  return {
    'fiscal.state': () => {
      const state = fiscal.state();
      const age = state.statusAt === null ? Infinity : context.clock.now().getTime() - Date.parse(state.statusAt);
      // A stale status is read again in the background; the answer arrives as `fiscal.changed`.
      if (state.configured && !(age < FISCAL_STATUS_MAX_AGE_MS) && !refreshing) {
        refreshing = fiscal.refreshStatus().finally(() => {
          refreshing = null;
        });
      }
      return fiscalStateView(context.store, state);
    },
    'fiscal.documentOfSale': ({ saleId }) => ({ configured: fiscal.configured, ...fiscal.documentStateOfSale(saleId) }),
    'fiscal.retry': async () => {
      await fiscal.retry();
      return view();
    },
    'fiscal.recordManual': ({ jobId, document, override }, ctx) => {
      fiscal.recordManualDocument(actorOf(ctx), jobId, document, override);
      return view();
    },
  } satisfies Partial<Handlers>;
}

/** Customers and vouchers, shifts, printer, scale, drawer and sync. */
function counterHandlers(services: TillServices) {
  const { customers, tickets, shifts, printing, peripherals, sync } = services;
  return {
    'customer.create': (input, ctx) => customers.create(actorOf(ctx), input),
    'customer.search': ({ query }) => customers.search(query),
    // Issue 17, customers everywhere
    'customer.update': (input, ctx) => customers.update(actorOf(ctx), input),
    'customer.get': ({ customerId }) => customers.current(customerId),
    'customer.history': ({ customerId }) => customers.history(customerId),
    'sale.setCustomer': ({ customerId }, ctx) => tickets.setCustomer(actorOf(ctx), customerId),
    'voucher.issue': ({ amountCents, reason }, ctx) => customers.issueVoucher(actorOf(ctx), amountCents, reason),
    'voucher.balance': ({ code }) => customers.voucherBalance(code),
    // Issue 17: chain ledgers
    'sale.payWithCredit': ({ method, reference, amountCents }, ctx) => services.ledgerDraws.payWithCredit(actorOf(ctx), method, reference, amountCents),
    'sale.redeemPoints': ({ points }, ctx) => services.ledgerDraws.redeemPoints(actorOf(ctx), points),
    'sale.cancelPointsRedemption': (_input, ctx) => tickets.cancelPoints(actorOf(ctx)),
    'sale.addGiftCard': ({ amountCents }, ctx) => tickets.addGiftCard(actorOf(ctx), amountCents),
    'voucher.lookup': ({ code }) => services.ledgerDraws.lookup(code),
    // Issue 17: ledger-ui
    'loyalty.rule': () => services.ledger.loyaltyRule(),

    // Fiscal device, back office (issue 16)
    'fiscal.connection': () => services.fiscal.connectionView(),
    'fiscal.setConnection': ({ connection, override }, ctx) => {
      services.fiscal.setConnection(actorOf(ctx), connection, override);
      return services.fiscal.connectionView();
    },
    'fiscal.departments': () => ({ departments: services.fiscal.departments(), enforced: services.fiscal.configured }),
    'fiscal.setDepartments': ({ departments, override }, ctx) => ({
      departments: services.fiscal.setDepartments(actorOf(ctx), departments, override),
      enforced: services.fiscal.configured,
    }),
    'fiscal.readDepartments': async () => ({ departments: await services.fiscal.departmentsFromDevice() }),
    'fiscal.status': () => services.fiscal.statusView(),
    'fiscal.xReading': () => services.fiscal.xReading(),
    'fiscal.zClosure': ({ shiftId }) => services.fiscal.zView(shiftId),

    'shift.current': () => shifts.current(),
    'shift.open': ({ floatCents }, ctx) => shifts.open(actorOf(ctx), floatCents),
    'shift.cashMovement': ({ kind, amountCents, reason }, ctx) => shifts.cashMovement(actorOf(ctx), kind, amountCents, reason),
    'shift.report': () => shifts.xReport(),
    'shift.close': async ({ denominations, override }, ctx) => {
      // Through the fiscal service: with an RT it runs the device's Z first; without one it is shifts.close.
      const report = await services.fiscal.closeShift(actorOf(ctx), denominations, override);
      printing.kick();
      return report;
    },
    'shift.printReport': ({ shiftId, kind }) => {
      shifts.reportOf(shiftId, kind);
      return { printJobId: printing.queueShiftReport(shiftId, kind) };
    },

    'printer.status': () => printing.status(),
    'printer.preview': () => printing.preview(),
    'sale.receiptView': ({ saleId }) => printing.receiptView(saleId),
    'scale.weigh': async () => ({ grams: await peripherals.weigh() }),
    'devices.status': () => peripherals.status(),
    'drawer.open': async ({ reason }, ctx) => {
      const actor = actorOf(ctx);
      await printing.openDrawer({ userId: actor.userId, role: actor.role }, reason);
      return { ok: true as const };
    },
    'sync.state': () => sync.state(),
    'sync.now': () => sync.syncNow(),
    'sync.pair': ({ serverUrl, code }) => sync.pair(serverUrl, code),
    'sync.exportUnsent': (_input, ctx) => {
      const actor = actorOf(ctx);
      return sync.exportUnsent({ userId: actor.userId, role: actor.role });
    },
    'sync.unpair': async (_input, ctx) => {
      const actor = actorOf(ctx);
      return sync.unpair({ userId: actor.userId, role: actor.role });
    },
  } satisfies Partial<Handlers>;
}

/** Stock across stores and the idle lock (issue 17). */
function chainStockHandlers(services: TillServices) {
  const { chainStock } = services;
  return {
    'stock.elsewhere': ({ variantId }) => chainStock.elsewhere(variantId),
    'transfers.incoming': () => chainStock.incoming(),
    'transfers.scan': ({ transferId, code }) => chainStock.scan(transferId, code),
    'transfers.receive': (input, ctx) => {
      const actor = actorOf(ctx);
      return chainStock.receive({ userId: actor.userId, role: actor.role }, input);
    },
    'idleLock.get': () => chainStock.idleLock(),
    'idleLock.set': ({ minutes }, ctx) => {
      const actor = actorOf(ctx);
      return chainStock.setIdleLock({ userId: actor.userId, role: actor.role }, minutes);
    },
  } satisfies Partial<Handlers>;
}

/** One handler per procedure, by area; `satisfies` fails the build if a procedure has none. */
export function createTillHandlers(services: TillServices) {
  return {
    ...sessionHandlers(services),
    ...backOfficeHandlers(services),
    ...saleHandlers(services),
    ...fiscalCashierHandlers(services),
    ...counterHandlers(services),
    ...chainStockHandlers(services),
  } satisfies Handlers;
}
