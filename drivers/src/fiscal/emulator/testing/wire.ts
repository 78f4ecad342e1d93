/**
 * @module
 * Test helpers that speak the raw wire formats to the emulator with fetch, as an outside client
 * would: build the request text by hand, read reply fields with plain regular expressions.
 */

export interface WireReply {
  readonly status: number;
  readonly text: string;
  /** The text of the first `<name>…</name>` in the reply. */
  field(name: string): string | undefined;
  /** The value of an attribute of the first `<element …>`. */
  attribute(element: string, name: string): string | undefined;
}

function wireReply(status: number, text: string): WireReply {
  return {
    status,
    text,
    field: (name) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1],
    attribute: (element, name) => new RegExp(`<${element}\\b[^>]*\\s${name}="([^"]*)"`).exec(text)?.[1],
  };
}

export function epsonEnvelope(inner: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>${inner}</s:Body></s:Envelope>`;
}

export async function postText(url: string, body: string, headers: Record<string, string> = {}): Promise<WireReply> {
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'text/xml; charset=utf-8', ...headers } });
  return wireReply(response.status, await response.text());
}

export function postEpson(base: string, inner: string): Promise<WireReply> {
  return postText(`${base}/cgi-bin/fpmate.cgi?devid=local_printer&timeout=10000`, epsonEnvelope(inner), {
    SOAPAction: '""',
    'If-Modified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT',
  });
}

export function basicAuth(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

export function postCustom(base: string, xml: string, serial = '99MEY012345'): Promise<WireReply> {
  return postText(`${base}/xml/printer.htm`, xml, basicAuth(serial, serial));
}

export function postRch(base: string, commands: readonly string[]): Promise<WireReply> {
  const body = `<?xml version="1.0" encoding="utf-8"?><Service>${commands.map((c) => `<cmd>${c.replaceAll('&', '&amp;').replaceAll('<', '&lt;')}</cmd>`).join('')}</Service>`;
  return postText(`${base}/service.cgi`, body, { 'content-type': 'application/xml' });
}

export async function control(base: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const init: RequestInit = body === undefined && path === 'state' ? {} : { method: 'POST', body: JSON.stringify(body ?? {}), headers: { 'content-type': 'application/json' } };
  const response = await fetch(`${base}/__mock/${path}`, init);
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** An Epson sale: lines as [description, quantity, unitPrice, department], then tenders as [payment, paymentType, index]. */
export function epsonSale(lines: readonly (readonly [string, string, string, number])[], tenders: readonly (readonly [string, number, number])[], extra = ''): string {
  const items = lines
    .map(([description, quantity, price, dept]) => `<printRecItem operator="1" description="${description}" quantity="${quantity}" unitPrice="${price}" department="${dept}" justification="1"/>`)
    .join('');
  const totals = tenders.map(([payment, type, index]) => `<printRecTotal operator="1" description="PAGAMENTO" payment="${payment}" paymentType="${type}" index="${index}" justification="1"/>`).join('');
  return `<printerFiscalReceipt><beginFiscalReceipt operator="1"/>${items}${extra}${totals}<endFiscalReceipt operator="1"/></printerFiscalReceipt>`;
}

export function directIo(command: string, data: string): string {
  return `<printerCommand><directIO command="${command}" data="${data}"/></printerCommand>`;
}
