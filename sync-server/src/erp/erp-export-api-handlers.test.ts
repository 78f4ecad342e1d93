/**
 * The public API's export procedures (issue 19), called as the public API's adapter calls them:
 * a key of every store lists and fetches every export of its organisation, a key limited to a
 * store only the exports wholly within it, and no key reaches another organisation's export.
 */
import { EXPORT_PRESET_LAYOUTS, exportLayoutSchema } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { seedTenant, serverPerTest, sqliteEngine } from '../../test/fixtures';
import { refusal } from '../../test/head-office-world';
import { publicExportsHandlers } from './erp-export-api-handlers';
import { createErpExportService } from './erp-export-service';

describe('the public API’s exports', () => {
  const start = serverPerTest(sqliteEngine, { erpExports: { schedule: false } });

  it('lists and fetches within the key’s organisation and stores', async () => {
    const server = await start();
    const t = await seedTenant(server);
    const other = await seedTenant(server, 'other');
    const now = () => new Date('2026-12-04T08:00:00Z');
    const service = createErpExportService({ storage: server.storage, now });
    const layout = exportLayoutSchema.parse(EXPORT_PRESET_LAYOUTS['mago-documents-xml']);
    const all = await service.createProfile(t.organisationId, { name: 'All', layout, storeIds: null, scheduleTime: null });
    const one = await service.createProfile(t.organisationId, { name: 'One', layout, storeIds: [t.storeId], scheduleTime: null });
    const ofAll = await service.run(t.organisationId, { profileId: all.id, from: '2026-12-03', to: '2026-12-03' }, 'u');
    const ofOne = await service.run(t.organisationId, { profileId: one.id, from: '2026-12-03', to: '2026-12-03' }, 'u');

    const api = publicExportsHandlers({ storage: server.storage, admin: server.admin, now });
    const call = (storeIds: readonly string[] | null, organisationId = t.organisationId) => ({ organisationId, keyId: 'key-1', storeIds });
    const list = async (storeIds: readonly string[] | null, organisationId?: string) => ((await api['api.exports.list']({ limit: 20 }, call(storeIds, organisationId))) as { items: { id: string }[] }).items.map((e) => e.id);
    // Made at the same moment: newest first, then by id, descending.
    expect(await list(null)).toEqual([ofOne.id, ofAll.id].sort().reverse());
    expect(await list([t.storeId])).toEqual([ofOne.id]);
    expect(await list([t.otherStoreId])).toEqual([]);
    expect(await list(null, other.organisationId)).toEqual([]);
    expect(await api['api.exports.file']({ exportId: ofOne.id }, call([t.storeId]))).toMatchObject({ checksum: ofOne.checksum, fileName: 'one_2026-12-03.xml' });
    expect((await refusal(Promise.resolve(api['api.exports.file']({ exportId: ofAll.id }, call([t.storeId]))))).code).toBe('NOT_FOUND');
    expect((await refusal(Promise.resolve(api['api.exports.file']({ exportId: ofOne.id }, call(null, other.organisationId))))).code).toBe('NOT_FOUND');
  });
});
