/**
 * One parallel-export measurement, in its own process: `export-child.ts VARIANT URL` reads the
 * 100,000 items of the list at URL (50 ms a page) and prints `{ ms, items, inOrder }`. VARIANT is
 * `sequential` (cursor paging, one page at a time) or `parallel` (`concurrency: 8`, by offset).
 */
import { built } from "./package.js";

const { createCognigyClient, paginate } = built;
const [variant, url] = process.argv.slice(2) as [string, string];
const client = createCognigyClient({ baseUrl: url, apiKey: "bench-key" });
const idOf = (n: number) => n.toString(36).padStart(24, "0");
const started = performance.now();
let items = 0;
let inOrder = 1;
for await (const item of paginate(client, "/v2.0/largelanguagemodels", {
  pageSize: 100,
  concurrency: variant === "parallel" ? 8 : 1,
})) {
  if (item._id !== idOf(items)) inOrder = 0;
  items++;
}
console.log(JSON.stringify({ ms: performance.now() - started, items, inOrder }));
