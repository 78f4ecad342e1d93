/**
 * @module
 * Why a variant is linked to a remote item, or not: a reason and the codes it names, stored with
 * the link and worded by each screen in its own language (the owner reads the mapping review in
 * Italian; the facts are the same in both).
 */
import { z } from 'zod';

export const channelLinkReasons = [
  'sku',
  'barcode',
  'by-hand',
  'published',
  'no-match',
  'several',
  'taken-by-hand',
  'claimed-twice',
  'unlinked-by-hand',
  'given-to-another',
  'stale',
] as const;

export const channelLinkNoteSchema = z.object({
  reason: z.enum(channelLinkReasons),
  /** What the sentence names: SKUs and barcodes, remote items, variants, or the remote's words. */
  values: z.array(z.string().max(300)).max(10),
});
export type ChannelLinkNote = z.output<typeof channelLinkNoteSchema>;

/** The note as a link stores it (one text column). */
export function encodeLinkNote(note: ChannelLinkNote): string {
  return JSON.stringify(note);
}

/** A stored note; null for none or for text no note schema reads. */
export function decodeLinkNote(stored: string): ChannelLinkNote | null {
  if (stored === '') return null;
  try {
    const parsed = channelLinkNoteSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const texts: Readonly<Record<ChannelLinkNote['reason'], { readonly it: (v: readonly string[]) => string; readonly en: (v: readonly string[]) => string }>> = {
  sku: { it: (v) => `Collegato per codice ${v[0] ?? ''}`, en: (v) => `Matched by SKU ${v[0] ?? ''}` },
  barcode: { it: (v) => `Collegato per codice a barre ${v.join(', ')}`, en: (v) => `Matched by barcode ${v.join(', ')}` },
  'by-hand': { it: () => 'Collegato a mano', en: () => 'Linked by hand' },
  published: { it: () => 'Pubblicato da Cassa', en: () => 'Published from Cassa' },
  'no-match': {
    it: (v) => `Nessun articolo del canale ha il codice ${v[0] ?? ''}${v.length > 1 ? ` o il codice a barre ${v.slice(1).join(', ')}` : ''}`,
    en: (v) => `No remote item has SKU ${v[0] ?? ''}${v.length > 1 ? ` or barcode ${v.slice(1).join(', ')}` : ''}`,
  },
  several: { it: (v) => `Più articoli del canale corrispondono: ${v.join(', ')}`, en: (v) => `Several remote items match: ${v.join(', ')}` },
  'taken-by-hand': {
    it: (v) => `L'articolo ${v[0] ?? ''} è collegato a mano alla variante ${v[1] ?? ''}`,
    en: (v) => `Remote item ${v[0] ?? ''} is linked by hand to variant ${v[1] ?? ''}`,
  },
  'claimed-twice': {
    it: (v) => `L'articolo ${v[0] ?? ''} corrisponde a più varianti: ${v.slice(1).join(', ')}`,
    en: (v) => `Remote item ${v[0] ?? ''} is claimed by variants ${v.slice(1).join(', ')}`,
  },
  'unlinked-by-hand': { it: () => 'Scollegato a mano', en: () => 'Unlinked by hand' },
  'given-to-another': {
    it: (v) => `L'articolo è stato collegato a mano alla variante ${v[0] ?? ''}`,
    en: (v) => `Remote item linked by hand to ${v[0] ?? ''}`,
  },
  stale: {
    it: (v) => `L'articolo non c'è più sul canale: Cassa lo cerca di nuovo (${v[0] ?? ''})`,
    en: (v) => `The remote item is gone: Cassa is looking for it again (${v[0] ?? ''})`,
  },
};

/** The note in the reader's language; empty for none. */
export function channelLinkNoteText(note: ChannelLinkNote | null, language: 'it' | 'en'): string {
  return note === null ? '' : texts[note.reason][language](note.values);
}
