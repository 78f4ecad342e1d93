/**
 * @module
 * The drivers' pure parts: what runs wherever JavaScript does (Node, a browser, a Web Worker)
 * because it only turns data into bytes and bytes into data, or speaks over a transport, `fetch`
 * or socket the caller injects. No `node:*`, no serialport, node-hid, usb or pngjs behind it.
 *
 * The till core imports its drivers from here, so the core's browser entry bundles without Node.
 * Opening a device by its connection string (serial, TCP, USB, HID, a device file), discovery and
 * the virtual printer's PNG stay in `@cassa/drivers`, which re-exports all of this too.
 */

// Connection strings, and the device lifecycle and errors every driver shares.
export * from './connection';
export * from './device';
export { TransportError } from './transport/transport';
export type { Transport, TransportEvents, TransportState } from './transport/transport';

// ESC/POS, printer profiles, receipt and report layout, the receipt printer over a given transport.
export { canEncode, codePageIds, decodeText, encodeText, toPrintable } from './escpos/code-pages';
export type { CodePageId, EncodedText, PrintableText, Replacement } from './escpos/code-pages';
export { EscPosEncodeError, EscPosEncoder, ean13CheckDigit, rasterBandRows } from './escpos/escpos-encoder';
export type { Alignment, CutMode, EncoderOptions, MonoImage, QrErrorCorrection } from './escpos/escpos-encoder';
export { decodeEscPos, decodedText } from './escpos/escpos-decoder';
export type { DecodeOptions, DecodedItem, DecodedReceipt, DecodedTextLine, TextStyle } from './escpos/escpos-decoder';
export { PrinterProfileError, builtInPrinterProfiles, codePageTable, getPrinterProfile, parsePrinterProfile } from './printer/printer-profile';
export type { BarcodeSymbology, DrawerPin, PrinterProfile } from './printer/printer-profile';
export { defaultReceiptLabels, formatCents, referenceReceipt } from './printer/receipt-document';
export type {
  GiftCardSlip,
  ReceiptDocument,
  ReceiptLabels,
  ReceiptLedger,
  ReceiptLine,
  ReceiptLogo,
  ReceiptPayment,
  ReceiptReference,
  ReceiptReturnCode,
  ReportDocument,
  ReportRow,
  VatSummaryRow,
} from './printer/receipt-document';
export { encodeTestReceipt, layoutGiftCardSlip, layoutReceipt, layoutReceiptWithReport, layoutReport, wrapReceiptText } from './printer/receipt-layout';
export type { LayoutResult } from './printer/receipt-layout';
export { ReceiptPrinter } from './printer/receipt-printer';
export type { PrintOutcome, PrintResult, PrinterAvailability, ReceiptPrinterEvents, ReceiptPrinterOptions } from './printer/receipt-printer';

// Scales: the protocols and the failure the till words (the serial device is in `@cassa/drivers`).
export { adamEquipment } from './scale/adam';
export { mettlerToledo8217 } from './scale/mettler-toledo-8217';
export { kilogramsTextToGrams } from './scale/scale-protocol';
export type { ScaleProtocol, ScaleReading, ScaleStatusFlags } from './scale/scale-protocol';
export { ScaleError } from './scale/scale-error';
export type { ScaleFailure } from './scale/scale-error';

// Italian fiscal devices. Epson and Custom speak HTTP over the injected (or global) fetch; RCH's
// native protocol needs a socket factory from the caller, since a browser has no raw TCP.
export { FiscalDeviceError } from './fiscal/fiscal-device';
export type { FiscalBrand, FiscalDevice } from './fiscal/fiscal-device';
export { createFiscalDevice } from './fiscal/create-fiscal-device';
export type { CreateFiscalDeviceOptions } from './fiscal/create-fiscal-device';
export { defaultFiscalTimeoutMs, describeFiscalConnection, isFiscalConnectionString, parseFiscalConnection } from './fiscal/fiscal-connection';
export type { CustomFiscalConnection, EpsonFiscalConnection, FiscalConnection, RchFiscalConnection } from './fiscal/fiscal-connection';
export type { FetchLike } from './fiscal/epson/epson-transport';
export type { RchSocket, RchSocketFactory } from './fiscal/rch/rch-tcp';
