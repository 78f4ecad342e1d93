/**
 * ERP exports over HTTP (issue 19): an owner saves a profile from a preset, runs an export and
 * downloads the file in its JSON envelope; a malformed map is a 400; a manager limited to one
 * store is refused (the files hold every chosen store's takings); the server's schedule runs
 * through `erpExports.runOnce`. The rules and storage are tested in erp/erp-export-service.test.ts.
 */
import { EXPORT_PRESET_LAYOUTS } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { serverPerTest, sqliteEngine } from '../../test/fixtures';
import { browser, setUp } from '../../test/head-office-browser';

describe('ERP exports over HTTP', () => {
  const start = serverPerTest(sqliteEngine, { headOffice: { webRoot: false }, erpExports: { schedule: false } });

  it('saves a profile, exports and downloads, and refuses a malformed map and a store-limited manager', async () => {
    const s = await start();
    const anna = await setUp(s);
    const store = (await anna.post('/api/ho/stores', { name: 'Milano' })).data as { id: string };
    const created = await anna.post('/api/ho/erp/export-profiles', { name: 'Ad Hoc', layout: EXPORT_PRESET_LAYOUTS['adhoc-corrispettivi'], storeIds: null, scheduleTime: '06:30' });
    expect(created.status).toBe(201);
    const profile = created.data as { id: string; layout: { separator: string } };
    // The defaults the schema fills are stored and shown.
    expect(profile.layout.separator).toBe(';');
    const run = await anna.post('/api/ho/erp/exports', { profileId: profile.id, from: '2026-12-01', to: '2026-12-03' });
    expect(run.status).toBe(201);
    const made = run.data as { id: string; checksum: string; fileName: string };
    expect(made.fileName).toBe('ad-hoc_2026-12-01_2026-12-03.txt');
    const file = await anna.get(`/api/ho/erp/exports/${made.id}/file`);
    expect(file.data).toEqual({ fileName: made.fileName, mediaType: 'text/plain; charset=us-ascii', checksum: made.checksum, content: '' });
    expect(((await anna.get('/api/ho/erp/exports?limit=5')).data as { exports: unknown[] }).exports).toHaveLength(1);
    expect((await anna.get('/api/ho/erp/exports/erpx-nope/file')).status).toBe(404);

    for (const from of ['2026-02-30', '2026-13-01', '0000-00-00', '2026-1-01', '2026-01-01\u0000']) {
      expect((await anna.post('/api/ho/erp/exports', { profileId: profile.id, from, to: '2026-03-01' })).status).toBe(400);
    }
    expect((await anna.post('/api/ho/erp/export-profiles', { name: 'Bad', layout: { dataset: 'payments', format: 'csv', columns: [] }, storeIds: null, scheduleTime: null })).status).toBe(400);
    expect((await anna.post('/api/ho/erp/export-profiles', { name: 'Bad', layout: { dataset: 'payments', format: 'xml', columns: [{ field: 'method', header: '<x>' }] }, storeIds: null, scheduleTime: null })).status).toBe(400);

    await anna.post('/api/ho/users', { email: 'marco@example.it', name: 'Marco', role: 'manager', storeIds: [store.id], password: 'a long password 1' });
    const marco = browser(s);
    await marco.get('/api/ho/session');
    await marco.post('/api/ho/login', { email: 'marco@example.it', password: 'a long password 1' });
    expect((await marco.get('/api/ho/erp/exports')).status).toBe(403);
    expect((await marco.get(`/api/ho/erp/exports/${made.id}/file`)).status).toBe(403);

    // The schedule, driven by hand: 06:30 in Rome on 4 December exports the 3rd.
    expect(await s.erpExports.runOnce(new Date('2026-12-04T05:31:00Z'))).toBe(1);
    expect(await s.erpExports.runOnce(new Date('2026-12-04T05:32:00Z'))).toBe(0);
  });
});
