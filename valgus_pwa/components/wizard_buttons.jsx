// The wizard's buttons: never a form submit, styled by variant ("secondary", "quiet", "stop").
import React from "react";

export function WizardButton({ variant, onClick, disabled, testId, children }) {
  return (
    <button
      type="button"
      className={variant ? `wiz-button wiz-button--${variant}` : "wiz-button"}
      onClick={onClick}
      disabled={disabled}
      data-testid={testId}
    >
      {children}
    </button>
  );
}
