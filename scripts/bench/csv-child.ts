/**
 * One CSV streaming measurement, in its own process: `csv-child.ts VARIANT URL` reads the 100 MB
 * export at URL (csvRecords, or raw bytes for the baseline) and prints `{ ms, records, bytes,
 * rssGrowthMb, retainedMb }`. Memory is measured from 5 % of the export on (start-up and the first
 * buffers excluded, after a full collection): the peak RSS over it, and the heap in use after a
 * full collection at 95 % over the same at 5 % (what stays while streaming; 0 when nothing piles up).
 */
import { memoryMeter } from "./memory.js";
import { built } from "./package.js";

const { createCognigyClient, csvRecords } = built;

const [variant, url] = process.argv.slice(2) as [string, string];
const TOTAL = 100 * 2 ** 20;
const RECORDS = 1_092_977; // in the bench server's export (checked by the bench)
const client = createCognigyClient({ baseUrl: url, apiKey: "bench-key", timeout: 600_000 });
// The lazy chunks (the request pipeline, the CSV reader) load before the clock starts: under tsx,
// loading a module mid-run goes through its loader thread, a cost users never pay.
const warm = createCognigyClient({
  baseUrl: url,
  apiKey: "bench-key",
  fetch: () => Promise.resolve(new Response("name\nx\n", { headers: { "content-type": "text/csv" } })),
});
for await (const row of csvRecords(warm.GET("/v2.0/largelanguagemodels", { accept: "csv", parseAs: "stream" })))
  if (!row) break;
const memory = memoryMeter();
let retainedMb = 0;
const started = performance.now();
let records = 0;
let bytes = 0;
// Called as the export advances, with the share read so far (0..1), once past each mark.
let stage = 0;
const progress = (share: number) => {
  if (stage === 0 && share >= 0.05) {
    stage = 1;
    memory.start();
  } else if (stage === 1 && share >= 0.95) {
    stage = 2;
    retainedMb = memory.retainedMb();
  }
};
if (variant === "client") {
  for await (const row of csvRecords(client.GET("/v2.0/largelanguagemodels", { accept: "csv", parseAs: "stream" })))
    if (row && ++records) progress(records / RECORDS);
} else {
  const response = await fetch(`${url}/v2.0/largelanguagemodels`, {
    headers: { Accept: "text/csv", "X-API-Key": "bench-key" },
  });
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
    progress((bytes += chunk.length) / TOTAL);
}
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, records, bytes, rssGrowthMb: memory.stop(), retainedMb }));
