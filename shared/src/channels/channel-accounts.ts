/**
 * @module
 * Sales channels (issue 18): the kinds head office links to, what each needs to sign in, and the
 * problems a connection can have, worded for the owner in Italian and English. Credentials travel
 * from the browser to head office once (connect, or replace); head office keeps them encrypted and
 * only ever answers with hints (`••••1234`), never the secret.
 */
import { z } from 'zod';
import { text } from '../records/limits';

export const channelKinds = ['prestashop', 'amazon', 'ebay'] as const;
export const channelKindSchema = z.enum(channelKinds);
export type ChannelKind = z.infer<typeof channelKindSchema>;

// No user:password@ and no query (PrestaShop takes `?ws_key=KEY` too): keys have fields of their
// own, of which only hints are shown, while an address is shown in full on the channel list.
const httpUrl = text()
  .max(300)
  .regex(/^https?:\/\/[^\s/@?#]+(\/[^\s?#]*)?$/, 'an http(s) address without user:password@ or ?query');
const secret = text().min(1).max(2000);

/**
 * PrestaShop's webservice: the key is Basic auth's user name with an empty password
 * (devdocs.prestashop-project.org/8/webservice/tutorials/testing-access). `shopId` is sent as
 * `id_shop` on every stock write: without it PrestaShop stores 0 and breaks stock (PrestaShop #18953).
 */
export const prestashopCredentialsSchema = z.object({
  kind: z.literal('prestashop'),
  /** The shop's address, e.g. https://shop.example.it (the webservice is under /api). */
  baseUrl: httpUrl,
  apiKey: secret,
  shopId: z.number().int().positive().max(1_000_000).default(1),
  /** 1.7 has no PATCH; 8.x does. */
  version: z.enum(['1.7', '8']).default('8'),
});

/**
 * Amazon SP-API with Login with Amazon tokens (no SigV4 since 2023-10-02). `endpoint` is the
 * regional host (EU: https://sellingpartnerapi-eu.amazon.com), `tokenUrl` LWA's
 * (https://api.amazon.com/auth/o2/token); both are fields so the emulator can stand in.
 */
export const amazonCredentialsSchema = z.object({
  kind: z.literal('amazon'),
  endpoint: httpUrl,
  tokenUrl: httpUrl,
  clientId: secret,
  clientSecret: secret,
  refreshToken: secret,
  sellerId: text().min(1).max(40),
  /** Italy: APJ6JRA9NG5V4. */
  marketplaceId: text().min(1).max(40).default('APJ6JRA9NG5V4'),
  /** The listings' product type for patches (e.g. PRODUCT). */
  productType: text().min(1).max(80).default('PRODUCT'),
});

/**
 * eBay Sell APIs with an OAuth refresh token. `apiBaseUrl`: https://api.ebay.com (sandbox:
 * https://api.sandbox.ebay.com); the token endpoint is `/identity/v1/oauth2/token` under it.
 */
export const ebayCredentialsSchema = z.object({
  kind: z.literal('ebay'),
  apiBaseUrl: httpUrl,
  clientId: secret,
  clientSecret: secret,
  refreshToken: secret,
  marketplaceId: text().min(1).max(40).default('EBAY_IT'),
  /** The inventory location offers ship from (publishing needs one). */
  merchantLocationKey: text().min(1).max(36),
});

export const channelCredentialsSchema = z.discriminatedUnion('kind', [prestashopCredentialsSchema, amazonCredentialsSchema, ebayCredentialsSchema]);
export type ChannelCredentials = z.output<typeof channelCredentialsSchema>;
export type PrestashopCredentials = z.output<typeof prestashopCredentialsSchema>;
export type AmazonCredentials = z.output<typeof amazonCredentialsSchema>;
export type EbayCredentials = z.output<typeof ebayCredentialsSchema>;

/** The secret fields per kind: stored encrypted, answered only as a hint. */
export const channelSecretFields: Readonly<Record<ChannelKind, readonly string[]>> = {
  prestashop: ['apiKey'],
  amazon: ['clientSecret', 'refreshToken'],
  ebay: ['clientSecret', 'refreshToken'],
};

/** What a secret looks like to the browser: its last four characters at most. */
export function secretHint(value: string): string {
  return value.length <= 8 ? '••••' : `••••${value.slice(-4)}`;
}

/**
 * What can go wrong talking to a channel, as the owner should read it. Connectors classify every
 * failure into one of these; the page words it with `channelProblemText`.
 */
export const channelProblems = [
  'unreachable',
  'timeout',
  'tls',
  'not-found',
  'auth-refused',
  'webservice-disabled',
  'permission-missing',
  'token-expired',
  'rate-limited',
  'remote-error',
  'refused-by-remote',
  'unexpected-answer',
  'not-linked',
  // Head office refuses to call its own network (sync-server's outbound guard).
  'address-not-allowed',
] as const;
export const channelProblemSchema = z.enum(channelProblems);
export type ChannelProblem = z.infer<typeof channelProblemSchema>;

export const channelProblemText: Readonly<Record<ChannelProblem, { readonly it: string; readonly en: string }>> = {
  unreachable: {
    it: "Il server del canale non risponde: controlla l'indirizzo e che il sito sia online.",
    en: 'The channel’s server does not answer: check the address and that the site is online.',
  },
  timeout: {
    it: 'Il canale ha impiegato troppo a rispondere. Cassa riproverà da sola.',
    en: 'The channel took too long to answer. Cassa will try again by itself.',
  },
  tls: {
    it: 'Il certificato HTTPS del sito non è valido o è scaduto.',
    en: 'The site’s HTTPS certificate is not valid or has expired.',
  },
  'not-found': {
    it: "A questo indirizzo non c'è il servizio atteso: controlla l'indirizzo del negozio o dell'API.",
    en: 'The expected service is not at this address: check the shop’s or the API’s address.',
  },
  'auth-refused': {
    it: 'Le credenziali non sono state accettate: controlla chiave, client id e segreto.',
    en: 'The credentials were not accepted: check the key, client id and secret.',
  },
  'webservice-disabled': {
    it: 'Il webservice di PrestaShop è spento: attivalo in Parametri avanzati → Webservice.',
    en: 'PrestaShop’s webservice is off: turn it on in Advanced parameters → Webservice.',
  },
  'permission-missing': {
    it: 'La chiave non ha i permessi necessari (prodotti, combinazioni, magazzino, ordini).',
    en: 'The key lacks the permissions needed (products, combinations, stock, orders).',
  },
  'token-expired': {
    it: "L'autorizzazione è scaduta o è stata revocata: ricollega il canale.",
    en: 'The authorisation has expired or was revoked: connect the channel again.',
  },
  'rate-limited': {
    it: 'Il canale chiede di rallentare: Cassa aspetta e riprova.',
    en: 'The channel asks us to slow down: Cassa waits and tries again.',
  },
  'remote-error': {
    it: 'Il canale ha un problema interno (errore 5xx). Cassa riproverà da sola.',
    en: 'The channel has an internal problem (a 5xx error). Cassa will try again by itself.',
  },
  'refused-by-remote': {
    it: 'Il canale ha rifiutato la modifica: vedi il dettaglio.',
    en: 'The channel refused the change: see the detail.',
  },
  'unexpected-answer': {
    it: 'Il canale ha risposto in un formato inatteso.',
    en: 'The channel answered in an unexpected format.',
  },
  'not-linked': {
    it: 'Il prodotto non è collegato a nessun articolo del canale.',
    en: 'The product is not linked to any item on the channel.',
  },
  'address-not-allowed': {
    it: "Questo indirizzo è sulla rete interna della sede e non è consentito: usa l'indirizzo pubblico del negozio (un negozio sulla stessa rete della sede richiede CASSA_CHANNEL_ALLOW_PRIVATE=1 sul server).",
    en: 'This address is on head office’s own network and is not allowed: use the shop’s public address (a shop on head office’s own network needs CASSA_CHANNEL_ALLOW_PRIVATE=1 on the server).',
  },
};
