import assert from "node:assert/strict";
import { test } from "node:test";
import {
  HEADER_BYTES,
  fileProblem,
  looksLikeVideo,
  openingFailure,
  orientationProblem,
} from "../../valgus_pwa/components/video_checks.js";

const bytes = (text) => new TextEncoder().encode(text);
const header = (...parts) => Uint8Array.from(parts.flat());

test("an empty file is told apart before it is opened", () => {
  assert.equal(fileProblem(0), "empty");
  assert.equal(fileProblem(1), null);
  assert.equal(fileProblem(540_548), null);
});

test("the containers phones write are recognised as video", () => {
  // MP4 and MOV: a box size, then "ftyp" (or an older QuickTime box first).
  assert.ok(looksLikeVideo(header([0, 0, 0, 0x20], [...bytes("ftypisom")])));
  assert.ok(looksLikeVideo(header([0, 0, 0, 0x14], [...bytes("ftypqt  ")])));
  assert.ok(looksLikeVideo(header([0, 0, 0, 0x08], [...bytes("wide")])));
  assert.ok(looksLikeVideo(header([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42]))); // WebM
  assert.ok(looksLikeVideo(header([...bytes("RIFF")], [1, 2, 3, 4], [...bytes("AVI LIST")])));
  assert.ok(looksLikeVideo(header([...bytes("OggS")], [0, 2])));
  const transportStream = new Uint8Array(HEADER_BYTES);
  transportStream[0] = 0x47;
  transportStream[188] = 0x47;
  assert.ok(looksLikeVideo(transportStream));
});

test("text, images and other files are not videos, even named .mp4", () => {
  for (const text of ["hello, this is not a video\n", "GET / HTTP/1.1\r\n", '{"frames": []}', "%PDF-1.7"]) {
    assert.equal(looksLikeVideo(bytes(text)), false, text);
    assert.equal(openingFailure(bytes(text)), "not_video");
  }
  assert.equal(looksLikeVideo(header([0x89, ...bytes("PNG\r\n\u001a\n")])), false);
  assert.equal(looksLikeVideo(header([0xff, 0xd8, 0xff, 0xe0])), false); // JPEG
  assert.equal(looksLikeVideo(new Uint8Array(0)), false);
  assert.equal(looksLikeVideo(bytes("RIFF\u0000\u0000\u0000\u0000WAVE")), false);
});

test("a video the browser refuses is told apart from a file that is no video", () => {
  assert.equal(openingFailure(header([0, 0, 0, 0x20], [...bytes("ftypheic")])), "unplayable");
  assert.equal(openingFailure(header([0x1a, 0x45, 0xdf, 0xa3])), "unplayable");
});

test("a video shown wider than tall is landscape; portrait and square ones pass", () => {
  assert.equal(orientationProblem(1768, 994), "landscape");
  assert.equal(orientationProblem(1920, 1080), "landscape");
  assert.equal(orientationProblem(1081, 1080), "landscape");
  assert.equal(orientationProblem(1080, 1920), null);
  assert.equal(orientationProblem(720, 720), null);
  // Every size: landscape exactly when wider than tall.
  for (let width = 1; width <= 64; width += 1) {
    for (let height = 1; height <= 64; height += 1) {
      assert.equal(orientationProblem(width, height) === "landscape", width > height);
    }
  }
});
