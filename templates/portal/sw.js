{% autoescape off %}/* The site's service worker (portal/offline.py says what it keeps and why). */
"use strict";

const CONFIG = {{ config }};
const STATIC_CACHE = "ectl-static-" + CONFIG.version;
const PAGES_CACHE = "ectl-pages-" + CONFIG.version;
const STORED_AT = "X-Offline-Stored-At";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(STATIC_CACHE).then((cache) => cache.addAll(CONFIG.static)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  // Versioned caches: those of an older worker go.
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith("ectl-") && key !== STATIC_CACHE && key !== PAGES_CACHE)
            .map((key) => caches.delete(key))
        )
      )
      .then(() => self.clients.claim())
  );
});

function keepable(url) {
  if (url.origin !== self.location.origin) return false;
  if (!CONFIG.languages.some((code) => url.pathname.startsWith("/" + code + "/"))) return false;
  if (CONFIG.excluded.some((prefix) => url.pathname.startsWith(prefix))) return false;
  return !/\.[A-Za-z0-9]+$/.test(url.pathname); // files (calendars) are not pages
}

function storable(response) {
  if (!response || response.status !== 200 || response.type !== "basic") return false;
  const control = (response.headers.get("Cache-Control") || "").toLowerCase();
  if (/no-store|private/.test(control)) return false;
  return (response.headers.get("Content-Type") || "").startsWith("text/html");
}

async function store(key, response) {
  const body = await response.text();
  const headers = new Headers(response.headers);
  headers.set(STORED_AT, String(Date.now()));
  const cache = await caches.open(PAGES_CACHE);
  await cache.put(key, new Response(body, { status: 200, headers: headers }));
  return body;
}

function languageOf(url) {
  const code = url.pathname.split("/")[1];
  return CONFIG.texts[code] ? code : CONFIG.languages[0];
}

function offlinePage(url) {
  const code = languageOf(url);
  const text = CONFIG.texts[code];
  const html =
    '<!DOCTYPE html><html lang="' + code + '"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    "<title>" + text.title + '</title><link rel="stylesheet" href="' + CONFIG.static[0] + '"></head>' +
    '<body><main id="main" class="wrap"><h1>' + text.title + "</h1><p>" + text.body + "</p>" +
    '<p><a href="/' + code + '/">' + CONFIG.home[code] + "</a></p></main></body></html>";
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function fromCache(url) {
  const cache = await caches.open(PAGES_CACHE);
  const found = await cache.match(url.href);
  if (!found) return offlinePage(url);
  const at = found.headers.get(STORED_AT) || "";
  const html = (await found.text()).replace('data-offline-at=""', 'data-offline-at="' + at + '"');
  return new Response(html, { status: 200, headers: found.headers });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (CONFIG.static.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((found) => found || fetch(request)));
    return;
  }
  if (request.mode !== "navigate") return;
  url.hash = "";
  if (!keepable(url)) {
    event.respondWith(fetch(request).catch(() => offlinePage(url)));
    return;
  }
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (storable(response)) event.waitUntil(store(url.href, response.clone()));
        return response;
      })
      .catch(() => fromCache(url))
  );
});

/* Once an edition is opened: its pages, two links deep, anonymously. */
async function warm(urls, prefix, depth) {
  const seen = new Set();
  const queue = urls.map((href) => [href, depth]);
  while (queue.length && seen.size < CONFIG.maxWarmed) {
    const [href, left] = queue.shift();
    let url;
    try {
      url = new URL(href, self.location.origin);
    } catch (error) {
      continue;
    }
    url.hash = "";
    if (seen.has(url.href) || !keepable(url) || !url.pathname.startsWith(prefix)) continue;
    seen.add(url.href);
    try {
      const response = await fetch(url.href, { credentials: "omit" });
      if (!storable(response)) continue;
      const body = await store(url.href, response);
      if (left > 0) {
        for (const match of body.matchAll(/href="([^"#]+)"/g)) queue.push([match[1].replace(/&amp;/g, "&"), left - 1]);
      }
    } catch (error) {
      // Offline meanwhile: what is stored stays.
    }
  }
  return seen.size;
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "warm" || !Array.isArray(data.urls) || typeof data.prefix !== "string") return;
  const depth = Math.max(0, Math.min(2, Number(data.depth) || 0));
  event.waitUntil(
    warm(data.urls, data.prefix, depth).then((count) => {
      if (event.source) event.source.postMessage({ type: "warmed", count: count });
    })
  );
});
{% endautoescape %}
