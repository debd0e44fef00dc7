/**
 * One request-cost measurement, in its own process: `request-child.ts VARIANT URL COUNT CONCURRENCY`
 * prints `{ ms }` for COUNT GETs of one AI Agent, issued with CONCURRENCY in flight.
 */
import createClient from "openapi-fetch";
import { createCognigyClient } from "../../src/index.js";
import type { paths } from "../../src/spec.js";

const [variant, url, countText, concurrencyText] = process.argv.slice(2) as [string, string, string, string];
const count = Number(countText);
const concurrency = Number(concurrencyText);
const id = "5ce7c2d833ea1e04d7e6c432";
const headers = { Accept: "application/json", "X-API-Key": "bench-key" };

const bare = createClient<paths, "application/json">({ baseUrl: url, headers });
const ours = createCognigyClient({ baseUrl: url, apiKey: "bench-key" });
const calls: Record<string, () => Promise<unknown>> = {
  fetch: async () => (await fetch(`${url}/v2.0/aiagents/${id}`, { headers })).json(),
  "openapi-fetch": () => bare.GET("/v2.0/aiagents/{aiAgentId}", { params: { path: { aiAgentId: id } } }),
  client: () => ours.GET("/v2.0/aiagents/{aiAgentId}", { params: { path: { aiAgentId: id } } }),
};
const call = calls[variant]!;
for (let i = 0; i < 500; i++) await call();
const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next++ < count) await call();
  }),
);
console.log(JSON.stringify({ ms: performance.now() - started }));
