/**
 * @module
 * RCH's native framed protocol over TCP (fiscal-rt.md §3 "Native [V]", rch-driver-js `Driver`,
 * `RchMessage`, `Utils.calculateBcc`): the client sends
 * `STX ADDS(2) LEN(3) 'N' DATA PACKID CHK ETX`, LEN being DATA's length and CHK the XOR of every byte
 * from STX to PACKID as two upper-case hex digits. The device answers ACK to a good frame and NACK to
 * a bad one (the client retries up to 3 times), then any query text as CR LF lines, then one framed
 * status reply whose PACKID is the request's PACKID character code modulo 10.
 *
 * ASSUMPTION [U] for the reply frame, which rch-driver-js parses but does not document: DATA is a
 * control code ('O' ok; 'G' busy, 'P' paper end, 'C' cover open, 'S' other blocking error) followed,
 * on an error, by errorType [NGSP] + errorCode(4) + receiptStatus(2) + follow(1) + one filler char;
 * LEN counts DATA; errorCode is the emulator's RCH number from `brandCodes`.
 */
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import type { RefusalReason } from './emulator-refusal';
import { brandCodes } from './emulator-refusal';
import { runRchCommand } from './rch-endpoint';
import type { RchSession } from './rch-commands';
import type { RtDevice } from './rt-device';

export const STX = 0x02;
export const ETX = 0x03;
export const ACK = 0x06;
export const NACK = 0x15;

/** XOR from STX (included) to the byte before CHK. */
export function rchChecksum(bytes: Uint8Array | readonly number[]): string {
  let result = 0;
  for (const byte of bytes) result = byte === STX ? STX : result ^ byte;
  return result.toString(16).toUpperCase().padStart(2, '0');
}

/** Builds a frame as a client would (tests) or as the device answers. */
export function rchFrame(data: string, packId: string, adds = '01'): Buffer {
  const body = Buffer.from(`${adds}${String(data.length).padStart(3, '0')}N${data}${packId}`, 'latin1');
  const head = Buffer.concat([Buffer.from([STX]), body]);
  return Buffer.concat([head, Buffer.from(rchChecksum(head), 'latin1'), Buffer.from([ETX])]);
}

/** The command inside a frame, or why the frame is refused (→ NACK). */
export function readRchFrame(frame: Buffer): { command: string; packId: string } | { error: string } {
  const raw = frame.subarray(1, frame.length - 1).toString('latin1');
  const match = /^(\d{2})(\d{3})N([\x20-\x7E]*)([0-9a-zA-Z])([0-9A-F]{2})$/.exec(raw);
  if (!match) return { error: 'malformed frame' };
  const command = match[3] ?? '';
  if (Number(match[2]) !== command.length) return { error: 'length does not match' };
  if (rchChecksum(frame.subarray(0, frame.length - 3)) !== match[5]) return { error: 'bad checksum' };
  return { command, packId: match[4] ?? '0' };
}

function controlCode(reason: RefusalReason | undefined): string {
  if (reason === undefined) return 'O';
  if (reason === 'busy') return 'G';
  if (reason === 'paper-end') return 'P';
  if (reason === 'cover-open') return 'C';
  return 'S';
}

function statusFrame(reason: RefusalReason | undefined, packId: string, receiptOpen: boolean): Buffer {
  const modulus = String(packId.charCodeAt(0) % 10);
  if (reason === undefined) return rchFrame('O', modulus);
  const code = controlCode(reason);
  const errorType = code === 'O' ? 'N' : code === 'C' ? 'S' : code;
  const data = `${code}${errorType}${String(brandCodes[reason].rch).padStart(4, '0')}${receiptOpen ? '01' : '00'}00`;
  return rchFrame(data, modulus);
}

export interface RchNativeHooks {
  /** True while the HTTP side (or another socket) is handling a request. */
  isBusy(): boolean;
  setBusy(busy: boolean): void;
  printMs(): number;
  sleep(ms: number): Promise<void>;
}

/** One connection: frames in, ACK/NACK, query lines and a status frame out. */
function serveSocket(socket: Socket, device: RtDevice, session: RchSession, hooks: RchNativeHooks): void {
  // The ACK byte and the reply go out as separate writes: without this, Nagle holds the reply behind
  // the client's delayed ACK of the first (about 40 ms per command on Linux).
  socket.setNoDelay(true);
  let pending = Buffer.alloc(0);
  let chain = Promise.resolve();
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    if (pending.length > 64 * 1024) {
      socket.destroy();
      return;
    }
    for (;;) {
      const start = pending.indexOf(STX);
      const end = start === -1 ? -1 : pending.indexOf(ETX, start);
      if (end === -1) break;
      const frame = pending.subarray(start, end + 1);
      pending = pending.subarray(end + 1);
      chain = chain.then(() => answer(frame)).catch(() => {
        socket.destroy();
      });
    }
  });
  socket.on('error', () => socket.destroy());

  async function answer(frame: Buffer): Promise<void> {
    const read = readRchFrame(frame);
    if ('error' in read) {
      socket.write(Buffer.from([NACK]));
      return;
    }
    socket.write(Buffer.from([ACK]));
    if (hooks.isBusy()) {
      socket.write(statusFrame('busy', read.packId, session.receiptOpen));
      return;
    }
    hooks.setBusy(true);
    let outcome: ReturnType<typeof runRchCommand>;
    try {
      outcome = runRchCommand(device, session, read.command);
      if (outcome.committed && hooks.printMs() > 0) await hooks.sleep(hooks.printMs());
    } finally {
      hooks.setBusy(false);
    }
    const lines = outcome.data === undefined ? '' : `${outcome.data.replaceAll('\n', '\r\n')}\r\n`;
    const reply = Buffer.concat([Buffer.from(lines, 'latin1'), statusFrame(outcome.refusal, read.packId, session.receiptOpen)]);
    const fault = outcome.committed ? device.faults.takeAfterPrint() : undefined;
    if (fault?.fault === 'drop-after-print') socket.destroy();
    else if (fault?.fault === 'no-answer-after-print') return; // ACK sent, then silence [U].
    else {
      if (fault) await hooks.sleep(fault.delayMs);
      if (!socket.destroyed) socket.write(reply);
    }
  }
}

export interface RchNativeServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startRchNative(device: RtDevice, session: RchSession, hooks: RchNativeHooks, port: number, host: string): Promise<RchNativeServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveSocket(socket, device, session, hooks);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
