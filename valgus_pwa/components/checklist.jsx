// The readiness checks as the runner sees them while getting into place.
import React from "react";
import { CHECKS } from "./readiness.js";

const STATUS_WORDS = { pass: "OK", fail: "Fix", unknown: "Not checked", waiting: "Checking", note: "Note" };
const STATUS_ICONS = { pass: "✓", fail: "✗", unknown: "–", waiting: "…", note: "!" };
/** cameraReady: false until the camera shows a picture, and until then no check can run. */
export function Checklist({ readiness, cameraReady }) {
  return (
    <ul className="wiz-checks" aria-label="Readiness checks">
      {/* "Only you in view" is listed only when someone else is: it never blocks. */}
      {CHECKS.filter(
        ({ key }) => key in readiness.checks && !(key === "alone" && readiness.checks[key].status === "pass"),
      ).map(({ key, label }) => {
        const check = readiness.checks[key];
        const waitingForCamera = !cameraReady && check.status === "waiting";
        return (
          <li
            key={key}
            className={`wiz-check wiz-check--${check.status}`}
            data-testid={`check-${key}`}
            data-status={check.status}
          >
            <span className="wiz-check__icon" aria-hidden="true">
              {STATUS_ICONS[check.status]}
            </span>
            <span className="wiz-check__text">
              <span className="wiz-check__label">
                {label}: <strong>{waitingForCamera ? "Waiting for the camera" : STATUS_WORDS[check.status]}</strong>
              </span>
              {check.status !== "pass" && check.message && !waitingForCamera ? (
                <span className="wiz-check__message">{check.message}</span>
              ) : null}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
