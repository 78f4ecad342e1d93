import { describe, expect, it } from 'vitest';
import { ConnectionStringError } from '../connection/connection-string';
import { DeviceError } from '../device/device-errors';
import { createFiscalDevice } from './create-fiscal-device-node';
import { describeFiscalConnection, isFiscalConnectionString, parseFiscalConnection } from './fiscal-connection';

function problem(input: string): string {
  try {
    parseFiscalConnection(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectionStringError);
    return (error as Error).message;
  }
  throw new Error(`'${input}' parsed`);
}

describe('fiscal connection strings', () => {
  it('parses Epson over http and https with Epson\'s defaults', () => {
    expect(parseFiscalConnection('epson-rt://192.168.1.20')).toEqual({ brand: 'epson', protocol: 'http', host: '192.168.1.20', port: 80, timeoutMs: 10_000, operator: 1 });
    expect(parseFiscalConnection('epson-rts://192.168.1.20')).toMatchObject({ protocol: 'https', port: 443 });
    expect(parseFiscalConnection(' EPSON-RT://fp90.local:8080/?https=1&timeoutMs=15000&operator=3 ')).toEqual({
      brand: 'epson',
      protocol: 'https',
      host: 'fp90.local',
      port: 8080,
      timeoutMs: 15_000,
      operator: 3,
    });
  });

  it('parses Custom with credentials and RCH over TCP and http', () => {
    expect(parseFiscalConnection('custom-rt://user:p%40ss@10.0.0.5')).toMatchObject({ brand: 'custom', user: 'user', password: 'p@ss', host: '10.0.0.5', port: 80 });
    expect(parseFiscalConnection('custom-rt://10.0.0.5')).toMatchObject({ user: null, password: null });
    expect(parseFiscalConnection('rch-rt://10.0.0.6')).toMatchObject({ brand: 'rch', protocol: 'tcp', port: 23 });
    expect(parseFiscalConnection('rch-rt://10.0.0.6:9100')).toMatchObject({ port: 9100 });
    expect(parseFiscalConnection('rch-rt+http://10.0.0.6')).toMatchObject({ brand: 'rch', protocol: 'http', port: 80 });
    expect(parseFiscalConnection('epson-rt://[::1]:8000')).toMatchObject({ host: '[::1]', port: 8000 });
  });

  it('names the wrong part', () => {
    expect(problem('192.168.1.20')).toMatch(/missing scheme/);
    expect(problem('tcp://192.168.1.20')).toMatch(/unknown fiscal device scheme 'tcp:\/\/'/);
    expect(problem('epson-rt://')).toMatch(/missing host/);
    expect(problem('epson-rt://bad_host!')).toMatch(/not a host name/);
    expect(problem('epson-rt://10.0.0.1:0')).toMatch(/port '0'/);
    expect(problem('epson-rt://10.0.0.1:99999')).toMatch(/port '99999'/);
    expect(problem('epson-rt://10.0.0.1:')).toMatch(/port ''/);
    expect(problem('epson-rt://10.0.0.1?timeoutMs=0')).toMatch(/timeoutMs '0' is not a whole number of milliseconds from 100 to 600000/);
    expect(problem('epson-rt://10.0.0.1?timeoutMs=1e4')).toMatch(/timeoutMs '1e4'/);
    expect(problem('epson-rt://10.0.0.1?operator=0')).toMatch(/operator '0'/);
    expect(problem('epson-rt://10.0.0.1?https=yes')).toMatch(/https 'yes'/);
    expect(problem('epson-rt://10.0.0.1?baud=9600')).toMatch(/unknown option 'baud'/);
    expect(problem('epson-rt://10.0.0.1?operator=1&operator=2')).toMatch(/given twice/);
    expect(problem('epson-rt://u:p@10.0.0.1')).toMatch(/takes no user/);
    expect(problem('rch-rt://10.0.0.1?https=1')).toMatch(/rch-rt\+http/);
    expect(problem('custom-rt://%zz:p@10.0.0.1')).toMatch(/percent-encoding/);
  });

  it('recognises its schemes and describes a connection without its password', () => {
    expect(isFiscalConnectionString('epson-rt://1.2.3.4')).toBe(true);
    expect(isFiscalConnectionString('tcp://1.2.3.4')).toBe(false);
    expect(describeFiscalConnection(parseFiscalConnection('custom-rt://admin:secret@10.0.0.5'))).toBe('custom-rt://admin:***@10.0.0.5:80');
    expect(describeFiscalConnection(parseFiscalConnection('epson-rts://10.0.0.5'))).toBe('epson-rt://10.0.0.5:443?https=1');
  });

  it('creates the adapter of each brand', () => {
    expect(createFiscalDevice('epson-rt://10.0.0.5').brand).toBe('epson');
    expect(createFiscalDevice('custom-rt://u:p@10.0.0.5').brand).toBe('custom');
    expect(createFiscalDevice('rch-rt://10.0.0.6').brand).toBe('rch');
    expect(createFiscalDevice('rch-rt+http://10.0.0.6').brand).toBe('rch');
    expect(() => createFiscalDevice('epson-rt://')).toThrow(ConnectionStringError);
  });
});
