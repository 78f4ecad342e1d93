import { describe, expect, it } from 'vitest';
import { ACK, ETX, NACK, RchFrameDecoder, STX, encodeRchFrame, nextPackId, packIdModulus, parseRchReplyFrame, rchChecksum, rchPackIds } from './rch-frame';
import { replyFrameBody, statusData } from './testing/rch-replies';

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

describe('RCH request frames', () => {
  it('encodes =T1 with packet id 1 byte for byte (checksum worked by hand: 02^30^31^30^30^33^4E^3D^54^31^31 = 17)', () => {
    expect([...encodeRchFrame('=T1', '1')]).toEqual([0x02, ...ascii('01003N=T11'), ...ascii('17'), 0x03]);
  });

  it('counts the length of the data only, three digits', () => {
    const frame = encodeRchFrame('=R1/$200/(DOLCE)', 'a');
    expect(String.fromCharCode(...frame.slice(1, 7))).toBe('01016N');
  });

  it('checksums from STX, skipping ETX, upper-case hex', () => {
    expect(rchChecksum([STX])).toBe('02');
    expect(rchChecksum([STX, 0x02 ^ 0x0a])).toBe('0A');
    expect(rchChecksum([STX, 0x41, ETX])).toBe('43');
  });

  it('wraps the packet id from Z back to 0 and starts at 1', () => {
    expect(nextPackId(null)).toBe('1');
    expect(nextPackId('9')).toBe('a');
    expect(nextPackId('z')).toBe('A');
    expect(nextPackId('Z')).toBe('0');
    let id: string | null = null;
    const seen = new Set<string>();
    for (let i = 0; i < rchPackIds.length; i++) seen.add((id = nextPackId(id)));
    expect(seen.size).toBe(62);
    expect(nextPackId(id)).toBe('1');
    expect(packIdModulus('1')).toBe('9');
    expect(packIdModulus('a')).toBe('7');
  });

  it('refuses data that cannot go on the wire', () => {
    expect(() => encodeRchFrame('=R1/$100/(CAFFÈ)', '1')).toThrow(RangeError);
    expect(() => encodeRchFrame('a\u0000b', '1')).toThrow(RangeError);
    expect(() => encodeRchFrame('x'.repeat(1000), '1')).toThrow(RangeError);
    expect(() => encodeRchFrame('=T1', '!')).toThrow(RangeError);
  });
});

describe('RCH replies', () => {
  it('parses a status frame and checks its checksum', () => {
    const body = replyFrameBody({ control: 'O', data: statusData('N', '0000', '02'), packId: '9' });
    const frame = parseRchReplyFrame(body);
    expect(frame).toMatchObject({ control: 'O', errorType: 'N', errorCode: '0000', receiptStatus: '02', packId: '9' });
    const corrupt = `${body.slice(0, -2)}${body.endsWith('00') ? '01' : '00'}`;
    expect(parseRchReplyFrame(corrupt)).toMatch(/checksum/);
    expect(parseRchReplyFrame('garbage')).toMatch(/not an RCH reply frame/);
    expect(parseRchReplyFrame('')).toMatch(/not an RCH reply frame/);
  });

  it('decodes ACK, NACK, dump lines and a frame split across chunks', () => {
    const decoder = new RchFrameDecoder();
    const body = replyFrameBody({ data: '72MU1234567', packId: '3' });
    const bytes = Uint8Array.from([NACK, ACK, STX, ...ascii('line one\r\nline two\n'), ...ascii(body), ETX]);
    const events = [...decoder.push(bytes.slice(0, 7)), ...decoder.push(bytes.slice(7, 20))];
    expect(decoder.midFrame).toBe(true);
    events.push(...decoder.push(bytes.slice(20)));
    expect(decoder.midFrame).toBe(false);
    expect(events).toEqual([{ kind: 'nack' }, { kind: 'ack' }, { kind: 'line', text: 'line one' }, { kind: 'line', text: 'line two' }, { kind: 'frame', body }]);
  });

  it('gives up on a reply that never ends', () => {
    const decoder = new RchFrameDecoder();
    decoder.push(Uint8Array.from([STX]));
    expect(() => decoder.push(new Uint8Array(70 * 1024).fill(0x41))).toThrow(RangeError);
  });
});
