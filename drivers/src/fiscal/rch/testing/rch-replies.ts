/**
 * @module
 * RCH replies written from the sources' formats (rch-driver-js `RchMessage` regex and
 * `RegexUtils.fiscalDocumentPattern`; lyancoder's `RCH-cgi` mock), for tests. Hand-written: no real
 * printer was recorded.
 */
import { ETX, STX, packIdModulus, rchChecksum } from '../rch-frame';

/** A reply frame body (between STX and ETX) with a correct checksum. */
export function replyFrameBody(opts: { control?: string; data?: string; packId: string }): string {
  const data = opts.data ?? 'N00000000';
  const head = `01${String(data.length + 1).padStart(3, '0')}N${opts.control ?? 'O'}${data}${opts.packId}`;
  return `${head}${rchChecksum([STX, ...[...head].map((c) => c.charCodeAt(0))])}`;
}

/** The whole reply to a request with packet id `requestPackId`: ACK, STX, dump lines, the frame, ETX. */
export function replyBytes(requestPackId: string, opts: { control?: string; data?: string; lines?: readonly string[]; ack?: boolean } = {}): Uint8Array {
  const body = replyFrameBody({ ...opts, packId: packIdModulus(requestPackId) });
  const dump = (opts.lines ?? []).map((l) => `${l}\r\n`).join('');
  const text = `${dump}${body}`;
  return Uint8Array.from([...(opts.ack === false ? [] : [0x06]), STX, ...[...text].map((c) => c.charCodeAt(0)), ETX]);
}

/** A status block: error type, 4-digit code, receipt status, follow flag, one more character. */
export function statusData(errorType = 'N', errorCode = '0000', receiptStatus = '00'): string {
  return `${errorType}${errorCode}${receiptStatus}00`;
}

/** The journal text of a last receipt, in the layout `fiscalDocumentPattern` reads. */
export function lastReceiptLines(doc: { z: number; n: number; total: string; when: string; serial: string }): string[] {
  return [
    '           DOCUMENTO COMMERCIALE           ',
    '        di vendita o prestazione           ',
    'DESCRIZIONE                  IVA  Prezzo EUR',
    'T-SHIRT M                    22%     19,80 ',
    `TOTALE COMPLESSIVO              ${doc.total}`,
    'di cui IVA                           3,57',
    '-----------------------------------------',
    'Pagamento elettronico              19,80',
    '-----------------------------------------',
    `Importo pagato                     ${doc.total}`,
    `              ${doc.when}              `,
    `        DOCUMENTO N. ${String(doc.z).padStart(4, '0')}-${String(doc.n).padStart(4, '0')}        `,
    `RT ${doc.serial}`,
  ];
}

/** A service.cgi reply (lyancoder's mock shape). */
export function serviceCgiReply(opts: { errorCode?: number; printerError?: number; paperEnd?: number; coverOpen?: number; lastCmd?: number; busy?: number; extra?: string } = {}): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<Service>',
    '  <Request>',
    `    <errorCode>${opts.errorCode ?? 0}</errorCode>`,
    `    <printerError>${opts.printerError ?? 0}</printerError>`,
    `    <paperEnd>${opts.paperEnd ?? 0}</paperEnd>`,
    `    <coverOpen>${opts.coverOpen ?? 0}</coverOpen>`,
    `    <lastCmd>${opts.lastCmd ?? 1}</lastCmd>`,
    `    <busy>${opts.busy ?? 0}</busy>`,
    opts.extra ?? '',
    '  </Request>',
    '</Service>',
  ].join('\n');
}
