// A client typed and checked from a user's API module (written by the generate command for a newer
// Cognigy.AI release with `GET /v2.0/widgets`), against Prism serving that release; and
// checkServerVersion() against servers that serve the same spec or one that moved on.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parse as parseYaml } from "yaml";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { main } from "../src/cli/index.js";
import { memoryIo } from "./support/command-io.js";
import { buildApi } from "../src/codegen/build-api.js";
import type { OverlayDocument } from "../src/codegen/apply-overlay.js";
import {
  checkServerVersion,
  CognigyConfigError,
  CognigyNotFoundError,
  CognigyUnexpectedResponseError,
  CognigyValidationError,
  CognigyVersionMismatchError,
  createCognigyClient,
  loadOperationTable,
  paginate,
  SPEC_VERSION,
  type CognigyApi,
  type LogFields,
  type ServerVersionReport,
} from "../src/index.js";
import { mockFetch } from "../src/testing/index.js";
import { startPrismMock, type PrismMock } from "../src/testing/servers/index.js";
import { listen } from "../src/testing/servers/listen.js";
import { movedOnSpec, newerSpec, snapshotSpec } from "./support/custom-spec.js";

const dir = resolve(`.tmp-custom-api-${process.pid}`);
const moduleFile = join(dir, "cognigy-api.ts");
let api: CognigyApi<unknown, unknown>;
let prism: PrismMock;

beforeAll(async () => {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "spec.json"), JSON.stringify(newerSpec()));
  const { io: quiet } = memoryIo();
  expect(await main(["generate", "--file", join(dir, "spec.json"), "--out", moduleFile], quiet)).toBe(0);
  ({ api } = (await import(pathToFileURL(moduleFile).href)) as { api: CognigyApi<unknown, unknown> });
  // Prism serves the newer release as the client sees it: with the package's overlay applied.
  const overlay = parseYaml(await readFile("openapi/overlay.yaml", "utf8")) as OverlayDocument;
  const { normalized } = await buildApi(newerSpec(), [{ document: overlay, origin: "overlay" }]);
  prism = await startPrismMock({ spec: normalized });
}, 60_000);
afterAll(async () => {
  await prism?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("a client made with the module's api", () => {
  test("calls the module's named operations and paths, and pages through its lists", async () => {
    const client = createCognigyClient({ baseUrl: prism.url, apiKey: "k", api });
    const named = await (
      client as unknown as {
        widgets: { list: (init?: object) => Promise<{ data?: { items: Array<{ name: string }> } }> };
      }
    ).widgets.list();
    expect(named.data?.items[0]?.name).toEqual(expect.any(String));
    const byPath = await client.request("GET", "/v2.0/widgets");
    expect(byPath.response.status).toBe(200);
    const items: unknown[] = [];
    for await (const item of paginate(client as never, "/v2.0/widgets" as never, { maxPages: 1 } as never))
      items.push(item);
    expect(items.length).toBeGreaterThan(0);
  });

  test("checks calls against the module's operation table, and the bundled client does not know its routes", async () => {
    const client = createCognigyClient({ baseUrl: prism.url, apiKey: "k", api });
    const wrong = await client
      .request("GET", "/v2.0/widgets", { params: { query: { limit: 500 } } })
      .catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(CognigyValidationError);
    expect((wrong as CognigyValidationError).message).toContain("limit");
    // The bundled spec has no /v2.0/widgets: the same call goes out unchecked, and Prism answers it.
    const bundled = createCognigyClient({ baseUrl: prism.url, apiKey: "k" });
    const sent = await bundled.request("GET", "/v2.0/widgets", { params: { query: { limit: 500 } } });
    expect(sent.response.status).toBeGreaterThanOrEqual(400);
    expect((bundled as unknown as Record<string, unknown>)["widgets"]).toBeUndefined();
    await expect(
      (client as unknown as { widgets: { remove: () => Promise<unknown> } }).widgets.remove(),
    ).rejects.toThrow(/no operation of this name in the spec this client is typed from \(Cognigy\.AI 2026\.12\.0\)/);
  });

  test("mockFetch<typeof api> answers the module's routes", async () => {
    const fetch = mockFetch({
      "GET /v2.0/widgets": () => ({ body: { items: [{ name: "from the mock" }], total: 1 } }),
    } as never);
    const client = createCognigyClient({ baseUrl: "https://api.example.net/new", apiKey: "k", api, fetch });
    const { data } = await client.request("GET", "/v2.0/widgets");
    expect(data).toEqual({ items: [{ name: "from the mock" }], total: 1 });
    expect(fetch.calls).toEqual([
      { method: "GET", route: "GET /v2.0/widgets", url: "https://api.example.net/new/v2.0/widgets" },
    ]);
  });

  test("reads XML with the module's shapes: its numbers are numbers", async () => {
    const client = createCognigyClient({ baseUrl: prism.url, apiKey: "k", api });
    const { data } = await client.request("GET", "/v2.0/widgets", { accept: "xml" });
    expect(typeof (data as { xml: { total: unknown } }).xml.total).toBe("number");
  });

  test("refuses a value that is not an api module, naming what is wrong", () => {
    expect(() => createCognigyClient({ baseUrl: prism.url, apiKey: "k", api: {} as never })).toThrow(
      CognigyConfigError,
    );
    expect(() => createCognigyClient({ baseUrl: prism.url, apiKey: "k", api: {} as never })).toThrow(
      "api: must be the `api` export of a module written by `npx cognigy-openapi-client generate`: it has no version",
    );
    expect(() =>
      createCognigyClient({
        baseUrl: prism.url,
        apiKey: "k",
        api: { ...api, operations: { broken: { path: "/x" } } } as never,
      }),
    ).toThrow(/operation broken is malformed/);
  });
});

describe("the module's types", () => {
  // Type-checks consumers of the module with the project's settings, the package import pointing at src/.
  async function typeCheck(files: Record<string, string>): Promise<string[]> {
    const local = (await readFile(moduleFile, "utf8")).replace(
      'from "cognigy-openapi-client"',
      'from "../src/index.js"',
    );
    await writeFile(join(dir, "api-local.ts"), local);
    for (const [name, source] of Object.entries(files)) await writeFile(join(dir, name), source);
    const config = ts.getParsedCommandLineOfConfigFile(
      "tsconfig.json",
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    )!;
    const program = ts.createProgram(
      Object.keys(files).map((name) => join(dir, name)),
      { ...config.options, noEmit: true },
    );
    return ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) =>
          `${d.file ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start!).line + 1}: ` : ""}${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
      );
  }

  const head = `import { checkServerVersion, createCognigyClient, pages, paginate, type CognigyClient, type RouteData, type RouteError, type RouteInit, type RoutePath } from "../src/index.js";
import { mockFetch } from "../src/testing/index.js";
import { api } from "./api-local.js";
const client = createCognigyClient({ baseUrl: "http://127.0.0.1:1", apiKey: "k", api });
`;

  test("type every path call, named method and paginate() from the module; wrong calls are type errors", async () => {
    const problems = await typeCheck({
      "consumer.ts": `${head}
const listed = await client.GET("/v2.0/widgets", { params: { query: { limit: 10 } } });
const first: string | undefined = listed.data?.items?.[0]?.name;
const named = await client.widgets.list({ params: { query: { skip: 5 } } });
const total: number | undefined = named.data?.total;
for await (const widget of paginate(client, client.widgets.list)) { const name: string | undefined = widget.name; void name; }
for await (const page of pages(client, "/v2.0/widgets", { pageSize: 50 })) { const name: string | undefined = page.items[0]?.name; void name; }
const agent = await client.aiAgents.get({ params: { path: { aiAgentId: "5ce7c2d833ea1e04d7e6c432" } } });
type Widget = RouteData<"get", "/v2.0/widgets", typeof api>;
const widget: Widget | undefined = listed.data;
const init: RouteInit<"get", "/v2.0/widgets", typeof api> = { params: { query: { limit: 5 } } };
const failure: RouteError<"get", "/v2.0/widgets", typeof api> | undefined = listed.error;
const listPaths: Array<RoutePath<"get", typeof api>> = ["/v2.0/widgets", "/v2.0/largelanguagemodels"];
// @ts-expect-error not a GET path of the module
const notAPath: RoutePath<"get", typeof api> = "/v2.0/nothing";
const mocked = mockFetch<typeof api>({ "GET /v2.0/widgets": () => ({ body: { items: [], total: 0 } }) });
// @ts-expect-error a handler's body is the route's
mockFetch<typeof api>({ "GET /v2.0/widgets": () => ({ body: { items: "none" } }) });
const typed: CognigyClient<typeof api> = client;
await checkServerVersion(client, { operations: [client.widgets.list] });
// @ts-expect-error limit is a number
await client.GET("/v2.0/widgets", { params: { query: { limit: "ten" } } });
// @ts-expect-error the module has no such named method
await client.widgets.remove();
// @ts-expect-error paginate() takes list paths only
paginate(client, "/v2.0/aiagents/{aiAgentId}");
// @ts-expect-error the bundled client has no widgets: its spec is older
void createCognigyClient({ baseUrl: "http://127.0.0.1:1" }).widgets;
void [first, total, agent, widget, typed, init, failure, listPaths, notAPath, mocked];
export {};
`,
    });
    expect(problems).toEqual([]);
  });

  test("a wrong call fails to compile, naming the call", async () => {
    const problems = await typeCheck({
      "wrong.ts": `${head}\nawait client.widgets.list({ params: { query: { limit: "ten" } } });\nvoid [checkServerVersion, pages, paginate, mockFetch];\nexport type { CognigyClient, RouteData, RouteError, RouteInit, RoutePath };\n`,
    });
    expect(problems).toEqual([expect.stringMatching(/^wrong\.ts:6: Type 'string' is not assignable to type 'number'/)]);
  }, 30_000);
});

describe("checkServerVersion()", () => {
  let served: unknown;
  let status = 200;
  const seen: Array<{ path: string; key: string | undefined }> = [];
  let server: Awaited<ReturnType<typeof listen>>;
  let other: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    const handler = (name: string) => (request: IncomingMessage, response: ServerResponse) => {
      seen.push({ path: `${name}${request.url}`, key: request.headers["x-api-key"] as string | undefined });
      if (request.url?.startsWith("/openapi/"))
        response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(served));
      else response.writeHead(200, { "content-type": "application/json" }).end("{}");
    };
    server = await listen(handler("own"));
    other = await listen(handler("other"));
  });
  afterAll(async () => {
    await server.close();
    await other.close();
  });

  function logged(): {
    lines: Array<[LogFields, string]>;
    logger: { warn: (fields: LogFields, message: string) => void };
  } {
    const lines: Array<[LogFields, string]> = [];
    return { lines, logger: { warn: (fields, message) => lines.push([fields, message]) } };
  }

  test("the bundled client against a server serving the same spec: ok, nothing warned", async () => {
    served = snapshotSpec();
    seen.length = 0;
    const { lines, logger } = logged();
    const report = await checkServerVersion(
      createCognigyClient({ baseUrl: `${server.url}/new`, apiKey: "own-key", logger }),
    );
    expect(report).toEqual({
      ok: true,
      clientVersion: SPEC_VERSION,
      serverVersion: SPEC_VERSION,
      specUrl: `${server.url}/openapi/openapi-viewer.json`,
      compared: Object.keys(await loadOperationTable()).length,
      missing: [],
      changed: [],
      added: [],
      message: `the server runs Cognigy.AI ${SPEC_VERSION}, as this client's types; the operations compared match`,
    });
    expect(seen).toEqual([{ path: "own/openapi/openapi-viewer.json", key: "own-key" }]);
    expect(lines).toEqual([]);
  });

  test("reworded descriptions and examples are no change", async () => {
    const reworded = newerSpec();
    for (const item of Object.values(reworded.paths)) {
      for (const operation of Object.values(item) as Array<{
        description?: string;
        parameters?: Array<{ example?: unknown }>;
      }>) {
        operation.description = "Reworded.";
        for (const parameter of operation.parameters ?? []) parameter.example = "another example";
      }
    }
    served = reworded;
    const report = await checkServerVersion(createCognigyClient({ baseUrl: server.url, apiKey: "k", api }));
    expect(report.ok).toBe(true);
  });

  test("a server that moved on: what is missing, what changed (called first), what is new; warned and told, never thrown", async () => {
    served = movedOnSpec(newerSpec());
    const { lines, logger } = logged();
    const client = createCognigyClient({ baseUrl: server.url, apiKey: "own-key", api, logger });
    await client.request("GET", "/v2.0/aiagents/{aiAgentId}", {
      params: { path: { aiAgentId: "5ce7c2d833ea1e04d7e6c432" } },
    });
    const told: ServerVersionReport[] = [];
    const report = await checkServerVersion(client, { onMismatch: (r) => told.push(r) });
    expect(report).toMatchObject({
      ok: false,
      clientVersion: "2026.12.0",
      serverVersion: "2027.2.0",
      compared: 3,
      added: ["GET /v2.0/knowledgestores"],
    });
    expect(report.missing).toEqual([
      {
        operationId: "indexLargeLanguageModels_2_0",
        name: "largeLanguageModels.list",
        method: "GET",
        path: "/v2.0/largelanguagemodels",
        called: false,
        parts: [],
      },
    ]);
    expect(report.changed).toEqual([
      {
        operationId: "readAiAgent_2_0",
        name: "aiAgents.get",
        method: "GET",
        path: "/v2.0/aiagents/{aiAgentId}",
        called: true,
        parts: ["parameters"],
      },
    ]);
    expect(report.message).toBe(
      "the server runs Cognigy.AI 2027.2.0, this client's types are from 2026.12.0; 1 operation missing on the server: largeLanguageModels.list; 1 operation you called changed: aiAgents.get (parameters); 1 operation new on the server; regenerate your types with `npx cognigy-openapi-client generate`",
    );
    expect(lines).toEqual([
      [{ clientVersion: "2026.12.0", serverVersion: "2027.2.0", missing: 1, changed: 1, added: 1 }, report.message],
    ]);
    expect(told).toEqual([report]);
  });

  test("compares only the operations asked for: those called, or a list of names, ids and named methods", async () => {
    served = movedOnSpec(newerSpec());
    const client = createCognigyClient({ baseUrl: server.url, apiKey: "k", api });
    expect((await checkServerVersion(client, { operations: "called" })).compared).toBe(0);
    await client.request("GET", "/v2.0/widgets");
    const called = await checkServerVersion(client, { operations: "called" });
    expect(called).toMatchObject({ compared: 1, missing: [], changed: [], ok: false });
    const widgets = (client as unknown as { widgets: { list: { operation: string } } }).widgets.list;
    const listed = await checkServerVersion(client, {
      operations: [widgets, "indexLargeLanguageModels_2_0", "aiAgents.get"],
    });
    expect(listed.compared).toBe(3);
    expect(listed.missing.map((drift) => drift.name)).toEqual(["largeLanguageModels.list"]);
    await expect(checkServerVersion(client, { operations: ["nope.nothing"] })).rejects.toThrow(
      new CognigyConfigError("operations", '"nope.nothing" is no operationId or name of the client\'s API'),
    );
  });

  test("throwOnMismatch throws the report; a spec elsewhere gets no credential; a failed read is the client's error", async () => {
    served = movedOnSpec(newerSpec());
    const client = createCognigyClient({ baseUrl: server.url, apiKey: "own-key", api, retry: { maxRetries: 0 } });
    const thrown = await checkServerVersion(client, { throwOnMismatch: true }).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(CognigyVersionMismatchError);
    expect((thrown as CognigyVersionMismatchError).report.serverVersion).toBe("2027.2.0");
    expect((thrown as Error).message).toMatch(/^the server runs Cognigy\.AI 2027\.2\.0/);

    seen.length = 0;
    await checkServerVersion(client, { specUrl: `${other.url}/openapi/openapi-viewer.json?token=abc` });
    expect(seen).toEqual([{ path: "other/openapi/openapi-viewer.json?token=abc", key: undefined }]);

    status = 404;
    await expect(checkServerVersion(client)).rejects.toBeInstanceOf(CognigyNotFoundError);
    status = 200;
    served = { hello: "world" };
    await expect(checkServerVersion(client)).rejects.toThrow(CognigyUnexpectedResponseError);
  });

  test("a schema referring to the next one twice, 40 levels deep, is compared at once; each reference is expanded once", async () => {
    const spec = newerSpec() as {
      paths: Record<string, Record<string, { responses: Record<string, any> }>>;
      components?: Record<string, Record<string, unknown>>;
    };
    spec.components = {
      ...spec.components,
      schemas: {
        ...spec.components?.["schemas"],
        ...Object.fromEntries(
          Array.from({ length: 41 }, (_, n) => [
            `S${n}`,
            n === 40
              ? { type: "string" }
              : { allOf: [{ $ref: `#/components/schemas/S${n + 1}` }, { $ref: `#/components/schemas/S${n + 1}` }] },
          ]),
        ),
      },
    };
    spec.paths["/v2.0/widgets"]!["get"]!.responses["200"].content["application/json"].schema = {
      $ref: "#/components/schemas/S0",
    };
    served = spec;
    const report = await checkServerVersion(createCognigyClient({ baseUrl: server.url, apiKey: "k", api }));
    expect(report.changed.map((drift) => [drift.name, drift.parts])).toEqual([["widgets.list", ["responses"]]]);
    // Too large to compare: a typed error that says so.
    spec.paths["/v2.0/widgets"]!["get"]!.responses["200"].content["application/json"].schema = {
      type: "object",
      properties: Object.fromEntries(Array.from({ length: 200_000 }, (_, n) => [`p${n}`, { type: "string" }])),
    };
    const large = await checkServerVersion(createCognigyClient({ baseUrl: server.url, apiKey: "k", api })).catch(
      (caught: unknown) => caught as Error,
    );
    expect(large).toBeInstanceOf(CognigyUnexpectedResponseError);
    expect(large.message).toContain(
      "the server's spec is too large to compare: an operation's schemas hold more than 200000 nodes",
    );
    // Nested past the documented depth: a typed error naming the place, not a stack overflow.
    const deep: Record<string, unknown> = { type: "object" };
    let at = deep;
    for (let n = 0; n < 1_000; n++) at = (at["properties"] = { n: { type: "object" } }).n;
    spec.paths["/v2.0/widgets"]!["get"]!.responses["200"].content["application/json"].schema = deep;
    const error = await checkServerVersion(createCognigyClient({ baseUrl: server.url, apiKey: "k", api })).catch(
      (caught: unknown) => caught as Error,
    );
    expect(error).toBeInstanceOf(CognigyUnexpectedResponseError);
    expect(error.message).toMatch(
      /the server's spec is refused at \/paths\/~1v2\.0~1widgets\/get\/responses\/200\/content\/application~1json\/schema\/properties\/n\/.*…: nests deeper than 300 levels/,
    );
  });

  test("fingerprints of a module from an older generator are a CognigyConfigError that says to generate again", async () => {
    served = newerSpec();
    const fingerprints = Object.fromEntries(
      Object.entries(api.fingerprints).map(([id, print]) => [id, print.replace(/^2:/, "")]),
    );
    const error = await checkServerVersion(
      createCognigyClient({ baseUrl: server.url, apiKey: "k", api: { ...api, fingerprints } }),
    ).catch((caught: unknown) => caught as Error);
    expect(error).toBeInstanceOf(CognigyConfigError);
    expect(error.message).toContain(
      "was generated by an older cognigy-openapi-client, whose fingerprints this version cannot compare: run `npx cognigy-openapi-client generate` again",
    );
  });

  test("control and bidi characters from the server's spec are escaped in the report, the message and the warning", async () => {
    const spec = newerSpec() as { info: { version: string }; paths: Record<string, unknown> };
    spec.info.version = "2027.1\u001b[2J\r\nERROR forged line\u0007\u202e";
    spec.paths["/v2.0/x\u001b]0;title\u0007"] = { get: { responses: { "200": { description: "ok" } } } };
    served = spec;
    const { lines, logger } = logged();
    const report = await checkServerVersion(createCognigyClient({ baseUrl: server.url, apiKey: "k", api, logger }));
    expect(report.serverVersion).toBe("2027.1\\u001b[2J\\u000d\\u000aERROR forged line\\u0007\\u202e");
    expect(report.added).toEqual(["GET /v2.0/x\\u001b]0;title\\u0007"]);
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    const control = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
    expect(report.message).not.toMatch(control);
    expect(JSON.stringify(lines).replace(/\\\\u/g, "")).not.toMatch(control);
    expect(lines[0]![0].serverVersion).toBe(report.serverVersion);
  });

  test("a server spec with a $ref to a file or URL is refused, naming the place; nothing is read or fetched", async () => {
    const spec = movedOnSpec(newerSpec()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    spec.paths["/v2.0/widgets"]!["get"]!.responses["200"] = { $ref: `${other.url}/leak.json` };
    served = spec;
    seen.length = 0;
    const client = createCognigyClient({ baseUrl: server.url, apiKey: "own-key", api, retry: { maxRetries: 0 } });
    const error = await checkServerVersion(client).catch((caught: unknown) => caught as Error);
    expect(error).toBeInstanceOf(CognigyUnexpectedResponseError);
    expect(error.message).toContain(
      "the server's spec is refused at /paths/~1v2.0~1widgets/get/responses/200/$ref: $ref",
    );
    expect(error.message).toContain("points outside the document (a file or URL), which is never read");
    expect(seen.map((request) => request.path)).toEqual(["own/openapi/openapi-viewer.json"]);
  });
});
