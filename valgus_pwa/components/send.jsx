// Sending: the upload with its progress, or the recording kept on the phone until it can go.
import React, { useEffect, useRef, useState } from "react";
import {
  OutboxList,
  loadOutbox,
  requestBackgroundSend,
  sentReportUrl,
  settleSent,
  useOnline,
  useOutbox,
  waitingText,
} from "./pwa.jsx";
import { xhrTransport } from "./transport.js";

export function SendStep({ localId, onBack }) {
  const online = useOnline();
  const records = useOutbox();
  // This page's own first upload, with its progress; afterwards the outbox record tells.
  const [upload, setUpload] = useState({ sending: true, progress: 0 });
  const opened = useRef(false);
  const record = records.find((candidate) => candidate.local_id === localId);

  const openResult = async (reportUrl) => {
    if (opened.current) return;
    opened.current = true;
    window.location.assign(await reportUrl);
  };

  useEffect(() => {
    let cancelled = false;
    (async () => {
      if (!navigator.onLine) {
        setUpload({ sending: false, progress: 0 });
        requestBackgroundSend();
        return;
      }
      const outbox = await loadOutbox();
      const sent = await outbox.send(
        localId,
        xhrTransport((progress) => !cancelled && setUpload({ sending: true, progress })),
      );
      if (cancelled || !sent) return;
      setUpload({ sending: false, progress: 0 });
      if (sent.status === "sent") openResult(settleSent(sent));
      // Failed tries are retried by PwaStatus while a page is open, by the service worker after.
      else if (sent.status === "queued") requestBackgroundSend();
    })();
    return () => {
      cancelled = true;
    };
  }, [localId]);

  useEffect(() => {
    // Sent by another tab or the service worker: open the result, from the outbox or, once a
    // page has moved it there, from the device's history.
    if (record && record.status === "sent") openResult(settleSent(record));
    else if (!record) {
      const reportUrl = sentReportUrl(localId);
      if (reportUrl) openResult(reportUrl);
    }
  }, [record, localId]);

  const discard = async () => {
    await (await loadOutbox()).remove(localId);
    onBack();
  };

  if (record && record.status === "rejected") {
    return (
      <section className="wiz-section" aria-labelledby="send-title">
        <h1 id="send-title" className="wiz-title">
          The analysis did not accept this recording
        </h1>
        <p className="wiz-error" role="alert">
          {record.last_error}
        </p>
        <button type="button" className="wiz-button" onClick={discard}>
          Back to the review
        </button>
      </section>
    );
  }
  if (!upload.sending && record && record.status === "queued") {
    return (
      <section className="wiz-section" aria-labelledby="send-title">
        <h1 id="send-title" className="wiz-title">
          Saved on this phone
        </h1>
        <p role="status" data-testid="send-queued" data-failure={online ? record.failure || undefined : "offline"}>
          {waitingText(record, online)}
        </p>
        <p>
          Your recording is kept on this phone until it is sent, even if you close this page. The result opens here once
          it has been analysed.
        </p>
        <OutboxList title="Waiting to be sent" />
      </section>
    );
  }
  const percent = Math.round(upload.progress * 100);
  return (
    <section className="wiz-section" aria-labelledby="send-title">
      <h1 id="send-title" className="wiz-title">
        Sending your keypoints
      </h1>
      <progress
        className="wiz-progress"
        max="100"
        value={percent}
        aria-label="Upload progress"
        data-testid="upload-progress"
      />
      <p role="status">{percent < 100 ? `Uploading: ${percent}%` : "Uploaded. Analysing your recording…"}</p>
    </section>
  );
}
