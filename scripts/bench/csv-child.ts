/**
 * One CSV streaming measurement, in its own process: `csv-child.ts VARIANT URL` reads the export at
 * URL (csvRecords, or raw bytes for the baseline) and prints `{ ms, records, bytes, rssGrowthMb }`.
 */
import { createCognigyClient, csvRecords } from "../../src/index.js";

const [variant, url] = process.argv.slice(2) as [string, string];
const client = createCognigyClient({ baseUrl: url, apiKey: "bench-key", timeout: 600_000 });
const before = process.memoryUsage().rss;
let peak = before;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
const started = performance.now();
let records = 0;
let bytes = 0;
if (variant === "client") {
  for await (const row of csvRecords(client.GET("/v2.0/largelanguagemodels", { accept: "csv", parseAs: "stream" }))) if (row) records++;
} else {
  const response = await fetch(`${url}/v2.0/largelanguagemodels`, { headers: { Accept: "text/csv", "X-API-Key": "bench-key" } });
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
}
const ms = performance.now() - started;
clearInterval(sample);
console.log(JSON.stringify({ ms, records, bytes, rssGrowthMb: (Math.max(peak, process.memoryUsage().rss) - before) / 2 ** 20 }));
