/**
 * @module
 * RCH's XML wrapper, `POST /service.cgi` with `<Service><cmd>…</cmd></Service>` (fiscal-rt.md §3,
 * lyancoder). One `<Request>` answers the whole request; commands run in order and stop at the first
 * error. `lastCmd` counts the commands run [U]; query results ride in a `<data>` element [U].
 * The native framed protocol (`rch-native.ts`) runs the same commands on the same session.
 */
import { WireNumberError } from './emulator-money';
import type { RefusalReason } from './emulator-refusal';
import { brandCodes, DeviceRefusal } from './emulator-refusal';
import { escapeXml, localName, parseXml, XmlParseError } from './emulator-xml';
import { RchSession } from './rch-commands';
import type { BrandEndpoint, EndpointReply, EndpointRequest, RtDevice } from './rt-device';
import { xmlReply } from './rt-device';

/** One command, as both transports run it: its data, whether it committed, or its refusal. */
export function runRchCommand(device: RtDevice, session: RchSession, command: string): { data?: string; committed: boolean; refusal?: RefusalReason } {
  try {
    if (command.startsWith('<')) device.guard('query');
    const result = session.run(command);
    return { ...(result.data !== undefined ? { data: result.data } : {}), committed: result.committed !== undefined || result.closed === true };
  } catch (error) {
    if (error instanceof DeviceRefusal) return { committed: false, refusal: error.reason };
    if (error instanceof WireNumberError) return { committed: false, refusal: 'bad-request' };
    throw error;
  }
}

interface RchOutcome {
  readonly ran: number;
  readonly data: string[];
  readonly committed: boolean;
  readonly refusal?: RefusalReason;
}

export class RchEndpoint implements BrandEndpoint {
  readonly brand = 'rch';
  readonly path = '/service.cgi';
  /** The open receipt and key mode, shared with the native TCP side. */
  readonly session: RchSession;

  constructor(private readonly device: RtDevice) {
    this.session = new RchSession(device);
  }

  handle(request: EndpointRequest): EndpointReply {
    let commands: string[];
    try {
      const root = parseXml(request.body);
      if (localName(root) !== 'Service') throw new XmlParseError('root must be Service');
      commands = root.children.filter((c) => localName(c) === 'cmd').map((c) => c.text);
      if (commands.length === 0) throw new XmlParseError('no cmd');
    } catch (error) {
      if (error instanceof XmlParseError) return this.reply({ ran: 0, data: [], committed: false, refusal: 'bad-request' });
      throw error;
    }
    return this.reply(this.runAll(commands));
  }

  private runAll(commands: readonly string[]): RchOutcome {
    const data: string[] = [];
    let committed = false;
    let ran = 0;
    for (const command of commands) {
      const outcome = runRchCommand(this.device, this.session, command);
      committed ||= outcome.committed;
      if (outcome.refusal) return { ran, data, committed, refusal: outcome.refusal };
      if (outcome.data !== undefined) data.push(outcome.data);
      ran += 1;
    }
    return { ran, data, committed };
  }

  private reply(outcome: RchOutcome): EndpointReply {
    const reason = outcome.refusal;
    const flag = (on: boolean): string => (on ? '1' : '0');
    const deviceProblem = reason !== undefined && reason !== 'bad-request' && reason !== 'busy';
    const fields = [
      `<errorCode>${reason ? brandCodes[reason].rch : 0}</errorCode>`,
      `<printerError>${flag(deviceProblem)}</printerError>`,
      `<paperEnd>${flag(reason === 'paper-end' || this.device.faults.has('paper-end'))}</paperEnd>`,
      `<coverOpen>${flag(reason === 'cover-open' || this.device.faults.has('cover-open'))}</coverOpen>`,
      `<lastCmd>${outcome.ran}</lastCmd>`,
      `<busy>${flag(reason === 'busy')}</busy>`,
      outcome.data.length > 0 ? `<data>${escapeXml(outcome.data.join('\n'))}</data>` : '',
    ].join('');
    return xmlReply(`<?xml version="1.0" encoding="utf-8"?>\n<Service><Request>${fields}</Request></Service>`, outcome.committed);
  }

  busyReply(): EndpointReply {
    return this.reply({ ran: 0, data: [], committed: false, refusal: 'busy' });
  }

  /** ASSUMPTION [U]: RCH has no named "no answer" code; its web server answers 504 with no body. */
  noAnswerReply(): EndpointReply {
    return { status: 504, headers: { 'content-type': 'text/plain' }, body: '', committed: false };
  }
}
