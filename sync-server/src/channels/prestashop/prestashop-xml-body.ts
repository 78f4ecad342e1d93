/**
 * @module
 * The XML bodies the connector writes: `<prestashop><resource>…</resource></prestashop>`, every
 * value in CDATA (reference §1 Writes; devdocs …/8/webservice/tutorials/create-product-az),
 * translated fields as `<language id="…">`, and associations as lists of `{id}`.
 */

export type XmlField = string | number | { readonly language: string; readonly languageId: number };

function cdata(value: string): string {
  const clean = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
  return `<![CDATA[${clean.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** `associations` holds lists: `{ product_option_values: { list: 'product_option_value', ids } }`. */
export function xmlRecord(resource: string, fields: Readonly<Record<string, XmlField>>, associations: Readonly<Record<string, { readonly list: string; readonly ids: readonly number[] }>> = {}): string {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'object') lines.push(`<${name}><language id="${value.languageId}">${cdata(value.language)}</language></${name}>`);
    else lines.push(`<${name}>${cdata(String(value))}</${name}>`);
  }
  const lists = Object.entries(associations).map(([name, { list, ids }]) => `<${name}>${ids.map((id) => `<${list}><id>${cdata(String(id))}</id></${list}>`).join('')}</${name}>`);
  if (lists.length > 0) lines.push(`<associations>${lists.join('')}</associations>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<prestashop xmlns:xlink="http://www.w3.org/1999/xlink">\n<${resource}>\n${lines.join('\n')}\n</${resource}>\n</prestashop>\n`;
}
