/**
 * @module
 * The inside of a Custom `printerFiscalReceipt` (Custom's "WEB SERVICES Commands manual for 3rd
 * generation fiscal devices" rev 2.00, in fiskaltrust/middleware
 * `scu-it/src/…CustomRTPrinter/docs/XMLProtocol.pdf`; reference/fiscal-rt.md §2): integers on the
 * wire (quantity ×1000, price and payment ×100), `printRecItemAdjustment` and
 * `printRecSubtotalAdjustment` with adjustmentType 2 = markup, 3 = discount ("other values are not
 * allowed"), `printRecTotal paymentType` from the printer's own payment table, `setLotteryCode`, and
 * `endFiscalReceiptCut`. Pure: elements in, a draft document out; the endpoint commits it.
 */
import { maxCents, maxThousandths, parseWireInteger } from './emulator-money';
import { DeviceRefusal } from './emulator-refusal';
import type { XmlElement } from './emulator-xml';
import { localName } from './emulator-xml';
import type { DraftDocument, FiscalState, TenderKind } from './fiscal-state';

export function customAttr(element: XmlElement, name: string, fallback?: string): string {
  const value = element.attributes.get(name) ?? fallback;
  if (value === undefined) throw new DeviceRefusal('bad-request', `${element.name} needs ${name}`);
  return value;
}

/**
 * The payment table of a Custom RT as the emulator programs it. The manual: "Type of payment (from 1
 * to 30, based on database programming on the printer)", its examples use 1 = cash; fiskaltrust
 * `GetPaymentType` sends cash 1, card 2, voucher/ticket 3. 4 cheque, 5 not collected, 6 voucher have
 * no source [U]: they are what Cassa's Custom adapter sends by default, programmed here to match.
 */
const customPayments: Readonly<Record<string, TenderKind>> = {
  '1': 'cash',
  '2': 'electronic',
  '3': 'ticket',
  '4': 'cheque',
  '5': 'not-paid',
  '6': 'voucher',
};

/** adjustmentType: "2 = markup, 3 = discount. Other values are not allowed." (manual) */
function signedAdjustment(element: XmlElement): number {
  const type = customAttr(element, 'adjustmentType');
  if (type !== '2' && type !== '3') throw new DeviceRefusal('bad-request', `adjustmentType ${type}`);
  const amount = parseWireInteger(customAttr(element, 'amount'), maxCents);
  return type === '3' ? -amount : amount;
}

/** One element inside a receipt; true at the end (`endFiscalReceiptCut`). */
export function customReceiptStep(state: FiscalState, draft: DraftDocument, element: XmlElement): boolean {
  switch (localName(element)) {
    case 'printRecItem': {
      const quantity = parseWireInteger(customAttr(element, 'quantity', '1000'), maxThousandths);
      const price = parseWireInteger(customAttr(element, 'unitPrice'), maxCents);
      draft.lines.push(state.itemLine(element.attributes.get('description') ?? '', quantity, price, Number(customAttr(element, 'department', '1'))));
      return false;
    }
    case 'printRecItemAdjustment': {
      // "The discount or markup is applied to the item sold with the previous operation" (manual).
      const last = draft.lines.findLast((line) => line.type === 'item');
      if (!last) throw new DeviceRefusal('bad-request', 'an adjustment needs an item before it');
      draft.lines.push(state.adjustmentLine(element.attributes.get('description') ?? '', signedAdjustment(element), Number(customAttr(element, 'department', String(last.department)))));
      return false;
    }
    case 'printRecSubtotalAdjustment': {
      // On the subtotal; the device spreads it over the VAT classes in a way no source describes [U]:
      // the emulator books it on the last item's department.
      const last = draft.lines.findLast((line) => line.type === 'item');
      if (!last) throw new DeviceRefusal('bad-request', 'a subtotal adjustment needs an item before it');
      draft.lines.push(state.adjustmentLine(element.attributes.get('description') ?? '', signedAdjustment(element), last.department));
      return false;
    }
    case 'printRecTotal': {
      const kind = customPayments[customAttr(element, 'paymentType', '1')];
      if (!kind) throw new DeviceRefusal('bad-request', `paymentType ${element.attributes.get('paymentType') ?? ''}`);
      draft.tenders.push({ kind, amountCents: parseWireInteger(customAttr(element, 'payment'), maxCents) });
      return false;
    }
    case 'setLotteryCode': {
      const code = customAttr(element, 'code');
      if (!/^[0-9A-Z]{8}$/.test(code)) throw new DeviceRefusal('bad-request', `lottery code ${code}`);
      draft.lotteryCode = code;
      return false;
    }
    case 'fixedLines':
      customerIdLine(state, element);
      return false;
    case 'endFiscalReceiptCut':
    case 'endFiscalReceipt':
      return true;
    default:
      return false; // printRecSubtotal and the like: no fiscal effect.
  }
}

/**
 * Scontrino parlante: `fixedLines pitch="B"` is "customer fiscal code/VAT number" (manual; fiskaltrust
 * sends it after the subtotal). Other pitches are plain text lines with no fiscal effect.
 */
function customerIdLine(state: FiscalState, element: XmlElement): void {
  if (element.attributes.get('pitch') !== 'B') return;
  const id = (element.attributes.get('description') ?? '').trim().toUpperCase();
  if (!/^(?:[0-9A-Z]{16}|\d{11})$/.test(id)) throw new DeviceRefusal('bad-request', `customer id ${id.slice(0, 20)}`);
  state.pendingCustomerTaxId = id;
}
