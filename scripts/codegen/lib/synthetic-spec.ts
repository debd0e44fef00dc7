import { readFileSync } from "node:fs";
import type { OpenApiDocument } from "./openapi-document.js";

/**
 * A full-size spec shaped like Cognigy's (the snapshot's operations and ≈400 more over ≈50 tags, ≈8 MB), built from the
 * committed snapshot's own operations as templates: `/v2.0/...` paths with 24-character id
 * parameters, the `Accept` enum on every operation, list envelopes with cursors and `total`, the
 * entity-meta fields, inline schemas with `oneOf` branches and long enums, and the same error
 * responses inlined in every operation, as the real spec does. Deterministic: same input, same bytes.
 */
export function syntheticSpec(snapshotFile = "openapi/cognigy.openapi.json", resources = 50): OpenApiDocument {
  const snapshot = JSON.parse(readFileSync(snapshotFile, "utf8")) as OpenApiDocument;
  const list = snapshot.paths["/v2.0/largelanguagemodels"]!["get"] as Record<string, any>;
  const read = snapshot.paths["/v2.0/aiagents/{aiAgentId}"]!["get"] as Record<string, any>;
  const errors = Object.fromEntries(Object.entries(list["responses"] as Record<string, unknown>).filter(([status]) => !status.startsWith("2")));
  const accept = (list["parameters"] as Array<Record<string, any>>).find((p) => p["name"] === "Accept");
  const listParameters = (list["parameters"] as Array<Record<string, any>>).filter((p) => p["name"] !== "Accept");
  const envelope = list["responses"]["200"]["content"]["application/json"]["schema"] as Record<string, any>;
  const item = envelope["properties"]["items"]["items"] as Record<string, any>;
  const agent = read["responses"]["200"]["content"]["application/json"]["schema"] as Record<string, any>;
  const idParameter = (read["parameters"] as Array<Record<string, any>>).find((p) => p["in"] === "path")!;
  const task = { type: "object", properties: { _id: idParameter["schema"], status: { type: "string", enum: ["queued", "active", "done", "error", "cancelled"] }, progress: { type: "number" } } };

  // The snapshot's own operations stay, as in the real spec: code written for them keeps compiling.
  const paths: OpenApiDocument["paths"] = structuredClone(snapshot.paths);
  for (let n = 0; n < resources; n++) {
    const name = `resource${String(n).padStart(2, "0")}`;
    const tag = `Resource ${n}`;
    const id = `${name}Id`;
    const base = `/v2.0/${name}s`;
    const rename = <T>(value: T): T => JSON.parse(JSON.stringify(value).replaceAll("large language model", `${name} entry`).replaceAll("AI Agent", `${name}`)) as T;
    const resourceItem = rename({ ...item, oneOf: (item["oneOf"] as Array<Record<string, any>>).map((branch) => ({ ...branch, properties: { ...branch["properties"], [`${name}Settings`]: agent["properties"]["safetySettings"] } })) });
    const op = (operationId: string, summary: string, extra: Record<string, unknown>, success: Record<string, unknown>) => ({
      tags: [tag],
      summary,
      operationId: `${operationId}_${n}`,
      ...extra,
      parameters: [accept, ...((extra["parameters"] as unknown[]) ?? [])],
      responses: { ...success, ...structuredClone(errors) },
      security: list["security"],
    });
    const json = (schema: unknown, description: string) => ({ description, content: { "application/json": { schema: structuredClone(schema) } } });
    const withId = { parameters: [{ ...idParameter, name: id }] };
    const listEnvelope = { ...envelope, properties: { ...envelope["properties"], items: { type: "array", items: resourceItem } } };
    const body = (schema: unknown) => ({ requestBody: { required: true, content: { "application/json": { schema: structuredClone(schema) } } } });
    paths[base] = {
      get: op("index", `Get ${name} entries`, { parameters: structuredClone(listParameters) }, { "200": json(listEnvelope, "A page of entries.") }),
      post: op("create", `Create a ${name} entry`, body(resourceItem["oneOf"][0]), { "201": json(resourceItem, "The new entry.") }),
    };
    paths[`${base}/{${id}}`] = {
      get: op("read", `Get a ${name} entry`, structuredClone(withId), { "200": json(rename(agent), "The entry.") }),
      patch: op("update", `Update a ${name} entry`, { ...structuredClone(withId), ...body(rename(agent)) }, { "200": json(rename(agent), "The updated entry.") }),
      delete: op("delete", `Delete a ${name} entry`, structuredClone(withId), { "204": { description: "Deleted." } }),
    };
    // An optional request body too (openapi-fetch types it `body?: T | undefined`), so the route types meet one.
    const cloneBody = { requestBody: { required: false, content: { "application/json": { schema: { type: "object", properties: { name: { type: "string" } } } } } } };
    paths[`${base}/{${id}}/clone`] = { post: op("clone", `Clone a ${name} entry`, { ...structuredClone(withId), ...cloneBody }, { "202": json(task, "The clone task.") }) };
    paths[`${base}/{${id}}/package`] = { post: op("package", `Package a ${name} entry`, structuredClone(withId), { "202": json(task, "The package task.") }) };
    paths[`${base}/{${id}}/versions`] = { get: op("indexVersions", `Get versions of a ${name} entry`, { parameters: [{ ...idParameter, name: id }, ...structuredClone(listParameters)] }, { "200": json(listEnvelope, "A page of versions.") }) };
  }
  return { ...snapshot, info: { ...snapshot.info, title: `${snapshot.info.title ?? "Cognigy"} (synthetic full size)` }, paths };
}
