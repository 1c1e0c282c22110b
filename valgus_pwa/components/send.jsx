// Sending: the upload with its progress, or the recording kept on the phone until it can go.
import React, { useEffect, useRef, useState } from "react";
import { OutboxList, loadOutbox, requestBackgroundSend, settleSent, useOnline, useOutbox } from "./pwa.jsx";
import { xhrTransport } from "./transport.js";

export function SendStep({ localId, onBack }) {
  const online = useOnline();
  const records = useOutbox();
  const [upload, setUpload] = useState({ phase: "sending", progress: 0 });
  const opened = useRef(false);
  const record = records.find((candidate) => candidate.local_id === localId);

  const openResult = async (sent) => {
    if (opened.current) return;
    opened.current = true;
    window.location.assign(await settleSent(sent));
  };

  useEffect(() => {
    let cancelled = false;
    (async () => {
      if (!navigator.onLine) {
        setUpload({ phase: "queued", progress: 0 });
        requestBackgroundSend();
        return;
      }
      const outbox = await loadOutbox();
      const sent = await outbox.send(
        localId,
        xhrTransport((progress) => !cancelled && setUpload({ phase: "sending", progress })),
      );
      if (cancelled || !sent) return;
      if (sent.status === "sent") openResult(sent);
      else if (sent.status === "queued") {
        setUpload({ phase: "queued", progress: 0 });
        requestBackgroundSend();
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [localId]);

  useEffect(() => {
    // Back online: send it from here too (the service worker may also do it; a lock prevents doubles).
    if (online && upload.phase === "queued") loadOutbox().then((outbox) => outbox.send(localId));
  }, [online, upload.phase, localId]);

  useEffect(() => {
    // Sent by this page, another tab or the service worker: open the result.
    if (record && record.status === "sent") openResult(record);
  }, [record]);

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
  if (upload.phase === "queued") {
    return (
      <section className="wiz-section" aria-labelledby="send-title">
        <h1 id="send-title" className="wiz-title">
          Saved on this phone
        </h1>
        <p role="status" data-testid="send-queued">
          {online ? "The server could not be reached. " : "You are offline. "}
          Your recording is kept on this phone and sent automatically when the connection returns, even if you close
          this page. The result opens here once it has been analysed.
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
