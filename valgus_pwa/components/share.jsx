// Share a report link: the Web Share API where the browser has it, else copy to the clipboard.
import React, { useState } from "react";

async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain-http pages have no clipboard API; a selected text area still copies.
  const area = document.createElement("textarea");
  area.value = text;
  document.body.appendChild(area);
  area.select();
  const copied = document.execCommand("copy");
  area.remove();
  if (!copied) throw new Error("copy refused");
}

export function ShareLink({ url, title }) {
  const [status, setStatus] = useState("");

  const share = async () => {
    if (navigator.share) {
      try {
        await navigator.share({ title, text: title, url });
        setStatus("Shared.");
        return;
      } catch (error) {
        if (error && error.name === "AbortError") return;
      }
    }
    try {
      await copyText(url);
      setStatus("Link copied. Paste it into a message to your physiotherapist.");
    } catch {
      setStatus("Copy the link below by hand.");
    }
  };

  return (
    <div className="share">
      <button type="button" className="share__button" onClick={share} data-testid="share-button">
        Share link
      </button>
      <input
        className="share__url"
        value={url}
        readOnly
        aria-label="Link to this result"
        onFocus={(event) => event.target.select()}
        data-testid="share-url"
      />
      <p className="share__status" role="status" aria-live="polite" data-testid="share-status">
        {status}
      </p>
    </div>
  );
}
