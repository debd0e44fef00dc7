// Specs of other Cognigy.AI versions for the generate command and the version check, made from a
// fixed copy of the 2026.10.1 snapshot (so that they stay the same when the committed snapshot moves
// on, or is the full-size spec in the release test): a newer release with one more operation, and a
// server that moved on.
import { readFileSync } from "node:fs";
import type { OpenApiDocument } from "../../src/codegen/openapi-document.js";

/** The committed snapshot, as Cognigy serves it (before our overlay): the spec the bundled client is typed from. */
export function snapshotSpec(): OpenApiDocument {
  return JSON.parse(readFileSync("openapi/cognigy.openapi.json", "utf8")) as OpenApiDocument;
}

/**
 * A newer release: version 2026.12.0, with `GET /v2.0/widgets` (`widgets.list`, a list like the
 * LLMs'; no Cognigy release has widgets, so the bundled client never knows it).
 */
export function newerSpec(): OpenApiDocument {
  const spec = JSON.parse(readFileSync("test/fixtures/custom-api/cognigy-2026.10.1.json", "utf8")) as OpenApiDocument;
  spec.info.version = "2026.12.0";
  const list = structuredClone(spec.paths["/v2.0/largelanguagemodels"]!["get"]) as Record<string, unknown>;
  spec.paths["/v2.0/widgets"] = {
    get: { ...list, operationId: "indexWidgets_2_0", tags: ["Widgets"], summary: "Get widgets" },
  };
  return spec;
}

/**
 * What a server of a later release serves compared with `spec`: a new version; `GET /v2.0/largelanguagemodels`
 * gone; `GET /v2.0/aiagents/{aiAgentId}` with one more, required, query parameter; one new operation.
 * Descriptions reworded everywhere, which changes nothing a call depends on.
 */
export function movedOnSpec(spec: OpenApiDocument): OpenApiDocument {
  const next = structuredClone(spec);
  next.info.version = "2027.2.0";
  delete next.paths["/v2.0/largelanguagemodels"];
  const agent = next.paths["/v2.0/aiagents/{aiAgentId}"]!["get"] as { parameters: unknown[]; description?: string };
  agent.parameters.push({ in: "query", name: "include", required: true, schema: { type: "string" } });
  agent.description = "Reworded.";
  next.paths["/v2.0/knowledgestores"] = {
    get: { operationId: "indexKnowledgeStores_2_0", responses: { "200": { description: "OK" } } },
  };
  return next;
}
