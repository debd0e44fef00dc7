/**
 * One rate-limit measurement, in its own process: `throttle-child.ts VARIANT URL` makes 2,000 GETs
 * from 64 concurrent callers against a server admitting N a second (429 and Retry-After beyond it)
 * and prints `{ ms, ok, failed, requests, refused }`. VARIANT `client` is one client shared by the
 * callers (maxConcurrency 16; a 429 slows the whole client down); `retries-alone` is each call
 * retrying on its own after the Retry-After (openapi-fetch and the loop the client had before its
 * queue: up to 2 retries), the callers unaware of each other.
 */
import createClient from "openapi-fetch";
import { built } from "./package.js";

const { createCognigyClient } = built;
const [variant, url] = process.argv.slice(2) as [string, string];
const CALLS = 2_000;
const CALLERS = 64;
let requests = 0;
let refused = 0;
const counting = async (request: Request) => {
  requests++;
  const response = await fetch(request);
  if (response.status === 429) refused++;
  return response;
};
const path = "/v2.0/aiagents/5ce7c2d833ea1e04d7e6c432";
let call: () => Promise<boolean>;
if (variant === "client") {
  const client = createCognigyClient({ baseUrl: url, apiKey: "bench-key", fetch: counting, maxConcurrency: 16 });
  call = async () =>
    (await client.aiAgents.get({ params: { path: { aiAgentId: "5ce7c2d833ea1e04d7e6c432" } } })).response.ok;
} else {
  const bare = createClient({ baseUrl: url, headers: { "X-API-Key": "bench-key" }, fetch: counting });
  call = async () => {
    for (let retry = 0; ; retry++) {
      const { response } = await bare.GET(path as never);
      if (response.status !== 429 || retry === 2) return response.ok;
      await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get("retry-after") ?? 1) * 1000));
    }
  };
}
let next = 0;
let ok = 0;
let failed = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: CALLERS }, async () => {
    while (next < CALLS) {
      next++;
      if (await call().catch(() => false)) ok++;
      else failed++;
    }
  }),
);
console.log(JSON.stringify({ ms: performance.now() - started, ok, failed, requests, refused }));
