import assert from "node:assert/strict";
import { test } from "node:test";
import { formatLocalTime } from "../../valgus_pwa/components/time_format.js";

test("a stored UTC time is written in the reader's zone, with the zone named", () => {
  const iso = "2026-12-01T20:29:00+00:00";
  assert.equal(
    formatLocalTime(iso, "en-GB", "Europe/Berlin"),
    "1 Dec 2026, 21:29 CET",
  );
  assert.equal(formatLocalTime(iso, "en-GB", "UTC"), "1 Dec 2026, 20:29 UTC");
  assert.match(
    formatLocalTime(iso, "en-US", "America/New_York"),
    /^Dec 1, 2026, 03:29 PM EST$/,
  );
});

test("a missing or broken time writes nothing rather than 'Invalid Date'", () => {
  assert.equal(formatLocalTime(""), "");
  assert.equal(formatLocalTime("not a time"), "");
});
