/**
 * Golden files of the recovery exchange per brand (issue 16 item 9, "recovery"): after a lost reply
 * the till calls lastDocument(); each file holds what the adapter sends for it, the device's canned
 * answer (written from the sources' formats: no real printer was recorded) and the document the
 * adapter makes of it. `UPDATE_GOLDEN=1` rewrites them.
 */
import type { FiscalDocument } from '@cassa/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { createFiscalDevice } from './create-fiscal-device-node';
import type { FetchLike } from './fiscal-http';
import { infoReply, lastDocumentReply } from './custom/testing/custom-canned-replies';
import { epsonReply, lastDocumentData } from './epson/testing/canned-replies';
import { FakeRchPrinter } from './rch/testing/fake-rch-printer';
import { encodeRchFrame } from './rch/rch-frame';
import { lastReceiptLines, replyBytes, serviceCgiReply } from './rch/testing/rch-replies';
import { expectGolden } from './testing/fiscal-fixtures';

interface Exchange {
  readonly request: string;
  readonly reply: string;
}

/** A fetch that answers each POST in turn from `replies` and keeps what was sent. */
function recordingFetch(replies: readonly string[], log: Exchange[]): FetchLike {
  return (url, init) => {
    const reply = replies[log.length] ?? '';
    log.push({ request: `POST ${new URL(url).pathname}\n${init.body}`, reply });
    return Promise.resolve({ ok: true, status: 200, text: () => Promise.resolve(reply) });
  };
}

const controlNames: Readonly<Record<number, string>> = { 0x02: '<STX>', 0x03: '<ETX>', 0x06: '<ACK>', 0x15: '<NACK>', 0x0d: '<CR>' };

/** Bytes on the native line, control characters named, one dump line per text line. */
function wireText(bytes: Uint8Array): string {
  return [...bytes].map((b) => controlNames[b] ?? (b === 0x0a ? '\n' : String.fromCharCode(b))).join('');
}

function render(connection: string, exchanges: readonly Exchange[], document: FiscalDocument | null): string {
  const parts = [`# lastDocument() after a lost reply, ${connection}`];
  exchanges.forEach((exchange, i) => parts.push(`## request ${i + 1}`, exchange.request.trimEnd(), `## reply ${i + 1}`, exchange.reply.trimEnd()));
  parts.push('## parsed', JSON.stringify(document, null, 2));
  return `${parts.join('\n')}\n`;
}

let printer: FakeRchPrinter | undefined;
afterEach(async () => {
  await printer?.close();
  printer = undefined;
});

describe('recovery golden files: what lastDocument() sends and reads back', () => {
  it('epson: directIO 1387, its responseData parsed', async () => {
    const log: Exchange[] = [];
    const data = lastDocumentData({ amountCents: 2345, ddmmyy: '031226', hhmmss: '093015', zNumber: 12, documentNumber: 34, serial: '99MEY012345' });
    const fetch = recordingFetch([epsonReply({ info: { lastCommand: '74', responseCommand: '1387', responseData: data } })], log);
    const device = createFiscalDevice('epson-rt://192.168.1.20', { fetch, replyGraceMs: 0 });
    const document = await device.lastDocument();
    expect(document).toMatchObject({ serial: '99MEY012345', zNumber: 12, documentNumber: 34, amountCents: 2345 });
    expectGolden('epson/recovery.txt', render('epson-rt://192.168.1.20', log, document));
  });

  it('custom: getInfo for serial and Z, getVatTotalsOnDemand for the last document', async () => {
    const log: Exchange[] = [];
    const fetch = recordingFetch([infoReply({ serial: 'STMTE770207', zSetNumber: 11 }), lastDocumentReply({ number: 34, dateTime: '2026-12-03T09:30:15', total: '23.45' })], log);
    const device = createFiscalDevice('custom-rt://cassa:secret@192.168.1.21', { fetch, replyGraceMs: 0 });
    const document = await device.lastDocument();
    // getInfo counts the closures made: the open period is Z 12.
    expect(document).toMatchObject({ serial: 'STMTE770207', zNumber: 12, documentNumber: 34, time: '09:30:15', amountCents: 2345 });
    expectGolden('custom/recovery.txt', render('custom-rt://cassa:***@192.168.1.21', log, document));
  });

  it('rch over service.cgi: =C4, =C453/$0, =C1 and the journal text of the last receipt', async () => {
    const log: Exchange[] = [];
    const journal = lastReceiptLines({ z: 12, n: 34, total: '23,45', when: '03-12-2026 09:30', serial: '72MU1234567' }).join('\n');
    const fetch = recordingFetch([serviceCgiReply({ lastCmd: 3, extra: `    <data>${journal}</data>` })], log);
    const device = createFiscalDevice('rch-rt+http://192.168.1.22', { fetch, replyGraceMs: 0 });
    const document = await device.lastDocument();
    expect(document).toMatchObject({ serial: '72MU1234567', zNumber: 12, documentNumber: 34, time: '09:30', amountCents: 2345 });
    expectGolden('rch/recovery.txt', render('rch-rt+http://192.168.1.22', log, document));
  });

  it('rch native: the same three commands, one frame each, the journal text as dump lines', async () => {
    printer = new FakeRchPrinter();
    printer.documentNumber = 34;
    printer.zCount = 11;
    printer.lastTotalCents = 2345;
    const port = await printer.listen();
    const device = createFiscalDevice(`rch-rt://127.0.0.1:${port}`, { replyGraceMs: 0 });
    const document = await device.lastDocument();
    expect(document).toMatchObject({ serial: '72MU1234567', zNumber: 12, documentNumber: 34, amountCents: 2345 });
    const fake = printer;
    const exchanges = printer.seen.map((frame) => {
      const answer = fake.honest(frame.command);
      return { request: wireText(encodeRchFrame(frame.command, frame.packId)), reply: wireText(replyBytes(frame.packId, answer.kind === 'reply' ? answer : {})) };
    });
    expectGolden('rch/recovery-native.txt', render('rch-rt://192.168.1.22:23', exchanges, document));
  });
});
