import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { faults, startFaultServer } from "../../src/testing/servers/fault-server.js";
import { startListServer } from "../../src/testing/servers/list-server.js";
import { startOAuthServer } from "../../src/testing/servers/oauth-server.js";
import { SPEC_VERSION } from "../../src/index.js";

// The packed package on every runtime the README names: installed from the tarball into a fresh
// consumer project, then one plain ESM program run by each runtime (from the npm registry's
// node, deno and bun packages) against local servers: Prism for JSON, HAL, XML and CSV, a list
// server for paging, the OAuth2 token server, and scripted faults for typed errors and timeouts.
const run = promisify(execFile);
const root = resolve(".");
let consumer: string;
let list: Awaited<ReturnType<typeof startListServer>>;
let oauth: Awaited<ReturnType<typeof startOAuthServer>>;
let fault: Awaited<ReturnType<typeof startFaultServer>>;
const env: Record<string, string> = {};
const took: string[] = [];

const SMOKE = `import { createCognigyClient, csvRecords, paginate, oauth2Auth, isErrorType, CognigyNotFoundError, CognigyTimeoutError, SPEC_VERSION } from "cognigy-openapi-client";
const { PRISM_URL, LIST_URL, OAUTH_URL, NOT_FOUND_URL, SLOW_URL } = process.env;
const params = { path: { aiAgentId: "5ce7c2d833ea1e04d7e6c432" } };
const client = createCognigyClient({ baseUrl: PRISM_URL, apiKey: "runtime-key" });
const json = await client.GET("/v2.0/aiagents/{aiAgentId}", { params });
const named = await client.aiAgents.get({ params });
const hal = await client.largeLanguageModels.list({ accept: "hal" });
const xml = await client.GET("/v2.0/largelanguagemodels", { accept: "xml" });
const csv = await client.GET("/v2.0/largelanguagemodels", { accept: "csv" });
const streamed = [];
for await (const row of csvRecords(client.GET("/v2.0/largelanguagemodels", { accept: "csv", parseAs: "stream" }))) streamed.push(row.name);
let paged = 0;
for await (const llm of paginate(createCognigyClient({ baseUrl: LIST_URL, apiKey: "k" }), "/v2.0/largelanguagemodels", { pageSize: 100 })) paged += llm.name ? 1 : 0;
const auth = oauth2Auth({ grant: "client_credentials", clientId: "runtime-client", clientSecret: "runtime-secret" });
const viaOAuth = await createCognigyClient({ baseUrl: OAUTH_URL, auth, validate: false }).GET("/v2.0/aiagents/{aiAgentId}", { params });
const notFound = await createCognigyClient({ baseUrl: NOT_FOUND_URL, apiKey: "k", throwOnError: true }).GET("/v2.0/aiagents/{aiAgentId}", { params }).catch((error) => error);
const timedOut = await createCognigyClient({ baseUrl: SLOW_URL, apiKey: "k", timeout: 200, retry: { maxRetries: 0 } }).GET("/v2.0/aiagents/{aiAgentId}", { params }).catch((error) => error);
console.log(JSON.stringify({
  json: json.data.name,
  named: named.data.name,
  hal: "_links" in hal.data || "_embedded" in hal.data || Array.isArray(hal.data.items),
  xml: Array.isArray(xml.data.xml.items),
  csv: csv.data.length > 0,
  streamed: streamed.length === csv.data.length,
  paged,
  oauth: viaOAuth.response.status,
  notFound: [isErrorType(notFound, CognigyNotFoundError), notFound.traceId],
  timedOut: [timedOut instanceof CognigyTimeoutError, timedOut.timeoutMs],
  version: SPEC_VERSION,
}));
`;

beforeAll(async () => {
  consumer = await mkdtemp(join(tmpdir(), "cognigy-runtimes-"));
  await run("npm", ["pack", "--pack-destination", consumer], { cwd: root });
  const tarball = (await readdir(consumer)).find((file) => file.endsWith(".tgz"))!;
  await writeFile(
    join(consumer, "package.json"),
    JSON.stringify({ name: "consumer", private: true, version: "1.0.0", type: "module" }),
  );
  await run(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", join(consumer, tarball)],
    { cwd: consumer },
  );
  await writeFile(join(consumer, "smoke.mjs"), SMOKE);
  list = await startListServer({ paging: "cursor", count: 250 });
  oauth = await startOAuthServer({
    clientId: "runtime-client",
    clientSecret: "runtime-secret",
    username: "u",
    password: "p",
  });
  fault = await startFaultServer();
  Object.assign(env, {
    PRISM_URL: inject("prismUrl"),
    LIST_URL: list.url,
    OAUTH_URL: oauth.url,
    NOT_FOUND_URL: fault.case(faults.problem(404, "Not Found")).baseUrl,
    SLOW_URL: fault.case(faults.slow(5_000, faults.json(200, {}))).baseUrl,
  });
}, 600_000);
afterAll(async () => {
  await Promise.all([list?.close(), oauth?.close(), fault?.close()]);
  await rm(consumer, { recursive: true, force: true });
  console.log(`runtimes: ${took.join(", ")}`);
});

// The runtimes CI proves, and how each runs a program (the registry's packages, fetched by npx once).
const RUNTIMES: Array<[string, string, string[]]> = [
  ["Node 20", process.execPath, []],
  ["Node 22", "npx", ["-y", "node@22"]],
  ["Node 24", "npx", ["-y", "node@24"]],
  ["Node 26", "npx", ["-y", "node@26"]],
  ["Deno 2.9", "npx", ["-y", "deno@2.9.6", "run", "--allow-net=127.0.0.1", "--allow-env", "--allow-read"]],
  ["Bun 1.4", "npx", ["-y", "bun@1.4.5", "run"]],
];

describe("the packed package on every runtime", () => {
  test.each(RUNTIMES)(
    "%s: JSON, by name, HAL, XML, CSV (streamed too), paging, OAuth2, typed errors, timeouts",
    async (name, command, args) => {
      const started = performance.now();
      const { stdout } = await run(command, [...args, "smoke.mjs"], {
        cwd: consumer,
        env: { ...process.env, ...env, NO_COLOR: "1" },
        timeout: 300_000,
      });
      took.push(`${name} ${((performance.now() - started) / 1000).toFixed(1)} s`);
      expect(JSON.parse(stdout.trim().split("\n").at(-1)!)).toEqual({
        json: "Cognigy AI Agent",
        named: "Cognigy AI Agent",
        hal: true,
        xml: true,
        csv: true,
        streamed: true,
        paged: 250,
        oauth: 200,
        notFound: [true, "api--trace-404"],
        timedOut: [true, 200],
        version: SPEC_VERSION,
      });
    },
    300_000,
  );
});
