// Runs the live checks and counters on frames the Python tests send, so they can be compared
// with the server's analysis of the same frames (tests/unit/test_live_parity.py). Reads
// {calls: [{fn, frames, width, height, options}]} as JSON on stdin, writes the results.
import { evaluateReadiness } from "../../valgus_pwa/components/readiness.js";
import { createLandingCounter, createRepCounter } from "../../valgus_pwa/components/reps.js";

const run = {
  readiness: ({ frames, width, height, options }) => evaluateReadiness(frames, width, height, null, options).checks,
  reps: ({ frames, width, height }) => {
    const push = createRepCounter();
    return frames.reduce((count, frame) => push(frame.landmarks, width, height), 0);
  },
  landings: ({ frames, width, height, options }) => {
    const push = createLandingCounter(options.leg);
    return frames.reduce((count, frame) => push(frame.landmarks, width, height, frame.t), 0);
  },
};

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { calls } = JSON.parse(input);
process.stdout.write(JSON.stringify(calls.map((call) => run[call.fn](call))));
