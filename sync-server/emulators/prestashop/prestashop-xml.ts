/**
 * @module
 * The little XML the PrestaShop webservice speaks: a `<prestashop>` envelope, one element per
 * field with its value in CDATA, `<language id="1">` children for translated fields and
 * `<associations>` holding lists (devdocs …/8/webservice/tutorials/create-product-az). Enough to
 * read what a client PUTs or POSTs and to answer in XML, which is the webservice's default.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

export class XmlSyntaxError extends Error {}

const entities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return entities[name] ?? whole;
  });
}

/** Parses one XML document into its root element; throws XmlSyntaxError on anything malformed. */
export function parseXml(source: string): XmlElement {
  let at = 0;
  const skipMisc = (): void => {
    for (;;) {
      while (at < source.length && /\s/.test(source[at] ?? '')) at += 1;
      if (source.startsWith('<?', at)) {
        const end = source.indexOf('?>', at);
        if (end < 0) throw new XmlSyntaxError('unterminated declaration');
        at = end + 2;
      } else if (source.startsWith('<!--', at)) {
        const end = source.indexOf('-->', at);
        if (end < 0) throw new XmlSyntaxError('unterminated comment');
        at = end + 3;
      } else return;
    }
  };
  const element = (depth: number): XmlElement => {
    if (depth > 40) throw new XmlSyntaxError('nested too deep');
    const open = /^<([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(source.slice(at, at + 4000));
    if (!open) throw new XmlSyntaxError(`expected an element at ${at}`);
    const [whole, name = '', rawAttributes = '', selfClosing] = open;
    at += whole.length;
    const attributes: Record<string, string> = {};
    for (const match of rawAttributes.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attributes[match[1] ?? ''] = decode(match[2] ?? match[3] ?? '');
    if (selfClosing === '/') return { name, attributes, children: [], text: '' };
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      if (at >= source.length) throw new XmlSyntaxError(`unterminated <${name}>`);
      if (source.startsWith('<![CDATA[', at)) {
        const end = source.indexOf(']]>', at);
        if (end < 0) throw new XmlSyntaxError('unterminated CDATA');
        text += source.slice(at + 9, end);
        at = end + 3;
      } else if (source.startsWith('<!--', at)) {
        const end = source.indexOf('-->', at);
        if (end < 0) throw new XmlSyntaxError('unterminated comment');
        at = end + 3;
      } else if (source.startsWith('</', at)) {
        const end = source.indexOf('>', at);
        if (end < 0 || source.slice(at + 2, end).trim() !== name) throw new XmlSyntaxError(`mismatched </${name}>`);
        at = end + 1;
        return { name, attributes, children, text: children.length > 0 ? text.trim() : text };
      } else if (source[at] === '<') {
        children.push(element(depth + 1));
      } else {
        const next = source.indexOf('<', at);
        const end = next < 0 ? source.length : next;
        text += decode(source.slice(at, end));
        at = end;
      }
    }
  };
  skipMisc();
  const root = element(0);
  skipMisc();
  if (at !== source.length) throw new XmlSyntaxError('content after the root element');
  return root;
}

export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((candidate) => candidate.name === name);
}

/** A field's value: its text, or for a translated field the first language's. */
export function fieldText(element: XmlElement | undefined): string | undefined {
  if (element === undefined) return undefined;
  const language = child(element, 'language');
  return language === undefined ? element.text.trim() : language.text.trim();
}

function escapeCdata(value: string): string {
  // `]]>` cannot sit inside CDATA: split it across two sections.
  return value.replaceAll(']]>', ']]]]><![CDATA[>');
}

/** A JSON-shaped record as the webservice's XML: scalars in CDATA, `[{id, value}]` as languages, lists as repeated singular elements. */
export function toXml(name: string, value: unknown, singular: (plural: string) => string, indent = ''): string {
  if (value === null || value === undefined) return `${indent}<${name}/>`;
  if (Array.isArray(value)) {
    const items = value as unknown[];
    if (items.every((item) => typeof item === 'object' && item !== null && 'value' in item && 'id' in item && Object.keys(item).length === 2)) {
      const languages = items.map((item) => {
        const language = item as { id: unknown; value: unknown };
        return `${indent}  <language id="${String(language.id)}"><![CDATA[${escapeCdata(String(language.value))}]]></language>`;
      });
      return `${indent}<${name}>\n${languages.join('\n')}\n${indent}</${name}>`;
    }
    const inner = items.map((item) => toXml(singular(name), item, singular, `${indent}  `));
    return `${indent}<${name}>\n${inner.join('\n')}\n${indent}</${name}>`;
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>).map(([key, field]) => toXml(key, field, singular, `${indent}  `));
    return `${indent}<${name}>\n${inner.join('\n')}\n${indent}</${name}>`;
  }
  return `${indent}<${name}><![CDATA[${escapeCdata(String(value as string | number | boolean))}]]></${name}>`;
}
