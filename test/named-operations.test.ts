import { afterAll, beforeAll, describe, expect, expectTypeOf, inject, test } from "vitest";
import { readFileSync } from "node:fs";
import { migrationTable } from "../scripts/codegen/lib/migration-table.js";
import fc from "fast-check";
import { NAME_PIN, nameOperations } from "../src/codegen/operation-names.js";
import { repairSpec } from "../src/codegen/spec-problems.js";
import { inventory, syntheticSpec, type InventoryRoute } from "../scripts/codegen/lib/synthetic-spec.js";
import type { OpenApiDocument } from "../src/codegen/openapi-document.js";
import { faults, startFaultServer } from "../src/testing/servers/fault-server.js";
import vm from "node:vm";
import { buildApi } from "../src/codegen/build-api.js";
import { userModule } from "../src/codegen/user-module.js";
import { checkUsable } from "../src/codegen/validate-spec.js";
import {
  CognigyConfigError,
  CognigyNotFoundError,
  CognigyValidationError,
  createCognigyClient,
  loadOperationTable,
  pages,
  paginate,
  type CognigyApi,
  type RouteData,
} from "../src/index.js";
import { failure } from "./support/failure.js";

const params = { path: { aiAgentId: "5ce7c2d833ea1e04d7e6c432" } };

/** A spec of the given operations: `[tag, operationId, method, path]`. */
function specOf(
  operations: ReadonlyArray<readonly [string | undefined, string | undefined, string, string]>,
): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const [tag, operationId, method, path] of operations) {
    paths[path] = {
      ...paths[path],
      [method]: {
        ...(operationId !== undefined && { operationId }),
        ...(tag && { tags: [tag] }),
        summary: operationId ?? "",
        responses: {},
      },
    };
  }
  return { openapi: "3.0.3", info: { version: "1" }, paths };
}
const key = (name: { httpMethod: string; path: string }) => `${name.httpMethod} ${name.path}`;
const named = (spec: OpenApiDocument) =>
  Object.fromEntries(nameOperations(spec).map((name) => [key(name), `${name.namespace}.${name.method}`]));
const nameOfRoute = (tag: string | undefined, method: string, path: string) =>
  named(specOf([[tag, "x", method, path]]))[`${method.toUpperCase()} ${path}`];

// Cognigy's public route inventory: every route with a path, tagged by its docs section's slug.
const routes = inventory();
const inventorySpec = (subset: readonly InventoryRoute[]) =>
  specOf(subset.map((route) => [route.tagSlug, `${route.title}_2_0`, route.method.toLowerCase(), route.path] as const));

describe("naming rules", () => {
  test.each([
    ["AI Agents", "get", "/v2.0/aiagents/{aiAgentId}", "aiAgents.get"],
    ["AI Agents", "get", "/v2.0/aiagents", "aiAgents.list"],
    ["AI Agents", "post", "/v2.0/aiagents", "aiAgents.create"],
    ["AI Agents", "patch", "/v2.0/aiagents/{aiAgentId}", "aiAgents.update"],
    ["AI Agents", "delete", "/v2.0/aiagents/{aiAgentId}", "aiAgents.delete"],
    ["AI Agents", "get", "/v2.0/aiagents/{aiAgentId}/jobs", "aiAgents.listJobs"],
    ["AI Agents", "post", "/v2.0/aiagents/hire", "aiAgents.hire"],
    ["largelanguagemodels", "get", "/v2.0/largelanguagemodels", "largeLanguageModels.list"],
    [
      "Large Language Models",
      "post",
      "/v2.0/largelanguagemodels/{largeLanguageModelId}/clone",
      "largeLanguageModels.clone",
    ],
    ["Flows", "patch", "/v2.0/flows", "flows.batch"],
    ["Flows", "get", "/v2.0/flows/{flowId}/settings", "flows.getSettings"],
    ["Flows", "post", "/v2.0/flows/{flowId}/addlocalization", "flows.addLocalization"],
    ["Intents", "get", "/v2.0/flows/{flowId}/intents/{intentId}", "intents.get"],
    [
      "Example Sentences",
      "post",
      "/v2.0/flows/{flowId}/intents/{intentId}/sentences/generate",
      "exampleSentences.generate",
    ],
    ["Lexicons", "get", "/v2.0/lexicons/{lexiconId}/slots", "lexicons.listSlots"],
    ["Lexicons", "delete", "/v2.0/lexicons/{lexiconId}/slots/{slotId}", "lexicons.deleteSlot"],
    ["Lexicons", "patch", "/v2.0/lexicons/{lexiconId}/entries", "lexicons.batchEntries"],
    ["Snapshots", "post", "/v2.0/snapshots/{snapshotId}/downloadlink", "snapshots.createDownloadLink"],
    ["Snapshots", "post", "/v2.0/snapshots/{snapshotId}/restore", "snapshots.restore"],
    ["Extensions", "post", "/v2.0/extensions/update", "extensions.postUpdate"],
    ["Nodes", "post", "/v2.0/flows/{flowId}/chart/nodes/output/generate", "nodes.generateOutput"],
    ["Analytics", "get", "/v2.0/callcounter", "analytics.getCallCounter"],
    ["Analytics", "get", "/v2.0/projects/{projectId}/callcounter", "analytics.getProjectCallCounter"],
    ["Analytics 3.0", "get", "/v3.0/callcounter", "v3.analytics.getCallCounter"],
    ["users-21", "get", "/v2.1/users/me/apikeys", "v2_1.users.listMeApiKeys"],
    ["Management UI", "get", "/management/v2.0/users/{userId}", "managementUi.getUser"],
    ["Things", "get", "/beta/things", "beta.things.list"],
    ["Yes/No Intents", "post", "/v2.0/projects/{projectId}/locales/yesnointents/train", "yesNoIntents.trainLocales"],
    ["Yes/No Intents", "post", "/v2.0/locales/{localeId}/yesnointents/train", "yesNoIntents.train"],
    [undefined, "get", "/.well-known/webfinger", "wellKnown.getWebfinger"],
    ["Request", "get", "/v2.0/requests/{id}", "requestApi.get"],
    ["then", "get", "/v2.0/things", "thenApi.listThings"],
    ["Ünïcödé Tägs!", "get", "/v2.0/x-y/{id}", "unicodeTags.getXY"],
  ])("%s %s %s → %s", (tag, method, path, expected) => {
    expect(nameOfRoute(tag, method, path)).toBe(expected);
  });

  test("an operation's name depends on it alone: the same in any subset of the route inventory, in any order", () => {
    const whole = named(inventorySpec(routes));
    fc.assert(
      fc.property(fc.shuffledSubarray(routes, { minLength: 1 }), (subset) => {
        for (const [route, name] of Object.entries(named(inventorySpec(subset)))) expect(name).toBe(whole[route]);
      }),
      { numRuns: 200 },
    );
  });

  test("the whole inventory's names are unique, and identifiers without version, counter or punctuation debris", () => {
    const names = Object.values(named(inventorySpec(routes)));
    expect(names).toHaveLength(routes.length);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      // Only a version mark (`v3`, `v2_1`) carries digits or underscores.
      expect(name).toMatch(/^(?:(?:v\d+(?:_\d+)?|beta)\.)?[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/);
    }
  });

  test("operationIds play no part: repaired duplicates, missing, hyphenated or hostile ids give the same names", () => {
    const some = routes.slice(0, 80);
    const plain = named(inventorySpec(some));
    const messy = specOf(
      some.map(
        (route, n) =>
          [
            route.tagSlug,
            [undefined, "deleteALexiconSlot-1_2_0", "__proto__", "x*/y", "dup"][n % 5],
            route.method.toLowerCase(),
            route.path,
          ] as const,
      ),
    );
    expect(named(repairSpec(messy).spec)).toEqual(plain);
  });

  test("two operations the rules give one name are refused, naming both; a pin settles it", () => {
    const spec = specOf([
      ["AI Agents", "a", "get", "/v2.0/aiagents/{aiAgentId}"],
      ["AI Agents", "b", "get", "/v2.0/aiagents/{id}"],
    ]);
    expect(() => nameOperations(spec)).toThrow(
      /GET \/v2\.0\/aiagents\/\{aiAgentId\} .* and GET \/v2\.0\/aiagents\/\{id\} .* are both named client\.aiAgents\.get/,
    );
    (spec.paths["/v2.0/aiagents/{id}"]!["get"] as Record<string, unknown>)[NAME_PIN] = "aiAgents.getById";
    expect(named(spec)).toEqual({
      "GET /v2.0/aiagents/{aiAgentId}": "aiAgents.get",
      "GET /v2.0/aiagents/{id}": "aiAgents.getById",
    });
    for (const bad of ["get", "a.b-c", "a.then", "request.x", 42]) {
      (spec.paths["/v2.0/aiagents/{id}"]!["get"] as Record<string, unknown>)[NAME_PIN] = bad;
      expect(() => nameOperations(spec)).toThrow(/x-cognigy-name: .* is not a name "namespace\.method"/);
    }
  });

  test("on the full-size spec built from Cognigy's route inventory, every operation has a name of its own", () => {
    // As generate names them: after the repairs (a snapshot may repeat an operationId across versions).
    const { spec } = repairSpec(syntheticSpec());
    const names = nameOperations(spec);
    expect(new Set(names.map((name) => `${name.namespace}.${name.method}`)).size).toBe(names.length);
    expect(named(spec)).toMatchObject({
      "GET /v2.0/aiagents/{aiAgentId}": "aiAgents.get",
      "GET /v2.0/aiagents": "aiAgents.list",
      "GET /v2.0/snapshots": "snapshots.list",
      "POST /v2.0/snapshots/{snapshotId}/restore": "snapshots.restore",
    });
  });
});

describe("a marked version's namespaces", () => {
  let server: Awaited<ReturnType<typeof startFaultServer>>;
  beforeAll(async () => void (server = await startFaultServer()));
  afterAll(() => server.close());

  test("client.v3.<namespace>.<method> calls the /v3.0 route beside the unmarked /v2.0 one", async () => {
    const ok = { "200": { description: "ok", content: { "application/json": { schema: { type: "object" } } } } };
    const spec = {
      openapi: "3.0.3",
      info: { title: "t", version: "9" },
      paths: {
        "/v2.0/things": { get: { operationId: "indexThings_2_0", tags: ["Things"], responses: ok } },
        "/v3.0/things": { get: { operationId: "indexThings_2_0", tags: ["Things 3.0"], responses: ok } },
      },
    };
    const built = await buildApi(checkUsable(spec, "spec"), []);
    const context = vm.createContext({ exports: {} });
    vm.runInContext(userModule(built, "cjs", "spec").module, context);
    const { baseUrl, seen } = server.case(faults.json(200, { v: 2 }), faults.json(200, { v: 3 }));
    const client = createCognigyClient({
      baseUrl,
      apiKey: "k",
      api: (context["exports"] as { api: CognigyApi }).api,
    }) as unknown as {
      things: { list: () => Promise<{ data: unknown }> };
      v3: { things: { list: () => Promise<{ data: unknown }> } };
    };
    expect((await client.things.list()).data).toEqual({ v: 2 });
    expect((await client.v3.things.list()).data).toEqual({ v: 3 });
    expect(seen.map((request) => request.url)).toEqual(["/v2.0/things", "/v3.0/things"]);
    // A version's namespace holds namespaces, and is no thenable.
    expect(Object.keys(client.v3)).toEqual(["things"]);
    expect(await Promise.resolve(client.v3)).toBe(client.v3);
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
    const table = migrationTable(tsv, nameOperations(spec), "2026.10.1");
    expect(table).toContain("| `readAiAgent` | Resources | `GET /v2.0/aiagents/{id}` | `client.aiAgents.get()` |");
    expect(table).toContain(
      "| `indexLargeLanguageModels` | Resources | `GET /v2.0/largelanguagemodels` | `client.largeLanguageModels.list()` |",
    );
    expect(table).toContain(
      '| `uploadExtension` | Resources | `POST /v2.0/extensions/upload` | not in the bundled spec: `client.request("POST", "/v2.0/extensions/upload", …)` (a multipart upload in that client) |',
    );
    expect(table).toContain("2 of 3 functions call a route of the bundled spec");
  });

  test("the published table covers every function of that client", () => {
    const functions =
      readFileSync("openapi/official-client-0.19.0-operations.tsv", "utf8").trim().split("\n").length - 1;
    const rows = readFileSync("generated/migration.md", "utf8")
      .split("\n")
      .filter((line) => line.startsWith("| `") && !line.startsWith("| `@cognigy"));
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
    expect(await failure(client.aiAgents.get({ params: { path: { aiAgentId: "short" } } }))).toBeInstanceOf(
      CognigyValidationError,
    );
    const error = await failure(client.aiAgents.get({ params, headers: { Prefer: "code=404" }, throwOnError: true }));
    expect(error).toBeInstanceOf(CognigyNotFoundError);
    expect(error.path).toBe("/v2.0/aiagents/{aiAgentId}");
  });

  test("paginate() and pages() take a named list method", async () => {
    const items = [];
    // Prism answers the same example page every time: one page is what it can serve.
    for await (const llm of paginate(client, client.largeLanguageModels.list, { maxPages: 1 })) items.push(llm.name);
    expect(items.length).toBeGreaterThan(0);
    for await (const page of pages(client, client.largeLanguageModels.list, { maxPages: 1 }))
      expect(page.items.map((llm) => llm.name)).toEqual(items);
    expect(
      await failure(
        (async () => {
          for await (const _ of paginate(client, (() => undefined) as never)) void _;
        })(),
      ),
    ).toBeInstanceOf(CognigyConfigError);
  });

  test("every operation of the spec is reachable by name, and a name it lacks is a CognigyConfigError", async () => {
    const table = await loadOperationTable();
    for (const operation of Object.values(table)) {
      // A marked version nests: client.v3.analytics.getCallCounter.
      const fn = operation.name.split(".").reduce<any>((level, part) => level[part], client) as { operation: string };
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
    const result = await client.request("POST", "/v3.0/newroute/{routeId}/things", {
      params: { path: { routeId: "a b" }, query: { limit: 500 } },
      body: { name: "x" },
    });
    expectTypeOf(result.data).toEqualTypeOf<unknown>();
    expect(result.data).toEqual({ id: "a b", ok: true });
    expect(seen[0]).toMatchObject({
      method: "POST",
      url: "/v3.0/newroute/a%20b/things?limit=500",
      body: '{"name":"x"}',
    });
    expect(seen[0]!.headers["x-api-key"]).toBe("hatch-key");
  });

  test("retries, errors, content negotiation and path safety are the same", async () => {
    const { baseUrl, seen } = server.case(faults.problem(503, "Service Unavailable"), faults.problem(404, "Not Found"));
    const client = createCognigyClient({
      baseUrl,
      apiKey: "hatch-key",
      retry: { initialDelayMs: 1 },
      throwOnError: true,
    });
    const error = await failure(
      client.request("get", "/v3.0/things/{thingId}", { params: { path: { thingId: "t1" } } }),
    );
    expect(error).toBeInstanceOf(CognigyNotFoundError);
    expect(error.path).toBe("/v3.0/things/{thingId}");
    expect(seen).toHaveLength(2);
    expect(
      await failure(client.request("GET", "/v3.0/things/{thingId}", { params: { path: { thingId: ".." } } })),
    ).toBeInstanceOf(CognigyValidationError);
    const csv = server.case(
      (response) => void response.writeHead(200, { "content-type": "text/csv" }).end("a,b\n1,2\n"),
    );
    const rows = await createCognigyClient({ baseUrl: csv.baseUrl, apiKey: "k" }).request("GET", "/v3.0/export", {
      accept: "csv",
    });
    expect(rows.data).toEqual([{ a: "1", b: "2" }]);
  });
});
