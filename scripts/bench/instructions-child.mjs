/**
 * `instructions-child.mjs VARIANT URL COUNT` — COUNT GETs of one AI Agent with one variant (raw
 * fetch, bare openapi-fetch, this client as built in dist/), after a warm-up of 100. The bench runs
 * it under callgrind with two counts: the difference in instructions executed, divided by the
 * difference in requests, is the CPU cost of one request, the same from run to run whatever else
 * the machine is doing. Plain JavaScript: a TypeScript loader would cost minutes under callgrind.
 */
import createClient from "openapi-fetch";
import { createCognigyClient } from "../../dist/index.js";

const [variant, url, countText] = process.argv.slice(2);
const id = "5ce7c2d833ea1e04d7e6c432";
const headers = { Accept: "application/json", "X-API-Key": "bench-key" };
const bare = createClient({ baseUrl: url, headers });
const ours = createCognigyClient({ baseUrl: url, apiKey: "bench-key" });
const variants = {
  fetch: async () => (await fetch(`${url}/v2.0/aiagents/${id}`, { headers })).json(),
  "openapi-fetch": () => bare.GET("/v2.0/aiagents/{aiAgentId}", { params: { path: { aiAgentId: id } } }),
  client: () => ours.GET("/v2.0/aiagents/{aiAgentId}", { params: { path: { aiAgentId: id } } }),
};
const call = variants[variant];
if (!call) throw new Error(`unknown variant ${variant}`);
for (let i = 0; i < 100 + Number(countText); i++) await call();
