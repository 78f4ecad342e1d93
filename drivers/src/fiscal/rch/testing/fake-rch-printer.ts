/**
 * @module
 * A small RCH printer on 127.0.0.1 for tests: it reads request frames (checking their checksum),
 * answers each through a handler, and keeps a journal so a sale can be read back. Replies follow
 * rch-driver-js's reading of the protocol (see `./rch-replies`). Test use only.
 */
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { ETX, NACK, STX, rchChecksum } from '../rch-frame';
import { lastReceiptLines, replyBytes, statusData } from './rch-replies';

export interface SeenFrame {
  readonly command: string;
  readonly packId: string;
  readonly connection: number;
}

/** What to do with one command: answer, refuse the frame, stay silent, or cut the line mid-reply. */
export type FakeAnswer =
  | { readonly kind: 'reply'; readonly control?: string; readonly data?: string; readonly lines?: readonly string[]; readonly delayMs?: number }
  | { readonly kind: 'nack' }
  | { readonly kind: 'silent' }
  | { readonly kind: 'drop-mid-frame' };

export type FakeHandler = (command: string, printer: FakeRchPrinter, attempt: number) => FakeAnswer | undefined;

export class FakeRchPrinter {
  readonly seen: SeenFrame[] = [];
  documentNumber = 0;
  zCount = 11;
  /** Cents of the receipt being keyed. */
  private open = 0;
  lastTotalCents = 0;
  connections = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly handler: FakeHandler = () => undefined) {}

  async listen(): Promise<number> {
    this.server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** The honest answer: keys items and totals, numbers the document, answers reads. */
  honest(command: string): FakeAnswer {
    const item = /^=R\d+\/\$(\d+)(?:\/\*(\d+))?/.exec(command);
    if (item) this.open += Number(item[1]) * Number(item[2] ?? '1');
    const off = /^=V([-+])\/\*(\d+)/.exec(command);
    if (off) this.open += (off[1] === '-' ? -1 : 1) * Number(off[2]);
    if (/^=T\d/.test(command) && this.open > 0) {
      this.documentNumber++;
      this.lastTotalCents = this.open;
      this.open = 0;
    }
    if (command === '=C453/$0') {
      const euros = `${Math.trunc(this.lastTotalCents / 100)},${String(this.lastTotalCents % 100).padStart(2, '0')}`;
      return { kind: 'reply', lines: lastReceiptLines({ z: this.zCount + 1, n: this.documentNumber, total: euros, when: '03-12-2026 09:30', serial: '72MU1234567' }) };
    }
    if (command === '<</?i/*4') return { kind: 'reply', data: '000000' };
    if (command === '</?i/*5') return { kind: 'reply', data: '0 2/25 01/12/2026 10:00:00' };
    if (command === '<</?m') return { kind: 'reply', data: '72MU 1234567' };
    if (command === '<</?7') return { kind: 'reply', data: String(this.zCount) };
    if (command === '<</?1') return { kind: 'reply', data: '1.234,50' };
    if (command === '=C10' && this.seen.at(-2)?.command === '=C3') this.zCount++;
    return { kind: 'reply', data: statusData('N', '0000', this.open > 0 ? '01' : '00') };
  }

  private accept(socket: Socket): void {
    const connection = ++this.connections;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer: number[] = [];
    const attempts = new Map<string, number>();
    socket.on('data', (chunk: Buffer) => {
      for (const b of chunk) {
        buffer.push(b);
        if (b !== ETX) continue;
        const frame = buffer;
        buffer = [];
        const start = frame.indexOf(STX);
        const text = String.fromCharCode(...frame.slice(start + 1, -1));
        const chk = text.slice(-2);
        const head = text.slice(0, -2);
        if (rchChecksum([STX, ...[...head].map((c) => c.charCodeAt(0))]) !== chk) {
          socket.write(Uint8Array.from([NACK]));
          continue;
        }
        const command = head.slice(6, -1);
        const packId = head.slice(-1);
        this.seen.push({ command, packId, connection });
        const key = `${packId}${command}`;
        const attempt = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, attempt);
        this.answer(socket, this.handler(command, this, attempt) ?? this.honest(command), packId);
      }
    });
  }

  private answer(socket: Socket, answer: FakeAnswer, packId: string): void {
    if (answer.kind === 'nack') return void socket.write(Uint8Array.from([NACK]));
    if (answer.kind === 'silent') return;
    const bytes = replyBytes(packId, answer.kind === 'reply' ? answer : {});
    if (answer.kind === 'drop-mid-frame') {
      socket.write(bytes.slice(0, 6));
      setTimeout(() => socket.destroy(), 20);
      return;
    }
    if (answer.delayMs) setTimeout(() => socket.write(bytes), answer.delayMs);
    else socket.write(bytes);
  }
}
