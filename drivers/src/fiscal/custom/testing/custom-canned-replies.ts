/**
 * @module
 * `/xml/printer.htm` replies written from Custom's XML manual ("Response file", getInfo,
 * getVatTotalsOnDemand, getDailyTotals examples; reference/fiscal-rt.md §2), for tests of the
 * parsers and the adapter. Hand-written like the sources' own fixtures: no real printer was recorded.
 */

export interface CannedCustomReply {
  readonly success?: boolean;
  readonly status?: number;
  /** addInfo leaves, in order (lastCommand, dateTime, printerStatus, fpStatus, receiptStep, nClose, fiscalDoc, responseBuf…). */
  readonly info?: Readonly<Record<string, string>>;
  /** Raw XML placed inside addInfo before the leaves (lastDocument, dailyTotals blocks). */
  readonly blocks?: string;
}

export function customReply(opts: CannedCustomReply = {}): string {
  const info = opts.info ?? {};
  const leaves = Object.entries(info)
    .map(([key, value]) => `  <${key}>${value}</${key}>`)
    .join('\n');
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<response success="${String(opts.success ?? true)}" status="${opts.status ?? 0}">`,
    ' <addInfo>',
    `  <elementList>${Object.keys(info).join(',')}</elementList>`,
    ...(opts.blocks === undefined ? [] : [opts.blocks]),
    leaves,
    ' </addInfo>',
    '</response>',
  ].join('\n');
}

/** An issued receipt's reply: Z and number the device gave it, with its date and time. */
export function issuedReply(doc: { nClose: number; fiscalDoc: number; dateTime?: string }): string {
  return customReply({
    info: {
      lastCommand: 'endFiscalReceiptCut',
      dateTime: doc.dateTime ?? '2026-12-03T09:30:15',
      printerStatus: '00000',
      fpStatus: '000',
      receiptStep: '0',
      nClose: String(doc.nClose),
      fiscalDoc: String(doc.fiscalDoc),
    },
  });
}

/** getInfo, as in the manual's example (SI/NO flags, dd/MM/yyyy certificate dates). */
export function infoReply(fields: { serial?: string; zSetNumber?: number; fpuState?: string; ejFull?: string; simulation?: string; certValidTo?: string } = {}): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<infoResp success="true" status="0">',
    ` <serialNumber>${fields.serial ?? 'STMTE770207'}</serialNumber>`,
    ' <fiscalized>SI</fiscalized>',
    ` <fpuState>${fields.fpuState ?? 'IN SERVIZIO'}</fpuState>`,
    ' <mfExhausted>NO</mfExhausted>',
    ` <zSetNumber>${fields.zSetNumber ?? 142}</zSetNumber>`,
    ' <ejPresent>SI</ejPresent>',
    ` <ejFull>${fields.ejFull ?? 'NO'}</ejFull>`,
    ' <ejFilling>0.394%</ejFilling>',
    ` <simulation>${fields.simulation ?? 'NO'}</simulation>`,
    ' <demoMode>NO</demoMode>',
    ` <certValidTo>${fields.certValidTo ?? '26/02/2027'}</certValidTo>`,
    ' <certExpired>NO</certExpired>',
    '</infoResp>',
  ].join('\n');
}

/** getVatTotalsOnDemand vatgroup=0: the day's last document (number, ISO dateTime, dot total). */
export function lastDocumentReply(doc: { number: number; dateTime: string; total: string } | null): string {
  const block =
    doc === null
      ? '  <getVatTotalsOnDemand vatgroup="0" doctype="0"><vatTotals></vatTotals></getVatTotalsOnDemand>'
      : `  <getVatTotalsOnDemand vatgroup="0" doctype="0">\n   <lastDocument>\n    <number>${doc.number}</number>\n    <dateTime>${doc.dateTime}</dateTime>\n    <total>${doc.total}</total>\n   </lastDocument>\n   <vatTotals><vat1><rate>22.00</rate><gross>3.00</gross><taxable>2.46</taxable></vat1></vatTotals>\n  </getVatTotalsOnDemand>`;
  return customReply({ blocks: block, info: { lastCommand: 'getVatTotalsOnDemand', dateTime: '2026-12-03T18:00:05', printerStatus: '00000', fpStatus: '000', receiptStep: '0' } });
}

/** getDailyTotals: digit cents, as in the manual. */
export function dailyTotalsReply(totals: { receipts: number; refunds?: number; annulments?: number }): string {
  const pad = (n: number): string => String(n).padStart(9, '0');
  const block = [
    '  <dailyTotals>',
    `   <receiptsNum>0004</receiptsNum><receiptsTot>${pad(totals.receipts)}</receiptsTot>`,
    `   <telematicCancelRecNum>0001</telematicCancelRecNum><telematicCancelRecTot>${pad(totals.annulments ?? 0)}</telematicCancelRecTot>`,
    `   <telematicRefundRecNum>0001</telematicRefundRecNum><telematicRefundRecTot>${pad(totals.refunds ?? 0)}</telematicRefundRecTot>`,
    '  </dailyTotals>',
  ].join('\n');
  return customReply({ blocks: block, info: { lastCommand: 'getDailyTotals', printerStatus: '00000' } });
}
