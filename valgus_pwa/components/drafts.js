// The wizard's unsent recordings, kept on this device by the outbox module (outbox.js, drafts)
// until they are queued or discarded. Without IndexedDB (some private modes) the wizard works as
// before, with nothing kept: these never throw.
import { loadOutbox } from "./pwa.jsx";

/** The saved draft {trials, source, saved_at}, or null. */
export async function loadDraft() {
  try {
    return await (await loadOutbox()).drafts.load();
  } catch {
    return null;
  }
}

/** Keeps the draft; true once it is stored (a reload from then on offers it again). */
export async function saveDraft(draft) {
  try {
    await (await loadOutbox()).drafts.save(draft);
    return true;
  } catch {
    // Nothing kept: the recording is still in the page until it is sent.
    return false;
  }
}

export async function clearDraft() {
  try {
    await (await loadOutbox()).drafts.clear();
  } catch {
    // No database, so no draft to remove.
  }
}
