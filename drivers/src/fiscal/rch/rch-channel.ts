/**
 * @module
 * One operation (a list of commands) over either RCH transport, with every failure mapped to a
 * FiscalDeviceError. `issuingFrom` is the index of the first command that can issue (the first
 * `=T` total, the `=k` annullo, the Z report): a lost answer from there on is `outcome-unknown`;
 * before it nothing can have been issued.
 */
import type { FiscalFailure } from '@cassa/shared';
import { FiscalDeviceError } from '../fiscal-device';
import type { RchFiscalConnection } from '../fiscal-connection';
import { acceptedText, postToFiscalDevice } from '../fiscal-http';
import type { FetchLike } from '../fiscal-http';
import { failureOfFlags, failureOfFrame, frameDeviceCode, rchCommandTimeoutMs, refusal } from './rch-errors';
import { parseServiceCgiReply, serviceCgiBody } from './rch-http';
import { RchLinkError, RchTcpLink } from './rch-tcp';
import type { RchSocketFactory } from './rch-tcp';

export interface RchChannelOptions {
  readonly fetch?: FetchLike;
  readonly socketFactory?: RchSocketFactory;
  /** Per-command wait (default: rch-errors `rchCommandTimeoutMs`, 5 s / 30 s / longer). */
  readonly commandTimeoutMs?: (command: string) => number;
  /** Extra wait beyond a command's timeout. Default 2000 ms. */
  readonly replyGraceMs?: number;
}

/** What one command answered (TCP), or the whole post (HTTP, one entry). */
export interface RchStep {
  readonly lines: readonly string[];
  /** A read's answer: the first dump line, else the reply frame's data (rch-driver-js `response[0].data`). */
  readonly data: string | null;
  readonly receiptStatus: string | null;
  /** Set only when the run tolerates refusals (status reads): what the printer refused with. */
  readonly failure: FiscalFailure | null;
}

export interface RchRun {
  readonly commands: readonly string[];
  /** Index of the first command that may issue; `commands.length` (or more) for reads. */
  readonly issuingFrom: number;
  /** Hand refusals back in the step instead of throwing (status reads). */
  readonly tolerateRefusal?: boolean;
}

/** Sent, best effort, after a refusal before anything issued: cancel the open receipt, clear [U]. */
const abandonCommands = ['=a', '=K'];

export async function runRch(connection: RchFiscalConnection, run: RchRun, options: RchChannelOptions): Promise<RchStep[]> {
  return connection.protocol === 'tcp' ? runTcp(connection, run, options) : [await runHttp(connection, run, options)];
}

async function runTcp(connection: RchFiscalConnection, run: RchRun, options: RchChannelOptions): Promise<RchStep[]> {
  const timeoutFor = options.commandTimeoutMs ?? ((c: string) => rchCommandTimeoutMs(c));
  const grace = options.replyGraceMs ?? 2000;
  const link = await RchTcpLink.open(connection.host, connection.port, { ...(options.socketFactory ? { socketFactory: options.socketFactory } : {}), timeoutFor, replyGraceMs: grace });
  const steps: RchStep[] = [];
  try {
    for (const [index, command] of run.commands.entries()) {
      let answer;
      try {
        answer = await link.command(command, timeoutFor(command) + grace);
      } catch (error) {
        throw linkFailure(error, command, index >= run.issuingFrom);
      }
      const failure = failureOfFrame(answer.frame);
      steps.push({ lines: answer.lines, data: answer.lines[0] ?? answer.frame.data, receiptStatus: answer.frame.receiptStatus, failure });
      if (failure === null || run.tolerateRefusal) continue;
      const deviceCode = frameDeviceCode(answer.frame);
      if (index > run.issuingFrom) {
        throw new FiscalDeviceError('outcome-unknown', `The fiscal printer refused ${command} after the document's total went through: the document may have been issued (${deviceCode})`, { deviceCode });
      }
      // Refused at or before the first total: nothing issued, but a receipt may be open on the printer.
      if (index <= run.issuingFrom) await abandon(link, timeoutFor, grace);
      throw refusal(failure, command, deviceCode);
    }
    return steps;
  } finally {
    link.close();
  }
}

async function abandon(link: RchTcpLink, timeoutFor: (c: string) => number, grace: number): Promise<void> {
  for (const command of abandonCommands) {
    await link.command(command, timeoutFor(command) + grace).catch(() => undefined);
  }
}

function linkFailure(error: unknown, command: string, issuing: boolean): FiscalDeviceError {
  if (!(error instanceof RchLinkError)) return new FiscalDeviceError(issuing ? 'outcome-unknown' : 'offline', String(error), { cause: error });
  const failure: FiscalFailure = issuing ? 'outcome-unknown' : 'offline';
  const tail = issuing ? ': the document may have been issued; read the last document before any retry' : '';
  return new FiscalDeviceError(failure, `${error.message}${tail}`, { deviceCode: error.code, cause: error });
}

async function runHttp(connection: RchFiscalConnection, run: RchRun, options: RchChannelOptions): Promise<RchStep> {
  const timeoutFor = options.commandTimeoutMs ?? ((c: string) => rchCommandTimeoutMs(c));
  const issuing = run.issuingFrom < run.commands.length;
  // The printer runs the whole list before it answers: wait for its longest command [U].
  const waitMs = Math.max(connection.timeoutMs, ...run.commands.map(timeoutFor)) + (options.replyGraceMs ?? 2000);
  let text: string;
  try {
    const reply = await postToFiscalDevice(
      `${connection.protocol}://${connection.host}:${connection.port}/service.cgi`,
      { headers: { 'Content-Type': 'application/xml' }, body: serviceCgiBody(run.commands) },
      { fetch: options.fetch, waitMs },
    );
    text = await acceptedText(reply);
  } catch (error) {
    // A lost answer to a read is the printer being unreachable, not a document that may exist.
    if (!issuing && error instanceof FiscalDeviceError && error.failure === 'outcome-unknown') {
      throw new FiscalDeviceError('offline', error.message.replace(/: the document may have been issued.*$/, ''), { deviceCode: error.deviceCode, cause: error });
    }
    throw error;
  }
  const reply = parseServiceCgiReply(text, issuing ? 'outcome-unknown' : 'offline');
  const failure = failureOfFlags(reply);
  const deviceCode = `errorCode ${reply.errorCode}${reply.lastCmd === null ? '' : ` lastCmd ${reply.lastCmd}`}`;
  const step: RchStep = { lines: reply.lines, data: reply.lines[0] ?? null, receiptStatus: null, failure };
  if (failure === null) {
    if (issuing && reply.lastCmd !== null && reply.lastCmd < run.commands.length) {
      throw new FiscalDeviceError('outcome-unknown', `The fiscal printer reports ${reply.lastCmd} of ${run.commands.length} commands done without an error`, { deviceCode });
    }
    return step;
  }
  if (run.tolerateRefusal) return step;
  // lastCmd (1-based) at or before the first issuing command: nothing past it ran [U: its meaning].
  if (issuing && (reply.lastCmd === null || reply.lastCmd > run.issuingFrom)) {
    throw new FiscalDeviceError('outcome-unknown', `The fiscal printer stopped with ${failure} after command ${reply.lastCmd ?? '?'} of ${run.commands.length}: the document may have been issued`, { deviceCode });
  }
  throw refusal(failure, run.commands[Math.max((reply.lastCmd ?? 1) - 1, 0)] ?? 'the request', deviceCode);
}
