import { describe, expect, it } from 'vitest';
import {
  StatusParseError,
  StatusStreamParser,
  dleEotRequest,
  isAsbFirstByte,
  isDleEotReply,
  parseAsbStatus,
  parseDleEotStatus,
  statusProblems,
  unknownStatus,
} from './printer-status';

describe('DLE EOT', () => {
  it('asks with 10 04 n', () => {
    expect(Array.from(dleEotRequest(4))).toEqual([0x10, 0x04, 0x04]);
  });

  it('reads the idle baseline 0x12 as online and fine', () => {
    const s = parseDleEotStatus({ printer: 0x12, offlineCause: 0x12, errorCause: 0x12, paperSensor: 0x12 });
    expect(s).toEqual({ ...unknownStatus(), online: true });
    expect(statusProblems(s)).toEqual([]);
  });

  it('reads cover open, paper end and offline', () => {
    const s = parseDleEotStatus({ printer: 0x1a, offlineCause: 0x12 | 0x04 | 0x20 | 0x40, errorCause: 0x12, paperSensor: 0x12 | 0x60 });
    expect(s.online).toBe(false);
    expect(s.coverOpen).toBe(true);
    expect(s.paperOut).toBe(true);
    expect(statusProblems(s)).toEqual(['cover open', 'paper out']);
  });

  it('reads paper near end without going offline', () => {
    const s = parseDleEotStatus({ printer: 0x12, offlineCause: 0x12, errorCause: 0x12, paperSensor: 0x1e });
    expect(s).toMatchObject({ online: true, paperNearEnd: true, paperOut: false });
  });

  it('reads the error causes', () => {
    expect(parseDleEotStatus({ errorCause: 0x1a })).toMatchObject({ cutterError: true, online: false });
    expect(parseDleEotStatus({ errorCause: 0x32 })).toMatchObject({ unrecoverableError: true, online: false });
    expect(parseDleEotStatus({ errorCause: 0x52 })).toMatchObject({ autoRecoverableError: true, online: false });
  });

  it('reads the drawer pin through the configured polarity', () => {
    expect(parseDleEotStatus({ printer: 0x16 })).toMatchObject({ drawerPinHigh: true, drawerOpen: true });
    expect(parseDleEotStatus({ printer: 0x16 }, { drawerPolarity: 'open-low' })).toMatchObject({ drawerPinHigh: true, drawerOpen: false });
    expect(parseDleEotStatus({ printer: 0x12 }, { drawerPolarity: 'open-low' })).toMatchObject({ drawerPinHigh: false, drawerOpen: true });
  });

  it('rejects a byte that is not shaped like a reply', () => {
    expect(() => parseDleEotStatus({ printer: 0x10 })).toThrow(StatusParseError);
    expect(() => parseDleEotStatus({ paperSensor: 0x0c })).toThrow(/DLE EOT 4/);
  });
});

describe('ASB', () => {
  it('tells ASB from DLE EOT by byte 1 bits 0-1', () => {
    expect(isAsbFirstByte(0x10)).toBe(true);
    expect(isDleEotReply(0x10)).toBe(false);
    expect(isAsbFirstByte(0x12)).toBe(false);
    expect(isDleEotReply(0x12)).toBe(true);
  });

  it('parses an idle packet and a cover-open, paper-out packet', () => {
    expect(parseAsbStatus([0x10, 0x00, 0x00, 0x00])).toEqual(unknownStatus());
    const s = parseAsbStatus([0x10 | 0x20 | 0x08, 0x00, 0x0c, 0x00]);
    expect(s).toMatchObject({ online: false, coverOpen: true, paperOut: true, paperNearEnd: false });
    expect(parseAsbStatus([0x10, 0x00, 0x03, 0x00])).toMatchObject({ online: true, paperNearEnd: true });
    expect(parseAsbStatus([0x10, 0x08 | 0x20 | 0x40, 0x00, 0x00])).toMatchObject({ cutterError: true, unrecoverableError: true, autoRecoverableError: true });
  });

  it('rejects malformed packets', () => {
    expect(() => parseAsbStatus([0x12, 0, 0, 0])).toThrow(StatusParseError);
    expect(() => parseAsbStatus([0x10, 0x10, 0, 0])).toThrow(StatusParseError);
    expect(() => parseAsbStatus([0x10, 0, 0])).toThrow(/4 bytes/);
  });
});

describe('StatusStreamParser', () => {
  it('splits interleaved DLE EOT replies and ASB packets, across chunk boundaries', () => {
    const p = new StatusStreamParser();
    const first = p.push([0x12, 0x14, 0x00]);
    const second = p.push([0x0c, 0x00, 0x1e, 0x99]);
    expect(first).toEqual([{ kind: 'dle-eot', byte: 0x12 }]);
    expect(second).toEqual([
      { kind: 'asb', packet: Uint8Array.of(0x14, 0x00, 0x0c, 0x00) },
      { kind: 'dle-eot', byte: 0x1e },
      { kind: 'unknown', byte: 0x99 },
    ]);
  });

  it('resynchronises when an ASB packet is cut short by a reply', () => {
    const p = new StatusStreamParser();
    expect(p.push([0x10, 0x00, 0x12])).toEqual([{ kind: 'dle-eot', byte: 0x12 }]);
  });
});
