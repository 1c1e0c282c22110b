// What the page shows about the installed app: offline state, updates, the install offer, and
// the assessments waiting to be sent (kept in IndexedDB by /outbox.js).
import React, { useCallback, useEffect, useState } from "react";
import { CONTRACT } from "./contract.js";
import { formatLocalTime } from "./time_format.js";

const { HISTORY_KEY } = CONTRACT.STORAGE;

let outboxModule = null;

// A runtime URL: the same file the service worker imports, not a bundled copy.
const importScript = (path) => import(/* @vite-ignore */ new URL(path, window.location.origin).href);

/** The shared outbox module (also used by the service worker), loaded once after the contract it reads. */
export async function loadOutbox() {
  if (!outboxModule) {
    outboxModule = importScript("/contract.js")
      .then(() => importScript("/outbox.js"))
      .then(() => window.ValgusOutbox);
  }
  return outboxModule;
}

/** Move sent records into this device's result history; returns the report URL of this one. */
export async function settleSent(record) {
  await (await loadOutbox()).recordSent(window.localStorage);
  return record.result.report_url;
}

/** The report URL of a recording already in this device's history, or null. */
export function sentReportUrl(localId) {
  try {
    const entry = JSON.parse(window.localStorage.getItem(HISTORY_KEY) || "[]").find(
      (candidate) => candidate && candidate.local_id === localId,
    );
    return entry ? CONTRACT.API.REPORT.replace("{id}", entry.id) : null;
  } catch {
    return null;
  }
}

/** Ask the service worker to send the queue when the connection returns, even with no tab open. */
export async function requestBackgroundSend() {
  try {
    const outbox = await loadOutbox();
    const registration = await navigator.serviceWorker.ready;
    if (registration.sync) await registration.sync.register(outbox.SYNC_TAG);
  } catch {
    // No background sync here: pages send the queue when they open or come back online.
  }
}

export function useOnline() {
  const [online, setOnline] = useState(true);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    update();
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);
  return online;
}

/** The outbox records, kept current across tabs and the service worker. */
export function useOutbox() {
  const [records, setRecords] = useState([]);
  const refresh = useCallback(async () => {
    const outbox = await loadOutbox();
    setRecords(await outbox.list());
  }, []);
  useEffect(() => {
    let channel = null;
    refresh();
    loadOutbox().then((outbox) => {
      if (typeof BroadcastChannel === "undefined") return;
      channel = new BroadcastChannel(outbox.CHANNEL_NAME);
      channel.onmessage = refresh;
    });
    return () => channel && channel.close();
  }, [refresh]);
  return records;
}

function describe(record) {
  const when = formatLocalTime(record.created_at);
  return `${record.label}, recorded ${when}`;
}

/**
 * Why a queued recording is not sent yet, and when it is tried again: no connection on this
 * phone, a server that answered it cannot take it now (a 503), or a server that did not answer.
 */
export function waitingText(record, online) {
  if (!online) return "You are offline. Waiting for a connection: it is sent automatically when it returns.";
  if (!record.failure) return "Sending soon.";
  const seconds = Math.max(1, Math.round((Date.parse(record.retry_at) - Date.now()) / 1000));
  const cause =
    record.failure === "unavailable"
      ? `The server answered that it cannot take it just now: ${record.last_error}`
      : "The server could not be reached: it did not answer.";
  return `${cause} It is tried again automatically in about ${seconds} s, or tap Send now.`;
}

function OutboxItem({ record, online }) {
  const [busy, setBusy] = useState(false);
  const sendNow = async () => {
    setBusy(true);
    const outbox = await loadOutbox();
    const sent = await outbox.send(record.local_id);
    setBusy(false);
    if (sent && sent.status === "sent") window.location.assign(await settleSent(sent));
  };
  const discard = async () => {
    if (!window.confirm("Delete this recording from this phone? It has not been sent.")) return;
    await (await loadOutbox()).remove(record.local_id);
  };
  const state = record.status === "rejected" ? `Not accepted: ${record.last_error}` : waitingText(record, online);
  return (
    <li
      className="wiz-outbox__item"
      data-testid="outbox-item"
      data-status={record.status}
      data-failure={record.failure || undefined}
    >
      <span className="wiz-outbox__label">{describe(record)}</span>
      <span className="wiz-outbox__state" role="status">
        {state}
      </span>
      <span className="wiz-actions">
        {record.status === "queued" && online ? (
          <button type="button" className="wiz-button wiz-button--secondary" onClick={sendNow} disabled={busy}>
            {busy ? "Sending…" : "Send now"}
          </button>
        ) : null}
        <button type="button" className="wiz-button wiz-button--quiet" onClick={discard}>
          Delete
        </button>
      </span>
    </li>
  );
}

/** The recordings on this phone not sent yet, or nothing; sent ones are in the device's history. */
export function OutboxList({ title = "Waiting to be sent" }) {
  const records = useOutbox().filter((record) => record.status !== "sent");
  const online = useOnline();
  if (!records.length) return null;
  return (
    <section className="wiz-outbox" aria-labelledby="outbox-title" data-testid="outbox">
      <h2 id="outbox-title" className="wiz-subtitle">
        {title}
      </h2>
      <ul className="wiz-outbox__list">
        {records.map((record) => (
          <OutboxItem key={record.local_id} record={record} online={online} />
        ))}
      </ul>
    </section>
  );
}

function usePwaState() {
  const read = () => ({ ...(window.valgusPwa || {}) });
  const [state, setState] = useState({});
  useEffect(() => {
    const update = () => setState(read());
    update();
    window.addEventListener("valgus-pwa", update);
    return () => window.removeEventListener("valgus-pwa", update);
  }, []);
  return state;
}

const isIos = () => /iphone|ipad|ipod/i.test(navigator.userAgent) && !window.MSStream;
const isStandalone = () =>
  window.matchMedia("(display-mode: standalone)").matches || window.navigator.standalone === true;

/**
 * The offer to install the app, placed after a page's content: it appears only once the browser
 * allows it, and must not push the content down when it does.
 */
export function InstallOffer() {
  const pwa = usePwaState();
  const [iosHint, setIosHint] = useState(false);
  useEffect(() => {
    setIosHint(isIos() && !isStandalone());
  }, []);
  if (pwa.installable) {
    return (
      <div className="wiz-notice wiz-notice--calm">
        <span>Install Knee check on this phone: it opens like an app and works without signal.</span>
        <button
          type="button"
          className="wiz-button wiz-button--secondary"
          onClick={() => pwa.install && pwa.install()}
          data-testid="install-app"
        >
          Install the app
        </button>
      </div>
    );
  }
  if (iosHint)
    return <p className="wiz-notice wiz-notice--calm">To install on iPhone: tap Share, then “Add to Home Screen”.</p>;
  return null;
}

/**
 * Whether the test works on this phone without a connection, and the offer to make it so: the
 * pose model is downloaded only when the runner opens the test or asks here, never for a page
 * that only shows results.
 */
export function OfflineUse() {
  const pwa = usePwaState();
  const state = pwa.captureOffline;
  if (state === "ready") {
    return (
      <p className="fine-print" data-testid="offline-use" data-state="ready">
        <span aria-hidden="true">✓ </span>Ready to use offline: the test works on this phone without a connection.
      </p>
    );
  }
  if (state === "preparing") {
    return (
      <p className="fine-print" role="status" data-testid="offline-use" data-state="preparing">
        Downloading the pose model for offline use (about 9 MB)…
      </p>
    );
  }
  if ((state !== "no" && state !== "failed") || !pwa.prepareCapture) return null;
  return (
    <div className="wiz-notice wiz-notice--calm" data-testid="offline-use" data-state={state}>
      <span>
        {state === "failed"
          ? "The download for offline use did not finish. Try again when you have a good connection."
          : "Doing the test where there is no signal? Download it to this phone first (about 9 MB)."}
      </span>
      <button
        type="button"
        className="wiz-button wiz-button--secondary"
        onClick={() => pwa.prepareCapture()}
        data-testid="use-offline"
      >
        Use offline
      </button>
    </div>
  );
}

/** While online, send the queue again when its earliest failed record is due (outbox.js sets when). */
function useRetries(online) {
  const records = useOutbox();
  useEffect(() => {
    const due = records.filter((record) => record.status === "queued" && record.retry_at);
    if (!online || !due.length) return undefined;
    const soonest = Math.min(...due.map((record) => Date.parse(record.retry_at)));
    const timer = window.setTimeout(
      () =>
        loadOutbox()
          .then((outbox) => outbox.flush())
          .catch(() => null),
      Math.max(0, soonest - Date.now()),
    );
    return () => window.clearTimeout(timer);
  }, [records, online]);
}

/** Offline notice, update offer and the outbox; sends the queue when online, and again when a try failed. */
export function PwaStatus({ showOutbox = true }) {
  const online = useOnline();
  const pwa = usePwaState();
  useRetries(online);

  useEffect(() => {
    if (!online) return;
    // Anything left from an earlier visit or a closed tab goes out as soon as the page can reach the server.
    loadOutbox()
      .then((outbox) => outbox.flush())
      .catch(() => null);
  }, [online]);

  return (
    <div className="wiz-status">
      {!online ? (
        <p className="wiz-notice" role="status" data-testid="offline-notice">
          <span>
            <span aria-hidden="true">⚡ </span>You are offline. The test still works: recordings are kept on this phone
            and sent when you are back online.
          </span>
        </p>
      ) : null}
      {pwa.updateReady ? (
        <div className="wiz-notice" role="status" data-testid="update-ready">
          <span>A new version of the app is ready.</span>
          <button
            type="button"
            className="wiz-button wiz-button--secondary"
            onClick={() => pwa.applyUpdate && pwa.applyUpdate()}
          >
            Reload to update
          </button>
        </div>
      ) : null}
      {showOutbox ? <OutboxList /> : null}
    </div>
  );
}
