/**
 * @module
 * What RCH's reads answer (`<` or `<<` then `/?…`; lucafabbri/rch-driver-js, written by an RCH
 * author, `protocol/Core.ts` for the commands and `printer/*.ts`, `Utils`, `RegexUtils` for how the
 * answers are read), and the journal text of a receipt. Shapes the sources do not fix are [U].
 */
import { wallParts } from './emulator-clock';
import { DeviceRefusal } from './emulator-refusal';
import type { JournalDocument } from './fiscal-state';
import type { RtDevice } from './rt-device';

const two = (n: number): string => String(n).padStart(2, '0');

/** `1.234,50`: comma decimals, dot thousands, as the journal prints totals (RegexUtils). */
export function rchAmount(cents: number): string {
  const whole = String(Math.floor(Math.abs(cents) / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${cents < 0 ? '-' : ''}${whole},${two(Math.abs(cents) % 100)}`;
}

/**
 * `?i/*4` PrinterStatus: [0] 1 error, [1] 1 paper over, [4] 1 cover open, [5] 0 cutter ok; the
 * digits between are not decoded by the source and stay 0 [U].
 */
function printerStatus(device: RtDevice): string {
  const paper = device.faults.has('paper-end');
  const cover = device.faults.has('cover-open');
  return `${paper || cover ? 1 : 0}${paper ? 1 : 0}00${cover ? 1 : 0}0`;
}

/** `?i/*5` InactivityAndPendings: `<inactive 0|1> <pending>/<max 25> [dd/MM/yyyy HH:mm:ss]` (date of the oldest pending [U]). */
function pendings(device: RtDevice): string {
  const { state } = device;
  const pending = state.fileCounts().pending;
  const p = wallParts(state.now());
  const stamp = pending > 0 ? ` ${two(p.day)}/${two(p.month)}/${p.year} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}` : '';
  return `${device.inService ? 0 : 1} ${Math.min(pending, 25)}/25${stamp}`;
}

/**
 * One read. Core: `?i/*4` printer status, `?i/*5` inactivity and pendings, `?m` the serial, `?7`
 * "total zeroing number" (the closures made), `?1` "corrispettivo fiscale" (the working period's
 * takings so far [U: the source does not say since when]), `?d` date and time [U: dd/MM/yyyy HH:mm:ss].
 */
export function rchRead(device: RtDevice, command: string, receiptOpen: boolean): string {
  const { state } = device;
  const query = /^<{1,2}\/\?(.*)$/.exec(command)?.[1] ?? '';
  const p = wallParts(state.now());
  switch (query) {
    case 'i/*4':
      return printerStatus(device);
    case 'i/*5':
      return pendings(device);
    case 'm':
      return state.serial;
    case '7':
      return String(state.z - 1).padStart(4, '0');
    case '1':
      return rchAmount(state.dailyAmountCents());
    case 'd':
      return `${two(p.day)}/${two(p.month)}/${p.year} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
    case 'i':
      // The plain `?i` read: ASSUMPTION [U] z(4) doc(4) dayOpen zNeeded pendingFiles(4) receiptOpen.
      return `${String(state.z).padStart(4, '0')}${String(state.documentsToday).padStart(4, '0')}${state.dayOpen ? 1 : 0}${device.zNeeded ? 1 : 0}${String(state.fileCounts().pending).padStart(4, '0')}${receiptOpen ? 1 : 0}`;
    default:
      throw new DeviceRefusal('bad-request', `read ${command.slice(0, 20)}`);
  }
}

const heading: Readonly<Record<JournalDocument['kind'], string>> = {
  sale: 'DOCUMENTO COMMERCIALE di vendita o prestazione',
  return: 'DOCUMENTO COMMERCIALE emesso per RESO MERCE',
  void: 'DOCUMENTO COMMERCIALE emesso per ANNULLAMENTO',
};

/**
 * A receipt as the journal holds it, in the parts rch-driver-js `RegexUtils.fiscalDocumentPattern`
 * reads: the heading, `TOTALE COMPLESSIVO 1.234,50`, `dd-MM-yyyy HH:mm`, `DOCUMENTO N. zzzz-nnnn`
 * and the serial. The layout between them is [U].
 */
export function rchJournalText(serial: string, doc: JournalDocument): string[] {
  const p = wallParts(doc.at);
  const lines = doc.lines.map((line) => `${line.description.slice(0, 24).padEnd(24)} ${rchAmount(line.amountCents)}`);
  const reference = doc.reference ? [`Documento di riferimento: N. ${String(doc.reference.z).padStart(4, '0')}-${String(doc.reference.number).padStart(4, '0')} del ${doc.reference.date}`] : [];
  return [
    heading[doc.kind],
    ...reference,
    ...lines,
    `TOTALE COMPLESSIVO ${rchAmount(doc.amountCents)}`,
    `${two(p.day)}-${two(p.month)}-${p.year} ${two(p.hour)}:${two(p.minute)}`,
    `DOCUMENTO N. ${String(doc.z).padStart(4, '0')}-${String(doc.number).padStart(4, '0')}`,
    `RT ${serial}`,
  ];
}
