/**
 * The request-cost measurement, in its own process: `request-child.ts URL COUNT CONCURRENCY` sends
 * COUNT GETs of one AI Agent per variant (raw fetch, bare openapi-fetch, bare openapi-fetch with a
 * timeout and a second copy of it, this client) with CONCURRENCY in flight, in batches that take turns in a shuffled order, so drift
 * in the machine's speed falls on every variant alike. Prints, per variant, the median batch's wall
 * time and client-process CPU time per request, in µs.
 *
 * No collection is forced between batches: after one, the whole next batch ran 7–14 % slower here,
 * and every variant's ratio came out higher, which no program sees
 * that does not collect every 500 requests. Garbage left by one batch and collected in the next
 * falls on every variant alike across the shuffled turns.
 */
import { AGENT_ID as id, bareClient, HEADERS as headers } from "./baselines.js";
import { built } from "./package.js";
import { median } from "./median.js";

const { createCognigyClient } = built;
const [url, countText, concurrencyText] = process.argv.slice(2) as [string, string, string];
const count = Number(countText);
const concurrency = Number(concurrencyText);
const BATCH = 500;

const bare = bareClient(url);
const ours = createCognigyClient({ baseUrl: url, apiKey: "bench-key" });
const variants: Record<string, () => Promise<unknown>> = {
  fetch: async () => (await fetch(`${url}/v2.0/aiagents/${id}`, { headers })).json(),
  "openapi-fetch": bare.get,
  "openapi-fetch with a timeout": bare.getWithTimeout,
  // The same call again: how far two identical variants land apart here, the harness's resolution.
  "openapi-fetch with a timeout, again": bare.getWithTimeout,
  client: () => ours.GET("/v2.0/aiagents/{aiAgentId}", { params: { path: { aiAgentId: id } } }),
};

async function batch(call: () => Promise<unknown>, size: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < size) await call();
    }),
  );
}

for (const call of Object.values(variants)) await batch(call, 1_000);
const wall: Record<string, number[]> = {};
const cpu: Record<string, number[]> = {};
for (let done = 0; done < count; done += BATCH) {
  // A fresh order each turn.
  for (const [name, call] of Object.entries(variants).sort(() => Math.random() - 0.5)) {
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    await batch(call, BATCH);
    const used = process.cpuUsage(cpuStart);
    (wall[name] ??= []).push(((performance.now() - started) * 1000) / BATCH);
    (cpu[name] ??= []).push((used.user + used.system) / BATCH);
  }
}
console.log(
  JSON.stringify(
    Object.fromEntries(
      Object.keys(variants).map((name) => [name, { wallUs: median(wall[name]!), cpuUs: median(cpu[name]!) }]),
    ),
  ),
);
