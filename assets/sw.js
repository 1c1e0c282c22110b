// Service worker: the app shell works offline after one visit, the test too once the runner has
// opened it (or asked for offline use), and queued assessments are sent when the connection
// returns. A report link alone never downloads the test's page or the pose runtime (about 9 MB).
importScripts("/contract.js", "/outbox.js");

// Change this when this file's caching logic changes; the page then offers a reload.
const VERSION = "8";
const SHELL_CACHE = `valgus-shell-v${VERSION}`;
// The pose runtime and models (about 19 MB) outlive app versions; refreshPose() keeps them current.
const POSE_CACHE = self.ValgusContract.STORAGE.POSE_CACHE;
const KEEP = new Set([SHELL_CACHE, POSE_CACHE]);
// Pages whose HTML (and the hashed bundles they name) are kept for offline use: the start page on
// install, the test's page only once the device is prepared for the test.
const START_PAGE = "/";
const CAPTURE_PAGE = "/capture/";
const SHELL_PAGES = [START_PAGE, CAPTURE_PAGE];
const OFFLINE_PAGE = "/offline.html";
const STATIC_FILES = [
  OFFLINE_PAGE,
  "/manifest.webmanifest",
  "/pwa.js",
  "/contract.js",
  "/outbox.js",
  // The pose landmarker's worker (about 2 kB): the test's pose runs in it.
  "/pose_worker.js",
  "/styles.css",
  "/favicon.ico",
  // The page's own icon (apple-touch-icon, the shortcut's). The 512 px ones (31 kB) are read only
  // when the app is installed, which needs the network anyway: not kept.
  "/icons/icon-192.png",
];
const POSE_RUNTIME = ["/pose/vision_bundle.mjs", "/pose/pose_landmarker_lite.task"];
// The smallest module using a SIMD instruction: tasks-vision's own test for which WASM to load.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);
const NEVER_CACHED = ["/api/", "/_event", "/_upload", "/_health", "/ping"];
// A page opened after this worker sent results in the background must list them at once. Pages
// read the device's history from localStorage as they start, and a worker cannot write there, so
// such a page gets this script ahead of its own: it writes them there (outbox.rememberSent).
const SENT_HISTORY_SCRIPT = "/sent-history.js";

function wasmFiles() {
  const flavour = WebAssembly.validate(SIMD_PROBE) ? "vision_wasm_internal" : "vision_wasm_nosimd_internal";
  return [`/pose/wasm/${flavour}.js`, `/pose/wasm/${flavour}.wasm`];
}

// Responses vary on Origin, which module scripts send and precache requests do not; the URL alone
// identifies a file here.
const MATCH = { ignoreSearch: true, ignoreVary: true };

// Hashed bundles a page or a bundle names: "/assets/x.js" in pages, "assets/x.js" in the bundler's
// preload lists, "./x.js" in lazy imports between bundles.
function bundleUrls(text) {
  const named = [...text.matchAll(/["'`(]\/?(assets\/[\w.~-]+\.(?:js|css|woff2?))["'`)]/g)].map(
    (match) => `/${match[1]}`,
  );
  const relative = [...text.matchAll(/["'`]\.\/([\w.~-]+\.(?:js|css))["'`]/g)].map((match) => `/assets/${match[1]}`);
  return [...named, ...relative];
}

// Store a copy; one without the "redirected" mark, since a redirected response cannot answer a
// navigation. The caller keeps the original to answer with.
async function remember(cache, key, response) {
  const copy = response.clone();
  const clean = copy.redirected
    ? new Response(await copy.blob(), { status: copy.status, statusText: copy.statusText, headers: copy.headers })
    : copy;
  await cache.put(key, clean);
}

async function cachedOrFetched(cache, url) {
  const cached = await cache.match(url, MATCH);
  if (cached) return cached;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  await cache.put(url, response.clone());
  return response;
}

// The router manifest names every route's bundles, report pages' syntax highlighter included
// (hundreds of files); only the shell pages' own bundles are needed offline.
const isRouterManifest = (url) => /\/assets\/manifest-[^/]+\.js$/.test(url);

/**
 * Cache the shell pages (the test's page too when `withCapture`) and every bundle they lead to,
 * following lazy imports, and drop bundles of earlier builds so the cache holds exactly one
 * version of the app. Resolves to the build's router manifest URL, which names the build.
 */
async function cacheShell(withCapture) {
  const cache = await caches.open(SHELL_CACHE);
  const pages = await Promise.all(
    (withCapture ? SHELL_PAGES : [START_PAGE]).map(async (path) => {
      const response = await fetch(path, { cache: "no-store" });
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      return { path, response, text: await response.clone().text() };
    }),
  );
  const seen = new Set();
  let queue = [];
  const follow = (text) => {
    for (const url of bundleUrls(text)) {
      if (!seen.has(url)) {
        seen.add(url);
        queue.push(url);
      }
    }
  };
  pages.forEach((page) => follow(page.text));
  while (queue.length) {
    const wave = queue;
    queue = [];
    await Promise.all(
      wave.map(async (url) => {
        const response = await cachedOrFetched(cache, url);
        if (url.endsWith(".js") && !isRouterManifest(url)) follow(await response.text());
      }),
    );
  }
  await Promise.all(STATIC_FILES.map((url) => cachedOrFetched(cache, url)));
  await Promise.all(pages.map((page) => remember(cache, page.path, page.response)));
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith("/assets/") && !seen.has(path)) await cache.delete(request);
  }
  return [...seen].find(isRouterManifest) || null;
}

async function cachePoseRuntime() {
  const cache = await caches.open(POSE_CACHE);
  await Promise.all([...POSE_RUNTIME, ...wasmFiles()].map((url) => cachedOrFetched(cache, url)));
}

// Prepared for the test: its pose files are cached (they outlive app versions, so an update of a
// prepared device caches the test's page again).
async function preparedForCapture() {
  const cache = await caches.open(POSE_CACHE);
  const cached = await Promise.all([...POSE_RUNTIME, ...wasmFiles()].map((url) => cache.match(url, MATCH)));
  return cached.every(Boolean);
}

// Ask the server whether each cached pose file changed: a few bytes when not, the new file when so.
async function refreshPose() {
  const cache = await caches.open(POSE_CACHE);
  await Promise.all(
    (await cache.keys()).map(async (request) => {
      const cached = await cache.match(request, MATCH);
      const etag = cached && cached.headers.get("etag");
      const response = await fetch(request.url, { cache: "no-store", headers: etag ? { "If-None-Match": etag } : {} });
      if (response.status === 200) await cache.put(request, response);
    }),
  );
}

self.addEventListener("install", (event) => {
  event.waitUntil(preparedForCapture().then(cacheShell));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("valgus-") && !KEEP.has(name)) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

async function fromCache(cacheName, request) {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(request, MATCH);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") await remember(cache, request, response);
  return response;
}

async function staleWhileRevalidate(request) {
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match(request, MATCH);
  const fresh = fetch(request).then(async (response) => {
    if (response.ok && response.type === "basic") await remember(cache, request, response);
    return response;
  });
  if (cached) {
    fresh.catch(() => null);
    return cached;
  }
  return fresh;
}

async function sentRecords() {
  return (await self.ValgusOutbox.list()).filter((record) => record.status === "sent");
}

async function withSentHistory(response) {
  const type = response.headers.get("Content-Type") || "";
  if (!type.includes("text/html") || !(await sentRecords()).length) return response;
  const html = (await response.text()).replace(
    /<head[^>]*>/i,
    (head) => `${head}<script src="${SENT_HISTORY_SCRIPT}"></script>`,
  );
  const headers = new Headers(response.headers);
  headers.delete("Content-Length");
  headers.delete("Content-Encoding");
  return new Response(html, { status: response.status, statusText: response.statusText, headers });
}

async function sentHistoryScript() {
  // Only what the history keeps: the report itself stays out of the script.
  const sent = (await sentRecords()).map(({ status, local_id, sent_at, result }) => ({
    status,
    local_id,
    sent_at,
    result: { id: result.id, owner_key: result.owner_key },
  }));
  const key = JSON.stringify(self.ValgusContract.STORAGE.HISTORY_KEY);
  const text = `(${self.ValgusOutbox.rememberSent})(window.localStorage, ${key}, ${JSON.stringify(sent)});\n`;
  return new Response(text, {
    headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-store" },
  });
}

// Pages come from the network when it answers, so a new deployment shows at once; else the cache.
async function navigate(request) {
  const cache = await caches.open(SHELL_CACHE);
  const path = new URL(request.url).pathname;
  let response;
  try {
    response = await fetch(request);
    const key = path.endsWith("/") ? path : `${path}/`;
    // Only a page the shell holds is kept: the test's page offline needs its bundles too.
    const kept = key === START_PAGE || (SHELL_PAGES.includes(key) && (await cache.match(key, MATCH)));
    if (response.ok && response.type === "basic" && kept) await remember(cache, key, response);
  } catch {
    const trimmed = path.endsWith("/") && path !== "/" ? path.slice(0, -1) : path;
    response =
      (await cache.match(trimmed, MATCH)) ||
      (await cache.match(`${trimmed}/`, MATCH)) ||
      (await cache.match(OFFLINE_PAGE, MATCH));
  }
  return response ? withSentHistory(response) : Response.error();
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname === SENT_HISTORY_SCRIPT) {
    event.respondWith(sentHistoryScript());
    return;
  }
  if (NEVER_CACHED.some((prefix) => url.pathname.startsWith(prefix))) return;
  if (request.mode === "navigate") event.respondWith(navigate(request));
  else if (url.pathname.startsWith("/pose/")) event.respondWith(fromCache(POSE_CACHE, request));
  else if (url.pathname.startsWith("/assets/")) event.respondWith(fromCache(SHELL_CACHE, request));
  else event.respondWith(staleWhileRevalidate(request));
});

async function tellPages(message) {
  for (const client of await self.clients.matchAll({ type: "window" })) client.postMessage(message);
}

// Cache work runs one task at a time: a refresh that started before the device was prepared for
// the test must not drop the test's bundles that the preparation has just cached.
let cacheWork = Promise.resolve();
const serially = (task) => {
  cacheWork = cacheWork.then(task, task);
  return cacheWork;
};

// A page loaded from an older build learns that a newer one is now cached.
function offerNewerBuild(build, pageBuild) {
  return build && pageBuild && build !== pageBuild ? tellPages({ type: "update-ready" }) : null;
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "skip-waiting") self.skipWaiting();
  if (data.type === "refresh-shell") {
    event.waitUntil(
      serially(async () => {
        const [build] = await Promise.all([cacheShell(await preparedForCapture()), refreshPose()]);
        return offerNewerBuild(build, data.build);
      }).catch(() => null),
    );
  }
  if (data.type === "prepare-capture") {
    // The test's page, its bundles and the pose runtime, so the test works offline from now on.
    event.waitUntil(
      serially(async () => {
        const [build] = await Promise.all([cacheShell(true), cachePoseRuntime()]);
        await tellPages({ type: "capture-ready" });
        return offerNewerBuild(build, data.build);
      }).catch(() => tellPages({ type: "capture-failed" })),
    );
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag !== self.ValgusOutbox.SYNC_TAG) return;
  event.waitUntil(
    self.ValgusOutbox.flush().then((records) => {
      // Still queued means no connection yet: failing the sync makes the browser try again later.
      if (records.some((record) => record.status === "queued")) throw new Error("still offline");
    }),
  );
});
