// The one way the app writes a moment: the reader's local time, with the zone named, so a time
// read in the outbox, on a result or in the history is the same text for the same moment.
const PARTS = {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZoneName: "short",
};

// Building a formatter costs milliseconds on a phone, formatting with one almost nothing: a report
// or a history shows many times, so each locale and zone gets one formatter.
const formatters = new Map();

// locale and timeZone default to the browser's own; tests pass them to get a fixed text.
export function formatLocalTime(iso, locale = undefined, timeZone = undefined) {
  const moment = new Date(iso);
  if (!iso || Number.isNaN(moment.getTime())) return "";
  const key = `${locale}|${timeZone}`;
  if (!formatters.has(key)) formatters.set(key, new Intl.DateTimeFormat(locale, { ...PARTS, timeZone }));
  return formatters.get(key).format(moment);
}
