/**
 * @module
 * A small SMTP client (RFC 5321) for the one mail head office sends: a password-reset link.
 * `CASSA_SMTP_URL` is `smtps://user:pass@host:465` (TLS from the start) or
 * `smtp://user:pass@host:587` (STARTTLS when the server offers it). Credentials are never sent
 * over a plain connection except to a loopback address (a local relay). The body is base64 UTF-8,
 * so no line of it can end the message early; header values refuse line breaks.
 */
import { isIP, connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { TLSSocket } from 'node:tls';
import { randomUUID } from 'node:crypto';

export interface SmtpConfig {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (smtps, port 465). */
  readonly implicitTls: boolean;
  readonly user?: string;
  readonly password?: string;
  /** The sender, e.g. `Cassa <cassa@example.it>`. */
  readonly from: string;
  readonly timeoutMs?: number;
  /** Only for tests against a self-signed local server. */
  readonly rejectUnauthorized?: boolean;
}

export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export type Mailer = (message: MailMessage) => Promise<void>;

export function parseSmtpUrl(url: string, from: string): SmtpConfig {
  const parsed = new URL(url);
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new Error(`CASSA_SMTP_URL must start with smtp:// or smtps://, not ${parsed.protocol}`);
  const implicitTls = parsed.protocol === 'smtps:';
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port ? Number(parsed.port) : implicitTls ? 465 : 587,
    implicitTls,
    ...(parsed.username ? { user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) } : {}),
    from,
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

function assertHeaderValue(name: string, value: string): void {
  if (/[\r\n]/.test(value)) throw new Error(`The mail's ${name} must be one line`);
}

/** `<a@b>` from `Name <a@b>` or `a@b`. */
function envelopeAddress(address: string): string {
  const inside = /<([^<>]+)>\s*$/.exec(address)?.[1] ?? address.trim();
  if (!/^[^\s<>@]+@[^\s<>@]+$/.test(inside)) throw new Error(`Not a mail address: ${address}`);
  return inside;
}

function encodeHeader(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

export function formatMessage(from: string, message: MailMessage, now: Date): string {
  const domain = envelopeAddress(from).split('@')[1] ?? 'localhost';
  const body = Buffer.from(message.text.replace(/\r?\n/g, '\r\n'), 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
  return [
    `From: ${from}`,
    `To: ${message.to}`,
    `Subject: ${encodeHeader(message.subject)}`,
    `Date: ${now.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${randomUUID()}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    body,
  ].join('\r\n');
}

/** One SMTP conversation: send a command, read the (possibly multi-line) reply. */
class Conversation {
  private buffer = '';
  private waiting: ((line: string) => void) | null = null;
  private failure: Error | null = null;
  private lines: string[] = [];

  constructor(private socket: Socket | TLSSocket) {
    this.attach(socket);
  }

  attach(socket: Socket | TLSSocket): void {
    this.socket = socket;
    this.buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\r\n')) >= 0) {
        this.lines.push(this.buffer.slice(0, end));
        this.buffer = this.buffer.slice(end + 2);
      }
      this.wake();
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      this.wake();
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('The mail server closed the connection')));
  }

  private wake(): void {
    const waiting = this.waiting;
    if (waiting && (this.lines.length > 0 || this.failure)) {
      this.waiting = null;
      waiting('');
    }
  }

  private async line(): Promise<string> {
    while (this.lines.length === 0) {
      if (this.failure) throw this.failure;
      await new Promise<string>((resolve) => (this.waiting = resolve));
    }
    return this.lines.shift()!;
  }

  async reply(expected: readonly number[]): Promise<string[]> {
    const text: string[] = [];
    for (;;) {
      const line = await this.line();
      text.push(line.slice(4));
      if (line[3] !== '-') {
        const code = Number(line.slice(0, 3));
        if (!expected.includes(code)) throw new Error(`The mail server answered: ${line}`);
        return text;
      }
    }
  }

  async command(line: string, expected: readonly number[]): Promise<string[]> {
    this.socket.write(`${line}\r\n`);
    return this.reply(expected);
  }

  write(data: string): void {
    this.socket.write(data);
  }
}

function open(config: SmtpConfig): Promise<Socket | TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = config.implicitTls
      ? tlsConnect({ host: config.host, port: config.port, servername: isIP(config.host) ? undefined : config.host, rejectUnauthorized: config.rejectUnauthorized ?? true })
      : netConnect({ host: config.host, port: config.port });
    socket.once(config.implicitTls ? 'secureConnect' : 'connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function upgrade(socket: Socket, config: SmtpConfig): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    socket.removeAllListeners('data');
    socket.removeAllListeners('close');
    const secure = tlsConnect({ socket, servername: isIP(config.host) ? undefined : config.host, rejectUnauthorized: config.rejectUnauthorized ?? true });
    secure.once('secureConnect', () => resolve(secure));
    secure.once('error', reject);
  });
}

export async function sendMail(config: SmtpConfig, message: MailMessage, now = new Date()): Promise<void> {
  assertHeaderValue('recipient', message.to);
  assertHeaderValue('subject', message.subject);
  assertHeaderValue('sender', config.from);
  const from = envelopeAddress(config.from);
  const to = envelopeAddress(message.to);
  let socket = await open(config);
  const timer = setTimeout(() => socket.destroy(new Error('The mail server did not answer in time')), config.timeoutMs ?? 30_000);
  try {
    const talk = new Conversation(socket);
    await talk.reply([220]);
    let capabilities = await talk.command('EHLO cassa', [250]);
    let secure = config.implicitTls;
    if (!secure && capabilities.some((c) => /^STARTTLS\b/i.test(c))) {
      await talk.command('STARTTLS', [220]);
      socket = await upgrade(socket as Socket, config);
      talk.attach(socket);
      secure = true;
      capabilities = await talk.command('EHLO cassa', [250]);
    }
    if (config.user !== undefined) {
      if (!secure && !isLoopback(config.host)) throw new Error('The mail server offers no TLS: the password will not be sent in clear');
      const token = Buffer.from(`\u0000${config.user}\u0000${config.password ?? ''}`, 'utf8').toString('base64');
      await talk.command(`AUTH PLAIN ${token}`, [235]);
    }
    await talk.command(`MAIL FROM:<${from}>`, [250]);
    await talk.command(`RCPT TO:<${to}>`, [250, 251]);
    await talk.command('DATA', [354]);
    // Dot-stuffing: a line starting with "." gets another, so only our own "." ends the message.
    const data = formatMessage(config.from, message, now).replace(/(^|\r\n)\./g, '$1..');
    talk.write(`${data}\r\n.\r\n`);
    await talk.reply([250]);
    await talk.command('QUIT', [221]).catch(() => undefined);
  } finally {
    clearTimeout(timer);
    socket.destroy();
  }
}

export function createMailer(config: SmtpConfig): Mailer {
  return (message) => sendMail(config, message);
}
