/**
 * @module
 * Epson `printerFiscalReceipt` (fiscal-rt.md §1): the sub-commands in order, turned into one draft
 * document that is committed at `endFiscalReceipt`. A return or void is announced by a
 * `printRecMessage messageType="4"` before `beginFiscalReceipt` ("REFUND zzzz nnnn ddmmyyyy SERIAL11").
 * Request decimals use a dot; the emulator also refuses commas there since the reference says dot [2].
 */
import { isoFromDdMmYyyy } from './emulator-dates';
import { parseEuroToCents, parseQuantity } from './emulator-money';
import { DeviceRefusal } from './emulator-refusal';
import type { XmlElement } from './emulator-xml';
import { localName } from './emulator-xml';
import type { DocumentReference, DraftDocument, FiscalState, JournalDocument, TenderKind } from './fiscal-state';

/** `printRecTotal paymentType` (lyancoder `fiscal.type.ts`, §1 Codes); 2 with index 0 is credit (not paid). */
export function epsonTender(paymentType: string, index: string): TenderKind {
  switch (paymentType) {
    case '0':
      return 'cash';
    case '1':
      return 'cheque';
    case '2':
      return index === '0' ? 'not-paid' : 'electronic';
    case '3':
    case '4':
      return 'ticket';
    case '5':
      return 'not-paid';
    case '6':
      return 'payment-discount';
    default:
      throw new DeviceRefusal('bad-request', `paymentType ${paymentType}`);
  }
}

const referencePattern = /^(REFUND|VOID)\s+(\d{4})\s+(\d{4})\s+(\d{8})\s+([0-9A-Z]{11})$/;

function parseReferenceMessage(message: string): { kind: 'return' | 'void'; reference: DocumentReference } | undefined {
  const match = referencePattern.exec(message.trim());
  if (!match) return undefined;
  const date = isoFromDdMmYyyy(match[4] ?? '');
  if (!date) throw new DeviceRefusal('bad-request', `bad date in ${message}`);
  return {
    kind: match[1] === 'REFUND' ? 'return' : 'void',
    reference: { z: Number(match[2]), number: Number(match[3]), date, serial: match[5] ?? '' },
  };
}

function attr(element: XmlElement, name: string, fallback?: string): string {
  const value = element.attributes.get(name) ?? fallback;
  if (value === undefined) throw new DeviceRefusal('bad-request', `${element.name} needs ${name}`);
  return value;
}

function department(element: XmlElement, fallback = '1'): number {
  const text = attr(element, 'department', fallback);
  if (!/^\d{1,2}$/.test(text)) throw new DeviceRefusal('bad-request', `department ${text}`);
  return Number(text);
}

/** ASSUMPTION [U]: 10 acconto, 11 omaggio and 12 buono monouso lower the total like a discount. */
const discountTypes = new Set(['0', '3', '10', '11', '12']);
const surchargeTypes = new Set(['5', '8']);

function adjustment(state: FiscalState, draft: DraftDocument, element: XmlElement): void {
  const type = attr(element, 'adjustmentType');
  const amount = parseEuroToCents(attr(element, 'amount'));
  if (!discountTypes.has(type) && !surchargeTypes.has(type)) throw new DeviceRefusal('bad-request', `adjustmentType ${type}`);
  // 0/5 act on the last item, 3/8 on the named department.
  const onLastItem = type === '0' || type === '5' || type === '10' || type === '11' || type === '12';
  const lastItem = draft.lines.findLast((line) => line.type === 'item');
  if (onLastItem && !lastItem) throw new DeviceRefusal('bad-request', 'an adjustment on the last item needs an item');
  const dept = onLastItem && lastItem ? lastItem.department : department(element);
  const signed = surchargeTypes.has(type) ? amount : -amount;
  draft.lines.push(state.adjustmentLine(element.attributes.get('description') ?? '', signed, dept));
}

/**
 * directIO inside a receipt: fiskaltrust's FiscalReceipt serialises its 1060 (P.IVA) / 1061 (CF)
 * "scontrino parlante" commands inside printerFiscalReceipt, after the items and before
 * endFiscalReceipt (EpsonCommandFactory `AddCustomerTaxIdDirectIO`). The code belongs to this
 * document, so it applies only if the document commits. Other commands have no fiscal effect here [U].
 */
function receiptDirectIo(progress: ReceiptProgress, element: XmlElement): void {
  const command = element.attributes.get('command');
  if (command !== '1060' && command !== '1061') return;
  const data = element.attributes.get('data') ?? '';
  const match = (command === '1060' ? /^01(\d{11})$/ : /^01([0-9A-Z]{16})$/).exec(data);
  if (!match?.[1]) throw new DeviceRefusal('bad-request', `${command} data ${JSON.stringify(data.slice(0, 40))}`);
  progress.customerTaxId = match[1];
}

interface ReceiptProgress {
  kind: 'sale' | 'return' | 'void';
  reference?: DocumentReference;
  draft?: DraftDocument;
  /** A customer tax code from a type-7 message (lyancoder) or a directIO 1060/1061 inside the receipt, applied only if the document commits. */
  customerTaxId?: string;
  ended: boolean;
}

function beforeBegin(progress: ReceiptProgress, element: XmlElement): void {
  if (localName(element) !== 'printRecMessage') return;
  const type = element.attributes.get('messageType');
  const message = element.attributes.get('message') ?? '';
  if (type === '4') {
    const parsed = parseReferenceMessage(message);
    if (!parsed) throw new DeviceRefusal('bad-request', `unreadable type-4 message ${JSON.stringify(message)}`);
    progress.kind = parsed.kind;
    progress.reference = parsed.reference;
  } else if (type === '7' && message.trim() !== '') {
    progress.customerTaxId = message.trim();
  }
  // Types 1, 5, 6 are header lines: printed, no fiscal effect.
}

function insideReceipt(progress: ReceiptProgress, draft: DraftDocument, element: XmlElement, state: FiscalState): void {
  const name = localName(element);
  switch (name) {
    case 'printRecItem':
    case 'printRecRefund': {
      // ASSUMPTION [U]: a real RT refuses sale lines in a return and refund lines in a sale.
      if ((name === 'printRecRefund') !== (progress.kind === 'return')) throw new DeviceRefusal('bad-request', `${name} in a ${progress.kind}`);
      const quantity = parseQuantity(attr(element, 'quantity', '1'));
      const price = parseEuroToCents(attr(element, 'unitPrice'));
      draft.lines.push(state.itemLine(element.attributes.get('description') ?? '', quantity, price, department(element)));
      return;
    }
    case 'printRecItemAdjustment':
      adjustment(state, draft, element);
      return;
    case 'printRecLotteryID': {
      const code = attr(element, 'code');
      if (!/^[0-9A-Z]{8}$/.test(code)) throw new DeviceRefusal('bad-request', `lottery code ${code}`);
      draft.lotteryCode = code;
      return;
    }
    case 'printRecTotal': {
      const payment = element.attributes.get('payment');
      if (payment === undefined) return; // a credit note's total may carry only `operator` (MS sample).
      const amountCents = parseEuroToCents(payment);
      draft.tenders.push({ kind: epsonTender(attr(element, 'paymentType', '0'), attr(element, 'index', '1')), amountCents });
      return;
    }
    case 'directIO':
      receiptDirectIo(progress, element);
      return;
    case 'endFiscalReceipt':
      progress.ended = true;
      return;
    default:
      // printRecMessage after begin is not printed (OCA); printRecSubtotal, printRecVoid, displayText: no fiscal effect.
      return;
  }
}

/** Runs a whole printerFiscalReceipt; returns the committed document. Refusals leave the state untouched. */
export function runEpsonReceipt(state: FiscalState, body: XmlElement): JournalDocument {
  const progress: ReceiptProgress = { kind: 'sale', ended: false };
  for (const element of body.children) {
    if (progress.ended) throw new DeviceRefusal('bad-request', 'commands after endFiscalReceipt');
    if (!progress.draft) {
      if (localName(element) === 'beginFiscalReceipt') {
        progress.draft = { kind: progress.kind, lines: [], tenders: [], ...(progress.reference ? { reference: progress.reference } : {}) };
        if (progress.kind !== 'sale' && progress.reference) state.precheck(progress.kind, progress.reference);
      } else beforeBegin(progress, element);
      continue;
    }
    insideReceipt(progress, progress.draft, element, state);
  }
  if (!progress.draft || !progress.ended) throw new DeviceRefusal('bad-request', 'a receipt needs beginFiscalReceipt … endFiscalReceipt');
  const previousTaxId = state.pendingCustomerTaxId;
  if (progress.customerTaxId) state.pendingCustomerTaxId = progress.customerTaxId;
  try {
    return state.commit(progress.draft);
  } catch (error) {
    state.pendingCustomerTaxId = previousTaxId;
    throw error;
  }
}
