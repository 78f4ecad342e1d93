/**
 * @module
 * How the channels page and the dashboard word a channel: its label ("PrestaShop · Negozio
 * online"), its last problem (shared's `channelProblemText` plus the remote's own words), the
 * name of a dashboard row that may be a store or a channel, and the ordered store choice (the
 * first store reserves first).
 */
import { channelProblemText } from '@cassa/shared';
import type { ChannelKind, ChannelProblem } from '@cassa/shared';

/** Kinds as their owners call them: brand names, the same in both languages, no logos. */
export const channelKindLabel: Readonly<Record<ChannelKind, string>> = { prestashop: 'PrestaShop', amazon: 'Amazon', ebay: 'eBay' };

export type PageLanguage = 'it' | 'en';

/** The page's language as the problem texts know it (anything not Italian reads English). */
export function pageLanguage(language: string): PageLanguage {
  return language.toLowerCase().startsWith('it') ? 'it' : 'en';
}

export function channelLabel(channel: { readonly kind: ChannelKind; readonly name: string }): string {
  return `${channelKindLabel[channel.kind]} · ${channel.name}`;
}

/** The remote's words can be long, carry control characters (a NUL in a proxy's page) or be blank. */
export function remoteDetail(detail: string | null, max = 300): string {
  const clean = (detail ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** The owner's sentence for a problem, then what the channel said when it said something. */
export function problemSentence(problem: ChannelProblem, detail: string | null, language: string): { text: string; detail: string } {
  return { text: channelProblemText[problem][pageLanguage(language)], detail: remoteDetail(detail) };
}

/**
 * A dashboard row's name: the store's, or for a channel account's id the channel's label; the id
 * itself only when neither knows it (a store since deleted).
 */
export function storeOrChannelName(id: string, stores: readonly { id: string; name: string }[], channels: readonly { id: string; kind: ChannelKind; name: string }[]): string {
  const store = stores.find((s) => s.id === id);
  if (store) return store.name;
  const channel = channels.find((c) => c.id === id);
  return channel ? channelLabel(channel) : id;
}

/** Adds a store at the end (it reserves last) or removes it, keeping the others' order. */
export function toggleStore(order: readonly string[], id: string): string[] {
  return order.includes(id) ? order.filter((s) => s !== id) : [...order, id];
}

/** Moves a picked store one place earlier (-1) or later (+1); at an end it stays. */
export function moveStore(order: readonly string[], id: string, by: -1 | 1): string[] {
  const at = order.indexOf(id);
  const to = at + by;
  if (at < 0 || to < 0 || to >= order.length) return [...order];
  const next = [...order];
  next[at] = next[to]!;
  next[to] = id;
  return next;
}

/** Typed units held back: a whole number from 0 to the contract's million, or null. */
export function parseSafetyBuffer(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,7}$/.test(t)) return null;
  const n = Number(t);
  return n <= 1_000_000 ? n : null;
}

/**
 * What a refused job was about, as the owner knows it: the framework names a stock or publish job
 * by the variant's or product's id, which means nothing to a person; the catalogue gives its name
 * and SKU. An order's reference, or an id no longer in the catalogue, stays as it is.
 */
export function subjectText(subject: string, products: readonly { id: string; name: string; sku: string; variants: readonly { id: string; sku: string; options: Readonly<Record<string, string>> }[] }[]): string {
  for (const product of products) {
    if (product.id === subject) return `${product.name} · ${product.sku}`;
    const variant = product.variants.find((v) => v.id === subject);
    if (variant) {
      const options = Object.values(variant.options).join(' / ');
      return `${product.name}${options ? ` (${options})` : ''} · ${variant.sku}`;
    }
  }
  return subject;
}
