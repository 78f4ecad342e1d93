import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { headOfficeContract, publicApiContract, syncContract } from '@cassa/shared';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { route } from '@cassa/shared';
import { sqliteEngine, withServer } from '../test/fixtures';
import { openApiDocument, openApiPart } from './http/openapi';
import { HEAD_OFFICE_BASE, OPENAPI_PATH, cassaOpenApiDocument } from './openapi';

/** Every `$ref` in `node`, with the JSON pointer it names. */
function refsOf(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) refsOf(item, found);
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else refsOf(value, found);
    }
  }
  return found;
}

function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

/** Compiles `files` (name → text) strictly; the diagnostics as text. */
function compile(files: Record<string, string>, entry: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'cassa-openapi-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const program = ts.createProgram([join(dir, entry)], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      exactOptionalPropertyTypes: true,
      types: [],
    });
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const document = cassaOpenApiDocument();

describe('the OpenAPI document generated from the contracts', () => {
  it('is a valid OpenAPI 3.1 document whose every $ref resolves', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const refs = refsOf(document);
    // The recursive JSON value inside audit records is one of them: a component, not a dangling $defs.
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref, ref).toMatch(/^#\/components\/schemas\//);
      expect(resolvePointer(document, ref), ref).toBeTypeOf('object');
    }
    expect(JSON.stringify(document)).not.toContain('$defs');
  });

  it('lists every procedure of both contracts with its access, and reads inputs from the right place', () => {
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item) as { operationId: string }[]);
    const ids = operations.map((o) => o.operationId);
    expect(ids).toEqual(expect.arrayContaining([...Object.keys(syncContract), ...Object.keys(headOfficeContract)]));
    const daily = document.paths['/v1/admin/organisations/{org}/sales/daily']?.['get'] as { parameters: { name: string; in: string; required: boolean }[]; security: unknown };
    expect(daily.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'org', in: 'path', required: true }),
        expect.objectContaining({ name: 'from', in: 'query', required: true }),
        expect.objectContaining({ name: 'storeId', in: 'query', required: false }),
      ]),
    );
    expect(daily.security).toEqual([{ adminToken: [] }]);
    const push = document.paths['/v1/push']?.['post'] as { requestBody: unknown; security: unknown; 'x-access': unknown };
    expect(JSON.stringify(push.requestBody)).toContain('opId');
    expect(push['x-access']).toEqual({ access: 'device', writes: true });
    const code = document.paths['/v1/admin/organisations/{org}/stores/{store}/pairing-codes']?.['post'] as { requestBody: { required: boolean; content: unknown }; responses: Record<string, unknown> };
    // The path params are not in the body, and an empty body is allowed.
    expect(JSON.stringify(code.requestBody.content)).not.toContain('"org"');
    expect(code.requestBody.required).toBe(false);
    expect(Object.keys(code.responses)).toEqual(['201', 'default']);
    const offers = document.paths[`${HEAD_OFFICE_BASE}/plans`]?.['get'] as { security: unknown; 'x-access': unknown };
    expect(offers.security).toEqual([{ sessionCookie: [] }]);
    expect(offers['x-access']).toEqual({ roles: ['owner', 'manager', 'viewer'], scope: 'own-stores', writes: false });
  });

  it('picks up a procedure added to a contract, with its session and CSRF for a write', () => {
    const extra = {
      'thing.save': route({ method: 'PUT', path: '/things/:id', summary: 'Save a thing', access: { roles: ['owner'] as const, scope: 'none' as const }, input: z.object({ id: z.string(), name: z.string() }), output: z.object({ id: z.string() }) }),
    };
    const doc = openApiDocument({
      title: 't',
      version: '1',
      description: 'd',
      securitySchemes: {},
      parts: [openApiPart({ base: '/api/x', tag: 'x', contract: extra, security: (_a, p) => [p.writes ? { session: [], csrf: [] } : { session: [] }] as Record<string, string[]>[], describeAccess: (a) => ({ ...a }) })],
    });
    const op = doc.paths['/api/x/things/{id}']?.['put'] as { security: unknown; parameters: unknown[]; 'x-access': unknown };
    expect(op.security).toEqual([{ session: [], csrf: [] }]);
    expect(op['x-access']).toEqual({ roles: ['owner'], scope: 'none', writes: true });
    expect(op.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
  });

  it('hoists a recursive schema into components, where its $refs resolve', async () => {
    interface Folder {
      name: string;
      folders: Folder[];
    }
    const folderSchema: z.ZodType<Folder> = z.lazy(() => z.object({ name: z.string(), folders: z.array(folderSchema) }));
    const tree = { 'tree.get': route({ method: 'GET', path: '/tree', summary: 'The tree', access: null, input: z.object({}), output: z.object({ root: folderSchema }) }) };
    const doc = openApiDocument({
      title: 't',
      version: '1',
      description: 'd',
      securitySchemes: {},
      parts: [openApiPart({ base: '', tag: 't', contract: tree, security: () => [], describeAccess: () => ({}) })],
    });
    expect((await new Validator().validate(structuredClone(doc))).valid).toBe(true);
    const refs = refsOf(doc).filter((ref) => !ref.endsWith('/ErrorEnvelope'));
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(resolvePointer(doc, ref), ref).toMatchObject({ type: 'object', properties: { folders: { type: 'array' } } });
  });

  it('generates a TypeScript client that compiles and types the answers', async () => {
    const types = astToString(await openapiTS(structuredClone(document) as never));
    const use = `
import type { components, paths } from './api';
type Push = paths['/v1/push']['post']['requestBody']['content']['application/json'];
export const push: Push = { protocolVersion: 1, schemaVersion: 1, deviceId: 'till-1', ops: [{ seq: 1, opId: 'op-1', record: { any: 'thing' } }] };
type Pulled = paths['/v1/pull']['post']['responses']['200']['content']['application/json'];
export function kindOf(answer: Pulled): 'changes' | 'reset' { return answer.data.kind; }
type Offers = paths['/api/ho/plans']['get']['responses']['200']['content']['application/json']['data'];
export const seats = (offers: Offers): number => offers.reduce((sum, o) => sum + o.maxRegisters, 0);
export const refused: components['schemas']['ErrorEnvelope'] = { ok: false, error: { code: 'NOT_FOUND', message: 'No such thing' } };
type Daily = paths['/v1/admin/organisations/{org}/sales/daily']['get']['parameters'];
export const query: Daily['query'] = { from: '2026-11-01', to: '2026-11-30' };
`;
    expect(compile({ 'api.ts': types, 'use.ts': use }, 'use.ts')).toEqual([]);
    // The check has teeth: a wrong shape does not compile against the same types.
    const wrong = `import type { paths } from './api';\nexport const bad: paths['/v1/push']['post']['requestBody']['content']['application/json'] = { protocolVersion: 1, schemaVersion: 1, deviceId: 'x', ops: 'none' };\n`;
    expect(compile({ 'api.ts': types, 'use.ts': wrong }, 'use.ts').length).toBeGreaterThan(0);
  }, 60_000);
});

describe('the routes the server answers and the document', () => {
  it('are the same: nothing served undocumented, nothing documented unserved', async () => {
    await withServer(sqliteEngine, async (server) => {
      const served = new Set(
        server.app.routes
          .filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
          .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}')}`),
      );
      const answered = await server.app.request(OPENAPI_PATH);
      const served_document = (await answered.json()) as typeof document;
      expect(served_document).toEqual(document);
      const documented = new Set(Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)));
      expect([...documented].filter((r) => !served.has(r))).toEqual([]);
      expect([...served].filter((r) => !documented.has(r))).toEqual([]);
      // Head office is in it too, every procedure of its contract.
      expect([...documented].filter((r) => r.split(' ')[1]!.startsWith(`${HEAD_OFFICE_BASE}/`)).length).toBe(Object.keys(headOfficeContract).length);
      // Issue 19: and the public API, every procedure, writes with their Idempotency-Key header.
      expect([...documented].filter((r) => r.split(' ')[1]!.startsWith('/api/v1/')).length).toBe(Object.keys(publicApiContract).length);
      const adjust = document.paths['/api/v1/stores/{storeId}/stock-adjustments']?.['post'] as { parameters: { name: string; in: string }[]; 'x-access': unknown };
      expect(adjust.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }));
      expect(adjust['x-access']).toEqual({ scope: 'stock-write', stores: 'input', writes: true });
    });
  });

  it('without head office, lists only the sync API', async () => {
    await withServer(
      sqliteEngine,
      async (server) => {
        const doc = (await (await server.app.request(OPENAPI_PATH)).json()) as typeof document;
        expect(Object.keys(doc.paths).filter((p) => p.startsWith(HEAD_OFFICE_BASE))).toEqual([]);
        expect(doc.paths['/v1/push']).toBeDefined();
      },
      { headOffice: false },
    );
  });
});
