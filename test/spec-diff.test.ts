import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parse as parseYaml } from "yaml";
import type { OpenApiDocument } from "../src/codegen/openapi-document.js";
import { diffSpecs, toMarkdown, type Severity } from "../scripts/codegen/lib/spec-diff.js";
import { runScript } from "../scripts/lib/run-node.js";

// Each case is a pair of local specs: the base fixture and a copy with one change applied.
const base = parseYaml(readFileSync("test/fixtures/diff/base.yaml", "utf8")) as OpenApiDocument;
type Doc = Record<string, any>;
const variant = (change: (doc: Doc) => void) => {
  const doc = structuredClone(base) as Doc;
  change(doc);
  return doc as OpenApiDocument;
};
const flows = (doc: Doc) => doc["paths"]["/v2.0/flows"];
const readFlow = (doc: Doc) => doc["paths"]["/v2.0/flows/{flowId}"].get;

const cases: Array<[string, (doc: Doc) => void, Severity, string]> = [
  ["a removed operation", (d) => delete d["paths"]["/v2.0/flows/{flowId}"], "breaking", "GET /v2.0/flows/{flowId}"],
  [
    "a new required parameter",
    (d) => flows(d).get.parameters.push({ in: "query", name: "projectId", required: true, schema: { type: "string" } }),
    "breaking",
    "GET /v2.0/flows",
  ],
  ["a narrowed enum", (d) => (flows(d).get.parameters[1].schema.enum = ["project"]), "breaking", "GET /v2.0/flows"],
  [
    "a removed response field",
    (d) => delete readFlow(d).responses["200"].content["application/json"].schema.properties.createdAt,
    "breaking",
    "GET /v2.0/flows/{flowId}",
  ],
  [
    "a changed type",
    (d) => (readFlow(d).responses["200"].content["application/json"].schema.properties.createdAt = { type: "string" }),
    "breaking",
    "GET /v2.0/flows/{flowId}",
  ],
  [
    "a newly required request field",
    (d) => flows(d).post.requestBody.content["application/json"].schema.required.push("description"),
    "breaking",
    "POST /v2.0/flows",
  ],
  ["a removed schema property", (d) => delete d["components"].schemas.Flow.properties.kind, "breaking", "schema Flow"],
  [
    "an added operation",
    (d) =>
      (d["paths"]["/v2.0/flows/{flowId}"].delete = {
        operationId: "deleteFlow_2_0",
        responses: { "204": { description: "Deleted." } },
      }),
    "non-breaking",
    "DELETE /v2.0/flows/{flowId}",
  ],
  [
    "an added optional parameter",
    (d) => flows(d).get.parameters.push({ in: "query", name: "sort", schema: { type: "string" } }),
    "non-breaking",
    "GET /v2.0/flows",
  ],
  ["a widened enum", (d) => flows(d).get.parameters[1].schema.enum.push("global"), "non-breaking", "GET /v2.0/flows"],
  [
    "an added response field",
    (d) =>
      (readFlow(d).responses["200"].content["application/json"].schema.properties.lastChanged = { type: "integer" }),
    "non-breaking",
    "GET /v2.0/flows/{flowId}",
  ],
  ["a deprecated operation", (d) => (flows(d).post.deprecated = true), "deprecated", "POST /v2.0/flows"],
  ["a new summary", (d) => (flows(d).get.summary = "List flows"), "annotation", "GET /v2.0/flows"],
  // Names never come from operationIds: a new one is documentation to a caller.
  [
    "a renamed operationId (its named method kept)",
    (d) => (readFlow(d).operationId = "readFlowById_2_0"),
    "annotation",
    "GET /v2.0/flows/{flowId}",
  ],
  // client.flows.get would become client.flowDefinitions.get: code calling it stops compiling.
  [
    "a new tag (its named method renamed)",
    (d) => (readFlow(d).tags = ["Flow Definitions"]),
    "breaking",
    "GET /v2.0/flows/{flowId}",
  ],
];

describe("diffSpecs", () => {
  test.each(cases)("classifies %s", (_, change, severity, subject) => {
    const report = diffSpecs(base, variant(change));
    expect(report.changes.length).toBeGreaterThan(0);
    expect(report.changes.filter((c) => c.subject === subject).map((c) => c.severity)).toContain(severity);
    if (severity !== "breaking") expect(report.counts.breaking).toBe(0);
  });

  test("names the named method a rename moves", () => {
    const report = diffSpecs(
      base,
      variant((d) => (readFlow(d)["x-cognigy-name"] = "flows.getById")),
    );
    expect(report.changes).toContainEqual({
      severity: "breaking",
      action: "rename",
      subject: "GET /v2.0/flows/{flowId}",
      location: "",
      description: "the named method client.flows.get is now client.flows.getById",
    });
  });

  test("names operations as generate does: a repeated operationId repaired first is no rename", () => {
    const after = variant((d) => (d["paths"]["/v3.0/flows/{flowId}"] = { get: structuredClone(readFlow(d)) }));
    expect(diffSpecs(base, after).changes.filter((change) => change.action === "rename")).toEqual([]);
  });

  test("reports nothing for identical specs", () => {
    const report = diffSpecs(base, structuredClone(base));
    expect(report.changes).toEqual([]);
    expect(toMarkdown(report)).toContain("No changes.");
  });

  test("groups added, removed and changed operations and schemas", () => {
    const after = variant((d) => {
      delete d["paths"]["/v2.0/flows/{flowId}"];
      d["paths"]["/v2.0/flows/{flowId}/clone"] = {
        post: { operationId: "cloneFlow_2_0", responses: { "202": { description: "Task." } } },
      };
      d["components"].schemas.Flow.properties.name.type = "integer";
      d["components"].schemas.Task = { type: "object" };
      d["info"].version = "2026.11.0";
    });
    const report = diffSpecs(base, after);
    expect(report.operations.added).toEqual(["POST /v2.0/flows/{flowId}/clone"]);
    expect(report.operations.removed).toEqual(["GET /v2.0/flows/{flowId}"]);
    expect(report.schemas).toEqual({ added: ["schema Task"], removed: [], changed: ["schema Flow"] });
    // Flow is used by both operations on /v2.0/flows, so their types changed too.
    const usingFlow = diffSpecs(
      base,
      variant((d) => (d["components"].schemas.Flow.properties.name.type = "integer")),
    );
    expect(usingFlow.operations.changed).toEqual(["GET /v2.0/flows", "POST /v2.0/flows"]);
    expect({ from: report.from, to: report.to }).toEqual({ from: "2026.10.1", to: "2026.11.0" });
    const markdown = toMarkdown(report);
    expect(markdown).toMatch(/^## Cognigy spec changes: 2026\.10\.1 → 2026\.11\.0\n\n\*\*\d+ breaking\*\*/);
    expect(markdown).toContain("- **removed** `GET /v2.0/flows/{flowId}` (breaking)");
    expect(markdown).toContain("| breaking | `schema Flow` properties.name.type |");
  });
});

describe("npm run spec:diff", () => {
  test("prints markdown, writes JSON, and can fail on breaking changes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cognigy-diff-"));
    const after = join(dir, "after.json");
    await writeFile(after, JSON.stringify(variant((d) => delete d["paths"]["/v2.0/flows/{flowId}"])));
    const run = (args: string[]) => runScript("scripts/codegen/spec-diff.ts", args);
    const [markdown, strict] = await Promise.all([
      run(["test/fixtures/diff/base.yaml", after, "--json-out", join(dir, "report.json")]),
      run(["test/fixtures/diff/base.yaml", after, "--fail-on-breaking"]),
    ]);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toMatch(/^## Cognigy spec changes/);
    expect(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")).counts.breaking).toBe(1);
    expect(strict.code).toBe(2);
    await rm(dir, { recursive: true });
  });
});
