/**
 * The bench's servers, in their own process so they do not share the measured event loop:
 * `servers.ts` prints `{ tiny, list, slowList, limited, csv, fake, fakeStats }` base URLs on 127.0.0.1 and serves
 * until killed.
 */
import { startListServer } from "../../src/testing/servers/list-server.js";
import { listen } from "../../src/testing/servers/listen.js";
import { startCognigyFake } from "../servers/cognigy-fake.js";

// A minimal answer: what a fast API returns for one small resource.
const body = JSON.stringify({ _id: "5ce7c2d833ea1e04d7e6c432", name: "agent" });
const tiny = await listen(
  (_, response) =>
    void response
      .writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) })
      .end(body),
);

// 100 MB of CSV in 64 kB chunks, made once at start-up: the server only copies bytes while a
// client reads, so what is measured is the client, not this process building strings.
const CSV_BYTES = 100 * 2 ** 20;
const csvChunks: Buffer[] = [];
{
  const header = "_id,name,provider,modelType,createdAt,lastChanged,description\n";
  let sent = 0;
  let n = 0;
  while (sent < CSV_BYTES) {
    let chunk = sent === 0 ? header : "";
    while (chunk.length < 65_536)
      chunk += `${(n++).toString(36).padStart(24, "0")},LLM ${n},openAI,gpt-4o,1694518620,1694518620,"A model, with a comma"\n`;
    sent += chunk.length;
    csvChunks.push(Buffer.from(chunk));
  }
}
const csv = await listen((_, response) => {
  response.writeHead(200, { "content-type": "text/csv" });
  let next = 0;
  const write = () => {
    while (next < csvChunks.length) if (!response.write(csvChunks[next++])) return void response.once("drain", write);
    response.end();
  };
  write();
});

const list = await startListServer({ paging: "cursor", count: 100_000 });
// The same list 50 ms away, for parallel export.
const slowList = await startListServer({ paging: "cursor", count: 100_000, latencyMs: 50 });

// A server that admits RATE requests a second: a token bucket holding one second's worth, refilled
// continuously; beyond it, 429 with Retry-After: 1. `/stats` reports what it answered.
const RATE = Number(process.env["BENCH_RATE"] ?? 400);
let tokens = RATE;
let filled = performance.now();
const stats = { ok: 0, refused: 0 };
const limited = await listen((request, response) => {
  if (request.url === "/stats")
    return void response
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ ...stats, rate: RATE }));
  if (request.url === "/reset") {
    tokens = RATE;
    filled = performance.now();
    stats.ok = stats.refused = 0;
    return void response.writeHead(204).end();
  }
  const now = performance.now();
  tokens = Math.min(RATE, tokens + ((now - filled) / 1000) * RATE);
  filled = now;
  if (tokens < 1) {
    stats.refused++;
    return void response
      .writeHead(429, { "content-type": "application/json", "retry-after": "1" })
      .end('{"status":429,"title":"Too Many Requests"}');
  }
  tokens--;
  stats.ok++;
  response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
});

// Cognigy's long-running routes with 500 MB snapshot packages, for uploads and downloads; `fakeStats`
// reports the bytes its tus endpoint took in, and `/drop-tus-at-half` drops the next upload at 250 MB.
const fake = await startCognigyFake({ apiKey: "bench-key", stepMs: 5, packageBytes: 500 * 2 ** 20 });
const fakeStats = await listen((request, response) => {
  if (request.url === "/drop-tus-at-half") fake.script.dropTusAt = fake.tusBytes() + 250 * 2 ** 20;
  response
    .writeHead(200, { "content-type": "application/json" })
    .end(JSON.stringify({ tusBytes: fake.tusBytes(), tusReceived: fake.tusReceived() }));
});

console.log(
  JSON.stringify({
    tiny: tiny.url,
    csv: csv.url,
    list: list.url,
    slowList: slowList.url,
    limited: limited.url,
    fake: fake.url,
    fakeStats: fakeStats.url,
  }),
);
