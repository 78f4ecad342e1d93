import { describe, expect, it } from 'vitest';
import { perUserDataDir } from './data-dir';

describe('the per-user data folder', () => {
  it('follows each OS and yields to CASSA_DATA_DIR', () => {
    expect(perUserDataDir({ env: {}, platform: 'linux', home: '/home/anna' })).toBe('/home/anna/.local/share/cassa');
    expect(perUserDataDir({ env: { XDG_DATA_HOME: '/data' }, platform: 'linux', home: '/home/anna' })).toBe('/data/cassa');
    expect(perUserDataDir({ env: { APPDATA: 'C:\\Users\\Anna\\AppData\\Roaming' }, platform: 'win32', home: 'C:\\Users\\Anna' })).toBe(
      'C:\\Users\\Anna\\AppData\\Roaming\\Cassa',
    );
    expect(perUserDataDir({ env: {}, platform: 'darwin', home: '/Users/anna' })).toBe('/Users/anna/Library/Application Support/Cassa');
    expect(perUserDataDir({ env: { CASSA_DATA_DIR: '/srv/cassa' }, platform: 'linux', home: '/home/anna' })).toBe('/srv/cassa');
  });
});
