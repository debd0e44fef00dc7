import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse as parseYaml } from "yaml";
import { applyOverlay, type OverlayDocument } from "../src/codegen/apply-overlay.js";
import { extractDocsPageSpec } from "../scripts/codegen/lib/docs-pages.js";
import { findStaleFiles, generateFiles } from "../scripts/codegen/lib/generate-files.js";
import type { OpenApiDocument } from "../src/codegen/openapi-document.js";
import { runScript } from "../scripts/lib/run-node.js";

// The merge of the two fixture pages, not the committed snapshot (a Cognigy release replaces that).
const raw = JSON.parse(await readFile("test/fixtures/docs-pages/expected.openapi.json", "utf8")) as OpenApiDocument;
const overlay = parseYaml(await readFile("openapi/overlay.yaml", "utf8")) as OverlayDocument;
const action = (target: string, extra: object = { update: { "x-touched": true } }) => ({
  target,
  description: "test action",
  ...extra,
});
const get = (spec: OpenApiDocument, path: string) => spec.paths[path]!["get"] as any;

describe("applyOverlay with openapi/overlay.yaml", () => {
  test("declares every media type the Accept parameter offers on success responses only", async () => {
    const spec = await applyOverlay(raw, overlay);
    for (const path of ["/v2.0/largelanguagemodels", "/v2.0/aiagents/{aiAgentId}"]) {
      const responses = get(spec, path).responses;
      expect(Object.keys(responses["200"].content)).toEqual([
        "application/json",
        "application/hal+json",
        "application/xml",
        "text/xml",
        "text/csv",
      ]);
      expect(responses["200"].content["application/hal+json"].schema).toEqual(
        responses["200"].content["application/json"].schema,
      );
      expect(responses["200"].content["text/csv"].schema).toMatchObject({
        type: "string",
        example: expect.stringMatching(/^_id,/),
      });
      expect(Object.keys(responses["404"].content)).toEqual(["application/json"]);
      expect(JSON.stringify(responses)).not.toContain("x-cognigy-also-serve");
    }
  });

  test("types the error code as string or number and leaves the raw spec untouched", async () => {
    const spec = await applyOverlay(raw, overlay);
    const code = get(spec, "/v2.0/largelanguagemodels").responses["404"].content["application/json"].schema.properties
      .code;
    expect(code).toEqual({ example: 1000, oneOf: [{ type: "string" }, { type: "number" }] });
    expect(
      get(raw, "/v2.0/largelanguagemodels").responses["404"].content["application/json"].schema.properties.code.type,
    ).toBe("string");
  });

  test("replaces the array example of azureOpenAI.baseCustomUrl with a string", async () => {
    const spec = await applyOverlay(raw, overlay);
    const item = get(spec, "/v2.0/largelanguagemodels").responses["200"].content["application/json"].schema.properties
      .items.items;
    for (const branch of item.oneOf)
      expect(typeof branch.properties.azureOpenAI.properties.baseCustomUrl.example).toBe("string");
  });

  test("adds no media type an operation's Accept parameter does not offer", async () => {
    const flow = extractDocsPageSpec(await readFile("test/fixtures/docs-pages/conflict-a.md", "utf8"), "flow").document;
    const spec = await applyOverlay(flow, { overlay: "1.0.0", actions: [overlay.actions[0]!] });
    expect(Object.keys(get(spec, "/v2.0/flows/{flowId}").responses["200"].content)).toEqual(["application/json"]);
  });
});

describe("applyOverlay refuses", () => {
  test("an action that matches nothing, naming it", async () => {
    const stale = { overlay: "1.0.0", actions: [action("$.paths['/v2.0/gone'].get")] };
    await expect(applyOverlay(raw, stale, "overlay.yaml")).rejects.toThrow(
      /overlay\.yaml: 1 action\(s\) matched nothing .*#1 \$\.paths\['\/v2\.0\/gone'\]\.get/,
    );
  });

  test("an action without a description", async () => {
    const undocumented = { overlay: "1.0.0", actions: [{ target: "$.info", update: { "x-a": 1 } }] };
    await expect(applyOverlay(raw, undocumented as never)).rejects.toThrow(/action #1 \(\$\.info\) has no description/);
  });

  test("a document that is not an Overlay 1.x", async () => {
    await expect(applyOverlay(raw, { overlay: "2.0.0", actions: [] })).rejects.toThrow(
      /not an OpenAPI Overlay 1\.0\/1\.1 document/,
    );
    await expect(applyOverlay(raw, null as never)).rejects.toThrow(/not an OpenAPI Overlay/);
  });

  test("an action that neither updates nor removes", async () => {
    await expect(applyOverlay(raw, { overlay: "1.0.0", actions: [action("$.info", {})] })).rejects.toThrow(
      /at least one of "update", "remove"/,
    );
  });
});

describe("generate", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "cognigy-generate-"));
    await cp("openapi", join(dir, "openapi"), { recursive: true });
    await cp("generated", join(dir, "generated"), { recursive: true });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test("writes what is committed in generated/, with a do-not-edit header", async () => {
    const files = await generateFiles("openapi");
    expect(await findStaleFiles(files, "generated")).toEqual([]);
    expect(files.get("schema.ts")).toMatch(/^\/\/ Generated by `npm run generate` .*\n\/\/ Do not edit/);
  });

  test("reports stale, missing, hand-edited and foreign files", async () => {
    const out = join(dir, "generated");
    await writeFile(join(out, "schema.ts"), `${await readFile(join(out, "schema.ts"), "utf8")}// edited by hand\n`);
    await rm(join(out, "operations.ts"));
    await writeFile(join(out, "notes.txt"), "stray");
    const stale = await findStaleFiles(await generateFiles("openapi"), out);
    expect(stale).toEqual(["schema.ts", "operations.ts (missing)", "notes.txt (not written by the generator)"]);
  });

  test("generate:check exits 1 with a one-line reason when the overlay changed", async () => {
    const spec = join(dir, "openapi");
    const text = await readFile(join(spec, "overlay.yaml"), "utf8");
    await writeFile(
      join(spec, "overlay.yaml"),
      text.replace("example: elevenlabs", "example: elevenlabs").replace("update: elevenlabs", "update: aws"),
    );
    const result = await runScript("scripts/codegen/generate.ts", ["--check", "--spec", spec, "--out", "generated"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /generate:check failed: generated\/ is stale: openapi\.json, schema\.ts\. Run `npm run generate`/,
    );
  });
});

// Defects vendor specs carry, on the fixture spec: the generator repairs what has one obvious fix
// and says so, and refuses what has none with the problem's JSON pointer, writing nothing.
describe("generate on a spec with defects", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "cognigy-defects-"));
    await cp("openapi/overlay.yaml", join(dir, "openapi/overlay.yaml"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  let kindIndex = 0;
  const withDefects = async (change: (spec: any) => void) => {
    const spec = structuredClone(raw) as any;
    change(spec);
    await writeFile(join(dir, "openapi/cognigy.openapi.json"), JSON.stringify(spec));
    return join(dir, "openapi");
  };

  test("repairs a duplicated operationId by its version, an undeclared path parameter and an example outside its enum", async () => {
    const specDir = await withDefects((spec) => {
      const agent = spec.paths["/v2.0/aiagents/{aiAgentId}"];
      spec.paths["/v3.0/aiagents/{aiAgentId}"] = structuredClone(agent);
      spec.paths["/v2.0/aiagents/{aiAgentId}/knowledge/{knowledgeId}"] = {
        get: { ...structuredClone(agent.get), operationId: "readAiAgentKnowledge_2_0" },
      };
      kindIndex =
        spec.paths["/v2.0/largelanguagemodels"].get.parameters.push({
          name: "kind",
          in: "query",
          schema: { type: "string", enum: ["a", "b"], example: "c" },
        }) - 1;
    });
    const repairs: string[] = [];
    const files = await generateFiles(specDir, (repair) => repairs.push(repair));
    expect(repairs).toEqual([
      '/paths/~1v3.0~1aiagents~1{aiAgentId}/get/operationId: operationId "readAiAgent_2_0" was used twice; now "readAiAgent_3_0"',
      "/paths/~1v2.0~1aiagents~1{aiAgentId}~1knowledge~1{knowledgeId}/get/parameters: path parameter {knowledgeId} was not declared; declared as a required string",
      `/paths/~1v2.0~1largelanguagemodels/get/parameters/${kindIndex}/schema/example: example "c" is not one of the enum's values; removed`,
    ]);
    expect(files.get("operations.ts")).toContain('"readAiAgent_3_0"');
    // Both versions named: /v2.0 unmarked, /v3.0 in its version's namespace.
    expect(files.get("operations.ts")).toContain('name: "aiAgents.get"');
    expect(files.get("operations.ts")).toContain('name: "v3.aiAgents.get"');
    expect(files.get("routes.ts")).toContain('"/v2.0/aiagents/{aiAgentId}/knowledge/{knowledgeId}"');
  });

  test("refuses two operations the naming rules give one name, naming both and the pin; a pin settles it", async () => {
    const specDir = await withDefects((spec) => {
      spec.paths["/v2.0/aiagents/{id}"] = {
        get: { ...structuredClone(spec.paths["/v2.0/aiagents/{aiAgentId}"].get), operationId: "readAiAgentById_2_0" },
      };
      spec.paths["/v2.0/aiagents/{id}"].get.parameters = [
        { name: "id", in: "path", required: true, schema: { type: "string" } },
      ];
    });
    const out = join(dir, "generated-names");
    const refused = await runScript("scripts/codegen/generate.ts", ["--spec", specDir, "--out", out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).toContain(
      "GET /v2.0/aiagents/{aiAgentId} (/paths/~1v2.0~1aiagents~1{aiAgentId}/get) and GET /v2.0/aiagents/{id} (/paths/~1v2.0~1aiagents~1{id}/get) are both named client.aiAgents.get",
    );
    expect(refused.stderr).toContain(
      `{ target: '$.paths["/v2.0/aiagents/{id}"].get', update: { "x-cognigy-name": "aiAgents.<name>" } }`,
    );
    await expect(readFile(join(out, "routes.ts"), "utf8")).rejects.toThrow(/ENOENT/);

    const pinned = structuredClone(overlay);
    pinned.actions.push({
      target: '$.paths["/v2.0/aiagents/{id}"].get',
      description: "test pin",
      update: { "x-cognigy-name": "aiAgents.getById" },
    });
    await writeFile(join(specDir, "overlay.yaml"), JSON.stringify(pinned));
    try {
      const result = await runScript("scripts/codegen/generate.ts", ["--spec", specDir, "--out", out]);
      expect(result.code, result.stderr).toBe(0);
      expect(await readFile(join(out, "routes.ts"), "utf8")).toMatch(
        /aiAgents: \{[\s\S]*get: AiAgentsGetRoute;[\s\S]*getById: AiAgentsGetByIdRoute;/,
      );
    } finally {
      await cp("openapi/overlay.yaml", join(specDir, "overlay.yaml"));
    }
  });

  test("refuses a dangling $ref with its JSON pointer, in one line, and writes nothing", async () => {
    const specDir = await withDefects((spec) => {
      spec.paths["/v2.0/gone"] = {
        get: {
          operationId: "readGone_2_0",
          responses: {
            "200": {
              description: "Gone",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Gone" } } },
            },
          },
        },
      };
    });
    const out = join(dir, "generated");
    const result = await runScript("scripts/codegen/generate.ts", ["--spec", specDir, "--out", out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^generate failed: spec with overlay: invalid OpenAPI document: \/paths\/~1v2\.0~1gone\/get\/responses\/200\/content\/application~1json\/schema\/\$ref: \$ref "#\/components\/schemas\/Gone" points nowhere/m,
    );
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    await expect(readFile(join(out, "schema.ts"), "utf8")).rejects.toThrow(/ENOENT/);
  });
});
