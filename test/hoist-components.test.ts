import { readFileSync } from "node:fs";
import { dereference } from "@readme/openapi-parser";
import { describe, expect, test } from "vitest";
import { parse as parseYaml } from "yaml";
import { applyOverlay, type OverlayDocument } from "../src/codegen/apply-overlay.js";
import { hoistComponents } from "../src/codegen/hoist-components.js";
import type { OpenApiDocument } from "../src/codegen/openapi-document.js";

// The merge of the two fixture pages, not the committed snapshot (a Cognigy release replaces that).
const raw = JSON.parse(readFileSync("test/fixtures/docs-pages/expected.openapi.json", "utf8")) as OpenApiDocument;
const overlay = parseYaml(readFileSync("openapi/overlay.yaml", "utf8")) as OverlayDocument;
const resolved = async (spec: OpenApiDocument) => {
  const document = (await dereference(structuredClone(spec) as never)) as unknown as OpenApiDocument;
  return document.paths;
};

describe("hoistComponents", () => {
  test("changes nothing once references are resolved", async () => {
    const overlaid = await applyOverlay(raw, overlay);
    const hoisted = hoistComponents(overlaid);
    expect(await resolved(hoisted)).toEqual(await resolved(overlaid));
  });

  test("shares what repeats: error responses, media type copies, the Accept parameter", async () => {
    const hoisted = hoistComponents(await applyOverlay(raw, overlay));
    const agent = hoisted.paths["/v2.0/aiagents/{aiAgentId}"]!["get"] as any;
    const llms = hoisted.paths["/v2.0/largelanguagemodels"]!["get"] as any;
    expect(agent.responses["200"].content["application/hal+json"].schema).toEqual(
      agent.responses["200"].content["application/json"].schema,
    );
    expect(agent.responses["200"].content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/ReadAiAgent20Response200Json",
    });
    expect(llms.responses["404"]).toEqual({ $ref: "#/components/responses/Response404" });
    expect(agent.responses["404"]).toEqual(llms.responses["404"]);
    expect(agent.parameters[0]).toEqual({ $ref: "#/components/parameters/AcceptHeader" });
    expect(JSON.stringify(hoisted).length).toBeLessThan(JSON.stringify(raw).length);
  });

  test("is deterministic and leaves its input alone", async () => {
    const overlaid = await applyOverlay(raw, overlay);
    const before = JSON.stringify(overlaid);
    expect(JSON.stringify(hoistComponents(overlaid))).toBe(JSON.stringify(hoistComponents(overlaid)));
    expect(JSON.stringify(overlaid)).toBe(before);
  });
});
