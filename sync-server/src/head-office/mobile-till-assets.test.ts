/**
 * Head office serves the mobile till at /till/: the right content types (WebAssembly, the web
 * manifest), no-cache for the page and the service worker, a year for hashed assets, the CSP that
 * lets WebAssembly compile, nothing outside the build folder, and a clear 503 page when the till
 * was not built. Uses a small fake build folder: the real build is the e2e test's.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { engines, serverPerTest } from '../../test/fixtures';

const build = mkdtempSync(join(tmpdir(), 'cassa-mobile-build-'));
mkdirSync(join(build, 'assets'));
writeFileSync(join(build, 'index.html'), '<!doctype html><title>Cassa</title>');
writeFileSync(join(build, 'sw.js'), 'const CASSA_PRECACHE = {};');
writeFileSync(join(build, 'manifest.webmanifest'), '{"name":"Cassa"}');
writeFileSync(join(build, 'assets', 'sqlite3-abc123.wasm'), new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
writeFileSync(join(build, 'assets', 'index-abc123.js'), 'export {}');
writeFileSync(join(tmpdir(), 'cassa-secret.txt'), 'secret');
afterAll(() => {
  rmSync(build, { recursive: true, force: true });
  rmSync(join(tmpdir(), 'cassa-secret.txt'), { force: true });
});

const sqlite = engines.find((engine) => engine.name === 'sqlite')!;

describe('head office serves the mobile till at /till/', () => {
  const start = serverPerTest(sqlite, { headOffice: { webRoot: false, mobileTillRoot: build } });

  it('serves each file with its type and cache rule, and the app page for app routes', async () => {
    const { app } = await start();
    const wasm = await app.request('/till/assets/sqlite3-abc123.wasm');
    expect(wasm.status).toBe(200);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(wasm.headers.get('cache-control')).toContain('immutable');
    expect(new Uint8Array(await wasm.arrayBuffer()).slice(0, 4)).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d]));

    const sw = await app.request('/till/sw.js');
    expect(sw.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    expect(sw.headers.get('service-worker-allowed')).toBe('/till/');

    const manifest = await app.request('/till/manifest.webmanifest');
    expect(manifest.headers.get('content-type')).toBe('application/manifest+json');

    for (const path of ['/till/', '/till/index.html', '/till/sale/123']) {
      const page = await app.request(path);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(page.headers.get('content-security-policy')).toContain("'wasm-unsafe-eval'");
      expect(await page.text()).toContain('<title>Cassa</title>');
    }
    const bare = await app.request('/till');
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/till/');
  });

  it('answers 404 for a missing asset and never a file outside the build', async () => {
    const { app } = await start();
    expect((await app.request('/till/assets/index-old999.js')).status).toBe(404);
    for (const path of ['/till/../cassa-secret.txt', '/till/%2e%2e/cassa-secret.txt', '/till/..%2fcassa-secret.txt', '/till/%00']) {
      const response = await app.request(path);
      expect(await response.text()).not.toBe('secret');
    }
    expect((await app.request('/till/%zz')).status).toBe(400);
  });

  it('says clearly when the mobile till was not built', async () => {
    const { app } = await start({ headOffice: { webRoot: false, mobileTillRoot: join(build, 'missing') } });
    const response = await app.request('/till/');
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build:mobile');
  });
});
