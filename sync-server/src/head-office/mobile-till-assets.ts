/**
 * @module
 * Serves the mobile till (issue 20) at `/till/`: the installable app built by
 * `npm run build:mobile` into `desktop/dist-mobile`. Shops install it from head office's own
 * address, so the till's sync calls go to the same origin (no CORS). The service worker and the
 * page are never cached by the browser (a new build must be seen); hashed assets are cached for a
 * year. A till that was not built answers a clear 503 page, never the head-office app.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';

export const MOBILE_TILL_PATH = '/till/';

/** `desktop/dist-mobile` beside these sources (a bundle must pass its own root, as for the web app). */
export function defaultMobileTillRoot(): string {
  const here = (import.meta as { url?: string }).url;
  if (!here) throw new Error('The mobile till root must be given explicitly when Cassa runs from a bundle');
  return resolve(fileURLToPath(new URL('../../../desktop/dist-mobile', here)));
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * The till's code compiles WebAssembly (SQLite, the barcode reader): `wasm-unsafe-eval` allows
 * exactly that and no `eval`. Workers are the app's own files; the camera needs `blob:` images.
 */
const csp = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

const securityHeaders = {
  'Content-Security-Policy': csp,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  // The camera for the barcode scanner and the pairing QR, from this origin only.
  'Permissions-Policy': 'camera=(self), microphone=(), geolocation=()',
};

const notBuiltPage = `<!doctype html><html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Cassa</title></head>
<body><h1>La cassa per telefono non è installata su questo server</h1><p>Chi gestisce il server esegue <code>npm run build:mobile</code> e riavvia.</p>
<h1 lang="en">The mobile till is not installed on this server</h1><p lang="en">The server's administrator runs <code>npm run build:mobile</code> and restarts it.</p></body></html>`;

function notBuilt(): Response {
  return new Response(notBuiltPage, { status: 503, headers: { ...securityHeaders, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

/** How long the browser may keep a file: content-hashed assets forever, everything else revalidated. */
function cacheControlOf(relativePath: string): string {
  return relativePath.startsWith(`assets${sep}`) || relativePath.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

function decodePath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/** The handler for `GET /till/*`: a file of the build, else (an app route) index.html. */
export function serveMobileTill(givenRoot?: string) {
  // Resolved on the first request: a bundle (the Electron demo's embedded head office) has no
  // import.meta.url, and a till it cannot find must be a 503 there, not a crash at start.
  let root: string | null | undefined = givenRoot;
  return (c: Context): Response => {
    if (root === undefined) {
      try {
        root = defaultMobileTillRoot();
      } catch {
        root = null;
      }
    }
    if (root === null) return notBuilt();
    const decoded = decodePath(c.req.path.slice(MOBILE_TILL_PATH.length));
    if (decoded === null || decoded.includes('\0')) {
      return new Response('Bad request: malformed path', { status: 400, headers: { ...securityHeaders, 'content-type': 'text/plain; charset=utf-8' } });
    }
    const relative = normalize(decoded).replace(/^[/\\]+/, '');
    const candidate = resolve(root, relative);
    const isFile = candidate.startsWith(root + sep) && existsSync(candidate) && statSync(candidate).isFile();
    // A missing file with an extension is a 404 (a stale asset name), not the app's page.
    if (!isFile && extname(relative) !== '' && extname(relative) !== '.html') {
      return new Response('Not found', { status: 404, headers: { ...securityHeaders, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' } });
    }
    const file = isFile ? candidate : join(root, 'index.html');
    if (!existsSync(file)) return notBuilt();
    const headers: Record<string, string> = {
      ...securityHeaders,
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      'cache-control': cacheControlOf(isFile ? relative : 'index.html'),
    };
    // The service worker may control all of /till/ (its own folder), and nothing above it.
    if (isFile && relative === 'sw.js') headers['Service-Worker-Allowed'] = MOBILE_TILL_PATH;
    return new Response(readFileSync(file), { headers });
  };
}
