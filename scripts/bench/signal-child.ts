/**
 * What a signal costs undici's `fetch`, without the network, in its own process:
 * `signal-child.ts COUNT` builds COUNT `Request`s for the AI Agent with the request's headers, with
 * and without an AbortController's signal, in turns of 5,000 after a warm-up, and prints
 * `{ plainUs, signalUs }`: each one's median turn, per request. `fetch` builds the same `Request`
 * for every call; with a signal it also creates the signal and adds its abort listener and
 * finalizer, which any per-request timeout pays, the client's and "fetch with a timeout"'s alike.
 */
import { AGENT_ID, HEADERS } from "./baselines.js";

const count = Number(process.argv[2] ?? 50_000);
const TURN = 5_000;
const url = `http://127.0.0.1:9/v2.0/aiagents/${AGENT_ID}`;
let kept: Request | undefined;
const variants: Record<"plain" | "signal", () => void> = {
  plain: () => (kept = new Request(url, { headers: HEADERS })),
  signal: () => (kept = new Request(url, { headers: HEADERS, signal: new AbortController().signal })),
};

for (const build of Object.values(variants)) for (let i = 0; i < count; i++) build();
const times: Record<string, number[]> = { plain: [], signal: [] };
for (let done = 0; done < count; done += TURN) {
  for (const [name, build] of Object.entries(variants)) {
    const started = performance.now();
    for (let i = 0; i < TURN; i++) build();
    times[name]!.push(((performance.now() - started) * 1000) / TURN);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
if (kept?.url !== url) throw new Error("no Request was built");
console.log(JSON.stringify({ plainUs: median(times["plain"]!), signalUs: median(times["signal"]!) }));
