/**
 * One paging measurement, in its own process: `paging-child.ts VARIANT URL` reads every item of the
 * list at URL and prints `{ ms, items, rssGrowthMb }` (peak RSS over the RSS before the first page).
 */
import { createCognigyClient, paginate } from "../../src/index.js";

const [variant, url] = process.argv.slice(2) as [string, string];
const client = createCognigyClient({ baseUrl: url, apiKey: "bench-key" });
globalThis.gc?.();
const before = process.memoryUsage().rss;
let peak = before;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
const started = performance.now();
let items = 0;
if (variant === "client") {
  for await (const item of paginate(client, "/v2.0/largelanguagemodels", { pageSize: 100 })) if (item) items++;
} else {
  let next: string | null = null;
  do {
    const response = await fetch(`${url}/v2.0/largelanguagemodels?limit=100${next ? `&next=${next}` : ""}`, { headers: { Accept: "application/json", "X-API-Key": "bench-key" } });
    const body = (await response.json()) as { items: unknown[]; nextCursor: string | null };
    items += body.items.length;
    next = body.nextCursor;
  } while (next);
}
const ms = performance.now() - started;
clearInterval(sample);
peak = Math.max(peak, process.memoryUsage().rss);
console.log(JSON.stringify({ ms, items, rssGrowthMb: (peak - before) / 2 ** 20 }));
