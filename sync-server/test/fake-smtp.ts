/**
 * A fake SMTP server on 127.0.0.1 for tests: speaks enough RFC 5321 (EHLO, optional STARTTLS,
 * AUTH PLAIN, MAIL, RCPT, DATA, QUIT) and keeps what it received, decoded.
 */
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

export interface ReceivedMail {
  readonly from: string;
  readonly to: string[];
  readonly auth: string | null;
  readonly tls: boolean;
  readonly data: string;
}

export interface FakeSmtp {
  readonly port: number;
  readonly mails: ReceivedMail[];
  /** Resolves at the next delivered mail. */
  next(): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export async function startFakeSmtp(options: { tls?: { key: string; cert: string } } = {}): Promise<FakeSmtp> {
  const mails: ReceivedMail[] = [];
  const waiters: ((mail: ReceivedMail) => void)[] = [];
  const sockets = new Set<Socket>();

  function session(raw: Socket): void {
    sockets.add(raw);
    raw.on('close', () => sockets.delete(raw));
    let socket: Socket = raw;
    let tls = false;
    let buffer = '';
    let inData = false;
    let data = '';
    let from = '';
    let to: string[] = [];
    let auth: string | null = null;
    const say = (line: string) => socket.write(`${line}\r\n`);
    const onLine = (line: string) => {
      if (inData) {
        if (line === '.') {
          inData = false;
          const mail = { from, to, auth, tls, data };
          mails.push(mail);
          waiters.splice(0).forEach((w) => w(mail));
          say('250 OK queued');
        } else data += `${line.startsWith('..') ? line.slice(1) : line}\r\n`;
        return;
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO') {
        const caps = ['250-fake.local', ...(options.tls && !tls ? ['250-STARTTLS'] : []), '250 AUTH PLAIN'];
        socket.write(`${caps.join('\r\n')}\r\n`);
      } else if (line.toUpperCase() === 'STARTTLS' && options.tls) {
        say('220 go ahead');
        socket.removeAllListeners('data');
        const secure = new TLSSocket(socket, { isServer: true, key: options.tls.key, cert: options.tls.cert });
        socket = secure;
        tls = true;
        buffer = '';
        secure.on('data', onData);
      } else if (verb === 'AUTH') {
        auth = Buffer.from(line.split(' ')[2] ?? '', 'base64').toString('utf8');
        say('235 authenticated');
      } else if (verb === 'MAIL') {
        from = /<(.*)>/.exec(line)?.[1] ?? '';
        to = [];
        say('250 OK');
      } else if (verb === 'RCPT') {
        to.push(/<(.*)>/.exec(line)?.[1] ?? '');
        say('250 OK');
      } else if (verb === 'DATA') {
        inData = true;
        data = '';
        say('354 end with .');
      } else if (verb === 'QUIT') {
        say('221 bye');
        socket.end();
      } else say('502 not implemented');
    };
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        onLine(line);
      }
    };
    raw.on('data', onData);
    say('220 fake.local ESMTP');
  }

  const server: Server = createServer(session);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    mails,
    next: () => new Promise((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The text body of a received mail (base64 UTF-8, as Cassa sends it). */
export function mailText(mail: ReceivedMail): string {
  const [, body = ''] = mail.data.split('\r\n\r\n');
  return Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8');
}
