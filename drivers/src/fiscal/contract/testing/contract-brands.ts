/**
 * @module
 * The brands the contract tests run against the RT emulator: one row per adapter and transport.
 * Adding a brand is one row here, the connection string that reaches the emulator's endpoint for
 * that brand (and what the emulator must open for it); every contract test then runs for it too.
 */
import type { FiscalStatus } from '@cassa/shared';
import type { RtEmulator, RtEmulatorOptions } from '../../../testing';
import type { FiscalBrand } from '../../fiscal-device';

export interface ContractBrand {
  /** The row's name in test titles: the brand and, where it has two, the transport. */
  readonly name: string;
  readonly brand: FiscalBrand;
  /** What the emulator needs beyond its defaults for this row (credentials, a native port). */
  readonly emulator: Pick<RtEmulatorOptions, 'customUser' | 'customPassword' | 'rchNativePort'>;
  /** The connection string for the running emulator `rt`, with the client's timeout. */
  readonly connection: (rt: RtEmulator, timeoutMs: number) => string;
  /**
   * The device's serial. The first two characters are the maker's code in the AdE numbering, and an
   * RCH adapter reads only `72…` serials (rch-driver-js `Utils.toRtFormat`, `RegexUtils`).
   */
  readonly serial: string;
  /**
   * How the brand's wire carries what the contract compares, where real devices genuinely differ
   * (each with its source in the row).
   */
  readonly wire: {
    /**
     * Epson (paymentType 6, efsta 6-00) and RCH (payment 9 SCONTO A PAGARE, rch-driver-js
     * `RchDefault.ts`) send a cash rounding down as a payment discount beside the tenders, in no VAT
     * class, so the document counts the goods; Custom (printRecSubtotalAdjustment type 3, manual)
     * takes it off the subtotal, so the document counts what was collected.
     */
    readonly roundingDown: 'payment-discount' | 'subtotal-discount';
    /** RCH's journal text shows `dd-MM-yyyy HH:mm` (rch-driver-js RegexUtils): no seconds. */
    readonly seconds: boolean;
    /**
     * Whether lastDocument() can say "none issued" (null). RCH has no last-document query: the
     * adapter reads the journal's last receipt and will not take a journal without one for "not
     * issued" (rch-fiscal-device.ts), so on a fresh device it refuses instead.
     */
    readonly saysNoneIssued: boolean;
    /** Status fields the brand's protocol gives no reading of in any source: the adapter reports a default. */
    readonly unreadableStatus: readonly (keyof FiscalStatus)[];
    /**
     * Text reaches the device as printable ASCII: RCH's native frame is ASCII and no source names its
     * code page, so the adapter folds accented letters to their base letter (rch-commands `rchText`).
     */
    readonly asciiText: boolean;
    /**
     * A return without its original can be sent: Epson (REFUND 0000 0000, fiskaltrust) and Custom
     * (beginRtDocRefundSpecial service="ND", reference §2) have a form for it; no RCH source does, and
     * the RCH adapter refuses it before sending.
     */
    readonly unreferencedReturn: boolean;
    /**
     * The brand names why it refused (Epson status digits, Custom's numbered errors). RCH's error
     * numbers have no table in any source read (rch-errors.ts): a refusal is `refused`, never more.
     */
    readonly namesRefusals: boolean;
  };
}

/** Custom's Basic auth (reference/fiscal-rt.md §2 "Transport": user and password configurable). */
const customUser = 'cassa';
const customPassword = 'rt-secret';

const namedText = { asciiText: false, unreferencedReturn: true, namesRefusals: true } as const;
const rchText = { asciiText: true, unreferencedReturn: false, namesRefusals: false } as const;
const rchSerial = '72MU1234567';
/**
 * RCH reads decoded by a source (rch-driver-js PrinterStatus, InactivityAndPendings) give the printer
 * part, the inactivity flag and the files pending; nothing decodes the journal (DGFE), a due closure,
 * old or rejected files, training or the certificate.
 */
const rchUnreadable: readonly (keyof FiscalStatus)[] = ['journal', 'closureNeeded', 'filesOld', 'filesRejected', 'training', 'certificateExpiry'];

export const contractBrands: readonly ContractBrand[] = [
  {
    name: 'epson',
    brand: 'epson',
    emulator: {},
    connection: (rt, timeoutMs) => `epson-rt://127.0.0.1:${rt.port}?timeoutMs=${timeoutMs}`,
    serial: '99MEY012345',
    wire: { roundingDown: 'payment-discount', seconds: true, saysNoneIssued: true, unreadableStatus: [], ...namedText },
  },
  {
    name: 'custom',
    brand: 'custom',
    emulator: { customUser, customPassword },
    connection: (rt, timeoutMs) => `custom-rt://${customUser}:${customPassword}@127.0.0.1:${rt.port}?timeoutMs=${timeoutMs}`,
    // The serial of Custom's manual examples.
    serial: 'STMTE770207',
    // Custom shows a due closure only by refusing (errors 54/61/70), and getZReports gives no file
    // counts in the sources read (custom-fiscal-device.ts status()).
    wire: { roundingDown: 'subtotal-discount', seconds: true, saysNoneIssued: true, unreadableStatus: ['closureNeeded', 'filesPending', 'filesOld', 'filesRejected'], ...namedText },
  },
  {
    name: 'rch native tcp',
    brand: 'rch',
    emulator: { rchNativePort: 0 },
    connection: (rt, timeoutMs) => {
      if (rt.rchNativePort === undefined) throw new Error('the emulator has no RCH native port');
      return `rch-rt://127.0.0.1:${rt.rchNativePort}?timeoutMs=${timeoutMs}`;
    },
    serial: rchSerial,
    wire: { roundingDown: 'payment-discount', seconds: false, saysNoneIssued: false, unreadableStatus: rchUnreadable, ...rchText },
  },
  {
    name: 'rch http',
    brand: 'rch',
    emulator: {},
    connection: (rt, timeoutMs) => `rch-rt+http://127.0.0.1:${rt.port}?timeoutMs=${timeoutMs}`,
    serial: rchSerial,
    // service.cgi answers flags only (lyancoder): the pending files and the inactivity read need the native protocol.
    wire: { roundingDown: 'payment-discount', seconds: false, saysNoneIssued: false, unreadableStatus: [...rchUnreadable, 'inService', 'filesPending'], ...rchText },
  },
];
