// A stored ISO time shown in the reader's local time with its zone (time_format.js).
import React from "react";
import { formatLocalTime } from "./time_format.js";

export function LocalTime({ iso }) {
  return <time dateTime={iso}>{formatLocalTime(iso)}</time>;
}
