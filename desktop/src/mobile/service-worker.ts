/**
 * @module
 * The mobile till's service worker: precaches every file of the build (the list and the build's
 * content hash are written into this file at build time, so a new build is a new service worker
 * and a new cache) and answers cache-first, so the till starts with no network. A new build waits:
 * the page applies it (`applyUpdate`) only when no ticket is open, then reloads.
 */
/// <reference lib="webworker" />
export {};

declare const self: ServiceWorkerGlobalScope;
/** Written by `vite.mobile.config.ts` in front of this file. */
declare const CASSA_PRECACHE: { readonly version: string; readonly files: readonly string[] };

const CACHE_PREFIX = 'cassa-till-';
const cacheName = `${CACHE_PREFIX}${CASSA_PRECACHE.version}`;
const scope = new URL(self.registration.scope);
const indexUrl = new URL('index.html', scope).href;

self.addEventListener('install', (event) => {
  // All or nothing: a half-cached build must never become the one that starts offline.
  event.waitUntil(caches.open(cacheName).then((cache) => cache.addAll(CASSA_PRECACHE.files.map((file) => new URL(file, scope).href))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith(CACHE_PREFIX) && name !== cacheName) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  const data: unknown = event.data;
  if (typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'applyUpdate') void self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Only the app's own files: head office's API (sync, pairing) always goes to the network.
  if (request.method !== 'GET' || url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(cacheName);
      const key = request.mode === 'navigate' ? indexUrl : url.href.split('#')[0]!.split('?')[0]!;
      const cached = await cache.match(key);
      return cached ?? fetch(request);
    })(),
  );
});
