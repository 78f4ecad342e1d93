/**
 * @module
 * `npm run start:browser`: the till served over HTTP with the demo shop. Binds to 127.0.0.1
 * unless CASSA_TILL_HOST says otherwise; a host open to the LAN serves only tablets enrolled
 * with a code from the counter, answers only to this machine's addresses and the names in
 * CASSA_TILL_ALLOWED_HOSTS, and caps connections and slow requests. SIGTERM/SIGINT close the
 * HTTP server, drain the print queue and close SQLite cleanly.
 */
import { fileURLToPath } from 'node:url';
import { defaultDataDir } from './data-dir';
import { demoOwner } from './embedded-head-office';
import { createHttpHost } from './http-host';
import { allowedHostNames, listenTill } from './http-server';
import { loadOrCreatePinKeyFile, pinKeyFilePath } from './pin-key';
import { devicesFor, startTillRuntime } from './till-runtime';

const loopback = new Set(['127.0.0.1', '::1', 'localhost']);

async function main(): Promise<void> {
  const env = process.env;
  const host = env.CASSA_TILL_HOST ?? '127.0.0.1';
  const port = Number(env.CASSA_TILL_PORT ?? 5757);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`CASSA_TILL_PORT must be a port number, got ${env.CASSA_TILL_PORT}`);
  const dataDir = defaultDataDir(env);
  const runtime = await startTillRuntime({
    dataDir,
    ...devicesFor(dataDir, env),
    demo: env.CASSA_DEMO !== '0',
    pinKey: loadOrCreatePinKeyFile(pinKeyFilePath(dataDir)),
    embeddedHeadOffice: env.CASSA_EMBEDDED_SERVER === '0' ? null : { port: Number(env.CASSA_SERVER_PORT ?? 8787) },
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
  if (runtime.headOffice) {
    console.log(`Head office (embedded sync server) at ${runtime.headOffice.url}: demo owner ${demoOwner.email}, password ${demoOwner.password}`);
  }
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

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
