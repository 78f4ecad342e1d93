/**
 * The kill test's proxy for RCH's native protocol over TCP (reference/fiscal-rt.md §3 "Native":
 * `STX ADDS(2) LEN(3) 'N' DATA PACKID CHK ETX`, one command a frame, answered by ACK and a reply
 * that ends with ETX; drivers/src/fiscal/rch/rch-frame.ts). It kills the till at the same points as
 * the HTTP `KillProxy`: when the frame that closes a document (`=T…`, the total) arrives, before the
 * emulator sees it; once the emulator has printed and answered, before the till hears it; or right
 * after the answer has left. Every other byte passes through untouched.
 */
import { connect, createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import type { ArmedKill, KillPoint, KillSwitch } from './kill-proxy';

const STX = 0x02;
const ETX = 0x03;

/** True for a request frame whose command is a total (`=T1`): the one that makes the RT issue the document. */
export function isDocumentFrame(frame: Buffer): boolean {
  // STX, ADDS(2), LEN(3), 'N': the command starts at byte 7.
  return frame[0] === STX && frame.length > 8 && frame[6] === 0x4e && /^=T\d/.test(frame.subarray(7, frame.length - 1).toString('latin1'));
}

export class KillTcpProxy implements KillSwitch {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private armed: ArmedKill | null = null;
  private progress: ((nth: number) => void) | null = null;
  private seen = 0;
  readonly landed: Record<KillPoint, number> = { 'request-arrived': 0, 'device-printed': 0, 'reply-sent': 0 };

  constructor(
    private readonly targetPort: number,
    private readonly targetHost = '127.0.0.1',
  ) {}

  async start(): Promise<number> {
    this.server = createServer((client) => this.serve(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    return (this.server.address() as AddressInfo).port;
  }

  arm(kill: ArmedKill | null, progress?: (nth: number) => void): void {
    this.armed = kill;
    this.progress = progress ?? null;
    this.seen = 0;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private take(point: KillPoint, nth: number): ArmedKill | null {
    const armed = this.armed;
    if (!armed || armed.point !== point || armed.nth !== nth) return null;
    this.armed = null;
    this.landed[point] += 1;
    return armed;
  }

  private serve(client: Socket): void {
    const upstream = connect(this.targetPort, this.targetHost);
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      this.sockets.add(socket);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
      socket.on('error', () => socket.destroy());
    }
    let fromClient = Buffer.alloc(0);
    let fromDevice = Buffer.alloc(0);
    /** The document frame in flight (its number in this run), whose answer decides the later kill points. */
    let inFlight = 0;
    const cut = (kill: ArmedKill): void => {
      kill.kill();
      client.destroy();
      upstream.destroy();
    };

    client.on('data', (chunk: Buffer) => {
      fromClient = Buffer.concat([fromClient, chunk]);
      for (;;) {
        const start = fromClient.indexOf(STX);
        if (start === -1) {
          // ACK/NACK and other bytes outside a frame.
          if (fromClient.length > 0) upstream.write(fromClient);
          fromClient = Buffer.alloc(0);
          return;
        }
        if (start > 0) upstream.write(fromClient.subarray(0, start));
        const end = fromClient.indexOf(ETX, start);
        if (end === -1) {
          fromClient = fromClient.subarray(start);
          return;
        }
        const frame = fromClient.subarray(start, end + 1);
        fromClient = fromClient.subarray(end + 1);
        if (isDocumentFrame(frame)) {
          inFlight = ++this.seen;
          this.progress?.(inFlight);
          const before = this.take('request-arrived', inFlight);
          if (before) {
            cut(before); // the till dies with its total in flight; the RT never sees it
            return;
          }
        }
        upstream.write(frame);
      }
    });

    upstream.on('data', (chunk: Buffer) => {
      if (inFlight === 0) {
        client.write(chunk);
        return;
      }
      // The answer to the document frame: held whole (up to its ETX) to place the kill around it.
      fromDevice = Buffer.concat([fromDevice, chunk]);
      const end = fromDevice.indexOf(ETX);
      if (end === -1) return;
      const answer = fromDevice.subarray(0, end + 1);
      const rest = fromDevice.subarray(end + 1);
      fromDevice = Buffer.alloc(0);
      const nth = inFlight;
      inFlight = 0;
      const printed = this.take('device-printed', nth);
      if (printed) {
        cut(printed); // the RT printed and answered; the till dies before it hears
        return;
      }
      client.write(Buffer.concat([answer, rest]));
      // The answer is on its way: the till may or may not write it down before it dies.
      this.take('reply-sent', nth)?.kill();
    });
  }
}
