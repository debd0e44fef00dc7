import { afterAll, beforeAll, describe, expect, expectTypeOf, inject, test } from "vitest";
import { readFileSync } from "node:fs";
import { migrationTable } from "../scripts/codegen/lib/migration-table.js";
import { nameOperations } from "../src/codegen/operation-names.js";
import { repairSpec } from "../src/codegen/spec-problems.js";
import { syntheticSpec } from "../scripts/codegen/lib/synthetic-spec.js";
import type { OpenApiDocument } from "../src/codegen/openapi-document.js";
import { faults, startFaultServer } from "../src/testing/servers/fault-server.js";
import { CognigyConfigError, CognigyNotFoundError, CognigyValidationError, createCognigyClient, loadOperationTable, pages, paginate, type RouteData } from "../src/index.js";

const params = { path: { aiAgentId: "5ce7c2d833ea1e04d7e6c432" } };
const failure = async (promise: Promise<unknown>) => promise.then(() => expect.unreachable("expected a rejection"), (error: unknown) => error as Error & Record<string, any>);

/** A spec of the given operations: `[tag, operationId, method, path]`. */
function specOf(operations: Array<[string | undefined, string, string, string]>): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const [tag, operationId, method, path] of operations) {
    paths[path] = { ...paths[path], [method]: { operationId, ...(tag && { tags: [tag] }), summary: operationId, responses: {} } };
  }
  return { openapi: "3.0.3", info: { version: "1" }, paths };
}
const named = (spec: OpenApiDocument) => Object.fromEntries(nameOperations(spec).names.map((name) => [name.operationId, `${name.namespace}.${name.method}`]));

describe("naming rules", () => {
  test("tag → namespace; index → list, read → get; the namespace's noun dropped; other verbs kept", () => {
    const spec = specOf([
      ["AI Agents", "readAiAgent_2_0", "get", "/v2.0/aiagents/{aiAgentId}"],
      ["AI Agents", "indexAiAgents_2_0", "get", "/v2.0/aiagents"],
      ["AI Agents", "indexAiAgentJobs_2_0", "get", "/v2.0/aiagents/{aiAgentId}/jobs"],
      ["AI Agents", "hireAiAgent_2_0", "post", "/v2.0/aiagents/hire"],
      ["Large Language Models", "indexLargeLanguageModels_2_0", "get", "/v2.0/largelanguagemodels"],
      ["Large Language Models", "testLargeLanguageModelConnection_2_0", "post", "/v2.0/largelanguagemodels/{id}/test"],
      ["Administration", "readKnowledgeChunkCount_2_0", "get", "/v2.0/organisations/chunkcount"],
      ["Knowledge Stores", "indexKnowledgeStores_2_0", "get", "/v2.0/knowledgestores"],
      [undefined, "readWebfinger_2_0", "get", "/.well-known/webfinger"],
    ]);
    expect(named(spec)).toEqual({
      readAiAgent_2_0: "aiAgents.get",
      indexAiAgents_2_0: "aiAgents.list",
      indexAiAgentJobs_2_0: "aiAgents.listJobs",
      hireAiAgent_2_0: "aiAgents.hire",
      indexLargeLanguageModels_2_0: "largeLanguageModels.list",
      testLargeLanguageModelConnection_2_0: "largeLanguageModels.testConnection",
      readKnowledgeChunkCount_2_0: "administration.getKnowledgeChunkCount",
      indexKnowledgeStores_2_0: "knowledgeStores.list",
      readWebfinger_2_0: "wellKnown.getWebfinger",
    });
  });

  test("versions: the oldest keeps the name, a newer one gets its version; a new version never moves a name", () => {
    const v2 = specOf([["Logs", "indexLogs_2_0", "get", "/v2.0/logs"]]);
    const both = specOf([
      ["Logs", "indexLogs_2_1", "get", "/v2.1/logs"],
      ["Logs", "indexLogs_2_0", "get", "/v2.0/logs"],
      ["Logs", "indexLogs_3_0", "get", "/v3.0/logs"],
    ]);
    expect(named(v2)).toEqual({ indexLogs_2_0: "logs.list" });
    expect(named(both)).toEqual({ indexLogs_2_0: "logs.list", indexLogs_2_1: "logs.listV2_1", indexLogs_3_0: "logs.listV3" });
  });

  test("a collision falls back to the long name, then the operationId, whatever the order, and is reported", () => {
    const operations: Array<[string, string, string, string]> = [
      ["Flows", "indexFlows_2_0", "get", "/v2.0/flows"],
      ["Flows", "listFlows_2_0", "get", "/v2.0/flows/all"],
      ["Flows", "constructor_2_0", "post", "/v2.0/flows/x"],
    ];
    const forward = nameOperations(specOf(operations));
    const backward = nameOperations(specOf([...operations].reverse()));
    // Both are "list", then both "listFlows": both fall back to their operationIds.
    expect(named(specOf(operations))).toEqual({ indexFlows_2_0: "flows.indexFlows_2_0", listFlows_2_0: "flows.listFlows_2_0", constructor_2_0: "flows.constructor_2_0" });
    expect(named(specOf([...operations].reverse()))).toEqual(named(specOf(operations)));
    expect(forward.reports).toHaveLength(6);
    expect(forward.reports[0]).toBe("GET /v2.0/flows: flows.list is taken, named flows.listFlows");
    expect(backward.reports.sort()).toEqual(forward.reports.sort());
  });

  test("on the full-size spec built from Cognigy's route inventory, every operation has a name of its own, whatever the order", () => {
    // As generate names them: after the repairs (a snapshot may repeat an operationId across versions).
    const { spec } = repairSpec(syntheticSpec());
    const { names } = nameOperations(spec);
    expect(new Set(names.map((name) => `${name.namespace}.${name.method}`)).size).toBe(names.length);
    const reversed = nameOperations({ ...spec, paths: Object.fromEntries(Object.entries(spec.paths).reverse()) }).names;
    expect(Object.fromEntries(reversed.map((name) => [name.operationId, `${name.namespace}.${name.method}`]))).toEqual(named(spec));
    expect(named(spec)).toMatchObject({ readAiAgent_2_0: "aiAgents.get", indexSnapshots_2_0: "snapshots.list", restoreSnapshot_2_0: "snapshots.restore" });
  });

  test("a namespace never shadows the client's own members", () => {
    expect(named(specOf([["Request", "readRequest_2_0", "get", "/v2.0/requests/{id}"], ["Use", "readThing_2_0", "get", "/v2.0/things"]]))).toEqual({
      readRequest_2_0: "requestApi.get",
      readThing_2_0: "useApi.getThing",
    });
  });
});

describe("the migration table from @cognigy/rest-api-client", () => {
  test("maps each function to the named method of its route, or to client.request() for a route the spec lacks", () => {
    const spec = specOf([
      ["AI Agents", "readAiAgent_2_0", "get", "/v2.0/aiagents/{aiAgentId}"],
      ["Large Language Models", "indexLargeLanguageModels_2_0", "get", "/v2.0/largelanguagemodels"],
    ]);
    const tsv = [
      "api_group\tfunction\tmethod\tpath\thelper",
      "ResourcesAPIGroup_2_0\treadAiAgent\tGET\t/new/v2.0/aiagents/{id}\tGenericAPIFn",
      "ResourcesAPIGroup_2_0\tindexLargeLanguageModels\tGET\t/new/v2.0/largelanguagemodels\tGenericAPIFn",
      "ResourcesAPIGroup_2_0\tuploadExtension\tPOST\t/new/v2.0/extensions/upload\tGenericUploadFn",
    ].join("\n");
    const table = migrationTable(tsv, nameOperations(spec).names, "2026.10.1");
    expect(table).toContain("| `readAiAgent` | Resources | `GET /v2.0/aiagents/{id}` | `client.aiAgents.get()` |");
    expect(table).toContain("| `indexLargeLanguageModels` | Resources | `GET /v2.0/largelanguagemodels` | `client.largeLanguageModels.list()` |");
    expect(table).toContain('| `uploadExtension` | Resources | `POST /v2.0/extensions/upload` | not in the bundled spec: `client.request("POST", "/v2.0/extensions/upload", …)` (a multipart upload in that client) |');
    expect(table).toContain("2 of 3 functions call a route of the bundled spec");
  });

  test("the published table covers every function of that client", () => {
    const functions = readFileSync("openapi/official-client-0.19.0-operations.tsv", "utf8").trim().split("\n").length - 1;
    const rows = readFileSync("generated/migration.md", "utf8").split("\n").filter((line) => line.startsWith("| `") && !line.startsWith("| `@cognigy"));
    expect(rows).toHaveLength(functions);
  });
});

describe("named methods against Prism", () => {
  const client = createCognigyClient({ baseUrl: inject("prismUrl"), apiKey: "named-key" });

  test("client.aiAgents.get takes the path call's init and gives its typed result", async () => {
    const byName = await client.aiAgents.get({ params });
    const byPath = await client.GET("/v2.0/aiagents/{aiAgentId}", { params });
    expectTypeOf(byName.data).toEqualTypeOf(byPath.data);
    expectTypeOf(byName.data).toEqualTypeOf<RouteData<"get", "/v2.0/aiagents/{aiAgentId}"> | undefined>();
    expect(byName.data).toEqual(byPath.data);
    expect(byName.request).toEqual({ method: "GET", path: "/v2.0/aiagents/{aiAgentId}" });
  });

  test("per-call options and errors are the path call's: accept, validation, throwOnError", async () => {
    const hal = await client.largeLanguageModels.list({ accept: "hal" });
    expect(hal.response.headers.get("content-type")).toMatch(/hal\+json/);
    expect(await failure(client.aiAgents.get({ params: { path: { aiAgentId: "short" } } }))).toBeInstanceOf(CognigyValidationError);
    const error = await failure(client.aiAgents.get({ params, headers: { Prefer: "code=404" }, throwOnError: true }));
    expect(error).toBeInstanceOf(CognigyNotFoundError);
    expect(error.path).toBe("/v2.0/aiagents/{aiAgentId}");
  });

  test("paginate() and pages() take a named list method", async () => {
    const items = [];
    // Prism answers the same example page every time: one page is what it can serve.
    for await (const llm of paginate(client, client.largeLanguageModels.list, { maxPages: 1 })) items.push(llm.name);
    expect(items.length).toBeGreaterThan(0);
    for await (const page of pages(client, client.largeLanguageModels.list, { maxPages: 1 })) expect(page.items.map((llm) => llm.name)).toEqual(items);
    expect(await failure((async () => {
      for await (const _ of paginate(client, (() => undefined) as never)) void _;
    })())).toBeInstanceOf(CognigyConfigError);
  });

  test("every operation of the spec is reachable by name, and a name it lacks is a CognigyConfigError", async () => {
    const table = await loadOperationTable();
    for (const operation of Object.values(table)) {
      const [namespace, method] = operation.name.split(".") as [string, string];
      const fn = (client as unknown as Record<string, Record<string, { operation: string }>>)[namespace]![method]!;
      expect(fn.operation).toBe(operation.name);
    }
    const missing = (client.aiAgents as unknown as Record<string, () => Promise<unknown>>)["doesNotExist"]!;
    expect(await failure(missing())).toMatchObject({ name: "CognigyConfigError", option: "aiAgents.doesNotExist" });
    // A namespace is not a thenable, so `await client.aiAgents` is harmless.
    expect(await Promise.resolve(client.aiAgents)).toBe(client.aiAgents);
  });
});

describe("client.request(): the escape hatch for routes the spec lacks", () => {
  let server: Awaited<ReturnType<typeof startFaultServer>>;
  beforeAll(async () => void (server = await startFaultServer()));
  afterAll(() => server.close());

  test("an unknown path goes out with the credential, encoded path ids and no spec validation; data is unknown", async () => {
    const { baseUrl, seen } = server.case(faults.json(200, { id: "a b", ok: true }));
    const client = createCognigyClient({ baseUrl, apiKey: "hatch-key" });
    const result = await client.request("POST", "/v3.0/newroute/{routeId}/things", { params: { path: { routeId: "a b" }, query: { limit: 500 } }, body: { name: "x" } });
    expectTypeOf(result.data).toEqualTypeOf<unknown>();
    expect(result.data).toEqual({ id: "a b", ok: true });
    expect(seen[0]).toMatchObject({ method: "POST", url: "/v3.0/newroute/a%20b/things?limit=500", body: '{"name":"x"}' });
    expect(seen[0]!.headers["x-api-key"]).toBe("hatch-key");
  });

  test("retries, errors, content negotiation and path safety are the same", async () => {
    const { baseUrl, seen } = server.case(faults.problem(503, "Service Unavailable"), faults.problem(404, "Not Found"));
    const client = createCognigyClient({ baseUrl, apiKey: "hatch-key", retry: { initialDelayMs: 1 }, throwOnError: true });
    const error = await failure(client.request("get", "/v3.0/things/{thingId}", { params: { path: { thingId: "t1" } } }));
    expect(error).toBeInstanceOf(CognigyNotFoundError);
    expect(error.path).toBe("/v3.0/things/{thingId}");
    expect(seen).toHaveLength(2);
    expect(await failure(client.request("GET", "/v3.0/things/{thingId}", { params: { path: { thingId: ".." } } }))).toBeInstanceOf(CognigyValidationError);
    const csv = server.case((response) => void response.writeHead(200, { "content-type": "text/csv" }).end("a,b\n1,2\n"));
    const rows = await createCognigyClient({ baseUrl: csv.baseUrl, apiKey: "k" }).request("GET", "/v3.0/export", { accept: "csv" });
    expect(rows.data).toEqual([{ a: "1", b: "2" }]);
  });
});
