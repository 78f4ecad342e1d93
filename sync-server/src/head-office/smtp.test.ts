import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { engines, serverPerTest } from '../../test/fixtures';
import type { Engine } from '../../test/fixtures';
import { mailText, startFakeSmtp } from '../../test/fake-smtp';
import type { FakeSmtp } from '../../test/fake-smtp';
import { browser, owner, setUp } from '../../test/head-office-browser';
import { parseSmtpUrl, sendMail } from './smtp';

let smtp: FakeSmtp | null = null;
afterEach(async () => {
  await smtp?.close();
  smtp = null;
});

/** A throwaway self-signed certificate for 127.0.0.1, or null where openssl is missing. */
function selfSigned(): { key: string; cert: string } | null {
  const dir = mkdtempSync(join(tmpdir(), 'cassa-smtp-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('SMTP client', () => {
  it('delivers a UTF-8 mail with AUTH to a local relay, dot-stuffed, and refuses header injection', async () => {
    smtp = await startFakeSmtp();
    const config = parseSmtpUrl(`smtp://cassa%40example.it:p%40ss@127.0.0.1:${smtp.port}`, 'Cassa <cassa@example.it>');
    const received = smtp.next();
    await sendMail(config, { to: 'marco@example.it', subject: 'Caffè & co', text: 'Riga uno\n.\nfine' });
    const mail = await received;
    expect(mail.from).toBe('cassa@example.it');
    expect(mail.to).toEqual(['marco@example.it']);
    expect(mail.auth).toBe('\u0000cassa@example.it\u0000p@ss');
    expect(mail.data).toContain('Subject: =?UTF-8?B?');
    expect(mailText(mail)).toBe('Riga uno\r\n.\r\nfine');
    await expect(sendMail(config, { to: 'marco@example.it\r\nBcc: all@example.it', subject: 'x', text: 'x' })).rejects.toThrow(/one line/);
  });

  it('upgrades with STARTTLS when offered, and refuses a self-signed certificate by default', async () => {
    const tls = selfSigned();
    if (tls === null) return expect.fail('openssl is needed to make a test certificate');
    smtp = await startFakeSmtp({ tls });
    const received = smtp.next();
    await sendMail({ ...parseSmtpUrl(`smtp://u:p@127.0.0.1:${smtp.port}`, 'cassa@example.it'), rejectUnauthorized: false }, { to: 'a@example.it', subject: 's', text: 'over tls' });
    const mail = await received;
    expect(mail.tls).toBe(true);
    expect(mail.auth).toBe('\u0000u\u0000p');
    expect(mailText(mail)).toBe('over tls');
    // A self-signed certificate is refused by default.
    await expect(sendMail(parseSmtpUrl(`smtp://u:p@127.0.0.1:${smtp.port}`, 'cassa@example.it'), { to: 'a@example.it', subject: 's', text: 'x' })).rejects.toThrow();
  });
});

describe.each(engines)('forgotten password by email on $name', (engine: Engine) => {
  const start = serverPerTest(engine, { headOffice: { webRoot: false } });

  it('mails a one-time link to the account; an unknown email gets the same answer and no mail', async () => {
    smtp = await startFakeSmtp();
    const s = await start({ headOffice: { webRoot: false, publicUrl: 'http://ho.example.it', smtp: parseSmtpUrl(`smtp://127.0.0.1:${smtp.port}`, 'Cassa <cassa@example.it>') } });
    await setUp(s);
    const visitor = browser(s);
    expect((await visitor.get('/api/ho/session')).data).toMatchObject({ resetByEmail: true });
    const received = smtp.next();
    const known = await visitor.post('/api/ho/password-reset/request', { email: owner.email });
    const mail = await received;
    expect(mail.to).toEqual([owner.email]);
    const link = /http:\/\/ho\.example\.it\/#\/reset\?token=(\S+)/.exec(mailText(mail));
    expect(link).not.toBeNull();
    const unknown = await visitor.post('/api/ho/password-reset/request', { email: 'nobody@example.it' });
    expect(unknown.status).toBe(known.status);
    expect(unknown.json).toEqual(known.json);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.mails).toHaveLength(1);
    expect((await visitor.post('/api/ho/password-reset', { token: decodeURIComponent(link![1]!), newPassword: 'chosen from my inbox' })).status).toBe(200);
    // Asking again and again is slowed down like wrong passwords.
    for (let i = 0; i < 2; i++) await visitor.post('/api/ho/password-reset/request', { email: owner.email });
    expect((await visitor.post('/api/ho/password-reset/request', { email: owner.email })).json.error?.code).toBe('RATE_LIMITED');
    while (smtp.mails.length < 3) await new Promise((r) => setTimeout(r, 50));
  });

  it('without SMTP the page is told so and the request is refused', async () => {
    const s = await start();
    const visitor = browser(s);
    expect((await visitor.get('/api/ho/session')).data).toMatchObject({ resetByEmail: false });
    expect((await visitor.post('/api/ho/password-reset/request', { email: owner.email })).status).toBe(404);
  });
});
