/**
 * @module
 * One emulated RT: its fiscal state, its faults, its clock, and the brand endpoints' shared rules
 * (guard an operation, reply shapes). The HTTP server in `rt-emulator-server.ts` owns the "one
 * request at a time" rule; this class owns what a request may do.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorClock } from './emulator-clock';
import type { DepartmentTable } from './emulator-departments';
import type { Operation } from './emulator-faults';
import { FaultBoard } from './emulator-faults';
import { DeviceRefusal } from './emulator-refusal';
import { FiscalState } from './fiscal-state';

export interface RtDeviceOptions {
  readonly serial?: string;
  readonly clock: EmulatorClock;
  readonly departments?: DepartmentTable;
  readonly z?: number;
  /** Custom's Basic-auth user and password (default: the serial for both, as lyancoder does). */
  readonly customUser?: string;
  readonly customPassword?: string;
  /** ASSUMPTION [U]: the certificate's expiry written in 1138 [21-26]; default two years after start. */
  readonly certificateExpiry?: string;
}

export class RtDevice {
  state: FiscalState;
  readonly faults = new FaultBoard();

  constructor(readonly options: RtDeviceOptions) {
    this.state = this.freshState();
  }

  get clock(): EmulatorClock {
    return this.options.clock;
  }

  private freshState(): FiscalState {
    const { serial, clock, departments, z } = this.options;
    return new FiscalState({ clock, ...(serial ? { serial } : {}), ...(departments ? { departments } : {}), ...(z ? { z } : {}) });
  }

  /** Back to a device fresh from the technician: empty journal, no faults. */
  reset(): void {
    this.state = this.freshState();
    this.faults.clear();
  }

  /** Throws the refusal a fault or the state imposes on this operation. */
  guard(operation: Operation): void {
    const fault = this.faults.refusalFor(operation);
    if (fault) throw new DeviceRefusal(fault, 'injected fault');
    if (operation === 'document') this.state.assertCanEmit();
  }

  /** Paper end or cover open: the printer is "offline" in Epson's status digit [0]. */
  get printerOffline(): boolean {
    return this.faults.has('paper-end') || this.faults.has('cover-open');
  }

  get journalDigit(): 0 | 1 | 5 {
    if (this.faults.has('journal-full')) return 5;
    return this.faults.has('journal-near-full') ? 1 : 0;
  }

  get inService(): boolean {
    return !this.faults.has('not-in-service');
  }

  get zNeeded(): boolean {
    return this.state.closureNeeded || this.faults.has('closure-needed');
  }
}

export interface EndpointRequest {
  readonly body: string;
  readonly headers: IncomingHttpHeaders;
}

export interface EndpointReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** A document or a closure was committed while answering: after-print faults apply. */
  readonly committed: boolean;
}

export interface BrandEndpoint {
  readonly brand: 'epson' | 'custom' | 'rch';
  readonly path: string;
  handle(request: EndpointRequest): EndpointReply;
  /** The reply to a request that arrives while another is being handled. */
  busyReply(): EndpointReply;
  /** The reply for the "no answer after printing" fault. */
  noAnswerReply(): EndpointReply;
}

export function xmlReply(body: string, committed = false, status = 200): EndpointReply {
  return { status, headers: { 'content-type': 'text/xml; charset=utf-8' }, body, committed };
}
