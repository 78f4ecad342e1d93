/**
 * @module
 * Serves the built head-office web app (`sync-server/dist/web`, made by
 * `vite build --config sync-server/vite.config.ts`) with a strict Content-Security-Policy.
 * Any path that is not a file gets index.html, so the app's own routes survive a reload.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';

/**
 * Where `vite build` puts the app, next to these sources. Resolved only when asked: in a CommonJS
 * bundle (the Electron main process) `import.meta` is empty, so a bundle must pass its own root.
 */
export function defaultWebRoot(): string {
  const here = (import.meta as { url?: string }).url;
  if (!here) throw new Error('The head-office web root must be given explicitly when Cassa runs from a bundle');
  return resolve(fileURLToPath(new URL('../../dist/web', here)));
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

const csp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** null for a malformed %-escape (`/%zz`, a cut UTF-8 sequence): the client's mistake, a 400. */
function decodePath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

export function serveWebApp(root: string = defaultWebRoot()) {
  return (c: Context): Response => {
    const headers: Record<string, string> = {
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
      'X-Frame-Options': 'DENY',
    };
    const decoded = decodePath(c.req.path);
    if (decoded === null) return new Response('Bad request: malformed %-escape in the path', { status: 400, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' } });
    const relative = normalize(decoded).replace(/^[/\\]+/, '');
    const candidate = resolve(root, relative);
    let file = candidate.startsWith(root + sep) && existsSync(candidate) && statSync(candidate).isFile() ? candidate : join(root, 'index.html');
    if (!existsSync(file)) {
      return new Response('The head-office web app is not built: run npx vite build --config sync-server/vite.config.ts', {
        status: 503,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
    }
    if (extname(file) === '') file = join(root, 'index.html');
    const cache = file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
    return new Response(readFileSync(file), {
      headers: { ...headers, 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': cache },
    });
  };
}
