/**
 * @module
 * An OpenAPI 3.1 document generated from HTTP contracts (shared/src/api/http-contract.ts), so a
 * procedure cannot be served and not documented, or documented and not served. Schemas come
 * from zod 4's `z.toJSONSchema`: request inputs as the server reads them (`io: 'input'`), answers
 * as it writes them (`io: 'output'`). Definitions zod puts under a schema's own `$defs` (a
 * recursive JSON value, say) are hoisted into `components/schemas`, because a `#/$defs/…` inside
 * an OpenAPI document would point at the document's root, where there are none.
 */
import { errorEnvelopeSchema, inputInQuery, okEnvelopeSchema, pathParams } from '@cassa/shared';
import type { HttpContract, HttpProcedure } from '@cassa/shared';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;
export type OpenApiDocument = Record<string, unknown> & { readonly paths: Record<string, Record<string, unknown>> };

/** One contract mounted under `base`, with how its `access` reads in the document. */
export interface OpenApiPart<A> {
  readonly base: string;
  readonly tag: string;
  readonly contract: HttpContract<A>;
  /** The security requirements (OpenAPI `security`) of a procedure with this access. */
  readonly security: (access: A, procedure: HttpProcedure) => Record<string, string[]>[];
  /** What the `x-access` extension shows besides `writes`, e.g. roles and store scope. */
  readonly describeAccess: (access: A) => Record<string, unknown>;
  /** Header parameters a procedure takes besides its input (issue 19: `Idempotency-Key`). */
  readonly headers?: (procedure: HttpProcedure) => JsonSchema[];
}

export interface OpenApiOptions {
  readonly title: string;
  readonly version: string;
  readonly description: string;
  readonly securitySchemes: Record<string, JsonSchema>;
  readonly parts: readonly OpenApiPart<never>[];
  /** Paths served outside any contract (the document itself), documented as given. */
  readonly extraPaths?: Record<string, Record<string, unknown>>;
}

/** Keeps a part's access type while the options list parts of different contracts. */
export function openApiPart<A>(part: OpenApiPart<A>): OpenApiPart<never> {
  return part as unknown as OpenApiPart<never>;
}

const DEFS_REF = '#/$defs/';
const COMPONENTS_REF = '#/components/schemas/';

/** Converts zod schemas and collects every hoisted definition under one unique name. */
class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};
  /** The same `$defs` (the same recursive schema met again) reuses the names given the first time. */
  private readonly namesByDefs = new Map<string, Map<string, string>>();

  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
    const { $schema: _dialect, $defs, ...root } = json;
    const names = this.hoist(($defs ?? {}) as Record<string, JsonSchema>);
    const selfName = this.referencesRoot(root) ? this.uniqueName('Recursive') : null;
    const rewritten = rewriteRefs(root, names, selfName) as JsonSchema;
    if (selfName === null) return rewritten;
    this.components[selfName] = rewritten;
    return { $ref: COMPONENTS_REF + selfName };
  }

  /** A named schema of its own, for things every operation shares (the error envelope). */
  component(name: string, schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    this.components[name] ??= this.convert(schema, io);
    return { $ref: COMPONENTS_REF + name };
  }

  private hoist(defs: Record<string, JsonSchema>): Map<string, string> {
    const key = JSON.stringify(defs);
    const known = this.namesByDefs.get(key);
    if (known) return known;
    const names = new Map<string, string>();
    for (const [local, def] of Object.entries(defs)) {
      const base = isAnyJsonValue(def, DEFS_REF + local) ? 'JsonValue' : local.startsWith('__') ? 'Definition' : local;
      names.set(local, this.uniqueName(base));
    }
    for (const [local, def] of Object.entries(defs)) {
      // Said plainly: client generators cannot type an array of itself (openapi-typescript #1603).
      this.components[names.get(local) as string] = isAnyJsonValue(def, DEFS_REF + local) ? ANY_JSON_VALUE : (rewriteRefs(def, names, null) as JsonSchema);
    }
    this.namesByDefs.set(key, names);
    return names;
  }

  private referencesRoot(node: unknown): boolean {
    return JSON.stringify(node).includes('"$ref":"#"');
  }

  private uniqueName(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9._-]/g, '_');
    let name = clean;
    for (let n = 2; name in this.components; n++) name = `${clean}${n}`;
    // Reserved now, so a definition naming another one met later in the same pass cannot collide.
    this.components[name] = {};
    return name;
  }
}

/** Any JSON at all, which a recursive "text, number, boolean, null, array or object of these" is. */
const ANY_JSON_VALUE: JsonSchema = { description: 'Any JSON value: text, number, boolean, null, or arrays and objects of these, nested freely' };

/** Whether `def` is exactly the recursive union of every JSON type, i.e. accepts any JSON value. */
function isAnyJsonValue(def: JsonSchema, selfRef: string): boolean {
  const options = def['anyOf'];
  if (!Array.isArray(options) || Object.keys(def).length !== 1 || options.length !== 6) return false;
  const self = JSON.stringify({ $ref: selfRef });
  const seen = new Set(
    options.map((option: JsonSchema) => {
      const { propertyNames, ...rest } = option;
      // JSON object keys are text anyway.
      if (propertyNames !== undefined && JSON.stringify(propertyNames) !== '{"type":"string"}') return 'other';
      if (rest['type'] === 'array' && Object.keys(rest).length === 2 && JSON.stringify(rest['items']) === self) return 'array';
      if (rest['type'] === 'object' && Object.keys(rest).length === 2 && JSON.stringify(rest['additionalProperties']) === self) return 'object';
      return Object.keys(rest).length === 1 ? String(rest['type']) : 'other';
    }),
  );
  return ['string', 'number', 'boolean', 'null', 'array', 'object'].every((type) => seen.has(type));
}

function rewriteRefs(node: unknown, names: ReadonlyMap<string, string>, selfName: string | null): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteRefs(item, names, selfName));
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') out[key] = rewriteRef(value, names, selfName);
    else out[key] = rewriteRefs(value, names, selfName);
  }
  return out;
}

function rewriteRef(ref: string, names: ReadonlyMap<string, string>, selfName: string | null): string {
  if (ref === '#' && selfName !== null) return COMPONENTS_REF + selfName;
  if (!ref.startsWith(DEFS_REF)) throw new Error(`OpenAPI: a $ref the generator cannot place: ${ref}`);
  const name = names.get(ref.slice(DEFS_REF.length));
  if (name === undefined) throw new Error(`OpenAPI: a $ref to a definition zod did not emit: ${ref}`);
  return COMPONENTS_REF + name;
}

/** `/a/:b` → `/a/{b}`. */
function openApiPath(base: string, path: string): string {
  return (base + path).replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

function parameters(procedure: HttpProcedure, schemas: SchemaCollector): JsonSchema[] {
  const shape = procedure.input.shape as Record<string, z.ZodType>;
  const inPath = pathParams(procedure.path);
  const list: JsonSchema[] = inPath.map((name) => ({ name, in: 'path', required: true, schema: schemas.convert(shape[name] as z.ZodType, 'input') }));
  if (!inputInQuery(procedure.method)) return list;
  for (const [name, field] of Object.entries(shape)) {
    if (inPath.includes(name)) continue;
    list.push({ name, in: 'query', required: !field.safeParse(undefined).success, schema: schemas.convert(field, 'input') });
  }
  return list;
}

function requestBody(procedure: HttpProcedure, schemas: SchemaCollector): JsonSchema | null {
  if (inputInQuery(procedure.method)) return null;
  const mask: Record<string, true> = Object.fromEntries(pathParams(procedure.path).map((name) => [name, true as const]));
  // Path params travel in the URL, not the body.
  const body = procedure.input.omit(mask as never);
  // An empty body is read as `{}`: a body the procedure can do without is optional.
  return { required: !body.safeParse({}).success, content: { 'application/json': { schema: schemas.convert(body, 'input') } } };
}

function success(procedure: HttpProcedure, schemas: SchemaCollector): JsonSchema {
  if (procedure.stream) {
    return {
      description: 'Server-sent events; `x-event-data` is the JSON schema of each event’s data',
      content: { 'text/event-stream': { schema: { type: 'string' }, 'x-event-data': schemas.convert(procedure.output, 'output') } },
    };
  }
  return { description: 'Success', content: { 'application/json': { schema: schemas.convert(okEnvelopeSchema(procedure.output), 'output') } } };
}

function operation<A>(part: OpenApiPart<A>, name: string, procedure: HttpProcedure, schemas: SchemaCollector): JsonSchema {
  const access = procedure.access as A;
  const body = requestBody(procedure, schemas);
  const params = [...parameters(procedure, schemas), ...(part.headers?.(procedure) ?? [])];
  return {
    operationId: name,
    summary: procedure.summary,
    tags: [part.tag],
    security: part.security(access, procedure),
    'x-access': { ...part.describeAccess(access), writes: procedure.writes },
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    responses: {
      [String(procedure.status)]: success(procedure, schemas),
      default: {
        description: 'An error: `code` is one of the shared error codes; the HTTP status follows from it',
        content: { 'application/json': { schema: schemas.component('ErrorEnvelope', errorEnvelopeSchema, 'output') } },
      },
    },
  };
}

export function openApiDocument(options: OpenApiOptions): OpenApiDocument {
  const schemas = new SchemaCollector();
  const paths: Record<string, Record<string, unknown>> = { ...options.extraPaths };
  const operationIds = new Set<string>();
  for (const part of options.parts) {
    for (const [name, procedure] of Object.entries(part.contract)) {
      if (operationIds.has(name)) throw new Error(`OpenAPI: two procedures are named ${name}`);
      operationIds.add(name);
      const path = openApiPath(part.base, procedure.path);
      const method = procedure.method.toLowerCase();
      const item = (paths[path] ??= {});
      if (method in item) throw new Error(`OpenAPI: ${procedure.method} ${path} is declared twice`);
      item[method] = operation(part, name, procedure, schemas);
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: options.title, version: options.version, description: options.description },
    tags: options.parts.map((part) => ({ name: part.tag })),
    components: { securitySchemes: options.securitySchemes, schemas: schemas.components },
    paths,
  };
}
