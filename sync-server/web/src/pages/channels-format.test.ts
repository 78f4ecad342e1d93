import { channelProblems, channelProblemText } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { channelLabel, moveStore, pageLanguage, parseSafetyBuffer, problemSentence, remoteDetail, storeOrChannelName, subjectText, toggleStore } from './channels-format';
import { channelsEn, channelsIt } from './channels-texts';

describe('how a channel is worded', () => {
  it('a channel reads as its kind and name; a dashboard row is a store, a channel, or its bare id', () => {
    expect(channelLabel({ kind: 'prestashop', name: 'Negozio online' })).toBe('PrestaShop · Negozio online');
    const stores = [{ id: 'milano', name: 'Milano Centro' }];
    const channels = [{ id: 'ch-1', kind: 'ebay' as const, name: 'ebay.it' }];
    expect(storeOrChannelName('milano', stores, channels)).toBe('Milano Centro');
    expect(storeOrChannelName('ch-1', stores, channels)).toBe('eBay · ebay.it');
    expect(storeOrChannelName('gone', stores, channels)).toBe('gone');
  });

  it('every problem has its sentence in the page language, with the remote words cleaned and cut', () => {
    for (const problem of channelProblems) {
      expect(problemSentence(problem, null, 'it-IT').text).toBe(channelProblemText[problem].it);
      expect(problemSentence(problem, null, 'en').text).toBe(channelProblemText[problem].en);
    }
    expect(problemSentence('auth-refused', '401 Unauthorized\u0000\r\n  <html>', 'it')).toEqual({ text: channelProblemText['auth-refused'].it, detail: '401 Unauthorized <html>' });
    expect(remoteDetail('x'.repeat(1000))).toHaveLength(300);
    expect(remoteDetail('x'.repeat(1000)).endsWith('…')).toBe(true);
    expect(remoteDetail(null)).toBe('');
    expect(pageLanguage('fr')).toBe('en');
  });

  it('the stores a channel sells from keep the order they were picked in, and move one place at a time', () => {
    let order = toggleStore([], 'roma');
    order = toggleStore(order, 'milano');
    order = toggleStore(order, 'torino');
    expect(order).toEqual(['roma', 'milano', 'torino']);
    expect(moveStore(order, 'torino', -1)).toEqual(['roma', 'torino', 'milano']);
    expect(moveStore(order, 'roma', -1)).toEqual(order);
    expect(moveStore(order, 'torino', 1)).toEqual(order);
    expect(moveStore(order, 'napoli', 1)).toEqual(order);
    expect(toggleStore(order, 'milano')).toEqual(['roma', 'torino']);
  });

  it("a refused job's subject reads as the variant's or product's name and SKU; anything else as it came", () => {
    const products = [
      { id: 'p-tsh', name: 'T-shirt cotone', sku: 'TSH', variants: [{ id: 'v-tsh-m-blu', sku: 'TSH-M-BLU', options: { taglia: 'M', colore: 'Blu' } }] },
      { id: 'p-caf', name: 'Caffè', sku: 'CAF', variants: [{ id: 'v-caf', sku: 'CAF', options: {} }] },
    ];
    expect(subjectText('v-tsh-m-blu', products)).toBe('T-shirt cotone (M / Blu) · TSH-M-BLU');
    expect(subjectText('v-caf', products)).toBe('Caffè · CAF');
    expect(subjectText('p-tsh', products)).toBe('T-shirt cotone · TSH');
    expect(subjectText('XKBKNABJK', products)).toBe('XKBKNABJK');
    expect(subjectText('v-gone', [])).toBe('v-gone');
  });

  it('the safety buffer is whole units from 0 to a million', () => {
    expect(parseSafetyBuffer(' 2 ')).toBe(2);
    expect(parseSafetyBuffer('0')).toBe(0);
    expect(parseSafetyBuffer('1000000')).toBe(1_000_000);
    for (const wrong of ['', '-1', '1.5', '1e3', '1000001', '99999999', '0x10']) expect(parseSafetyBuffer(wrong)).toBeNull();
  });

  it('the Italian and English texts have the same keys, and none is empty', () => {
    const leaves = (value: unknown, path = ''): [string, string][] =>
      typeof value === 'string' ? [[path, value]] : Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, `${path}.${k}`));
    const it = leaves(channelsIt);
    const en = leaves(channelsEn);
    expect(en.map(([k]) => k)).toEqual(it.map(([k]) => k));
    expect([...it, ...en].filter(([, v]) => v.trim() === '')).toEqual([]);
    expect(Object.keys(channelsIt.status).sort()).toEqual(['active', 'auth-failed', 'paused']);
  });
});
