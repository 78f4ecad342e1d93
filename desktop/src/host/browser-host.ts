/**
 * @module
 * The till served over HTTP: binds to 127.0.0.1 unless CASSA_TILL_HOST says otherwise; a host
 * open to the LAN serves only tablets enrolled with a code from the counter, answers only to this
 * machine's addresses and the names in CASSA_TILL_ALLOWED_HOSTS, and caps connections and slow
 * requests. SIGTERM/SIGINT close the HTTP server, drain the print queue and close SQLite cleanly.
 * `cli.ts` runs it with the till alone; the demo launcher adds its head office through
 * `startRuntime`.
 */
import { fileURLToPath } from 'node:url';
import { defaultDataDir } from './data-dir';
import { createHttpHost } from './http-host';
import { allowedHostNames, listenTill } from './http-server';
import { loadOrCreatePinKeyFile, pinKeyFilePath } from './pin-key';
import type { TillRuntime, TillRuntimeOptions } from './till-runtime';
import { devicesFor } from './till-runtime';

const loopback = new Set(['127.0.0.1', '::1', 'localhost']);

export interface BrowserHostOptions<R extends TillRuntime> {
  readonly env: NodeJS.ProcessEnv;
  /** Starts the till from the options the environment gives (`startTillRuntime`, or the demo's). */
  readonly startRuntime: (options: TillRuntimeOptions) => Promise<R>;
  /** Lines printed after the ready line, e.g. where the demo's head office runs. */
  readonly announce?: (runtime: R) => readonly string[];
}

/** Starts the till and its HTTP server; resolves once it listens. The process then runs until a signal. */
export async function runBrowserHost<R extends TillRuntime>(options: BrowserHostOptions<R>): Promise<void> {
  const { env } = options;
  const host = env.CASSA_TILL_HOST ?? '127.0.0.1';
  const port = Number(env.CASSA_TILL_PORT ?? 5757);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`CASSA_TILL_PORT must be a port number, got ${env.CASSA_TILL_PORT}`);
  const dataDir = defaultDataDir(env);
  const runtime = await options.startRuntime({
    dataDir,
    ...devicesFor(dataDir, env),
    demo: env.CASSA_DEMO !== '0',
    pinKey: loadOrCreatePinKeyFile(pinKeyFilePath(dataDir)),
  });
  const { core } = runtime;
  const app = createHttpHost({
    dispatcher: core.dispatcher,
    events: core.events,
    staticDir: fileURLToPath(new URL('../../dist/renderer', import.meta.url)),
    trustedLocal: loopback.has(host),
    resolveDevice: (secret) => core.services.lanDevices.resolve(secret),
    allowedHosts: allowedHostNames(env.CASSA_TILL_ALLOWED_HOSTS),
    // The counter PC's own browser (http://127.0.0.1:…) is the counter: no enrolment.
    trustLoopbackPeers: true,
  });
  const { server, port: boundPort } = await listenTill(app, { hostname: host, port });
  const shown = host.includes(':') ? `[${host}]` : host;
  // The first line is what scripts and tests wait for.
  console.log(`Cassa till ready at http://${shown}:${boundPort} (data: ${dataDir})`);
  for (const line of options.announce?.(runtime) ?? []) console.log(line);
  if (!loopback.has(host)) console.log('Open to the network: tablets join with a code a manager shows in the back office (Devices).');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing the till`);
    server.close();
    // SSE streams hold connections open; closeAllConnections lets close() finish now.
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    runtime
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error('The till did not close cleanly:', error);
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
