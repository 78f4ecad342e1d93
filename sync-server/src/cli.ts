/**
 * @module
 * `npm run server`: the sync server (and the head-office web app) on PORT (8787). DATABASE_URL
 * picks the engine; without it a SQLite file in the data folder (CASSA_DATA_DIR, or the per-user
 * data folder the till uses too).
 * CASSA_ADMIN_TOKEN enables the admin routes. CASSA_TRUST_PROXY lists the reverse proxies (addresses
 * or CIDRs) whose X-Forwarded-For is believed; CASSA_MAX_CONNECTIONS and
 * CASSA_MAX_CONNECTIONS_PER_ADDRESS cap open sockets. CASSA_SMTP_URL (smtps://user:pass@host:465 or
 * smtp://…:587 with STARTTLS) and CASSA_SMTP_FROM let people who forgot their password get a link.
 * CASSA_CHANNEL_KEYS ("k2:<base64 32 bytes>,k1:…") seals sales-channel credentials (issue 18);
 * CASSA_CHANNEL_ALLOW_PRIVATE=1 lets channels on head office's own network (LAN, loopback) be called.
 *
 * `npm run server -- create-owner EMAIL [--organisation ID] [--password-stdin]`: prints a one-time
 * setup link (valid 24 hours) where the owner chooses a password, or reads the password from
 * stdin and creates the owner at once. Without --organisation a new organisation is made.
 *
 * `npm run server -- reset-password EMAIL [--organisation ID]`: prints a one-time link (valid 24 hours) where that
 * head-office user chooses a new password; every session of theirs ends when it is used.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { perUserDataDir } from '@cassa/shared';
import { sha256Hex } from './credentials';
import { hashSecret } from './head-office/passwords';
import { issuePasswordReset, resetLinkUrl } from './head-office/password-reset';
import { DEFAULT_PLAN } from './head-office/plans';
import { readFileSync } from 'node:fs';
import { outboxImportSchema } from '@cassa/shared';
import { createSyncServer, importOutbox, parseSmtpUrl, parseTrustProxy } from './index';
import type { ConnectionLimits } from './index';
import { openStorage } from './storage/open-storage';

function databaseUrl(): string {
  const dataDir = resolve(perUserDataDir({ env: process.env, platform: process.platform, home: homedir() }));
  return process.env.DATABASE_URL ?? `sqlite:${join(dataDir, 'sync-server.sqlite')}`;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function createOwner(args: string[]): Promise<void> {
  const email = args[0]?.trim().toLowerCase();
  if (!email || !/^[^@\s]+@[^@\s]+$/.test(email)) throw new Error('Usage: npm run server -- create-owner EMAIL [--organisation ID] [--name ORG_NAME] [--password-stdin]');
  const flag = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const storage = await openStorage({ databaseUrl: databaseUrl() });
  try {
    const ho = storage.headOffice;
    let organisationId = flag('--organisation') ?? null;
    if (organisationId !== null && !(await storage.getOrganisation(organisationId))) throw new Error(`No organisation ${organisationId}`);
    // An email is unique within an organisation (a new organisation has no one yet).
    const accounts = await ho.findUsersByEmail(email, 100);
    if (organisationId !== null && accounts.some((u) => u.organisationId === organisationId)) throw new Error(`${email} already has an account in ${organisationId}`);
    if (args.includes('--password-stdin')) {
      if (process.stdin.isTTY) process.stderr.write('Password (at least 10 characters), then Enter and Ctrl-D: ');
      const password = await readStdin();
      if (password.length < 10) throw new Error('The password needs at least 10 characters');
      if (organisationId === null) {
        organisationId = `org_${randomUUID()}`;
        await storage.createOrganisation({ id: organisationId, name: flag('--name') ?? email.split('@')[1] ?? 'Cassa' }, new Date());
        await ho.setPlan(organisationId, DEFAULT_PLAN);
      }
      await ho.createUser(
        { organisationId, id: `hou_${randomUUID()}`, email, name: email.split('@')[0] ?? email, passwordHash: await hashSecret(password), role: 'owner', storeIds: [] },
        new Date(),
      );
      console.log(`Owner ${email} created in organisation ${organisationId}: sign in at the head-office address.`);
      return;
    }
    const token = randomBytes(24).toString('base64url');
    await ho.createSetupToken({ tokenHash: sha256Hex(token), email, organisationId, expiresAt: new Date(Date.now() + 24 * 3600_000) });
    const base = process.env.CASSA_PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 8787}`;
    console.log(`One-time setup link for ${email} (valid 24 hours):\n${base.replace(/\/$/, '')}/#/setup?setup=${token}`);
  } finally {
    await storage.close();
  }
}

function connectionLimitsFromEnv(): Partial<ConnectionLimits> {
  const positive = (name: string): number | undefined => {
    const text = process.env[name];
    if (text === undefined || text === '') return undefined;
    if (!/^\d+$/.test(text) || Number(text) < 1) throw new Error(`${name} must be a positive whole number`);
    return Number(text);
  };
  const max = positive('CASSA_MAX_CONNECTIONS');
  const perAddress = positive('CASSA_MAX_CONNECTIONS_PER_ADDRESS');
  return { ...(max !== undefined ? { maxConnections: max } : {}), ...(perAddress !== undefined ? { maxConnectionsPerAddress: perAddress } : {}) };
}

async function resetPassword(args: string[]): Promise<void> {
  const email = args[0]?.trim().toLowerCase();
  if (!email) throw new Error('Usage: npm run server -- reset-password EMAIL [--organisation ID]');
  const i = args.indexOf('--organisation');
  const organisationId = i >= 0 ? args[i + 1] : undefined;
  const storage = await openStorage({ databaseUrl: databaseUrl() });
  try {
    const accounts = (await storage.headOffice.findUsersByEmail(email, 100)).filter((u) => organisationId === undefined || u.organisationId === organisationId);
    const user = accounts[0];
    if (!user) throw new Error(`No head-office user has the email ${email}${organisationId ? ` in ${organisationId}` : ''}`);
    if (accounts.length > 1) {
      throw new Error(`${email} has an account in ${accounts.length} organisations (${accounts.map((u) => u.organisationId).join(', ')}): add --organisation ID`);
    }
    const { token, expiresAt } = await issuePasswordReset(storage.headOffice, user, new Date());
    console.log(`One-time password reset link for ${email} (valid until ${expiresAt}):\n${resetLinkUrl(publicBase(), token)}`);
  } finally {
    await storage.close();
  }
}

function smtpSender(): string {
  const from = process.env.CASSA_SMTP_FROM;
  if (!from) throw new Error('CASSA_SMTP_URL is set: set CASSA_SMTP_FROM too (e.g. "Cassa <cassa@example.it>")');
  return from;
}

function publicBase(): string {
  return process.env.CASSA_PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 8787}`;
}

async function serve(_args: string[] = []): Promise<void> {
  const port = Number(process.env.PORT ?? 8787);
  const host = process.env.HOST ?? '0.0.0.0';
  const url = databaseUrl();
  const adminToken = process.env.CASSA_ADMIN_TOKEN;
  const server = await createSyncServer({
    databaseUrl: url,
    adminToken,
    trustProxy: parseTrustProxy(process.env.CASSA_TRUST_PROXY),
    connectionLimits: connectionLimitsFromEnv(),
    // Issue 18: the keys channel credentials are sealed with (first seals, all open).
    // CASSA_CHANNEL_ALLOW_PRIVATE=1 lets channels on head office's own network be called (README "Sicurezza").
    channels: { ...(process.env.CASSA_CHANNEL_KEYS ? { keys: process.env.CASSA_CHANNEL_KEYS } : {}), allowPrivate: process.env.CASSA_CHANNEL_ALLOW_PRIVATE === '1' },
    headOffice: {
      ...(process.env.CASSA_PUBLIC_URL ? { publicUrl: process.env.CASSA_PUBLIC_URL } : {}),
      ...(process.env.CASSA_SMTP_URL ? { smtp: parseSmtpUrl(process.env.CASSA_SMTP_URL, smtpSender()) } : {}),
    },
  });
  const listening = await server.listen(port, host);
  const engine = server.storage.engine === 'postgres' ? 'PostgreSQL' : url;
  console.log(`Cassa sync server and head office on http://${host}:${listening.port} (${engine})`);
  if ((await server.storage.headOffice.countAllUsers()) === 0) {
    console.log('No head-office user yet: the first visit creates the owner (or run: npm run server -- create-owner EMAIL)');
  }
  if (!adminToken) console.log('CASSA_ADMIN_TOKEN is not set: the /v1/admin routes are closed');
  if (!process.env.CASSA_CHANNEL_KEYS) console.log('CASSA_CHANNEL_KEYS is not set: sales channels cannot be connected (openssl rand -base64 32, then CASSA_CHANNEL_KEYS=k1:<key>)');
  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** `npm run server -- import-outbox ORG FILE`: a till's exported unsent records, any size. */
async function importOutboxFile(args: string[]): Promise<void> {
  const [organisationId, file] = args;
  if (!organisationId || !file) throw new Error('Usage: npm run server -- import-outbox ORGANISATION FILE');
  const parsed = outboxImportSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const server = await createSyncServer({ databaseUrl: databaseUrl() });
  try {
    const result = await importOutbox(server, organisationId, parsed);
    console.log(`Imported ${parsed.ops.length} records of register ${parsed.deviceId}: ${result.applied} new, ${result.duplicate} already here, ${result.flagged} flagged.`);
  } finally {
    await server.close();
  }
}

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, (args: string[]) => Promise<void>> = {
  'create-owner': createOwner,
  'import-outbox': importOutboxFile,
  'reset-password': resetPassword,
};
(commands[command ?? ''] ?? serve)(rest).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
