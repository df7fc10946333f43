{#
  The service worker that keeps the hosted guide readable offline after one visit. The build
  renders it as sw.js at the site root (src/publish/worker.rs), so its scope is the site's own
  folder; static/sw-register.js registers it, over http and https only. Rust fills in the data
  (`version`, `files`); the logic is all here, and these comments are left out of sw.js.

  Why cache-first, for every file of the build:
  - install fetches every file of this build past the HTTP cache (`cache: 'reload'`), each
    checked against its sha256 (`integrity`), so a CDN's older copy fails the install rather
    than mixing two builds. One cache per build, named by the version; it is used only once
    it is complete.
  - activate deletes this site's older caches (other sites on the same host keep theirs) and
    takes over open pages at once; sw-register.js reloads a page shown by an older worker.
  - so a page always comes from the newest complete build this browser has fetched, and never
    from an older one once a newer one is cached. Network-first could not promise that: a page
    fetched from a newer build, then the network lost before the new worker was ready, would
    fall back to the older cache.
  - requests for anything not listed (sw.js itself, the downloads) go to the network.
  - a reader online sees a new build after one reload: that visit checks sw.js (the browser,
    and sw-register.js), the new worker installs, takes over and the page reloads itself once.

  static/sw-register.js, on every page (kept short, as every page loads it): registers this
  worker after the page has loaded, so saving the site never slows the first page, over http and
  https only; on a page this worker served, it reloads the page when a newer worker takes over,
  and checks for a new build (`update()`), showing the saved-copy notice when that cannot reach
  the site (a saved page offline fails that check at once, so no `navigator.onLine` is needed).
#}'use strict';
const VERSION = {{ version | safe }};
const FILES = {{ files | safe }};
const PREFIX = 'backguide ' + self.registration.scope + ' ';
const CACHE = PREFIX + VERSION;
const LISTED = new Set(FILES.map((f) => new URL(f[0], self.location).href));

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(FILES.map(([path, integrity]) =>
    fetch(new Request(path, { cache: 'reload', integrity })).then((response) => {
      if (!response.ok) throw new Error(path + ': ' + response.status);
      return cache.put(path, response);
    })))).then(() => self.skipWaiting(), (error) => caches.delete(CACHE).then(() => { throw error; })));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((names) => Promise.all(names
    .filter((name) => name.startsWith(PREFIX) && name !== CACHE)
    .map((name) => caches.delete(name)))).then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  if (event.request.method !== 'GET') return;
  const url = new URL(event.request.url);
  url.hash = '';
  url.search = '';
  if (url.pathname.endsWith('/')) url.pathname += 'index.html';
  if (!LISTED.has(url.href)) return;
  event.respondWith(caches.open(CACHE).then((cache) => cache.match(url.href))
    .then((cached) => cached || fetch(event.request)));
});
