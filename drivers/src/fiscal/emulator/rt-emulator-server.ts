/**
 * @module
 * The RT emulator's HTTP server (node:http, 127.0.0.1): the brand endpoints of one emulated device
 * and the test-control API under /__mock/. One request at a time, as on the real devices
 * (fiscal-rt.md §1 "Send one request at a time", §5.7): a request that arrives while another is
 * being handled gets the brand's "busy" answer. After-print faults act here, on the socket.
 *
 * @example
 * const rt = await startRtEmulator({ port: 0, clock: new ManualClock('2026-12-03T09:00:00') });
 * await fetch(`${rt.url}/cgi-bin/fpmate.cgi`, { method: 'POST', body: envelope });
 * await rt.close();
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CustomEndpoint } from './custom-endpoint';
import type { ManualClock, SystemClock } from './emulator-clock';
import type { DepartmentTable } from './emulator-departments';
import { faultNames } from './emulator-faults';
import type { FaultName } from './emulator-faults';
import { EpsonEndpoint } from './epson-endpoint';
import { RchEndpoint } from './rch-endpoint';
import type { RchNativeHooks, RchNativeServer } from './rch-native';
import { startRchNative } from './rch-native';
import type { BrandEndpoint, EndpointReply } from './rt-device';
import { RtDevice } from './rt-device';

export type EmulatedBrand = 'epson' | 'custom' | 'rch';
export const emulatedBrands: readonly EmulatedBrand[] = ['epson', 'custom', 'rch'];

export interface RtEmulatorOptions {
  /** 0 picks a free port (tests). */
  readonly port?: number;
  readonly host?: string;
  /** Which endpoints answer; all by default. They share one device (one state, one journal). */
  readonly brands?: readonly EmulatedBrand[];
  readonly serial?: string;
  readonly clock: ManualClock | SystemClock;
  readonly departments?: DepartmentTable;
  readonly z?: number;
  /** How long printing a document or a closure keeps the device busy (default 0). */
  readonly printMs?: number;
  readonly customUser?: string;
  readonly customPassword?: string;
  /** RCH's native framed protocol on its own TCP port (0 picks one); off when absent. Needs the rch brand. */
  readonly rchNativePort?: number;
}

export interface RtEmulator {
  readonly url: string;
  readonly port: number;
  readonly device: RtDevice;
  /** The port of RCH's native framed protocol, when it was asked for. */
  readonly rchNativePort?: number;
  close(): Promise<void>;
}

const maxBody = 1024 * 1024;
const sleep = (ms: number, timers: Set<NodeJS.Timeout>): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      resolve();
    }, ms);
    timers.add(timer);
  });

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) reject(new BodyTooLarge());
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, reply: EndpointReply): void {
  if (response.destroyed) return;
  response.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) });
  response.end(reply.body);
}

function json(response: ServerResponse, status: number, value: unknown): void {
  send(response, { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value), committed: false });
}

class EmulatorServer {
  readonly device: RtDevice;
  private readonly endpoints = new Map<string, BrandEndpoint>();
  handling = false;
  readonly rch: RchEndpoint | undefined;
  readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: RtEmulatorOptions) {
    this.device = new RtDevice({
      clock: options.clock,
      ...(options.serial ? { serial: options.serial } : {}),
      ...(options.departments ? { departments: options.departments } : {}),
      ...(options.z ? { z: options.z } : {}),
      ...(options.customUser ? { customUser: options.customUser } : {}),
      ...(options.customPassword ? { customPassword: options.customPassword } : {}),
    });
    const brands = options.brands ?? emulatedBrands;
    const rch = new RchEndpoint(this.device);
    const all: BrandEndpoint[] = [new EpsonEndpoint(this.device), new CustomEndpoint(this.device), rch];
    for (const endpoint of all) if (brands.includes(endpoint.brand)) this.endpoints.set(endpoint.path, endpoint);
    this.rch = brands.includes('rch') ? rch : undefined;
  }

  async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    let body: string;
    try {
      body = await readBody(request);
    } catch (error) {
      if (error instanceof BodyTooLarge) return json(response, 413, { error: 'body over 1 MiB' });
      throw error;
    }
    if (path.startsWith('/__mock/')) return this.control(request.method ?? 'GET', path, body, response);
    const endpoint = this.endpoints.get(path);
    if (!endpoint) return json(response, 404, { error: `no endpoint ${path}`, endpoints: [...this.endpoints.keys()] });
    if (request.method !== 'POST') return json(response, 405, { error: 'POST only' });
    if (this.handling) return send(response, endpoint.busyReply());
    this.handling = true;
    let reply: EndpointReply;
    try {
      reply = endpoint.handle({ body, headers: request.headers });
      if (reply.committed && (this.options.printMs ?? 0) > 0) await sleep(this.options.printMs ?? 0, this.timers);
    } finally {
      this.handling = false;
    }
    if (!reply.committed) return send(response, reply);
    await this.afterPrint(endpoint, reply, request, response);
  }

  /** The document is committed; now the reply may be late, dropped or "no answer". */
  private async afterPrint(endpoint: BrandEndpoint, reply: EndpointReply, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const fault = this.device.faults.takeAfterPrint();
    if (!fault) return send(response, reply);
    if (fault.fault === 'drop-after-print') {
      request.socket.destroy();
      return;
    }
    if (fault.fault === 'no-answer-after-print') return send(response, endpoint.noAnswerReply());
    await sleep(fault.delayMs, this.timers);
    send(response, reply);
  }

  private control(method: string, path: string, body: string, response: ServerResponse): void {
    const route = `${method} ${path}`;
    if (route === 'GET /__mock/state') {
      return json(response, 200, { brands: [...this.endpoints.values()].map((e) => e.brand), busy: this.handling, faults: this.device.faults.snapshot(), ...this.device.state.snapshot() });
    }
    let input: Record<string, unknown>;
    try {
      const parsed: unknown = body.trim() === '' ? {} : JSON.parse(body);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('a JSON object is needed');
      input = parsed as Record<string, unknown>;
    } catch (error) {
      return json(response, 400, { error: error instanceof Error ? error.message : 'bad JSON' });
    }
    try {
      switch (route) {
        case 'POST /__mock/fault':
          return json(response, 200, { faults: this.setFault(input) });
        case 'POST /__mock/reset':
          this.device.reset();
          return json(response, 200, { ok: true });
        case 'POST /__mock/clock':
          return json(response, 200, { clock: this.setClock(input) });
        case 'POST /__mock/files':
          if (input['outcome'] !== 'sent' && input['outcome'] !== 'rejected') throw new Error('outcome must be sent or rejected');
          this.device.state.settleFiles(input['outcome']);
          return json(response, 200, { fileCounts: this.device.state.fileCounts() });
        default:
          return json(response, 404, { error: `no control ${route}`, controls: controlUsage });
      }
    } catch (error) {
      return json(response, 400, { error: error instanceof Error ? error.message : String(error) });
    }
  }

  private setFault(input: Record<string, unknown>): unknown {
    const fault = input['fault'];
    if (fault !== 'none' && !faultNames.includes(fault as FaultName)) throw new Error(`fault must be none or one of ${faultNames.join(', ')}`);
    const count = input['count'];
    const delayMs = input['delayMs'];
    if (count !== undefined && typeof count !== 'number') throw new Error('count must be a number');
    if (delayMs !== undefined && typeof delayMs !== 'number') throw new Error('delayMs must be a number');
    this.device.faults.set({ fault: fault as FaultName | 'none', ...(count !== undefined ? { count } : {}), ...(delayMs !== undefined ? { delayMs } : {}) });
    return this.device.faults.snapshot();
  }

  private setClock(input: Record<string, unknown>): string {
    const { set, advanceMs } = input;
    if (set === undefined && advanceMs === undefined) throw new Error('give set ("2026-12-03T09:00:00") or advanceMs');
    if (set !== undefined) {
      if (typeof set !== 'string') throw new Error('set must be a string');
      this.options.clock.set(set);
    }
    if (advanceMs !== undefined) {
      if (typeof advanceMs !== 'number' || !Number.isInteger(advanceMs)) throw new Error('advanceMs must be an integer');
      this.options.clock.advance(advanceMs);
    }
    return String(this.device.state.snapshot()['clock']);
  }
}

/** One line for humans: the control API. */
export const controlUsage =
  'GET /__mock/state · POST /__mock/fault {"fault":"paper-end"|…|"none","count"?,"delayMs"?} · POST /__mock/reset · POST /__mock/clock {"set"?:"2026-12-03T09:00:00","advanceMs"?} · POST /__mock/files {"outcome":"sent"|"rejected"}';

/** Starts the emulator; resolves once it listens. */
export async function startRtEmulator(options: RtEmulatorOptions): Promise<RtEmulator> {
  const emulator = new EmulatorServer(options);
  const server: Server = createServer((request, response) => {
    emulator.serve(request, response).catch((error: unknown) => {
      if (!response.headersSent) json(response, 500, { error: error instanceof Error ? error.message : String(error) });
      else response.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const native = await startNative(emulator, options, host);
  return {
    url: `http://${host}:${port}`,
    port,
    device: emulator.device,
    ...(native ? { rchNativePort: native.port } : {}),
    close: async () => {
      for (const timer of emulator.timers) clearTimeout(timer);
      emulator.timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (native) await native.close();
    },
  };
}

function startNative(emulator: EmulatorServer, options: RtEmulatorOptions, host: string): Promise<RchNativeServer> | undefined {
  if (options.rchNativePort === undefined) return undefined;
  if (!emulator.rch) throw new Error('the RCH native port needs the rch brand');
  const hooks: RchNativeHooks = {
    isBusy: () => emulator.handling,
    setBusy: (busy) => {
      emulator.handling = busy;
    },
    printMs: () => options.printMs ?? 0,
    sleep: (ms) => sleep(ms, emulator.timers),
  };
  return startRchNative(emulator.device, emulator.rch.session, hooks, options.rchNativePort, host);
}

