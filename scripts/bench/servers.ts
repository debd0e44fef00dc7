/**
 * The bench's servers, in their own process so they do not share the measured event loop:
 * `servers.ts` prints `{ tiny, list, csv }` base URLs on 127.0.0.1 and serves until killed.
 */
import { startListServer } from "../../src/testing/servers/list-server.js";
import { listen } from "../../src/testing/servers/listen.js";

// A minimal answer: what a fast API returns for one small resource.
const body = JSON.stringify({ _id: "5ce7c2d833ea1e04d7e6c432", name: "agent" });
const tiny = await listen((_, response) => void response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body));

// 100 MB of CSV in 64 kB chunks, generated as it is sent.
const CSV_BYTES = 100 * 2 ** 20;
const csv = await listen((_, response) => {
  response.writeHead(200, { "content-type": "text/csv" });
  const header = "_id,name,provider,modelType,createdAt,lastChanged,description\n";
  let sent = 0;
  let n = 0;
  const write = () => {
    while (sent < CSV_BYTES) {
      let chunk = sent === 0 ? header : "";
      while (chunk.length < 65_536) chunk += `${(n++).toString(36).padStart(24, "0")},LLM ${n},openAI,gpt-4o,1694518620,1694518620,"A model, with a comma"\n`;
      sent += chunk.length;
      if (!response.write(chunk)) return void response.once("drain", write);
    }
    response.end();
  };
  write();
});

const list = await startListServer({ paging: "cursor", count: 100_000 });
console.log(JSON.stringify({ tiny: tiny.url, csv: csv.url, list: list.url }));
