// Assessments waiting to be sent, kept in IndexedDB so nothing is lost offline or when the tab
// closes. A classic script on purpose: the service worker loads it with importScripts() and pages
// load it with import(); both see it as self.ValgusOutbox. Both load /contract.js first (the
// generated self.ValgusContract), which names the database and the API path.
(function (scope) {
  "use strict";

  const DB_NAME = scope.ValgusContract.STORAGE.OUTBOX_DB;
  const STORE = "outbox";
  const API_URL = scope.ValgusContract.API.ASSESSMENTS;
  const LOCK_NAME = "valgus-outbox";
  const CHANNEL_NAME = "valgus-outbox";
  const SYNC_TAG = "valgus-outbox";
  // Answers that another try can fix: timeouts, rate limits, a database briefly down.
  const RETRY_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

  let dbPromise = null;

  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        const request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "local_id" });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    return dbPromise;
  }

  async function withStore(mode, action) {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const result = action(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  }

  function announce() {
    if (typeof BroadcastChannel === "undefined") return;
    const channel = new BroadcastChannel(CHANNEL_NAME);
    channel.postMessage({ type: "changed" });
    channel.close();
  }

  function newLocalId() {
    if (scope.crypto && scope.crypto.randomUUID) return scope.crypto.randomUUID();
    return `${Date.now()}-${Math.random()}`;
  }

  /** Keep an assessment payload until it is sent; returns the stored record. */
  async function add(payload, label) {
    const record = {
      local_id: newLocalId(),
      created_at: new Date().toISOString(),
      label: label || "Assessment",
      payload,
      status: "queued",
      attempts: 0,
      last_error: null,
      result: null,
    };
    await withStore("readwrite", (store) => store.put(record));
    announce();
    return record;
  }

  async function list() {
    const records = await withStore("readonly", (store) => store.getAll());
    return (records || []).sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  async function get(localId) {
    return withStore("readonly", (store) => store.get(localId));
  }

  async function put(record) {
    await withStore("readwrite", (store) => store.put(record));
    announce();
  }

  async function remove(localId) {
    await withStore("readwrite", (store) => store.delete(localId));
    announce();
  }

  /** The request body and headers: gzip where the browser can, as the API accepts. */
  async function encode(payload) {
    const text = JSON.stringify(payload);
    const headers = { "Content-Type": "application/json" };
    if (typeof CompressionStream === "undefined") return { body: text, headers };
    const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
    return { body: await new Response(stream).arrayBuffer(), headers: { ...headers, "Content-Encoding": "gzip" } };
  }

  async function fetchTransport(body, headers) {
    const response = await fetch(API_URL, { method: "POST", body, headers });
    return { status: response.status, text: await response.text() };
  }

  function errorMessage(status, text) {
    try {
      const answer = JSON.parse(text);
      if (answer && answer.error && answer.error.message) return answer.error.message;
    } catch {
      // Not JSON: fall through to the status line.
    }
    return `The server answered ${status}.`;
  }

  async function exclusively(action) {
    // Pages and the service worker may all try to send at once; one at a time avoids duplicates.
    if (scope.navigator && scope.navigator.locks) return scope.navigator.locks.request(LOCK_NAME, action);
    return action();
  }

  /**
   * Send one stored record. transport(body, headers) -> {status, text} lets a page report upload
   * progress. Resolves to the updated record: "sent" (with result), "rejected" (the server will
   * never accept it) or still "queued" (no connection or a passing server problem).
   */
  async function send(localId, transport) {
    return exclusively(async () => {
      const record = await get(localId);
      if (!record || record.status !== "queued") return record;
      record.attempts += 1;
      try {
        const { body, headers } = await encode(record.payload);
        // The record's id doubles as the Idempotency-Key: a retry after a lost answer is never stored twice.
        const answer = await (transport || fetchTransport)(body, { ...headers, "Idempotency-Key": record.local_id });
        if (answer.status === 201) {
          record.status = "sent";
          record.result = JSON.parse(answer.text);
          record.payload = null;
          record.last_error = null;
        } else if (RETRY_STATUSES.has(answer.status)) {
          record.last_error = errorMessage(answer.status, answer.text);
        } else {
          record.status = "rejected";
          record.last_error = errorMessage(answer.status, answer.text);
        }
      } catch {
        record.last_error = "No connection.";
      }
      await put(record);
      return record;
    });
  }

  /** Try every queued record once; resolves to the records after the attempt. */
  async function flush() {
    const queued = (await list()).filter((record) => record.status === "queued");
    const results = [];
    for (const record of queued) results.push(await send(record.local_id));
    return results;
  }

  scope.ValgusOutbox = { add, list, get, remove, send, flush, encode, SYNC_TAG, CHANNEL_NAME };
})(self);
