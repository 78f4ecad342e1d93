/**
 * @module
 * Webhook signing secrets at rest (issue 19). The worker must read a secret to sign with it, so it
 * cannot be hashed like an API key; with `CASSA_CHANNEL_KEYS` set it is sealed by the channels'
 * vault (purpose `webhook`, organisation and endpoint as associated data), so a stolen database
 * dump alone forges no message and a row copied to another endpoint does not open. A server
 * without keys keeps the secret as it is, as do rows written before keys were set: both are read
 * as they stand, and the next rotation seals them.
 */
import type { CredentialsVault } from '../channels/credentials-vault';

const SEALED = 'sealed:';
const PURPOSE = 'webhook';

export interface WebhookSecretBox {
  seal(organisationId: string, endpointId: string, secret: string): string;
  /** Refuses (CONFLICT, `channel-credentials-unreadable`) a sealed row the server's keys cannot open. */
  open(organisationId: string, endpointId: string, stored: string): string;
}

export function webhookSecretBox(vault: CredentialsVault): WebhookSecretBox {
  return {
    seal(organisationId, endpointId, secret) {
      if (vault.currentKeyId === null) return secret;
      const { keyId, sealed } = vault.sealText(PURPOSE, organisationId, endpointId, secret);
      return `${SEALED}${keyId}:${sealed}`;
    },
    open(organisationId, endpointId, stored) {
      if (!stored.startsWith(SEALED)) return stored;
      const rest = stored.slice(SEALED.length);
      const colon = rest.indexOf(':');
      return vault.openText(PURPOSE, organisationId, endpointId, { keyId: rest.slice(0, colon), sealed: rest.slice(colon + 1) });
    },
  };
}
