import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { syntheticSpec } from "../../scripts/codegen/lib/synthetic-spec.js";
import { runScript } from "../../scripts/lib/run-node.js";
import { copyProject } from "../../scripts/release/project-copy.js";
import { listen } from "../../src/testing/servers/listen.js";

// Runs `npm run spec:update` in a copy of the project, fed with local docs pages or a release served
// from a loopback server: releases that add operations (applied; a full-size one and one with
// defects with the whole test suite run on them), one that breaks an operation the client's code
// uses (rolled back at the type-check), one that drops the AI Agent operation (its overlay fix no
// longer applies, so generate fails and everything is put back) and a pull that fails.
const root = resolve(".");
let dir: string | undefined;
afterEach(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

async function projectCopy(): Promise<string> {
  dir = await copyProject(root, "cognigy-update-");
  return dir;
}

function update(cwd: string, args: string[]) {
  return runScript("scripts/release/spec-update.ts", args, { cwd });
}

const page = (name: string) => join(root, "test/fixtures/docs-pages", name);

/** Serves `release` as Cognigy's published spec on a loopback server while `run` has its URL. */
async function serving<T>(release: unknown, run: (url: string) => Promise<T>): Promise<T> {
  const body = JSON.stringify(release);
  const server = await listen(
    (_, response) => void response.writeHead(200, { "content-type": "application/json" }).end(body),
  );
  try {
    return await run(`${server.url}/openapi/openapi-viewer.json`);
  } finally {
    await server.close();
  }
}

describe("npm run spec:update", () => {
  test("applies a release that adds an operation: snapshot, generated code, version and changeset", async () => {
    const cwd = await projectCopy();
    const result = await update(cwd, [
      "--skip-tests",
      "--report",
      "report.md",
      "--from-docs",
      page("get-large-language-models.md"),
      page("get-an-ai-agent.md"),
      page("conflict-b.md"),
    ]);
    expect(result.stderr).toContain("spec:update: typecheck…");
    expect(result.code).toBe(0);
    const report = await readFile(join(cwd, "report.md"), "utf8");
    expect(report).toContain("- added `GET /v2.0/flows/{flowId}`");
    expect(await readFile(join(cwd, "generated/schema.ts"), "utf8")).toContain('"/v2.0/flows/{flowId}"');
    expect(JSON.parse(await readFile(join(cwd, "package.json"), "utf8")).cognigy.specVersion).toBe("2026.10.2");
    expect(await readFile(join(cwd, "generated/spec-version.ts"), "utf8")).toContain('SPEC_VERSION = "2026.10.2"');
    expect(await readFile(join(cwd, ".changeset/cognigy-2026.10.2.md"), "utf8")).toMatch(
      /"cognigy-openapi-client": minor\n---\n\nGenerated from Cognigy\.AI 2026\.10\.2 \(was 2026\.10\.1\)/,
    );
  });

  // The path the weekly workflow takes: no --skip-tests, a release the size of Cognigy's.
  test("applies a full-size release end to end, the whole test suite run on it", async () => {
    const cwd = await projectCopy();
    const release = syntheticSpec(join(cwd, "openapi/cognigy.openapi.json"));
    const result = await serving(release, (url) => update(cwd, ["--report", "report.md", "--url", url]));
    expect(result.code, result.stderr.slice(-3000)).toBe(0);
    expect(result.stderr).toContain("spec:update: test…");
    const report = await readFile(join(cwd, "report.md"), "utf8");
    expect(report).toContain("- added `GET /v2.0/snapshots`");
    expect(report).not.toContain("(breaking)");
    expect(await readFile(join(cwd, "generated/schema.ts"), "utf8")).toContain(
      '"/v2.0/snapshots/{snapshotId}/restore"',
    );
    expect(await readFile(join(cwd, "generated/routes.ts"), "utf8")).toMatch(
      /\n {2}snapshots: \{\n(?: {4}.*\n)*? {4}restore: SnapshotsRestoreRoute;/,
    );
    expect(await readFile(join(cwd, ".changeset/cognigy-2026.10.1.md"), "utf8")).toMatch(
      /"cognigy-openapi-client": minor\n/,
    );
  }, 900_000);

  test("applies a release with defects: the pull keeps it, generate repairs it, the tests pass on it", async () => {
    const cwd = await projectCopy();
    const spec = JSON.parse(await readFile(join(cwd, "openapi/cognigy.openapi.json"), "utf8"));
    const agent = spec.paths["/v2.0/aiagents/{aiAgentId}"];
    spec.paths["/v3.0/aiagents/{aiAgentId}"] = structuredClone(agent);
    spec.paths["/v2.0/aiagents/{aiAgentId}/knowledge/{knowledgeId}"] = {
      get: { ...structuredClone(agent.get), operationId: "readAiAgentKnowledge_2_0" },
    };
    spec.info.version = "2026.11.0";
    const result = await serving(spec, (url) => update(cwd, ["--report", "report.md", "--url", url]));
    expect(result.code, result.stderr.slice(-3000)).toBe(0);
    expect(result.stderr).toContain(
      'spec:pull: problem: /paths/~1v3.0~1aiagents~1{aiAgentId}/get/operationId: operationId "readAiAgent_2_0" is used by another operation too',
    );
    expect(result.stderr).toContain(
      'generate: repaired /paths/~1v3.0~1aiagents~1{aiAgentId}/get/operationId: operationId "readAiAgent_2_0" was used twice; now "readAiAgent_3_0"',
    );
    expect(result.stderr).toContain(
      "generate: repaired /paths/~1v2.0~1aiagents~1{aiAgentId}~1knowledge~1{knowledgeId}/get/parameters: path parameter {knowledgeId} was not declared",
    );
    expect(result.stderr).toContain("spec:update: test…");
    expect(await readFile(join(cwd, "report.md"), "utf8")).toContain("- added `GET /v3.0/aiagents/{aiAgentId}`");
    expect(await readFile(join(cwd, "generated/operations.ts"), "utf8")).toContain('"readAiAgent_3_0"');
    expect(await readFile(join(cwd, ".changeset/cognigy-2026.11.0.md"), "utf8")).toMatch(
      /"cognigy-openapi-client": minor\n/,
    );
  }, 900_000);

  test("rolls back a release that breaks an operation the client's own code and tests use", async () => {
    const cwd = await projectCopy();
    const files = ["openapi/cognigy.openapi.json", "openapi/SOURCE.json", "generated/schema.ts", "package.json"];
    const before = await Promise.all(files.map((f) => readFile(join(cwd, f), "utf8")));
    const spec = JSON.parse(before[0]!);
    // An AI Agent's name becomes a number: every caller reading it as text stops compiling.
    const schema = spec.paths["/v2.0/aiagents/{aiAgentId}"].get.responses["200"].content["application/json"].schema;
    schema.properties.name = { type: "integer", example: 1 };
    spec.info.version = "2026.11.1";
    const result = await serving(spec, (url) => update(cwd, ["--report", "report.md", "--url", url]));
    expect(result.code).toBe(1);
    expect(await readFile(join(cwd, "report.md"), "utf8")).toContain(
      "changed `GET /v2.0/aiagents/{aiAgentId}`: 2 changes, **1 breaking**",
    );
    expect(result.stderr).toMatch(
      /spec:update failed: typecheck exited with \d+; openapi\/, generated\/ and package\.json are back as they were/,
    );
    expect(await Promise.all(files.map((f) => readFile(join(cwd, f), "utf8")))).toEqual(before);
    expect((await readdir(join(cwd, ".changeset"))).filter((f) => f.startsWith("cognigy-"))).toEqual([]);
  }, 900_000);

  test("stops at the first failing step and puts everything back", async () => {
    const cwd = await projectCopy();
    const before = await Promise.all(
      ["openapi/cognigy.openapi.json", "openapi/SOURCE.json", "generated/schema.ts", "package.json"].map((f) =>
        readFile(join(cwd, f), "utf8"),
      ),
    );
    const result = await update(cwd, [
      "--skip-tests",
      "--report",
      "report.md",
      "--from-docs",
      page("get-large-language-models.md"),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/generate failed: .*matched nothing .*voiceConfigs/);
    expect(result.stderr).toMatch(
      /spec:update failed: generate exited with 1; openapi\/, generated\/ and package\.json are back as they were/,
    );
    expect(result.stderr).not.toContain("spec:update: typecheck…");
    expect(await readFile(join(cwd, "report.md"), "utf8")).toContain(
      "- **removed** `GET /v2.0/aiagents/{aiAgentId}` (breaking)",
    );
    const after = await Promise.all(
      ["openapi/cognigy.openapi.json", "openapi/SOURCE.json", "generated/schema.ts", "package.json"].map((f) =>
        readFile(join(cwd, f), "utf8"),
      ),
    );
    expect(after).toEqual(before);
    expect((await readdir(join(cwd, ".changeset"))).filter((f) => f.startsWith("cognigy-"))).toEqual([]);
  });

  test("changes nothing when the pull fails", async () => {
    const cwd = await projectCopy();
    await mkdir(join(cwd, "tmp"), { recursive: true });
    const result = await update(cwd, ["--skip-tests", "--url", "http://127.0.0.1:9/openapi.json"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/spec:update failed: pull exited with 1; nothing was changed/);
  });
});
