import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from './emulator-clock';
import { ACK, ETX, NACK, rchChecksum, rchFrame, readRchFrame, STX } from './rch-native';
import type { RtEmulator } from './rt-emulator-server';
import { startRtEmulator } from './rt-emulator-server';
import { control, postRch } from './testing/wire';

let rt: RtEmulator;
let socket: Socket;

beforeEach(async () => {
  rt = await startRtEmulator({ port: 0, clock: new ManualClock('2026-12-03T09:00:00'), brands: ['rch'], rchNativePort: 0 });
  socket = connect(rt.rchNativePort ?? 0, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
});
afterEach(async () => {
  socket.destroy();
  await rt.close();
});

/** Sends bytes; resolves with what came back up to the first ETX, or a lone NACK, or the socket closing. */
function exchange(bytes: Buffer): Promise<Buffer> {
  return new Promise((resolve) => {
    let got = Buffer.alloc(0);
    const done = (): void => {
      socket.off('data', onData);
      socket.off('close', done);
      resolve(got);
    };
    const onData = (chunk: Buffer): void => {
      got = Buffer.concat([got, chunk]);
      if (got.includes(ETX) || (got.length === 1 && got[0] === NACK)) done();
    };
    socket.on('data', onData);
    socket.once('close', done);
    socket.write(bytes);
  });
}

/** The text lines before the frame, and the frame's control data. */
function split(reply: Buffer): { ack: boolean; lines: string[]; data: string; packId: string } {
  const ack = reply[0] === ACK;
  const stx = reply.indexOf(STX);
  const lines = reply.subarray(ack ? 1 : 0, stx).toString('latin1').split('\r\n').filter((l) => l !== '');
  const frame = reply.subarray(stx, reply.indexOf(ETX, stx) + 1);
  const read = readRchFrame(frame);
  if ('error' in read) throw new Error(read.error);
  return { ack, lines, data: read.command, packId: read.packId };
}

describe('RCH native framing on TCP', () => {
  it('computes the checksum as the XOR from STX and frames a command', () => {
    const frame = rchFrame('=C1', '1');
    expect(frame[0]).toBe(STX);
    expect(frame.at(-1)).toBe(ETX);
    expect(frame.subarray(1, 10).toString('latin1')).toBe('01003N=C1');
    let xor = STX;
    for (const byte of frame.subarray(1, frame.length - 3)) xor ^= byte;
    expect(frame.subarray(frame.length - 3, frame.length - 1).toString('latin1')).toBe(xor.toString(16).toUpperCase().padStart(2, '0'));
    expect(rchChecksum([STX, 0x30, 0x31])).toBe('03');
  });

  it('ACKs a good frame, runs a sale and answers O with the PACKID modulo 10', async () => {
    const item = split(await exchange(rchFrame('=R1/$200/(DOLCE)', '1')));
    expect(item).toMatchObject({ ack: true, data: 'O', packId: String('1'.charCodeAt(0) % 10) });
    const total = split(await exchange(rchFrame('=T1', 'a')));
    expect(total.data).toBe('O');
    expect(total.packId).toBe(String('a'.charCodeAt(0) % 10));
    const journal = (await control(rt.url, 'state')).json['journal'] as { amountCents: number }[];
    expect(journal.map((d) => d.amountCents)).toEqual([200]);
  });

  it('NACKs a bad checksum, a wrong length and garbage, and prints nothing', async () => {
    const good = rchFrame('=R1/$200', '2');
    const badChecksum = Buffer.from(good);
    badChecksum[badChecksum.length - 2] = badChecksum[badChecksum.length - 2] === 0x30 ? 0x31 : 0x30;
    expect([...(await exchange(badChecksum))]).toEqual([NACK]);
    const badLength = Buffer.from(good);
    badLength[5] = 0x39; // LEN 009 for 8 bytes
    expect([...(await exchange(badLength))]).toEqual([NACK]);
    expect([...(await exchange(Buffer.from([STX, 0x00, 0x41, ETX])))]).toEqual([NACK]);
    expect((await control(rt.url, 'state')).json['journal']).toEqual([]);
  });

  it('sends query text as lines before the status frame; shares the open receipt with HTTP', async () => {
    await exchange(rchFrame('=R2/$150/(CAFFE)', '3'));
    const status = split(await exchange(rchFrame('</?i', '4')));
    expect(status.lines).toEqual(['000100000000001']);
    expect((await postRch(rt.url, ['=T1'])).field('errorCode')).toBe('0');
    const vat = split(await exchange(rchFrame('=C508', '5')));
    expect(vat.lines).toEqual(['10;150;0;0']);
  });

  it('answers a fault with its control code and error fields', async () => {
    await control(rt.url, 'fault', { fault: 'paper-end', count: 1 });
    const paper = split(await exchange(rchFrame('=R1/$200', '6')));
    expect(paper.data).toBe('PP00010000'); // P, type P, error 0001, receipt status 00, follow 0, filler 0
    await control(rt.url, 'fault', { fault: 'busy', count: 1 });
    expect(split(await exchange(rchFrame('</?i/*4', '7'))).data.startsWith('G')).toBe(true);
  });

  it('print then drop: the socket closes after the document is committed', async () => {
    await exchange(rchFrame('=R1/$300', '8'));
    await control(rt.url, 'fault', { fault: 'drop-after-print' });
    const reply = await exchange(rchFrame('=T1', '9'));
    expect(reply.includes(ETX)).toBe(false);
    expect(socket.destroyed || socket.readableEnded).toBe(true);
    expect(((await control(rt.url, 'state')).json['journal'] as unknown[]).length).toBe(1);
  });
});
