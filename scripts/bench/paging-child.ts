/**
 * One paging measurement, in its own process: `paging-child.ts VARIANT URL` reads every item of the
 * list at URL and prints `{ ms, items, rssGrowthMb, retainedMb }`: peak RSS over the RSS after 50
 * pages, and the heap still in use after a full collection at the end over the same after 50 pages.
 * VARIANT is `loop` (hand-written fetch) or `client` (paginate).
 */
import { memoryMeter } from "./memory.js";
import { built } from "./package.js";

const { createCognigyClient, paginate } = built;

const [variant, url] = process.argv.slice(2) as [string, string];
const client = createCognigyClient({ baseUrl: url, apiKey: "bench-key" });
// Growth is measured from the 50th page on: what the first pages allocate once (code, sockets,
// buffers, the JIT) is start-up, not a cost of reading more pages. Flat memory means no growth after.
const memory = memoryMeter();
const started = performance.now();
let items = 0;
const mark = () => {
  if (items === 5_000) memory.start();
};
if (variant === "client") {
  for await (const item of paginate(client, "/v2.0/largelanguagemodels", { pageSize: 100 }))
    if (item && ++items) mark();
} else {
  let next: string | null = null;
  do {
    const response = await fetch(`${url}/v2.0/largelanguagemodels?limit=100${next ? `&next=${next}` : ""}`, {
      headers: { Accept: "application/json", "X-API-Key": "bench-key" },
    });
    const body = (await response.json()) as { items: unknown[]; nextCursor: string | null };
    for (const item of body.items) if (item && ++items) mark();
    next = body.nextCursor;
  } while (next);
}
const ms = performance.now() - started;
const rssGrowthMb = memory.stop();
console.log(JSON.stringify({ ms, items, rssGrowthMb, retainedMb: memory.retainedMb() }));
