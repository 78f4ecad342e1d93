/**
 * @module
 * Receipt printing: ESC/POS encoding and decoding, printer profiles, receipt layout, the
 * `ReceiptPrinter` device, and a virtual printer for demos and tests.
 *
 * @example
 * const profile = getPrinterProfile('epson-tm-t20');
 * const printer = new ReceiptPrinter(new TcpTransport({ host: '192.168.1.50' }), profile);
 * await printer.open();
 * const result = await printer.print('0012-0034', layoutReceipt(doc, profile));
 * if (result.outcome === 'failed-partially-sent') reprintAsCopy();
 */

// ESC/POS: bytes in, bytes out.
export { canEncode, codePageIds, decodeText, encodeText, toPrintable } from '../escpos/code-pages';
export type { CodePageId, EncodedText, PrintableText, Replacement } from '../escpos/code-pages';
export { EscPosEncodeError, EscPosEncoder, ean13CheckDigit, rasterBandRows } from '../escpos/escpos-encoder';
export type { Alignment, CutMode, EncoderOptions, MonoImage, QrErrorCorrection } from '../escpos/escpos-encoder';
export { decodeEscPos, decodedText } from '../escpos/escpos-decoder';
export type { DecodeOptions, DecodedItem, DecodedReceipt, DecodedTextLine, TextStyle } from '../escpos/escpos-decoder';
export {
  StatusParseError,
  StatusStreamParser,
  dleEotRequest,
  encodeAsbPacket,
  encodeDleEotReply,
  idleCondition,
  isAsbFirstByte,
  isDleEotReply,
  parseAsbStatus,
  parseDleEotStatus,
  sameStatus,
  statusProblems,
  unknownStatus,
} from '../escpos/printer-status';
export type {
  DleEotReplies,
  DleEotRequest,
  DrawerPolarity,
  PrinterCondition,
  PrinterStatus,
  StatusMessage,
  StatusParseOptions,
} from '../escpos/printer-status';

// Profiles, documents, layout.
export { PrinterProfileError, builtInPrinterProfiles, codePageTable, getPrinterProfile, parsePrinterProfile } from './printer-profile';
export type { BarcodeSymbology, DrawerPin, PrinterProfile } from './printer-profile';
export { defaultReceiptLabels, formatCents, referenceReceipt } from './receipt-document';
export type {
  ReceiptDocument,
  ReceiptLabels,
  ReceiptLine,
  ReceiptLogo,
  ReceiptPayment,
  ReceiptReference,
  ReceiptReturnCode,
  ReportDocument,
  ReportRow,
  VatSummaryRow,
} from './receipt-document';
export { encodeTestReceipt, layoutReceipt, layoutReceiptWithReport, layoutReport, wrapReceiptText } from './receipt-layout';
// Issue 17: chain ledgers
export { layoutGiftCardSlip } from './receipt-layout';
export type { GiftCardSlip, ReceiptLedger } from './receipt-document';
export type { LayoutResult } from './receipt-layout';

// The device.
export { ReceiptPrinter } from './receipt-printer';
export type { PrintOutcome, PrintResult, PrinterAvailability, ReceiptPrinterEvents, ReceiptPrinterOptions } from './receipt-printer';

// Without hardware.
export { PrinterEmulator } from './virtual/printer-emulator';
export type { PrintedReceipt, PrinterEmulatorOptions } from './virtual/printer-emulator';
export { VirtualPrinter, VirtualPrinterTransport } from './virtual/virtual-printer';
export type { VirtualPrinterOptions } from './virtual/virtual-printer';
export { renderReceiptPng } from './virtual/receipt-png';
export type { RenderOptions } from './virtual/receipt-png';
