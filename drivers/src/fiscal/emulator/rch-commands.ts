/**
 * @module
 * RCH Print!F commands as the emulator understands them (fiscal-rt.md §3, meanings partly inferred
 * there and marked [U] here). Brand-neutral results: the XML wrapper (`rch-endpoint.ts`) and, later,
 * the native framing can share this. A receipt stays open across requests until `=T` pays it.
 */
import { isoFromDdMmYy } from './emulator-dates';
import { maxCents, parseQuantity, parseWireInteger } from './emulator-money';
import { rchJournalText, rchRead } from './rch-reads';
import { DeviceRefusal } from './emulator-refusal';
import type { DraftDocument, FiscalState, JournalDocument, TenderKind } from './fiscal-state';
import type { RtDevice } from './rt-device';

/** RchDefault.ts payments: 1 CONTANTI, 2 NON RISCOSSO BENI, 3 ASSEGNI, 4 CARTE, 5 TICKETS, 6–8 NON RISCOSSO, 9 SCONTO A PAGARE, 10 BUONI MULTIUSO, 11 BUONI CELIACHIA. */
const rchTenders: Readonly<Record<string, TenderKind>> = {
  '1': 'cash',
  '2': 'not-paid',
  '3': 'cheque',
  '4': 'electronic',
  '5': 'ticket',
  '6': 'not-paid',
  '7': 'not-paid',
  '8': 'not-paid',
  '9': 'payment-discount',
  '10': 'voucher',
  '11': 'ticket',
};

export interface RchResult {
  /** Text a query returns (status, totals), emitted as `<data>` [U]. */
  readonly data?: string;
  readonly committed?: JournalDocument;
  readonly closed?: boolean;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export class RchSession {
  private draft: DraftDocument | undefined;
  private draftState: FiscalState | undefined;
  /** =C1 registration, =C2 X, =C3 Z, =C4 programming (rch-driver-js Core `reg`, `x`, `z`, `prg`). */
  private mode: 'R' | 'X' | 'Z' | 'P' = 'R';

  constructor(private readonly device: RtDevice) {}

  /** The open document, if it belongs to the current state (a reset drops it). */
  private open(): DraftDocument | undefined {
    if (this.draftState !== this.device.state) {
      this.draft = undefined;
      this.draftState = this.device.state;
      this.mode = 'R';
    }
    return this.draft;
  }

  private start(draft: DraftDocument): DraftDocument {
    this.device.guard('document');
    this.draft = draft;
    this.draftState = this.device.state;
    return draft;
  }

  get receiptOpen(): boolean {
    return this.open() !== undefined;
  }

  run(command: string): RchResult {
    if (command.startsWith('=R')) return this.item(command);
    if (command.startsWith('=T')) return this.total(command);
    if (command.startsWith('=r') || command.startsWith('=k')) return this.referenced(command);
    if (command.startsWith('<')) return { data: rchRead(this.device, command, this.receiptOpen) };
    if (command.startsWith('=V')) return this.valueAdjustment(command);
    if (command.startsWith('="/?L') || command.startsWith('="/?C')) return this.codes(command);
    if (command === '=S') return {};
    if (command === '=K' || command === '=a') {
      // Clear (`=K`) and abandon (`=a`): drop an open, unpaid document (nothing was printed fiscally).
      this.draft = undefined;
      this.device.state.pendingCustomerTaxId = undefined;
      return {};
    }
    // `=c` closes the receipt and `=x` ends the operation (rch-driver-js `printReceipt` ends with
    // both): the document was printed when the payments covered it, so a receipt still unpaid is refused.
    if (command === '=c' || command === '=x') {
      if (this.open()) throw new DeviceRefusal('not-paid', `${command} with the receipt not paid in full`);
      return {};
    }
    if (command.startsWith('=C')) return this.control(command);
    throw new DeviceRefusal('bad-request', `command ${command.slice(0, 20)}`);
  }

  /**
   * =R<dept>/$<cents> with optional /*<qty> and /(<description>) in either order (lyancoder puts the
   * quantity first, rch-driver-js the description). Sell types (/&1 free, /&2 deposit, /&3 voucher)
   * are not emulated and refused.
   */
  private item(command: string): RchResult {
    const head = /^=R(\d{1,2})/.exec(command);
    if (!head) throw new DeviceRefusal('bad-request', `item ${command.slice(0, 40)}`);
    const parts: { price?: string; quantity?: string; description?: string } = {};
    let rest = command.slice(head[0].length);
    while (rest !== '') {
      const token = /^\/(?:\$(\d{1,12})|\*(\d{1,8}(?:\.\d{1,3})?)|\(([^)]{0,40})\))/.exec(rest);
      if (!token) throw new DeviceRefusal('bad-request', `item ${command.slice(0, 40)}`);
      if (token[1] !== undefined) parts.price = token[1];
      if (token[2] !== undefined) parts.quantity = token[2];
      if (token[3] !== undefined) parts.description = token[3];
      rest = rest.slice(token[0].length);
    }
    if (parts.price === undefined) throw new DeviceRefusal('bad-request', 'an item needs /$price');
    if (this.mode !== 'R') throw new DeviceRefusal('bad-request', 'not in registration mode');
    const draft = this.open() ?? this.start({ kind: 'sale', lines: [], tenders: [] });
    const quantity = parseQuantity(parts.quantity ?? '1');
    const price = parseWireInteger(parts.price, maxCents);
    draft.lines.push(this.device.state.itemLine(parts.description ?? '', quantity, price, Number(head[1])));
    return {};
  }

  /** =V-/*<cents>[/(desc)] discount, =V+/*<cents> surcharge, on the last item's department (rch-driver-js `discountValue`). */
  private valueAdjustment(command: string): RchResult {
    const match = /^=V([-+])\/\*(\d{1,12})(?:\/\((.{0,40})\))?$/.exec(command);
    const draft = this.open();
    if (!match || !draft) throw new DeviceRefusal('bad-request', draft ? `adjustment ${command.slice(0, 30)}` : 'no open receipt');
    const last = draft.lines.findLast((line) => line.type === 'item');
    if (!last) throw new DeviceRefusal('bad-request', 'an adjustment needs an item');
    const amount = parseWireInteger(match[2] ?? '', maxCents);
    draft.lines.push(this.device.state.adjustmentLine(match[3] ?? '', match[1] === '-' ? -amount : amount, last.department));
    return {};
  }

  /** ="/?L/$1/(CODE) lottery code, ="/?C/(CF) customer tax code (rch-driver-js `lottery`, `printFiscalCode`). */
  private codes(command: string): RchResult {
    const lottery = /^="\/\?L\/\$1\/\(([0-9A-Z]{8})\)$/.exec(command);
    const taxId = /^="\/\?C\/\(([0-9A-Z]{11}|[0-9A-Z]{16})\)$/.exec(command);
    if (lottery) {
      const draft = this.open();
      if (!draft) throw new DeviceRefusal('bad-request', 'no open receipt');
      draft.lotteryCode = lottery[1];
      return {};
    }
    if (!taxId) throw new DeviceRefusal('bad-request', `code ${command.slice(0, 30)}`);
    this.device.state.pendingCustomerTaxId = taxId[1];
    return {};
  }

  /** =T<n>[/$<cents>][/&<tickets>][/(<description>)]: pays; when paid in full the document is printed. */
  private total(command: string): RchResult {
    const match = /^=T(\d{1,2})(?:\/\$(\d{1,12}))?(?:\/&\d{1,3})?(?:\/\([^)]{0,36}\))?$/.exec(command);
    const draft = this.open();
    if (!match || !draft) throw new DeviceRefusal('bad-request', draft ? `total ${command.slice(0, 20)}` : 'no open receipt');
    const kind = rchTenders[match[1] ?? ''];
    if (!kind) throw new DeviceRefusal('bad-request', `payment ${match[1] ?? ''}`);
    const due = draft.lines.reduce((sum, line) => sum + line.amountCents, 0) - draft.tenders.reduce((sum, t) => sum + t.amountCents, 0);
    const amountCents = match[2] === undefined ? Math.max(due, 0) : parseWireInteger(match[2], maxCents);
    draft.tenders.push({ kind, amountCents });
    if (amountCents < due) return {};
    this.draft = undefined;
    return { committed: this.device.state.commit(draft) };
  }

  /**
   * `=r/&DDMMYY/[Z/]N` opens a return (reso) of this device's document N of closure Z; `=k/&DDMMYY/[Z/]N`
   * opens its void (annullo), which a bare `=T1` prints. A trailing `/*1` only checks, `/*2` checks then does it, as no suffix
   * does (rch-driver-js `returnGoods`, `returnReceipt`); `/(SERIAL)` names another device's document.
   * The square brackets are literal.
   * CONFLICT [C]: fiscal-rt.md §3 reads `=k` as the refund, with its meaning "partly inferred"; the RCH
   * author's rch-driver-js (ComConst: "=r Reso", "=k Annullo documento commerciale") and every other
   * caller found (a Python RT test, a VB till, a PowerShell till: "annullo", "void first receipt")
   * use `=k` for the void and `=r` for the return, so the emulator follows them.
   */
  private referenced(command: string): RchResult {
    const match = /^=([rk])\/&(\d{6})\/(?:\[(\d{1,4})\/\]|(\d{1,4})\/)?(\d{1,4})(?:\/\*([12]))?(?:\/\(([0-9A-Z]{11})\))?$/.exec(command);
    const date = match ? isoFromDdMmYy(match[2] ?? '') : undefined;
    if (!match || !date) throw new DeviceRefusal('bad-request', `reference ${command.slice(0, 40)}`);
    if (this.open()) throw new DeviceRefusal('bad-request', 'a receipt is already open');
    const { state } = this.device;
    const number = Number(match[5]);
    const zText = match[3] ?? match[4];
    // Without Z, the latest document with that date and number (ASSUMPTION [U]).
    const z = zText !== undefined ? Number(zText) : state.journal.findLast((doc) => doc.date === date && doc.number === number)?.z ?? 0;
    const reference = { serial: match[7] ?? state.serial, z, number, date };
    const kind = match[1] === 'r' ? 'return' : 'void';
    if (match[6] === '1') {
      this.device.guard('query');
      state.precheck(kind, reference);
      return {};
    }
    // Both open a document that a payment closes: rch-driver-js `printReceipt` sends `=k…` then a
    // bare `=T1` for an annullo, `=r…`, the lines and `=T` for a reso. (The emulator printed the
    // annullo at `=k` before, and refused the `=T1` that followed.)
    state.precheck(kind, reference);
    this.start({ kind, reference, lines: [], tenders: [] });
    return {};
  }

  private control(command: string): RchResult {
    const { state } = this.device;
    const code = /^=C(\d{1,4})/.exec(command)?.[1] ?? '';
    switch (code) {
      case '1':
      case '2':
      case '3':
      case '4':
        if (this.open()) throw new DeviceRefusal('bad-request', 'a receipt is open');
        this.mode = code === '1' ? 'R' : code === '2' ? 'X' : code === '3' ? 'Z' : 'P';
        return {};
      case '453':
        return { data: this.lastReceipt(command) };
      case '10':
        return this.report();
      case '422':
        state.settleFiles('sent');
        return {};
      case '501':
        return { data: this.departmentTotals() };
      case '508':
        return { data: this.vatTotals() };
      case '528':
        return { data: this.documentVat(command) };
      default:
        throw new DeviceRefusal('bad-request', `control ${command.slice(0, 20)}`);
    }
  }

  /** =C10 in X mode prints the X reading, in Z mode the closure [U]. */
  private report(): RchResult {
    if (this.mode === 'X') {
      this.device.guard('x-report');
      return { data: `${pad(this.device.state.z, 4)};${this.device.state.dailyAmountCents()}` };
    }
    if (this.mode !== 'Z') throw new DeviceRefusal('bad-request', '=C10 needs X or Z mode');
    this.device.guard('z-report');
    const closure = this.device.state.closeDay();
    return { data: `${pad(closure.z, 4)};${closure.dailyAmountCents}`, closed: true };
  }

  /**
   * `=C453/$0` in programming mode (`=C4`): the journal text of the last receipt (rch-driver-js
   * `getLastReceipt`), which RegexUtils.fiscalDocumentPattern reads. Before any document the journal
   * has no receipt: one line saying so [U].
   */
  private lastReceipt(command: string): string {
    if (this.mode !== 'P') throw new DeviceRefusal('bad-request', '=C453 needs programming mode (=C4)');
    if (command !== '=C453/$0') throw new DeviceRefusal('bad-request', `journal read ${command.slice(0, 20)}`);
    const last = this.device.state.lastDocument;
    return last === undefined ? 'NESSUN DOCUMENTO' : rchJournalText(this.device.state.serial, last).join('\n');
  }

  /** One "department;sales;returns;voids" line per department used in the working period [U]. */
  private departmentTotals(): string {
    const { state } = this.device;
    const perDepartment = new Map<number, [number, number, number]>();
    for (const doc of state.journal.filter((d) => d.z === state.z)) {
      const slot = doc.kind === 'sale' ? 0 : doc.kind === 'return' ? 1 : 2;
      for (const line of doc.lines) {
        const row = perDepartment.get(line.department) ?? [0, 0, 0];
        row[slot] += line.amountCents;
        perDepartment.set(line.department, row);
      }
    }
    return [...perDepartment].sort(([a], [b]) => a - b).map(([dept, row]) => `${dept};${row.join(';')}`).join('\n');
  }

  /** One "vat;sales;returns;voids" line per VAT class [U]. */
  private vatTotals(): string {
    const totals = this.device.state.dayTotals();
    return Object.entries(totals.vat)
      .map(([key, t]) => `${key};${t.sales};${t.returns};${t.voids}`)
      .join('\n');
  }

  /** =C528/&DDMMYY/[z/]doc/*t: "vat;amount" per VAT class of one document [U]. */
  private documentVat(command: string): string {
    const match = /^=C528\/&(\d{6})\/(?:\[?(\d{1,4})\/\]?)?(\d{1,4})(?:\/\*\d+)?$/.exec(command);
    const date = match ? isoFromDdMmYy(match[1] ?? '') : undefined;
    if (!match || !date) throw new DeviceRefusal('bad-request', `=C528 ${command.slice(0, 40)}`);
    const number = Number(match[3]);
    const doc = this.device.state.journal.findLast(
      (d) => d.date === date && d.number === number && (match[2] === undefined || d.z === Number(match[2])),
    );
    if (!doc) throw new DeviceRefusal('unknown-document');
    const perVat = new Map<string, number>();
    for (const line of doc.lines) perVat.set(line.vatKey, (perVat.get(line.vatKey) ?? 0) + line.amountCents);
    return [...perVat].map(([key, amount]) => `${key};${amount}`).join('\n');
  }
}
