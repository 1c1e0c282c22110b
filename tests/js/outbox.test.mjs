import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";

// The outbox is a classic script shared with the service worker: run it as they do, after the
// generated contract, in a scope of its own.
const scope = { crypto: globalThis.crypto };
scope.self = scope;
vm.createContext(scope);
for (const file of ["contract.js", "outbox.js"]) {
  vm.runInContext(readFileSync(new URL(`../../assets/${file}`, import.meta.url), "utf8"), scope);
}
const outbox = scope.ValgusOutbox;
const HISTORY_KEY = scope.ValgusContract.STORAGE.HISTORY_KEY;

// The server's rule for an Idempotency-Key (api/routes/assessments.py).
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{16,128}$/;

const payload = (fppa) => ({ schema_version: 1, trials: [{ side: "left", frames: [[0.5, fppa]] }] });

test("a recording's id is the same each time it is made from the same payload", () => {
  const id = outbox.recordingId(payload(0.25));
  assert.equal(outbox.recordingId(JSON.parse(JSON.stringify(payload(0.25)))), id);
  assert.match(id, IDEMPOTENCY_KEY);
  assert.equal(id.length, 32);
});

test("recordings that differ in one number get different ids", () => {
  const ids = new Set();
  for (let index = 0; index < 2000; index += 1) ids.add(outbox.recordingId(payload(index / 1000)));
  assert.equal(ids.size, 2000);
});

test("a retry follows the server's Retry-After, in seconds or as a date", () => {
  const now = Date.parse("2026-12-01T20:00:00Z");
  assert.equal(outbox.retryDelaySeconds(1, "7", now), 7);
  assert.equal(outbox.retryDelaySeconds(5, " 3 ", now), 3);
  assert.equal(outbox.retryDelaySeconds(1, "Tue, 01 Dec 2026 20:00:30 GMT", now), 30);
  // A date already past still waits a little; an absurd wait is shortened.
  assert.equal(outbox.retryDelaySeconds(1, "Tue, 01 Dec 2026 19:00:00 GMT", now), 1);
  assert.equal(outbox.retryDelaySeconds(1, "86400", now), 600);
});

test("without Retry-After the wait doubles from 2 s up to 2 minutes", () => {
  const waits = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((attempts) => outbox.retryDelaySeconds(attempts, null));
  assert.deepEqual(waits, [2, 4, 8, 16, 32, 64, 120, 120, 120]);
  assert.equal(outbox.retryDelaySeconds(2, "soon"), 4);
});

function memoryStorage(initial = {}) {
  const values = new Map(Object.entries(initial));
  return {
    getItem: (key) => (values.has(key) ? values.get(key) : null),
    setItem: (key, value) => values.set(key, value),
  };
}

const sent = (id, localId) => ({
  status: "sent",
  local_id: localId,
  sent_at: "2026-12-01T20:00:00.000Z",
  result: { id, owner_key: `key-${id}` },
});

test("sent records join the device's history once, newest first, with their owner keys", () => {
  const storage = memoryStorage({ [HISTORY_KEY]: JSON.stringify([{ id: "old", owner_key: "k" }]) });
  assert.equal(outbox.rememberSent(storage, HISTORY_KEY, [sent("a", "la"), sent("b", "lb")]), true);
  assert.equal(outbox.rememberSent(storage, HISTORY_KEY, [sent("b", "lb")]), false);
  const history = JSON.parse(storage.getItem(HISTORY_KEY));
  assert.deepEqual(
    history.map((entry) => entry.id),
    ["b", "a", "old"],
  );
  assert.deepEqual(history[0], {
    id: "b",
    owner_key: "key-b",
    created_at: "2026-12-01T20:00:00.000Z",
    local_id: "lb",
  });
});

test("only sent records are remembered, and the history keeps the newest 100", () => {
  const storage = memoryStorage();
  const records = Array.from({ length: 120 }, (_, index) => sent(`id-${index}`, `l-${index}`));
  assert.equal(outbox.rememberSent(storage, HISTORY_KEY, [{ status: "queued", local_id: "q" }]), false);
  outbox.rememberSent(storage, HISTORY_KEY, records);
  const history = JSON.parse(storage.getItem(HISTORY_KEY));
  assert.equal(history.length, 100);
  assert.equal(history[0].id, "id-119");
});

test("a history that is not a JSON list starts again instead of blocking the new result", () => {
  for (const junk of ["{not json", '{"id": 1}']) {
    const storage = memoryStorage({ [HISTORY_KEY]: junk });
    assert.equal(outbox.rememberSent(storage, HISTORY_KEY, [sent("a", "la")]), true);
    assert.deepEqual(
      JSON.parse(storage.getItem(HISTORY_KEY)).map((entry) => entry.id),
      ["a"],
    );
  }
});

test("the function the service worker hands to pages as a script runs on its own", () => {
  const storage = memoryStorage();
  const script = `(${outbox.rememberSent})(storage, ${JSON.stringify(HISTORY_KEY)}, ${JSON.stringify([sent("a", "la")])});`;
  vm.runInNewContext(script, { storage });
  assert.equal(JSON.parse(storage.getItem(HISTORY_KEY))[0].id, "a");
});

test("a compact recording keeps one id however often its body is built, and is sent gzipped", async () => {
  const { assessmentPayload } = await import("../../valgus_pwa/components/transport.js");
  const clip = JSON.parse(readFileSync(new URL("../data/one_leg_balance_frontal.landmarks.json", import.meta.url), "utf8"));
  const recorded = [{ ...clip, summary: { reps: 5, recordedAt: "2026-03-01T09:30:00.000+01:00" } }];
  const body = assessmentPayload("female", recorded);
  const id = outbox.recordingId(body);
  // Built again from the draft's copy (a reload), the body and so the id are the same.
  assert.equal(outbox.recordingId(assessmentPayload("female", structuredClone(recorded))), id);
  assert.notEqual(outbox.recordingId(assessmentPayload("male", recorded)), id);
  // What a browser (and the service worker) has, lent to the outbox's scope.
  Object.assign(scope, { Blob, Response, CompressionStream });
  const { body: wire, headers } = await outbox.encode(body);
  assert.equal(headers["Content-Type"], "application/json");
  assert.equal(headers["Content-Encoding"], "gzip");
  const inflated = await new Response(new Blob([wire]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
  assert.deepEqual(JSON.parse(inflated), body);
  assert.equal(JSON.parse(inflated).schema_version, 2);
});
