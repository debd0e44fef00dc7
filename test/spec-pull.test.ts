import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { pullFromDocs, pullFromUrl } from "../scripts/codegen/lib/pull-spec.js";
import { isSpecError } from "../src/codegen/spec-error.js";
import { runScript } from "../scripts/lib/run-node.js";
import { closedPort, listen, type LocalServer } from "../src/testing/servers/listen.js";

// Runs `npm run spec:pull`'s script as a user would (a child process) against files and a local
// HTTP server on 127.0.0.1 that plays the Cognigy docs site and spec endpoint. Every expectation
// comes from the fixtures beside the test, never from the committed snapshot, which a Cognigy
// release replaces: expected.openapi.json is the merge of the two fixture pages.
const SECRET = "pull-secret-key-0123456789";
const FIXTURE_PAGES = [
  "test/fixtures/docs-pages/get-large-language-models.md",
  "test/fixtures/docs-pages/get-an-ai-agent.md",
];
const expected = await readFile("test/fixtures/docs-pages/expected.openapi.json", "utf8");
const expectedSha = createHash("sha256").update(expected).digest("hex");
// Network and child-process limits well above what a loaded machine needs: no test is about speed.
const timeoutMs = 60_000;
const pages = {
  "get-large-language-models.md": await readFile("test/fixtures/docs-pages/get-large-language-models.md", "utf8"),
  "get-an-ai-agent.md": await readFile("test/fixtures/docs-pages/get-an-ai-agent.md", "utf8"),
};

let server: LocalServer;
let base: string;
let refusedPort: number;
// A second origin, to prove credentials do not follow a redirect there.
let other: LocalServer;
let otherBase: string;
const otherSeen: IncomingHttpHeaders[] = [];
const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
type Send = (status: number, type: string, body: string, headers?: Record<string, string>) => void;
const routes: Record<string, (send: Send) => void> = {
  "/openapi/openapi-viewer.json": (send) => send(200, "application/json", expected),
  "/openapi/server-error.json": (send) => send(500, "text/plain", "boom"),
  "/openapi/forbidden.json": (send) => send(403, "application/json", "{}"),
  "/openapi/login.json": (send) =>
    send(200, "text/html", "<!doctype html><html><head><title>Sign in</title></head></html>"),
  "/openapi/truncated.json": (send) => send(200, "application/json", expected.slice(0, 5000)),
  "/openapi/moved.json": (send) => send(302, "text/plain", "", { location: "/openapi/openapi-viewer.json" }),
  "/openapi/elsewhere.json": (send) =>
    send(302, "text/plain", "", { location: `${otherBase}/openapi/openapi-viewer.json` }),
  "/openapi/loop.json": (send) => send(302, "text/plain", "", { location: "/openapi/loop.json" }),
  "/openapi/no-operations.json": (send) =>
    send(200, "application/json", JSON.stringify({ openapi: "3.0.0", info: { title: "t", version: "1" }, paths: {} })),
  "/openapi/swagger.json": (send) =>
    send(200, "application/json", JSON.stringify({ swagger: "2.0", info: { title: "t", version: "1" }, paths: {} })),
  "/openapi/defective.json": (send) => send(200, "application/json", JSON.stringify(defective())),
  "/llms.txt": (send) =>
    send(
      200,
      "text/plain",
      `# Docs\n${Object.keys(pages)
        .map((name) => `- [${name}](${base}/api-reference/x/${name})`)
        .join("\n")}\n- [Other](${base}/guide/other.md)\n`,
    ),
};

beforeAll(async () => {
  server = await listen((request, response) => {
    seen.push({ url: request.url ?? "", headers: request.headers });
    const send: Send = (status, type, body, headers = {}) =>
      response.writeHead(status, { "content-type": type, ...headers }).end(body);
    const page = /^\/api-reference\/x\/(.+)$/.exec(request.url ?? "")?.[1];
    if (page && page in pages) return send(200, "text/markdown", pages[page as keyof typeof pages]);
    (routes[request.url ?? ""] ?? ((s) => s(404, "text/plain", "not found")))(send);
  });
  base = server.url;
  other = await listen((request, response) => {
    otherSeen.push(request.headers);
    response.writeHead(200, { "content-type": "application/json" }).end(expected);
  });
  otherBase = other.url;
  refusedPort = await closedPort();
});
afterAll(async () => {
  await server.close();
  await other.close();
});

// A spec folder pulled from the fixture pages once; each test that needs one gets a copy of it.
let seedFolder: string;
beforeAll(async () => {
  seedFolder = await mkdtemp(join(tmpdir(), "cognigy-pull-seed-"));
  await pullFromDocs(FIXTURE_PAGES, { outDir: seedFolder, timeoutMs });
});
afterAll(() => rm(seedFolder, { recursive: true, force: true }));

/** A spec folder holding a snapshot and its SOURCE.json, to prove failures leave them alone. */
async function specFolder(): Promise<{ dir: string; source: string }> {
  const dir = await mkdtemp(join(tmpdir(), "cognigy-pull-"));
  await cp(seedFolder, dir, { recursive: true });
  return { dir, source: await readFile(join(dir, "SOURCE.json"), "utf8") };
}

/** The fixture spec with the defects vendor specs carry: each has a test of its own below. */
function defective() {
  const spec = JSON.parse(expected);
  const agent = spec.paths["/v2.0/aiagents/{aiAgentId}"];
  spec.paths["/v3.0/aiagents/{aiAgentId}"] = structuredClone(agent);
  spec.paths["/v2.0/aiagents/{aiAgentId}/knowledge/{knowledgeId}"] = {
    get: { ...structuredClone(agent.get), operationId: "readAiAgentKnowledge_2_0" },
  };
  spec.paths["/v2.0/largelanguagemodels"].get.responses["200"].content["application/json"].schema = {
    $ref: "#/components/schemas/Gone",
  };
  return spec;
}

function pull(args: string[], env: Record<string, string> = {}) {
  return runScript("scripts/codegen/spec-pull.ts", args, {
    env: { COGNIGY_API_KEY: "", COGNIGY_SPEC_URL: "", ...env },
  });
}

describe.concurrent("spec:pull", () => {
  test("merges the fixture pages into the expected snapshot byte for byte", async () => {
    const out = await mkdtemp(join(tmpdir(), "cognigy-pull-"));
    const result = await pull(["--from-docs", ...FIXTURE_PAGES, "--out", out]);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toMatch(
      /wrote .*cognigy\.openapi\.json \(2 operations, info\.version 2026\.10\.1, sha256 [0-9a-f]{12}\)/,
    );
    expect(await readFile(join(out, "cognigy.openapi.json"), "utf8")).toBe(expected);
    const source = JSON.parse(await readFile(join(out, "SOURCE.json"), "utf8"));
    expect(source).toMatchObject({ kind: "docs", infoVersion: "2026.10.1", operationCount: 2, sha256: expectedSha });
    await rm(out, { recursive: true });
  });

  test("leaves an unchanged snapshot and its SOURCE.json alone", async () => {
    const { dir, source } = await specFolder();
    const result = await pullFromDocs([...FIXTURE_PAGES].reverse(), { outDir: dir, timeoutMs });
    expect(result.changed).toBe(false);
    expect(await readFile(join(dir, "SOURCE.json"), "utf8")).toBe(source);
    await rm(dir, { recursive: true });
  });

  test("follows an llms.txt index to its API reference pages, with progress", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cognigy-pull-"));
    const progress: string[] = [];
    const result = await pullFromDocs([`${base}/llms.txt`], {
      outDir: dir,
      timeoutMs,
      concurrency: 2,
      onProgress: (done, total) => progress.push(`${done}/${total}`),
    });
    expect(progress).toEqual(["1/2", "2/2"]);
    expect(result.source).toMatchObject({ kind: "docs", from: [`${base}/llms.txt`], operationCount: 2 });
    expect(await readFile(join(dir, "cognigy.openapi.json"), "utf8")).toBe(expected);
    expect(seen.some((r) => r.url === "/guide/other.md")).toBe(false);
    await rm(dir, { recursive: true });
  });

  test("downloads the published spec and sends COGNIGY_API_KEY as X-API-Key without printing it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cognigy-pull-"));
    const result = await pull(["--url", `${base}/openapi/openapi-viewer.json`, "--out", dir], {
      COGNIGY_API_KEY: SECRET,
    });
    expect(result.code).toBe(0);
    expect(await readFile(join(dir, "cognigy.openapi.json"), "utf8")).toBe(expected);
    expect(JSON.parse(await readFile(join(dir, "SOURCE.json"), "utf8"))).toMatchObject({
      kind: "url",
      from: [`${base}/openapi/openapi-viewer.json`],
    });
    expect(seen.find((r) => r.url === "/openapi/openapi-viewer.json")?.headers["x-api-key"]).toBe(SECRET);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    await rm(dir, { recursive: true });
  });

  test("follows redirects, keeping the key on the same origin and dropping it on another", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cognigy-pull-"));
    const options = { outDir: dir, timeoutMs, apiKey: SECRET };
    await expect(pullFromUrl(`${base}/openapi/moved.json`, options)).resolves.toMatchObject({ changed: true });
    expect(
      seen.filter((r) => r.url === "/openapi/openapi-viewer.json").every((r) => r.headers["x-api-key"] === SECRET),
    ).toBe(true);
    await expect(pullFromUrl(`${base}/openapi/elsewhere.json`, options)).resolves.toMatchObject({ changed: false });
    expect(otherSeen).toHaveLength(1);
    expect(otherSeen[0]!["x-api-key"]).toBeUndefined();
    await expect(pullFromUrl(`${base}/openapi/loop.json`, options)).rejects.toThrow(
      /loop\.json: more than 5 redirects$/,
    );
    await rm(dir, { recursive: true });
  });

  test("takes the URL from COGNIGY_SPEC_URL", async () => {
    const { dir } = await specFolder();
    const result = await pull(["--out", dir], { COGNIGY_SPEC_URL: `${base}/openapi/server-error.json` });
    expect(result.stderr).toContain(`GET ${base}/openapi/server-error.json: HTTP 500`);
    await rm(dir, { recursive: true });
  });

  test("fails on the command line with one line and a non-zero exit", async () => {
    const { dir } = await specFolder();
    const result = await pull(["--url", `${base}/openapi/login.json`, "--out", dir]);
    expect(result.code).toBe(1);
    expect(
      result.stderr
        .trim()
        .split("\n")
        .filter((line) => !line.startsWith("npm "))
        .slice(-1)[0],
    ).toMatch(/^spec:pull failed: .*got HTML instead of an OpenAPI JSON document/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await readFile(join(dir, "cognigy.openapi.json"), "utf8")).toBe(expected);
    await rm(dir, { recursive: true });
  });

  test.each([
    [
      "an unreachable host",
      () => `http://127.0.0.1:${refusedPort}/openapi.json`,
      /: connection refused \(ECONNREFUSED\)$/,
    ],
    ["an HTTP error", () => `${base}/openapi/server-error.json`, /: HTTP 500 Internal Server Error$/],
    ["a 403 that needs a key", () => `${base}/openapi/forbidden.json`, /: HTTP 403 Forbidden \(set COGNIGY_API_KEY/],
    [
      "HTML instead of JSON",
      () => `${base}/openapi/login.json`,
      /: got HTML instead of an OpenAPI JSON document \("Sign in"\)$/,
    ],
    ["a truncated JSON body", () => `${base}/openapi/truncated.json`, /: the body is not valid JSON/],
    [
      "an OpenAPI document without operations",
      () => `${base}/openapi/no-operations.json`,
      /: the OpenAPI document has no operations$/,
    ],
    ["a Swagger 2.0 document", () => `${base}/openapi/swagger.json`, /: not an OpenAPI 3\.x document/],
  ])("fails on %s with one line and leaves the snapshot as it was", async (_, url, message) => {
    const { dir, source } = await specFolder();
    const error = await pullFromUrl(url(), { outDir: dir, timeoutMs }).catch((e: Error) => e);
    expect(isSpecError(error)).toBe(true);
    expect((error as Error).message).not.toContain("\n");
    expect((error as Error).message).toMatch(message);
    expect(await readFile(join(dir, "cognigy.openapi.json"), "utf8")).toBe(expected);
    expect(await readFile(join(dir, "SOURCE.json"), "utf8")).toBe(source);
    await rm(dir, { recursive: true });
  });

  test("keeps a spec with defects as pulled and names each problem by its JSON pointer", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cognigy-pull-"));
    const result = await pull(["--url", `${base}/openapi/defective.json`, "--out", dir]);
    expect(result.code).toBe(0);
    const problems = result.stderr.split("\n").filter((line) => line.startsWith("spec:pull: problem: "));
    expect(problems).toEqual(
      expect.arrayContaining([
        'spec:pull: problem: /paths/~1v3.0~1aiagents~1{aiAgentId}/get/operationId: operationId "readAiAgent_2_0" is used by another operation too',
        "spec:pull: problem: /paths/~1v2.0~1aiagents~1{aiAgentId}~1knowledge~1{knowledgeId}/get/parameters: path parameter {knowledgeId} is not declared",
        'spec:pull: problem: /paths/~1v2.0~1largelanguagemodels/get/responses/200/content/application~1json/schema/$ref: $ref "#/components/schemas/Gone" points nowhere',
      ]),
    );
    expect(result.stdout).toMatch(/wrote .*kept with \d+ problems for the overlay and the generator/);
    expect(JSON.parse(await readFile(join(dir, "cognigy.openapi.json"), "utf8")).paths).toHaveProperty([
      "/v3.0/aiagents/{aiAgentId}",
    ]);
    await rm(dir, { recursive: true });
  });

  test("refuses conflicting pages by name and writes nothing", async () => {
    const { dir } = await specFolder();
    const pages = ["test/fixtures/docs-pages/conflict-a.md", "test/fixtures/docs-pages/conflict-b.md"];
    await expect(pullFromDocs(pages, { outDir: dir, timeoutMs })).rejects.toThrow(
      /^refusing to merge 2 conflicting definitions: paths\.\/v2\.0\/flows\/\{flowId\}\.get/,
    );
    expect(await readFile(join(dir, "cognigy.openapi.json"), "utf8")).toBe(expected);
    await rm(dir, { recursive: true });
  });

  test("explains bad arguments", async () => {
    const [missing, bogus] = await Promise.all([pull(["--from-docs"]), pull(["--bogus"])]);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/--from-docs needs at least one/) });
    expect(bogus).toMatchObject({ code: 1, stderr: expect.stringMatching(/spec:pull failed: .*--bogus/) });
  });
});
