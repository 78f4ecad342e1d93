/**
 * @module
 * Epson `directIO` commands the emulator answers (fiscal-rt.md §1, directIO table). Each returns the
 * `responseData` text. Layouts follow the table; positions the table leaves blank are the emulator's
 * filler ('0') [U].
 */
import { ddMmYy, isoFromDdMmYyyy } from './emulator-dates';
import { DeviceRefusal } from './emulator-refusal';
import type { RtDevice } from './rt-device';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * Every directIO reply that takes an operator (`01`) starts with that operator echoed in two
 * characters, and the field positions count from the reply's first character: fiskaltrust's
 * LastEmittedDocStatus reads 1387 with "OP: 2 bytes [0-1]" then the amount at [2-10]; iconic's
 * checkRTStatus reads 1138 with substring(2,3) for the type and substring(3,5) for the main status.
 */
function operatorEcho(data: string): string {
  return /^\d{2}/.test(data) ? data.slice(0, 2) : '01';
}

/**
 * 1138 "01" → RT status, 0-based positions after the operator echo at [0-1] (iconic's substrings):
 * [2] type, [3-4] main (01 not in service, else 02 [U]), [5-6] sub (08 pre-service when not in
 * service [U]), [7] day open, [8] Z needed, [9-12] files to send, [13-16] old, [17-20] rejected,
 * [21-26] certificate expiry DDMMYY, [38] training, [44] out of service; 47 characters as iconic reads.
 */
export function rtStatus1138(device: RtDevice, data = '01'): string {
  const chars = Array.from({ length: 47 }, () => '0');
  const put = (position: number, text: string): void => {
    for (let i = 0; i < text.length; i++) chars[position + i] = text[i] ?? '0';
  };
  const files = device.state.fileCounts();
  put(0, operatorEcho(data));
  put(2, '1'); // [U] device type: the table names the field, not its values.
  put(3, device.inService ? '02' : '01');
  put(5, device.inService ? '00' : '08');
  put(7, device.state.dayOpen ? '1' : '0');
  put(8, device.zNeeded ? '1' : '0');
  put(9, pad(Math.min(files.pending, 9999), 4));
  put(13, pad(Math.min(files.old, 9999), 4));
  put(17, pad(Math.min(files.rejected, 9999), 4));
  put(21, certificateExpiry(device));
  put(44, device.inService ? '0' : '1');
  return chars.join('');
}

function certificateExpiry(device: RtDevice): string {
  if (device.faults.has('certificate-expired')) return '010120'; // 1 January 2020: in the past.
  return device.options.certificateExpiry ?? '311228';
}

/**
 * 1387 "01" → last emitted document (fiskaltrust LastEmittedDocStatus): OP(2) amount(9, cents)
 * VAT(9) DDMMYY HHMMSS Z(4) doc(4) serial(11) instant-lottery(1) lottery(8) fiscal flag(1).
 * Before any document: zeros with the serial [U].
 */
export function lastDocument1387(device: RtDevice, data = '01'): string {
  const { state } = device;
  const doc = state.lastDocument;
  const op = operatorEcho(data);
  if (!doc) return `${op}${'0'.repeat(9 + 9 + 6 + 6)}${pad(state.z, 4)}0000${state.serial}0${' '.repeat(8)}0`;
  const time = doc.time.replaceAll(':', '');
  return `${op}${pad(doc.amountCents, 9)}${pad(doc.vatCents, 9)}${ddMmYy(doc.date)}${time}${pad(doc.z, 4)}${pad(doc.number, 4)}${state.serial}0${(doc.lotteryCode ?? '').padEnd(8, ' ')}1`;
}

/**
 * 9205: data '1' (refund) or '2' (void) + serial(11) + DDMMYYYY + doc(4) + Z(4). A reply starting
 * with 0 or 1 means allowed (iconic, procassa). ASSUMPTION [U]: the emulator answers "0" when
 * allowed and "2" + the refusal reason when not; the real refusal digits are not in the reference.
 */
export function precheck9205(device: RtDevice, data: string): string {
  const match = /^([12])([0-9A-Z]{11})(\d{8})(\d{4})(\d{4})$/.exec(data);
  if (!match) throw new DeviceRefusal('bad-request', `9205 data ${JSON.stringify(data.slice(0, 40))}`);
  const date = isoFromDdMmYyyy(match[3] ?? '');
  if (!date) throw new DeviceRefusal('bad-request', `9205 date ${match[3] ?? ''}`);
  try {
    device.state.precheck(match[1] === '1' ? 'return' : 'void', { serial: match[2] ?? '', date, number: Number(match[4]), z: Number(match[5]) });
    return '0';
  } catch (error) {
    if (error instanceof DeviceRefusal) return `2 ${error.reason}`;
    throw error;
  }
}

/**
 * 1060 "01"+P.IVA(11), 1061 "01"+CF(16): the customer's tax code on the next document (fiskaltrust).
 * The device checks the shape only; check characters are the till's job (§1 Scontrino parlante).
 */
export function customerTaxId(device: RtDevice, command: '1060' | '1061', data: string): string {
  const pattern = command === '1060' ? /^01(\d{11})$/ : /^01([0-9A-Z]{16})$/;
  const match = pattern.exec(data);
  if (!match) throw new DeviceRefusal('bad-request', `${command} data ${JSON.stringify(data.slice(0, 40))}`);
  device.state.pendingCustomerTaxId = match[1];
  return '0';
}

/** Runs one directIO; the result is `responseData`. */
export function runDirectIo(device: RtDevice, command: string, data: string): string {
  switch (command) {
    case '1138':
      return rtStatus1138(device, data);
    case '1387':
      return lastDocument1387(device, data);
    case '3217':
      // The operator echo, then the serial. ASSUMPTION [U]: as is; procassa reorders characters
      // [2-12] of a reply we have not seen, which also puts the serial after a 2-character echo.
      return `${operatorEcho(data)}${device.state.serial}`;
    case '9205':
      return precheck9205(device, data);
    case '1060':
    case '1061':
      return customerTaxId(device, command, data);
    default:
      throw new DeviceRefusal('bad-request', `directIO ${command} is not emulated`);
  }
}
