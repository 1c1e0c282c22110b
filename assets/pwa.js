// Registers the service worker and keeps what the page shows about it in window.valgusPwa:
// whether the app can be installed, whether an update is ready, whether the test works offline. A "valgus-pwa" event on window
// tells the page when that changes. Moves results sent in the background into the device's
// history. Also prints the page from its Print buttons.
(function () {
  "use strict";

  const pwa = {
    installable: false,
    updateReady: false,
    install: null,
    applyUpdate: null,
    // Whether the test works offline on this device: "checking", "no", "preparing", "ready",
    // "failed", or "unavailable" without a service worker. The test's page prepares it by
    // itself; other pages offer prepareCapture() ("Use offline").
    captureOffline: "checking",
    prepareCapture: null,
  };
  window.valgusPwa = pwa;

  function changed() {
    window.dispatchEvent(new CustomEvent("valgus-pwa"));
  }

  // Chromium offers installation once; keep the offer for the page's own Install button.
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault();
    pwa.installable = true;
    pwa.install = async () => {
      event.prompt();
      await event.userChoice;
      pwa.installable = false;
      pwa.install = null;
      changed();
    };
    changed();
  });
  window.addEventListener("appinstalled", () => {
    pwa.installable = false;
    pwa.install = null;
    changed();
  });

  // Buttons marked data-action="print" print the page: the page's policy runs no script given
  // as text, which is how the framework would attach it.
  document.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest('[data-action="print"]')) window.print();
  });
  // Printed, every <details> is open: the print stylesheet opens them where the browser supports
  // ::details-content; this opens them elsewhere, and closes them again after printing.
  window.addEventListener("beforeprint", () => {
    for (const details of document.querySelectorAll("details:not([open])")) {
      details.dataset.openedForPrint = "";
      details.open = true;
    }
  });
  window.addEventListener("afterprint", () => {
    for (const details of document.querySelectorAll("details[data-opened-for-print]")) {
      details.open = false;
      delete details.dataset.openedForPrint;
    }
  });

  // The outbox and the contract it reads: the same files the service worker imports.
  const outboxReady = import(new URL("/contract.js", window.location.origin).href)
    .then(() => import(new URL("/outbox.js", window.location.origin).href))
    .then(() => window.ValgusOutbox);

  /**
   * Results sent by the service worker, another tab or this page join the device's history (in
   * localStorage, where the pages' state reads it) as soon as a page sees them. The browser tells
   * other tabs of a localStorage change, never the tab that made it: this page is told here.
   */
  async function recordSent() {
    const outbox = await outboxReady;
    if (!(await outbox.recordSent(window.localStorage))) return;
    const key = window.ValgusContract.STORAGE.HISTORY_KEY;
    window.dispatchEvent(
      new StorageEvent("storage", {
        key,
        newValue: window.localStorage.getItem(key),
        storageArea: window.localStorage,
      }),
    );
  }
  outboxReady
    .then((outbox) => {
      recordSent();
      if (typeof BroadcastChannel !== "undefined") new BroadcastChannel(outbox.CHANNEL_NAME).onmessage = recordSent;
    })
    .catch((error) => console.warn("The outbox is not available:", error));

  if (!("serviceWorker" in navigator) || !("caches" in window)) {
    pwa.captureOffline = "unavailable";
    return;
  }

  function setCaptureOffline(value) {
    pwa.captureOffline = value;
    changed();
  }
  const POSE_MODEL = "/pose/pose_landmarker_lite.task";
  outboxReady
    .then(() => caches.open(window.ValgusContract.STORAGE.POSE_CACHE))
    .then((cache) => cache.match(POSE_MODEL, { ignoreSearch: true, ignoreVary: true }))
    .then((cached) => {
      if (pwa.captureOffline === "checking") setCaptureOffline(cached ? "ready" : "no");
    })
    .catch(() => setCaptureOffline("no"));

  function offerUpdate(activate) {
    pwa.updateReady = true;
    pwa.applyUpdate = activate;
    changed();
  }

  function watchWaiting(registration) {
    // A new worker waits while this page runs; the runner chooses when to reload into it.
    const offer = () =>
      offerUpdate(() => registration.waiting && registration.waiting.postMessage({ type: "skip-waiting" }));
    if (registration.waiting && navigator.serviceWorker.controller) offer();
    registration.addEventListener("updatefound", () => {
      const worker = registration.installing;
      if (!worker) return;
      worker.addEventListener("statechange", () => {
        if (worker.state === "installed" && navigator.serviceWorker.controller) offer();
      });
    });
  }

  let reloading = false;
  let hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    // The first worker taking control needs no reload; a replaced one does, once.
    if (!hadController) {
      hadController = true;
      return;
    }
    if (reloading) return;
    reloading = true;
    window.location.reload();
  });
  navigator.serviceWorker.addEventListener("message", (event) => {
    const type = event.data && event.data.type;
    if (type === "update-ready") offerUpdate(() => window.location.reload());
    if (type === "capture-ready") setCaptureOffline("ready");
    if (type === "capture-failed") setCaptureOffline("failed");
  });

  function currentBuild() {
    const link = document.querySelector('link[href*="/assets/manifest-"]');
    return link ? new URL(link.href).pathname : null;
  }

  async function prepareCapture() {
    setCaptureOffline("preparing");
    const registration = await navigator.serviceWorker.ready;
    registration.active.postMessage({ type: "prepare-capture", build: currentBuild() });
  }

  window.addEventListener("load", async () => {
    try {
      const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/", updateViaCache: "none" });
      watchWaiting(registration);
      await navigator.serviceWorker.ready;
      pwa.prepareCapture = prepareCapture;
      changed();
      // Opening the test prepares it for offline use; other pages only keep the shell current.
      if (navigator.onLine && window.location.pathname.startsWith("/capture")) await prepareCapture();
      else if (navigator.onLine && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage({ type: "refresh-shell", build: currentBuild() });
      }
    } catch (error) {
      console.warn("Offline use is not available:", error);
    }
  });
})();
