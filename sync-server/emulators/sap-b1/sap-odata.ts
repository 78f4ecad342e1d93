/**
 * @module
 * The OData query options the Service Layer answers (`$filter`, `$select`, `$top`, `$skip`), in
 * the subset the SAP connectors use: comparisons `Field eq|ne|gt|ge|lt|le 'text'|number`, joined
 * by `and`/`or`, with parentheses (SAP "Working with SAP Business One Service Layer", §3.5
 * "Query options"). Anything else is a 400 like Service Layer's "Property … is invalid".
 */

type Comparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
interface ComparisonExpression {
  readonly kind: 'compare';
  readonly field: string;
  readonly op: Comparison;
  readonly value: string | number;
}
type Expression = ComparisonExpression | { readonly kind: 'and' | 'or'; readonly left: Expression; readonly right: Expression };

export class ODataQueryError extends Error {}

function tokens(text: string): string[] {
  const found: string[] = [];
  const pattern = /\s*('(?:[^']|'')*'|\(|\)|-?\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*)/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (match === null) throw new ODataQueryError(`Syntax error at position ${at} in $filter`);
    found.push(match[1]!);
    at = pattern.lastIndex;
  }
  return found;
}

/** Parses a `$filter` of the supported subset; throws ODataQueryError otherwise. */
export function parseFilter(text: string): Expression {
  const list = tokens(text);
  let at = 0;
  const peek = () => list[at];
  const next = () => {
    const token = list[at++];
    if (token === undefined) throw new ODataQueryError('Unexpected end of $filter');
    return token;
  };
  const primary = (): Expression => {
    if (peek() === '(') {
      next();
      const inner = disjunction();
      if (next() !== ')') throw new ODataQueryError('Missing ) in $filter');
      return inner;
    }
    const field = next();
    if (!/^[A-Za-z_]/.test(field)) throw new ODataQueryError(`Property expected in $filter, got ${field}`);
    const op = next();
    if (!['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(op)) throw new ODataQueryError(`Operator ${op} is not supported`);
    const raw = next();
    const value = raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : Number(raw);
    if (typeof value === 'number' && !Number.isFinite(value)) throw new ODataQueryError(`Value expected in $filter, got ${raw}`);
    return { kind: 'compare', field, op: op as Comparison, value };
  };
  const conjunction = (): Expression => {
    let left = primary();
    while (peek() === 'and') {
      next();
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  };
  const disjunction = (): Expression => {
    let left = conjunction();
    while (peek() === 'or') {
      next();
      left = { kind: 'or', left, right: conjunction() };
    }
    return left;
  };
  const expression = disjunction();
  if (at !== list.length) throw new ODataQueryError(`Unexpected ${list[at]} in $filter`);
  return expression;
}

export function matches(expression: Expression, entity: Readonly<Record<string, unknown>>): boolean {
  switch (expression.kind) {
    case 'and':
      return matches(expression.left, entity) && matches(expression.right, entity);
    case 'or':
      return matches(expression.left, entity) || matches(expression.right, entity);
    case 'compare':
      return compares(expression, entity);
  }
}

/** Ordinal order, as a database compares dates and codes (not the locale's collation, which may skip punctuation). */
const codeUnitOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function compares(expression: ComparisonExpression, entity: Readonly<Record<string, unknown>>): boolean {
  if (!(expression.field in entity)) throw new ODataQueryError(`Property '${expression.field}' of '${String(entity['odata.type'] ?? 'entity')}' is invalid`);
  const actual = entity[expression.field];
  const order = typeof actual === 'number' && typeof expression.value === 'number' ? actual - expression.value : codeUnitOrder(String(actual ?? ''), String(expression.value));
  switch (expression.op) {
    case 'eq':
      return order === 0;
    case 'ne':
      return order !== 0;
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    case 'le':
      return order <= 0;
  }
}

export interface PageQuery {
  readonly filter: Expression | null;
  readonly select: readonly string[] | null;
  readonly top: number | null;
  readonly skip: number;
}

export function pageQuery(params: URLSearchParams): PageQuery {
  const filter = params.get('$filter');
  const select = params.get('$select');
  const top = params.get('$top');
  const skip = params.get('$skip');
  const count = (text: string | null, name: string): number | null => {
    if (text === null) return null;
    if (!/^\d{1,9}$/.test(text)) throw new ODataQueryError(`Invalid ${name} value: ${text}`);
    return Number(text);
  };
  return {
    filter: filter === null || filter.trim() === '' ? null : parseFilter(filter),
    select: select === null ? null : select.split(',').map((field) => field.trim()).filter((field) => field !== ''),
    top: count(top, '$top'),
    skip: count(skip, '$skip') ?? 0,
  };
}

export function selected(entity: Readonly<Record<string, unknown>>, select: readonly string[] | null): Record<string, unknown> {
  if (select === null) return { ...entity };
  const out: Record<string, unknown> = {};
  for (const field of select) {
    if (!(field in entity)) throw new ODataQueryError(`Property '${field}' is invalid in $select`);
    out[field] = entity[field];
  }
  return out;
}
