/**
 * The client's own work per call, without the network, in its own process: `own-child.ts COUNT`
 * replaces the global `fetch` with one that answers at once (a fresh `Response` with the AI Agent
 * body), then times COUNT calls of bare openapi-fetch with a timeout (baselines.ts, as
 * request-child.ts makes them) and of the client, in turns of 5,000 after a warm-up of COUNT each,
 * and prints `{ timeoutUs, clientUs }`: each one's median turn, per call. Their difference is what
 * the client's own code costs a call on top of openapi-fetch (options, validation, the credential,
 * the retry loop, parsing and checking the body), free of the network's noise.
 */
import { AGENT_ID as id, bareClient } from "./baselines.js";
import { built } from "./package.js";
import { timeInTurns } from "./turns.js";

const count = Number(process.argv[2] ?? 100_000);
const body = JSON.stringify({ _id: id, name: "agent" });
const init = {
  status: 200,
  headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) },
};
globalThis.fetch = () => Promise.resolve(new Response(body, init));

const baseUrl = "http://127.0.0.1:9";
const bare = bareClient(baseUrl);
const client = built.createCognigyClient({ baseUrl, apiKey: "bench-key" });
const { timeout, client: ours } = await timeInTurns(
  {
    timeout: bare.getWithTimeout,
    client: () => client.GET("/v2.0/aiagents/{aiAgentId}", { params: { path: { aiAgentId: id } } }),
  },
  count,
);
console.log(JSON.stringify({ timeoutUs: timeout, clientUs: ours }));
