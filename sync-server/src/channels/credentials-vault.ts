/**
 * @module
 * Channel credentials at rest (issue 18): AES-256-GCM with keys from the server's environment,
 * never from the database, so a stolen dump alone opens nothing.
 *
 * `CASSA_CHANNEL_KEYS="k2:<base64 of 32 bytes>,k1:<base64>"`: the first key seals, every key opens.
 * Rotation without downtime: put the new key first and restart; rows still under an older key id
 * are sealed again by the background pass (and by every write), and once none is left the old key
 * can be dropped from the list. The organisation and account ids are the associated data, so a
 * sealed row copied to another organisation or account does not open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CassaError, channelCredentialsSchema, channelSecretFields, secretHint } from '@cassa/shared';
import type { ChannelCredentials } from '@cassa/shared';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export interface SealedCredentials {
  /** base64 of iv ‖ tag ‖ ciphertext. */
  readonly sealed: string;
  readonly keyId: string;
}

export interface CredentialsVault {
  /** The key id new rows are sealed under; null when the server has no key. */
  readonly currentKeyId: string | null;
  /** Refuses (CONFLICT, `channel-keys-missing`) when the server has no key. */
  seal(organisationId: string, accountId: string, credentials: ChannelCredentials): SealedCredentials;
  /** Refuses (CONFLICT, `channel-credentials-unreadable`) for an unknown key id, a tampered row or another account's row. */
  open(organisationId: string, accountId: string, sealed: SealedCredentials): ChannelCredentials;
  /**
   * Issue 19: the same sealing for another integration's secrets (the SAP link's credentials as
   * JSON text). `purpose` joins the associated data, so a row sealed for one use never opens as another.
   */
  sealText(purpose: string, organisationId: string, ownerId: string, plain: string): SealedCredentials;
  /** Refuses like `open`; answers the text as sealed. */
  openText(purpose: string, organisationId: string, ownerId: string, sealed: SealedCredentials): string;
}

/** Reads `id:base64,id:base64`; throws a plain Error naming the faulty entry (the server refuses to start). */
export function parseChannelKeys(text: string | undefined): { readonly id: string; readonly key: Buffer }[] {
  if (text === undefined || text.trim() === '') return [];
  const keys: { id: string; key: Buffer }[] = [];
  for (const entry of text.split(',')) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const colon = trimmed.indexOf(':');
    const id = colon > 0 ? trimmed.slice(0, colon) : '';
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new Error(`CASSA_CHANNEL_KEYS: "${trimmed.slice(0, 12)}…" needs the form id:base64 (id of letters, digits, - or _)`);
    const key = Buffer.from(trimmed.slice(colon + 1), 'base64');
    if (key.length !== KEY_BYTES) throw new Error(`CASSA_CHANNEL_KEYS: key "${id}" must be ${KEY_BYTES} bytes in base64 (openssl rand -base64 32)`);
    if (keys.some((k) => k.id === id)) throw new Error(`CASSA_CHANNEL_KEYS: key id "${id}" appears twice`);
    keys.push({ id, key });
  }
  return keys;
}

/** The associated data: JSON so that no pair of ids can be spliced into another pair's. */
const associatedData = (organisationId: string, accountId: string, purpose = 'cassa-channel'): Buffer => Buffer.from(JSON.stringify([purpose, organisationId, accountId]));

const unreadable = (): CassaError => new CassaError('CONFLICT', "The channel's credentials cannot be decrypted with the server's keys", { reason: 'channel-credentials-unreadable' });

export function createCredentialsVault(keysText: string | undefined): CredentialsVault {
  const keys = parseChannelKeys(keysText);
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  const current = keys[0] ?? null;
  const sealWith = (aad: Buffer, plain: string): SealedCredentials => {
    if (current === null) throw new CassaError('CONFLICT', 'The server has no key for channel credentials (CASSA_CHANNEL_KEYS)', { reason: 'channel-keys-missing' });
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', current.key, iv);
    cipher.setAAD(aad);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return { sealed: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64'), keyId: current.id };
  };
  const openWith = (aad: Buffer, { sealed, keyId }: SealedCredentials): string => {
    const key = byId.get(keyId);
    if (key === undefined) throw unreadable();
    const bytes = Buffer.from(sealed, 'base64');
    if (bytes.length <= IV_BYTES + TAG_BYTES) throw unreadable();
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(aad);
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw unreadable();
    }
  };
  return {
    currentKeyId: current?.id ?? null,
    seal: (organisationId, accountId, credentials) => sealWith(associatedData(organisationId, accountId), JSON.stringify(credentials)),
    open(organisationId, accountId, sealed) {
      const plain = openWith(associatedData(organisationId, accountId), sealed);
      try {
        return channelCredentialsSchema.parse(JSON.parse(plain));
      } catch {
        throw unreadable();
      }
    },
    // A purpose other than the channels' own, so the two kinds of row never open as each other.
    sealText: (purpose, organisationId, ownerId, plain) => sealWith(associatedData(organisationId, ownerId, `cassa-${purpose}`), plain),
    openText: (purpose, organisationId, ownerId, sealed) => openWith(associatedData(organisationId, ownerId, `cassa-${purpose}`), sealed),
  };
}

/** What the browser may see of credentials: the non-secret fields as given, each secret as a hint. */
export function credentialHints(credentials: ChannelCredentials): Record<string, string> {
  const secrets = new Set(channelSecretFields[credentials.kind]);
  const hints: Record<string, string> = {};
  for (const [field, value] of Object.entries(credentials)) {
    if (field === 'kind') continue;
    hints[field] = secrets.has(field) ? secretHint(String(value)) : String(value);
  }
  return hints;
}
