// Assessments waiting to be sent, and the wizard's draft of one not queued yet, kept in IndexedDB
// so nothing is lost offline or when the tab closes. A classic script on purpose: the service worker loads it with importScripts() and pages
// load it with import(); both see it as self.ValgusOutbox. Both load /contract.js first (the
// generated self.ValgusContract), which names the database and the API path.
(function (scope) {
  "use strict";

  const DB_NAME = scope.ValgusContract.STORAGE.OUTBOX_DB;
  const STORE = "outbox";
  const API_URL = scope.ValgusContract.API.ASSESSMENTS;
  const { HISTORY_KEY } = scope.ValgusContract.STORAGE;
  const LOCK_NAME = "valgus-outbox";
  const CHANNEL_NAME = "valgus-outbox";
  const SYNC_TAG = "valgus-outbox";
  // Answers that another try can fix: timeouts, rate limits, a database briefly down.
  const RETRY_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);
  // Waits between automatic tries when the server names none: doubling from 2 s up to 2 minutes.
  const FIRST_RETRY_S = 2;
  const LONGEST_RETRY_S = 120;
  // A Retry-After longer than this is read as this: the runner is waiting.
  const LONGEST_RETRY_AFTER_S = 600;

  /**
   * One IndexedDB object store: returns run(mode, action), which runs `action(store)` in a
   * transaction and resolves to the result of the request it returns, once committed.
   */
  function objectStore(dbName, storeName, options) {
    let opened = null;
    const open = () => {
      if (!opened) {
        opened = new Promise((resolve, reject) => {
          const request = indexedDB.open(dbName, 1);
          request.onupgradeneeded = () => request.result.createObjectStore(storeName, options);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      }
      return opened;
    };
    return async (mode, action) => {
      const db = await open();
      return new Promise((resolve, reject) => {
        const transaction = db.transaction(storeName, mode);
        const result = action(transaction.objectStore(storeName));
        transaction.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
        transaction.onerror = () => reject(transaction.error);
        transaction.onabort = () => reject(transaction.error);
      });
    };
  }

  const withStore = objectStore(DB_NAME, STORE, { keyPath: "local_id" });

  function announce() {
    if (typeof BroadcastChannel === "undefined") return;
    const channel = new BroadcastChannel(CHANNEL_NAME);
    channel.postMessage({ type: "changed" });
    channel.close();
  }

  /**
   * A recording's id, and the Idempotency-Key of its upload: 128 bits hashed from the payload
   * itself (cyrb128), so the same recording always gets the same id, whoever adds it, however
   * often, on an insecure origin too (where crypto.subtle is missing).
   */
  function recordingId(payload) {
    const text = JSON.stringify(payload);
    let h1 = 1779033703;
    let h2 = 3144134277;
    let h3 = 1013904242;
    let h4 = 2773480762;
    for (let index = 0; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      h1 = h2 ^ Math.imul(h1 ^ code, 597399067);
      h2 = h3 ^ Math.imul(h2 ^ code, 2869860233);
      h3 = h4 ^ Math.imul(h3 ^ code, 951274213);
      h4 = h1 ^ Math.imul(h4 ^ code, 2716044179);
    }
    h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
    h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
    h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
    h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
    h1 ^= h2 ^ h3 ^ h4;
    h2 ^= h1;
    h3 ^= h1;
    h4 ^= h1;
    return [h1, h2, h3, h4].map((part) => (part >>> 0).toString(16).padStart(8, "0")).join("");
  }

  /**
   * Keep an assessment payload until it is sent; resolves to its record. Adding a recording
   * that is already kept returns the kept record unchanged: a double tap, a second Send or a
   * reload never makes a second record, so never a second upload.
   */
  async function add(payload, label) {
    const record = {
      local_id: recordingId(payload),
      created_at: new Date().toISOString(),
      label: label || "Assessment",
      payload,
      status: "queued",
      attempts: 0,
      failure: null,
      retry_at: null,
      last_error: null,
      result: null,
    };
    let kept = null;
    // One transaction reads and writes, so two adds at once cannot both find the id free.
    await withStore("readwrite", (store) => {
      const existing = store.get(record.local_id);
      existing.onsuccess = () => {
        kept = existing.result || null;
        if (!kept) store.put(record);
      };
    });
    if (kept) return kept;
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
    return { status: response.status, text: await response.text(), retryAfter: response.headers.get("Retry-After") };
  }

  /**
   * Seconds until the next automatic try after `attempts` failed ones: the server's Retry-After
   * (seconds or an HTTP date) when it gave one, else a doubling wait.
   */
  function retryDelaySeconds(attempts, retryAfter, now = Date.now()) {
    if (retryAfter) {
      const seconds = /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) : (Date.parse(retryAfter) - now) / 1000;
      if (Number.isFinite(seconds)) return Math.min(Math.max(seconds, 1), LONGEST_RETRY_AFTER_S);
    }
    return Math.min(FIRST_RETRY_S * 2 ** Math.max(attempts - 1, 0), LONGEST_RETRY_S);
  }

  /** Mark a record as waiting after a failed try: why ("unavailable" or "unreachable") and until when. */
  function waitToRetry(record, failure, retryAfter) {
    record.failure = failure;
    record.retry_at = new Date(Date.now() + retryDelaySeconds(record.attempts, retryAfter) * 1000).toISOString();
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
   * Send one stored record. transport(body, headers) -> {status, text, retryAfter} lets a page
   * report upload progress. Resolves to the updated record: "sent" (with result), "rejected" (the
   * server will never accept it) or still "queued", with `failure` saying why: "unavailable" (the
   * server answered that it cannot take it now, `last_error` its words) or "unreachable" (no
   * answer at all), and `retry_at` when it is tried again.
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
          record.sent_at = new Date().toISOString();
          record.payload = null;
          record.failure = null;
          record.retry_at = null;
          record.last_error = null;
        } else if (RETRY_STATUSES.has(answer.status)) {
          record.last_error = errorMessage(answer.status, answer.text);
          waitToRetry(record, "unavailable", answer.retryAfter);
        } else {
          record.status = "rejected";
          record.last_error = errorMessage(answer.status, answer.text);
        }
      } catch {
        record.last_error = null;
        waitToRetry(record, "unreachable", null);
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

  /**
   * Add sent records to the device's history of results in `storage` under `key`: newest first,
   * at most 100 entries of {id, owner_key, created_at, local_id}; true when it changed. The owner
   * key stays on this device only: it is what allows deleting the result later. The service
   * worker also gives pages this function's text as a script (sw.js), so it uses nothing else.
   */
  function rememberSent(storage, key, sentRecords) {
    let history = [];
    try {
      const stored = JSON.parse(storage.getItem(key) || "[]");
      if (Array.isArray(stored)) history = stored;
    } catch {
      // Not JSON: the list starts again rather than never working.
    }
    const known = new Set(history.map((entry) => entry && entry.id));
    const added = sentRecords
      .filter((record) => record.status === "sent" && !known.has(record.result.id))
      .map((record) => ({
        id: record.result.id,
        owner_key: record.result.owner_key,
        created_at: record.sent_at,
        local_id: record.local_id,
      }));
    if (!added.length) return false;
    storage.setItem(key, JSON.stringify([...added.reverse(), ...history].slice(0, 100)));
    return true;
  }

  /**
   * Pages only: move every sent record, whoever sent it, into the device's history in
   * `storage` (localStorage) and out of the outbox; true when the history changed.
   */
  async function recordSent(storage) {
    const sent = (await list()).filter((record) => record.status === "sent");
    const changed = rememberSent(storage, HISTORY_KEY, sent);
    for (const record of sent) await remove(record.local_id);
    return changed;
  }

  // The recordings of a test not queued yet (the wizard's draft): one record, saved whenever a
  // leg is recorded and removed once the test is queued or discarded, so a reload, a closed tab
  // or a crash loses nothing. Its own database, so the queue's schema is untouched.
  const withDraft = objectStore(scope.ValgusContract.STORAGE.DRAFTS_DB, "drafts");
  const DRAFT_KEY = "current";
  const drafts = {
    load: async () => (await withDraft("readonly", (store) => store.get(DRAFT_KEY))) || null,
    save: (draft) =>
      withDraft("readwrite", (store) => store.put({ ...draft, saved_at: new Date().toISOString() }, DRAFT_KEY)),
    clear: () => withDraft("readwrite", (store) => store.delete(DRAFT_KEY)),
  };

  scope.ValgusOutbox = {
    drafts,
    add,
    list,
    get,
    remove,
    send,
    flush,
    encode,
    recordingId,
    retryDelaySeconds,
    rememberSent,
    recordSent,
    SYNC_TAG,
    CHANNEL_NAME,
  };
})(self);
