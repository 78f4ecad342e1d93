/**
 * @module
 * The emulator's own small XML reader and writer: elements, attributes, text, the five named
 * entities and numeric references. Enough for the requests Epson, Custom and RCH devices accept;
 * anything else (NUL bytes, unbalanced tags, DOCTYPE) is a parse error, which the device answers as
 * a bad request. Deliberately not shared with the adapters.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** The element's own text (not its children's), entity-decoded and trimmed. */
  readonly text: string;
}

export class XmlParseError extends Error {}

const entities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, body: string) => {
    if (body.startsWith('#x')) return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(Number.parseInt(body.slice(1), 10));
    const named = entities[body];
    if (named === undefined) throw new XmlParseError(`unknown entity ${whole}`);
    return named;
  });
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${Object.entries(entities).find(([, v]) => v === c)?.[0] ?? 'amp'};`);
}

interface Building {
  name: string;
  attributes: Map<string, string>;
  children: XmlElement[];
  text: string;
}

const tagPattern = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
const attributePattern = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/g;

function readAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of source.matchAll(attributePattern)) {
    const name = match[1] ?? '';
    if (attributes.has(name)) throw new XmlParseError(`attribute ${name} given twice`);
    attributes.set(name, decode(match[2] ?? match[3] ?? ''));
  }
  return attributes;
}

function freeze(element: Building): XmlElement {
  return { name: element.name, attributes: element.attributes, children: element.children, text: decode(element.text).trim() };
}

/** Parses one document with one root element. */
export function parseXml(source: string): XmlElement {
  if (source.includes('\u0000')) throw new XmlParseError('NUL byte in XML');
  if (/<!DOCTYPE/i.test(source)) throw new XmlParseError('DOCTYPE is not accepted');
  const stack: Building[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const textEnd = lt === -1 ? source.length : lt;
    const text = source.slice(i, textEnd);
    const top = stack.at(-1);
    if (top) top.text += text;
    else if (text.trim() !== '') throw new XmlParseError('text outside the root element');
    if (lt === -1) break;
    if (source.startsWith('<?', lt) || source.startsWith('<!--', lt)) {
      const close = source.indexOf(source.startsWith('<?', lt) ? '?>' : '-->', lt);
      if (close === -1) throw new XmlParseError('unterminated declaration or comment');
      i = close + (source.startsWith('<?', lt) ? 2 : 3);
      continue;
    }
    tagPattern.lastIndex = lt;
    const tag = tagPattern.exec(source);
    if (!tag) throw new XmlParseError(`malformed tag at ${lt}`);
    i = tagPattern.lastIndex;
    const [, closing, name = '', attributeSource = '', selfClosing] = tag;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) throw new XmlParseError(`unexpected </${name}>`);
      const done = freeze(open);
      const parent = stack.at(-1);
      if (parent) parent.children.push(done);
      else if (root) throw new XmlParseError('two root elements');
      else root = done;
      continue;
    }
    const element: Building = { name, attributes: readAttributes(attributeSource), children: [], text: '' };
    if (selfClosing) {
      const parent = stack.at(-1);
      if (parent) parent.children.push(freeze(element));
      else if (root) throw new XmlParseError('two root elements');
      else root = freeze(element);
    } else stack.push(element);
  }
  if (stack.length > 0) throw new XmlParseError(`<${stack.at(-1)?.name ?? ''}> is not closed`);
  if (!root) throw new XmlParseError('no root element');
  return root;
}

/** The element's name without its namespace prefix ("s:Envelope" → "Envelope"). */
export function localName(element: XmlElement): string {
  const colon = element.name.indexOf(':');
  return colon === -1 ? element.name : element.name.slice(colon + 1);
}

export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => localName(child) === name);
}
