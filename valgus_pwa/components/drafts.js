// The recordings of a test not sent yet, kept in IndexedDB on this device so a reload, a closed
// tab or a crash loses nothing: one draft, saved whenever a leg is recorded, removed once the
// test is in the outbox or the runner discards it. Without IndexedDB (some private modes) the
// wizard works as before, with nothing kept.
import { CONTRACT } from "./contract.js";

const STORE = "drafts";
const KEY = "current";

let database = null;

function openDatabase() {
  if (!database) {
    database = new Promise((resolve, reject) => {
      const request = indexedDB.open(CONTRACT.STORAGE.DRAFTS_DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  return database;
}

async function inStore(mode, action) {
  const db = await openDatabase();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(STORE, mode);
    const request = action(transaction.objectStore(STORE));
    transaction.oncomplete = () => resolve(request.result);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
}

/** The saved draft {trials, source, saved_at}, or null. */
export async function loadDraft() {
  try {
    return (await inStore("readonly", (store) => store.get(KEY))) || null;
  } catch {
    return null;
  }
}

export async function saveDraft(draft) {
  try {
    await inStore("readwrite", (store) => store.put({ ...draft, saved_at: new Date().toISOString() }, KEY));
  } catch {
    // Nothing kept: the recording is still in the page until it is sent.
  }
}

export async function clearDraft() {
  try {
    await inStore("readwrite", (store) => store.delete(KEY));
  } catch {
    // No database, so no draft to remove.
  }
}
