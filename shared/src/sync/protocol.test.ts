import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, SCHEMA_VERSION, checkVersions } from './versions';
import { keyOfHeadOfficeChange, streamOfEntity, syncEntities } from './streams';
import { pairRequestSchema, pullResponseSchema, pushRequestSchema, versionEnvelopeSchema } from './messages';

describe('versions', () => {
  it('accepts its own versions and says who must upgrade otherwise', () => {
    expect(checkVersions(PROTOCOL_VERSION, SCHEMA_VERSION)).toBeNull();
    expect(checkVersions(PROTOCOL_VERSION + 1, SCHEMA_VERSION)?.upgrade).toBe('server');
    expect(checkVersions(PROTOCOL_VERSION, SCHEMA_VERSION + 1)?.upgrade).toBe('server');
    expect(checkVersions(PROTOCOL_VERSION - 1, SCHEMA_VERSION)?.upgrade).toBe('client');
    expect(checkVersions(null, null)).toMatchObject({ upgrade: 'client', serverProtocolVersion: PROTOCOL_VERSION, clientProtocolVersion: null });
  });

  it('reads the envelope of a message whose body it does not know', () => {
    expect(versionEnvelopeSchema.safeParse({ protocolVersion: 7, schemaVersion: 3, somethingNew: [] }).success).toBe(true);
  });
});

describe('streams', () => {
  it('puts every entity in a stream and keys store prices and store settings by store', () => {
    for (const entity of syncEntities) expect(streamOfEntity[entity]).toBeDefined();
    expect(keyOfHeadOfficeChange({ entity: 'store-price', data: { storeId: 's1', variantId: 'v1', priceCents: 1 } })).toEqual({ entity: 'store-price', key: 's1:v1' });
    expect(keyOfHeadOfficeChange({ entity: 'setting', data: { key: 'k', value: 1 }, storeId: 's1' })).toEqual({ entity: 'setting', key: 's1:k' });
    expect(keyOfHeadOfficeChange({ entity: 'setting', data: { key: 'k', value: 1 } })).toEqual({ entity: 'setting', key: 'k' });
    expect(keyOfHeadOfficeChange({ entity: 'delete', target: 'user', key: 'u1' })).toEqual({ entity: 'user', key: 'u1' });
  });
});

describe('messages', () => {
  const v = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };

  it('validates push batches: positive seqs, at least one op', () => {
    const record = { type: 'customer', record: { id: 'c', name: 'C', phone: null, email: null, taxCode: null, vatNumber: null, createdAt: '2026-11-26T10:00:00+01:00' } };
    expect(pushRequestSchema.safeParse({ ...v, deviceId: 'd', ops: [{ seq: 1, opId: 'o', record }] }).success).toBe(true);
    expect(pushRequestSchema.safeParse({ ...v, deviceId: 'd', ops: [{ seq: 0, opId: 'o', record }] }).success).toBe(false);
    expect(pushRequestSchema.safeParse({ ...v, deviceId: 'd', ops: [] }).success).toBe(false);
  });

  it('accepts pairing codes as people type them', () => {
    for (const code of ['ABCD-EFGH-JK', 'abcdefghjk', 'abcd-efgh-jk']) expect(pairRequestSchema.safeParse({ ...v, code, deviceName: 'Cassa' }).success).toBe(true);
    expect(pairRequestSchema.safeParse({ ...v, code: 'short', deviceName: 'Cassa' }).success).toBe(false);
  });

  it('tells a changes page from a reset', () => {
    const reset = pullResponseSchema.parse({ ...v, kind: 'reset', stream: 'catalogue', reason: 'cursor-too-old' });
    expect(reset.kind).toBe('reset');
    const page = pullResponseSchema.parse({ ...v, kind: 'changes', stream: 'users', snapshot: false, changes: [{ entity: 'user', key: 'u1', change: 4, data: null }], nextCursor: 'c1.e.4', hasMore: false });
    expect(page.kind === 'changes' && page.changes[0]?.data).toBeNull();
  });
});
