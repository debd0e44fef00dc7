/**
 * What a signal costs undici's `fetch`, without the network, in its own process:
 * `signal-child.ts COUNT` builds COUNT `Request`s for the AI Agent with the request's headers, with
 * and without an AbortController's signal, in turns of 5,000 after a warm-up, and prints
 * `{ plainUs, signalUs }`: each one's median turn, per request. `fetch` builds the same `Request`
 * for every call; with a signal it also creates the signal and adds its abort listener and
 * finalizer, which any per-request timeout pays, the client's and "fetch with a timeout"'s alike.
 */
import { AGENT_ID, HEADERS } from "./baselines.js";
import { timeInTurns } from "./turns.js";

const count = Number(process.argv[2] ?? 50_000);
const url = `http://127.0.0.1:9/v2.0/aiagents/${AGENT_ID}`;
let kept: Request | undefined;
const { plain, signal } = await timeInTurns(
  {
    plain: () => (kept = new Request(url, { headers: HEADERS })),
    signal: () => (kept = new Request(url, { headers: HEADERS, signal: new AbortController().signal })),
  },
  count,
);
if (kept?.url !== url) throw new Error("no Request was built");
console.log(JSON.stringify({ plainUs: plain, signalUs: signal }));
