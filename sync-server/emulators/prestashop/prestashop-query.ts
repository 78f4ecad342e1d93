/**
 * @module
 * The webservice's list parameters over rendered records (devdocs …/8/webservice/cheat-sheet):
 * `filter[f]=[1|5]` (any of), `[1,10]` (an interval; for dates the upper bound is exclusive,
 * docs PR #405), `>[x]`, `<[x]`, `[Jo]%` (prefix); `sort=[f_ASC,g_DESC]`; `limit=count` or
 * `limit=offset,count`; `display=full|[f1,f2]`. Dates filter only with `date=1`.
 */

export class QueryError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

type Row = Record<string, unknown>;

const dateFields = new Set(['date_add', 'date_upd']);

function compare(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

function matcher(field: string, raw: string): (value: string) => boolean {
  let match = /^([<>])\[(.*)\]$/.exec(raw);
  if (match) {
    const bound = match[2] ?? '';
    return match[1] === '>' ? (value) => compare(value, bound) > 0 : (value) => compare(value, bound) < 0;
  }
  match = /^\[(.*)\]%$/.exec(raw);
  if (match) {
    const prefix = match[1] ?? '';
    return (value) => value.startsWith(prefix);
  }
  match = /^\[(.*)\]$/.exec(raw);
  if (!match) throw new QueryError(400, 33, `The filter "${field}" is malformed: use [value], [a|b], [from,to], >[x] or <[x]`);
  const inner = match[1] ?? '';
  const interval = /^([^,|]*),([^,|]*)$/.exec(inner);
  if (interval) {
    const from = interval[1] ?? '';
    const to = interval[2] ?? '';
    const exclusiveTop = dateFields.has(field);
    return (value) => compare(value, from) >= 0 && (exclusiveTop ? compare(value, to) < 0 : compare(value, to) <= 0);
  }
  const options = inner.split('|');
  return (value) => options.some((option) => compare(value, option) === 0);
}

export interface ListQuery {
  readonly filters: ReadonlyMap<string, string>;
  readonly sort: string | null;
  readonly limit: string | null;
  readonly display: string | null;
  readonly dateFilters: boolean;
}

export function readListQuery(url: URL): ListQuery {
  const filters = new Map<string, string>();
  for (const [key, value] of url.searchParams) {
    const match = /^filter\[([\w]+)\]$/.exec(key);
    if (match) filters.set(match[1] ?? '', value);
  }
  return { filters, sort: url.searchParams.get('sort'), limit: url.searchParams.get('limit'), display: url.searchParams.get('display'), dateFilters: url.searchParams.get('date') === '1' };
}

export function applyListQuery(rows: readonly Row[], query: ListQuery): Row[] {
  let result = [...rows];
  for (const [field, raw] of query.filters) {
    if (dateFields.has(field) && !query.dateFilters) throw new QueryError(400, 33, `This filter does not exist: ${field} (add date=1 to filter by date)`);
    const test = matcher(field, raw);
    result = result.filter((row) => {
      const value = row[field];
      if (value === undefined || (typeof value === 'object' && value !== null)) return false;
      return test(String(value as string | number));
    });
  }
  if (query.sort !== null) {
    const match = /^\[(.*)\]$/.exec(query.sort);
    if (!match) throw new QueryError(400, 37, "The 'sort' value has to be formed as this example: 'field_ASC' or '[field_1_DESC,field_2_ASC,...]'");
    const keys = (match[1] ?? '').split(',').map((part) => {
      const order = /^(\w+)_(ASC|DESC)$/i.exec(part.trim());
      if (!order) throw new QueryError(400, 37, `Unable to sort by "${part}"`);
      return { field: order[1] ?? '', sign: (order[2] ?? '').toUpperCase() === 'DESC' ? -1 : 1 };
    });
    result.sort((a, b) => {
      for (const key of keys) {
        const difference = compare(String(a[key.field] ?? ''), String(b[key.field] ?? ''));
        if (difference !== 0) return key.sign * difference;
      }
      return 0;
    });
  }
  if (query.limit !== null) {
    const match = /^(\d+)(?:,(\d+))?$/.exec(query.limit.trim());
    if (!match) throw new QueryError(400, 38, "The 'limit' value has to be formed as this example: '5,25' or '10'");
    const offset = match[2] === undefined ? 0 : Number(match[1]);
    const count = match[2] === undefined ? Number(match[1]) : Number(match[2]);
    result = result.slice(offset, offset + count);
  }
  return result;
}

/** Without `display` a list shows ids only; `full` everything; `[a,b]` those fields. */
export function project(row: Row, display: string | null): Row {
  if (display === 'full') return row;
  if (display === null) return { id: row['id'] };
  const match = /^\[(.*)\]$/.exec(display);
  if (!match) throw new QueryError(400, 36, "The 'display' syntax is wrong. You can set 'full' or '[field_1,field_2,field_3,...]'");
  const projected: Row = {};
  for (const field of (match[1] ?? '').split(',').map((part) => part.trim())) {
    if (!(field in row)) throw new QueryError(400, 35, `Unable to display this field "${field}"`);
    projected[field] = row[field];
  }
  return projected;
}
