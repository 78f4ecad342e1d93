/**
 * @module
 * Keeps an account's secrets out of every word a connector hands back (issue 18). A remote's error
 * text is shown to the owner and to managers (the account list, dead letters, "Prova
 * connessione") and written to the log; a remote, or a proxy or firewall in front of it, that
 * echoes the request it refused ("request rejected: authorization: Basic …; body: refresh_token=…")
 * would otherwise put the API key or refresh token where only its hint (`••••LEAK`) belongs.
 * Every secret field is removed in the forms it travels in: as typed, URL-encoded (form bodies),
 * and inside the Basic authorization PrestaShop and eBay send, also when a length cap cut it short.
 */
import { channelSecretFields } from '@cassa/shared';
import type { ChannelCredentials } from '@cassa/shared';
import { ChannelCallError } from './connector';
import type { ChannelConnector, QuantityOutcome } from './connector';

const HIDDEN = '••••';
/** Shorter strings are too likely to be ordinary words of an error message to be cut out of it. */
const MIN_SECRET = 6;
/** A secret cut at the end of a capped message still gives away this much: its start is removed too. */
const MIN_TAIL = 6;

/** Every spelling of the account's secrets that could come back in a remote's answer. */
export function secretForms(credentials: ChannelCredentials): string[] {
  const values = channelSecretFields[credentials.kind].map((field) => String((credentials as unknown as Record<string, unknown>)[field] ?? ''));
  const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');
  const forms = values.flatMap((value) => [value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)]);
  if (credentials.kind === 'prestashop') forms.push(basic(credentials.apiKey, ''));
  if (credentials.kind === 'ebay' || credentials.kind === 'amazon') forms.push(basic(credentials.clientId, credentials.clientSecret));
  return [...new Set(forms)].filter((form) => form.length >= MIN_SECRET).sort((a, b) => b.length - a.length);
}

/** `text` without any of `forms`, nor the start of one where the text ends (a capped message). */
export function redactSecrets(text: string, forms: readonly string[]): string {
  let clean = text;
  for (const form of forms) clean = clean.split(form).join(HIDDEN);
  for (const form of forms) {
    for (let length = Math.min(form.length - 1, clean.length); length >= MIN_TAIL; length--) {
      if (clean.endsWith(form.slice(0, length))) {
        clean = `${clean.slice(0, clean.length - length)}${HIDDEN}`;
        break;
      }
    }
  }
  return clean;
}

/** `connector` whose failures, test results and per-item details never carry the credentials' secrets. */
export function redactingConnector(connector: ChannelConnector, credentials: ChannelCredentials): ChannelConnector {
  const forms = secretForms(credentials);
  const clean = (text: string) => redactSecrets(text, forms);
  const cleanError = (error: unknown): unknown => {
    if (error instanceof ChannelCallError) {
      const detail = clean(error.detail);
      return detail === error.detail ? error : new ChannelCallError(error.disposition, error.problem, detail, error.options);
    }
    if (error instanceof Error && clean(error.message) !== error.message) return Object.assign(new Error(clean(error.message)), { name: error.name });
    return error;
  };
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw cleanError(error);
    }
  };
  const cleanOutcome = (outcome: QuantityOutcome): QuantityOutcome => (outcome.result === 'refused' || outcome.result === 'retry' ? { ...outcome, detail: clean(outcome.detail) } : outcome);
  return {
    kind: connector.kind,
    testConnection: () =>
      guarded(async () => {
        const result = await connector.testConnection();
        return { ...result, detail: clean(result.detail), summary: clean(result.summary) };
      }),
    listListings: (page) => guarded(() => connector.listListings(page)),
    setQuantities: (updates) => guarded(async () => (await connector.setQuantities(updates)).map(cleanOutcome)),
    fetchOrders: (cursor, options) => guarded(() => connector.fetchOrders(cursor, options)),
    ...(connector.publish ? { publish: (request) => guarded(() => connector.publish!(request)) } : {}),
  };
}
