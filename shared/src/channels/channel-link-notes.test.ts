import { describe, expect, it } from 'vitest';
import { channelLinkNoteText, channelLinkReasons, decodeLinkNote, encodeLinkNote } from './channel-link-notes';

describe('channel link notes', () => {
  it('round-trip through the stored text and are worded in both languages', () => {
    for (const reason of channelLinkReasons) {
      const note = { reason, values: ['TSH-M-BLU', '8001234500015'] };
      expect(decodeLinkNote(encodeLinkNote(note))).toEqual(note);
      const it = channelLinkNoteText(note, 'it');
      const en = channelLinkNoteText(note, 'en');
      expect(it.length).toBeGreaterThan(0);
      expect(en.length).toBeGreaterThan(0);
      expect(it).not.toBe(en);
    }
    expect(channelLinkNoteText({ reason: 'sku', values: ['BIS'] }, 'it')).toBe('Collegato per codice BIS');
  });

  it('reads no note from empty, free or hostile text', () => {
    for (const stored of ['', 'Matched by SKU X', '{"reason":"sku"}', '{"reason":"nope","values":[]}', 'null', '[]', '{"reason":"sku","values":["' + 'x'.repeat(400) + '"]}']) {
      expect(decodeLinkNote(stored)).toBeNull();
    }
    expect(channelLinkNoteText(null, 'it')).toBe('');
  });
});
