// What can be told about a chosen gallery file: that it is empty, that it is not a video at all
// (rather than a video this browser cannot play), and that it was filmed landscape. Each check
// answers a code; gallery.jsx words it.

// An MPEG transport stream is 188-byte packets, each starting with the sync byte 0x47.
const TS_PACKET = 188;
const TS_SYNC = 0x47;
/** How many leading bytes `openingFailure` reads to recognise a video container. */
export const HEADER_BYTES = TS_PACKET + 1;

// ISO base media (MP4, MOV, 3GP) files start with a box size and one of these box types.
const ISO_BOX_TYPES = new Set(["ftyp", "moov", "mdat", "wide", "free", "skip", "pnot"]);
// Magic numbers at offset 0 of the other containers phones and cameras write.
const SIGNATURES = [
  [0x1a, 0x45, 0xdf, 0xa3], // WebM and Matroska (EBML)
  [0x4f, 0x67, 0x67, 0x53], // Ogg
  [0x00, 0x00, 0x01, 0xba], // MPEG program stream
  [0x46, 0x4c, 0x56], // FLV
];

const ascii = (bytes, from, to) => String.fromCharCode(...bytes.slice(from, to));

/** Whether the first bytes of a file are those of a video container (ISO/MP4, WebM, AVI, Ogg, MPEG, FLV). */
export function looksLikeVideo(header) {
  const bytes = Array.from(header.slice(0, HEADER_BYTES));
  if (bytes.length >= 8 && ISO_BOX_TYPES.has(ascii(bytes, 4, 8))) return true;
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "AVI ") return true;
  if (bytes[0] === TS_SYNC && bytes[TS_PACKET] === TS_SYNC) return true;
  return SIGNATURES.some((signature) => signature.every((byte, index) => bytes[index] === byte));
}

/** Before the file is opened: "empty" for a 0-byte file, else null. */
export const fileProblem = (size) => (size === 0 ? "empty" : null);

/**
 * Why the browser could not open a file, from its first bytes: "not_video" when they are not a
 * video container's, "unplayable" when they are (a codec or a damaged file this browser refuses).
 */
export const openingFailure = (header) => (looksLikeVideo(header) ? "unplayable" : "not_video");

/**
 * "landscape" when the video as shown is wider than tall, else null. The sizes must be the ones
 * the browser reports after applying the file's rotation (videoWidth and videoHeight), so a
 * portrait video stored sideways with a rotation tag passes and a sideways one does not.
 */
export const orientationProblem = (width, height) => (width > height ? "landscape" : null);
