// Sending an assessment: the request body built from the recorded trials, and the upload that
// reports its progress. The outbox (assets/outbox.js) stores, retries and de-duplicates.
import { CONTRACT } from "./contract.js";

/** The API's request body: the trials without the wizard's own summary of each. */
export const assessmentPayload = (sex, trials) => ({
  schema_version: CONTRACT.SCHEMA_VERSION,
  subject: { sex: sex || "unspecified" },
  trials: trials.map(({ summary: _summary, ...trial }) => trial),
});

/** How the outbox lists a recording: "single-leg squat, left and right". */
export function outboxLabel(trials, testWords) {
  const legs = trials.length === 2 ? "left and right" : trials[0].side;
  return `${testWords[trials[0].test]}, ${legs}`;
}

/** A transport for outbox.send() that reports upload progress (0-1): fetch() cannot, XHR can. */
export function xhrTransport(onProgress) {
  return (body, headers) =>
    new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open("POST", CONTRACT.API.ASSESSMENTS);
      for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
      request.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      };
      request.upload.onload = () => onProgress(1);
      request.onload = () =>
        resolve({
          status: request.status,
          text: request.responseText,
          retryAfter: request.getResponseHeader("Retry-After"),
        });
      request.onerror = () => reject(new Error("network"));
      request.ontimeout = () => reject(new Error("timeout"));
      request.send(body);
    });
}
