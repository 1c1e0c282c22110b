// The readiness checks as the runner sees them while getting into place.
import React from "react";
import { CHECKS } from "./readiness.js";

const STATUS_WORDS = { pass: "OK", fail: "Fix", unknown: "Not checked", waiting: "Checking", note: "Note" };
const STATUS_ICONS = { pass: "✓", fail: "✗", unknown: "–", waiting: "…", note: "!" };
export function Checklist({ readiness }) {
  return (
    <ul className="wiz-checks" aria-label="Readiness checks">
      {/* "Only you in view" is listed only when someone else is: it never blocks. */}
      {CHECKS.filter(
        ({ key }) => key in readiness.checks && !(key === "alone" && readiness.checks[key].status === "pass"),
      ).map(({ key, label }) => {
        const check = readiness.checks[key];
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
                {label}: <strong>{STATUS_WORDS[check.status]}</strong>
              </span>
              {check.status !== "pass" && check.message ? (
                <span className="wiz-check__message">{check.message}</span>
              ) : null}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
