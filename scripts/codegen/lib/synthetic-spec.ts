import { readFileSync } from "node:fs";
import type { OpenApiDocument } from "../../../src/codegen/openapi-document.js";

/** Cognigy's public route inventory: tag slug, page slug, title, method, path (see openapi/cognigy-routes.tsv). */
export const ROUTE_INVENTORY = "openapi/cognigy-routes.tsv";
/** `@cognigy/rest-api-client` 0.19.0's functions with their routes: the operationIds Cognigy uses. */
export const OFFICIAL_CLIENT = "openapi/official-client-0.19.0-operations.tsv";

/**
 * A full-size spec shaped like Cognigy's, built from Cognigy's real route inventory (366
 * operations over about 50 tags, ≈7 MB): each route with its tag, title as summary, method and path
 * (a guessed path taken as it is, an unknown one left out), and an operationId as Cognigy writes
 * them (`readAiAgent_2_0`: the official client's function name where it calls the route, else made
 * from the title, with the path's API version). Bodies come from the committed snapshot's own
 * operations as templates: list envelopes with cursors and `total` for collections, the AI Agent
 * shape for one resource, Tasks for actions, inline schemas with `oneOf` branches and long enums,
 * the `Accept` enum on every operation and the same error responses inlined in every operation,
 * as the real spec does. The snapshot's own operations stay.
 *
 * It carries the mess real specs have: a title used twice gives the docs' slug suffix
 * (`deleteALexiconSlot-1_2_0`), every 40th operationId is dotted (`index.Flows_2_0`), every 60th
 * operation has none, the flow chart answers a recursive schema (nodes with children), and the
 * AI Agent read has a `/v3.0` twin with the same operationId. Deterministic: same inputs, same bytes.
 */
export function syntheticSpec(
  snapshotFile = "openapi/cognigy.openapi.json",
  inventoryFile = ROUTE_INVENTORY,
  officialFile = OFFICIAL_CLIENT,
): OpenApiDocument {
  const snapshot = JSON.parse(readFileSync(snapshotFile, "utf8")) as OpenApiDocument;
  const list = snapshot.paths["/v2.0/largelanguagemodels"]!["get"] as Record<string, any>;
  const read = snapshot.paths["/v2.0/aiagents/{aiAgentId}"]!["get"] as Record<string, any>;
  const errors = Object.fromEntries(
    Object.entries(list["responses"] as Record<string, unknown>).filter(([status]) => !status.startsWith("2")),
  );
  const accept = (list["parameters"] as Array<Record<string, any>>).find((p) => p["name"] === "Accept");
  const listParameters = (list["parameters"] as Array<Record<string, any>>).filter((p) => p["name"] !== "Accept");
  const envelope = list["responses"]["200"]["content"]["application/json"]["schema"] as Record<string, any>;
  const item = envelope["properties"]["items"]["items"] as Record<string, any>;
  const agent = read["responses"]["200"]["content"]["application/json"]["schema"] as Record<string, any>;
  const idParameter = (read["parameters"] as Array<Record<string, any>>).find((p) => p["in"] === "path")!;
  const task = {
    type: "object",
    properties: {
      _id: idParameter["schema"],
      status: { type: "string", enum: ["queued", "active", "done", "cancelling", "cancelled", "error"] },
      type: { type: "string" },
      currentStep: { type: "number" },
      totalStep: { type: "number" },
    },
  };
  const official = officialFunctions(officialFile);
  const operationIds = new Set<string>();
  for (const item of Object.values(snapshot.paths))
    for (const operation of Object.values(item))
      operationIds.add(String((operation as Record<string, unknown>)["operationId"]));

  const paths: OpenApiDocument["paths"] = structuredClone(snapshot.paths);
  const tagItems = new Map<string, Record<string, any>>();
  const titles = new Map<string, number>();
  for (const route of inventory(inventoryFile)) {
    const method = route.method.toLowerCase();
    if (paths[route.path]?.[method]) continue;
    const tag = tagName(route.tagSlug);
    // Each tag its own resource shape, as each Cognigy resource has: the item with a settings block of its own.
    const noun = route.tagSlug.replace(/[^a-z0-9]/g, "");
    if (!tagItems.has(tag)) {
      const rename = <T>(value: T): T =>
        JSON.parse(
          JSON.stringify(value).replaceAll("large language model", `${tag} entry`).replaceAll("AI Agent", tag),
        ) as T;
      tagItems.set(
        tag,
        rename({
          ...item,
          oneOf: (item["oneOf"] as Array<Record<string, any>>).map((branch) => ({
            ...branch,
            properties: { ...branch["properties"], [`${noun}Settings`]: agent["properties"]["safetySettings"] },
          })),
        }),
      );
    }
    const resourceItem = tagItems.get(tag)!;
    const resource = JSON.parse(JSON.stringify(agent).replaceAll("AI Agent", tag)) as Record<string, any>;
    const version = /\/v(\d+)\.(\d+)\//.exec(route.path);
    const suffix = version ? `_${version[1]}_${version[2]}` : "_2_0";
    const count = operationIds.size;
    // The docs number a title's second page `-1`, and ids made from the title carry it.
    const seen = titles.get(route.title) ?? 0;
    titles.set(route.title, seen + 1);
    let base =
      seen > 0
        ? `${docsId(route.title)}-${seen}`
        : (official.get(`${route.method} ${normalize(route.path)}`) ??
          fromTitle(route.title, route.method, route.path));
    for (let n = 2; operationIds.has(`${base}${suffix}`); n++) base = `${base.replace(/_\d+$/, "")}_${n}`;
    if (count % 40 === 39) base = base.replace(/^([a-z]+)([A-Z])/, "$1.$2");
    const operationId = `${base}${suffix}`;
    operationIds.add(operationId);
    const pathParameters = [...route.path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => ({
      ...structuredClone(idParameter),
      name,
    }));
    const json = (schema: unknown, description: string) => ({
      description,
      content: { "application/json": { schema: structuredClone(schema) } },
    });
    const body = (schema: unknown) => ({
      requestBody: { required: true, content: { "application/json": { schema: structuredClone(schema) } } },
    });
    const collection = !route.path.endsWith("}");
    let shape: Record<string, unknown>;
    if (
      method === "get" &&
      collection &&
      /^(Get|List)\b/i.test(route.title) &&
      !/\b(count|state|info|metadata|policy|license|message)\b/i.test(route.title)
    ) {
      shape = {
        parameters: [...pathParameters, ...structuredClone(listParameters)],
        responses: {
          "200": json(
            { ...envelope, properties: { ...envelope["properties"], items: { type: "array", items: resourceItem } } },
            "A page of entries.",
          ),
        },
      };
    } else if (method === "get") {
      shape = { parameters: pathParameters, responses: { "200": json(resource, "The entry.") } };
    } else if (method === "delete") {
      shape = { parameters: pathParameters, responses: { "204": { description: "Deleted." } } };
    } else if (method === "patch" || method === "put") {
      shape = {
        parameters: pathParameters,
        ...body(resource),
        responses: { "200": json(resource, "The updated entry.") },
      };
    } else if (/^Create\b/i.test(route.title) && collection) {
      shape = {
        parameters: pathParameters,
        ...body(resourceItem["oneOf"][0]),
        responses: { "201": json(resourceItem, "The new entry.") },
      };
    } else {
      // An action (clone, package, train, restore …): Cognigy answers 202 with a Task.
      shape = {
        parameters: pathParameters,
        requestBody: {
          required: false,
          content: { "application/json": { schema: { type: "object", properties: { name: { type: "string" } } } } },
        },
        responses: { "202": json(task, "The task.") },
      };
    }
    const responses = { ...(shape["responses"] as object), ...structuredClone(errors) };
    paths[route.path] = {
      ...paths[route.path],
      [method]: {
        tags: [tag],
        summary: route.title,
        ...(count % 60 !== 59 && { operationId }),
        ...shape,
        parameters: [accept, ...(shape["parameters"] as unknown[])],
        responses,
        security: list["security"],
      },
    };
  }
  // A recursive schema: the flow chart's nodes, each with its children.
  const chart = paths["/v2.0/flows/{flowId}/chart"]?.["get"] as Record<string, any> | undefined;
  if (chart)
    chart["responses"]["200"]["content"]["application/json"]["schema"] = { $ref: "#/components/schemas/ChartNode" };
  // A /v3.0 twin of a /v2.0 route, with the same operationId (Cognigy's ids repeat across versions).
  paths["/v3.0/aiagents/{aiAgentId}"] = structuredClone(snapshot.paths["/v2.0/aiagents/{aiAgentId}"]!);
  const chartNode = {
    type: "object",
    properties: {
      _id: idParameter["schema"],
      type: { type: "string" },
      label: { type: "string" },
      children: { type: "array", items: { $ref: "#/components/schemas/ChartNode" } },
      parent: { $ref: "#/components/schemas/ChartLink" },
    },
  };
  const chartLink = { type: "object", properties: { node: { $ref: "#/components/schemas/ChartNode" } } };
  const components = {
    ...snapshot.components,
    schemas: { ...snapshot.components?.["schemas"], ChartNode: chartNode, ChartLink: chartLink },
  };
  return {
    ...snapshot,
    info: { ...snapshot.info, title: `${snapshot.info.title ?? "Cognigy"} (synthetic full size)` },
    paths,
    components,
  };
}

/** A route of Cognigy's inventory: its docs section's slug (`ai-agents`), page title, method (upper case) and path. */
export interface InventoryRoute {
  tagSlug: string;
  title: string;
  method: string;
  path: string;
}

/** The inventory's routes with a path: a guessed one (`?/v2.0/…`) as it is, an unknown one (`?`) left out. */
export function inventory(file: string = ROUTE_INVENTORY): InventoryRoute[] {
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split("\t"))
    .map(([tagSlug = "", , title = "", method = "", path = ""]) => ({
      tagSlug,
      title,
      method: method.toUpperCase(),
      path: path.replace(/^\?/, ""),
    }))
    .filter((route) => route.path.startsWith("/"));
}

function officialFunctions(file: string): Map<string, string> {
  const functions = new Map<string, string>();
  for (const [, fn = "", method = "", path = ""] of readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split("\t"))) {
    functions.set(`${method.toUpperCase()} ${normalize(path.replace(/^\/new(?=\/)/, ""))}`, fn);
  }
  return functions;
}

const normalize = (path: string) => path.replace(/\{[^}]*\}/g, "{}");

// "AI Agents" from "ai-agents"; versions and acronyms as Cognigy writes them.
function tagName(slug: string): string {
  const upper = new Set(["ai", "ui", "nlu", "llm", "sso", "id"]);
  return slug
    .split("-")
    .map((word) =>
      upper.has(word)
        ? word.toUpperCase()
        : /^v?\d+$/.test(word)
          ? word.replace(/^v?(\d)(\d)$/, "$1.$2")
          : word[0]!.toUpperCase() + word.slice(1),
    )
    .join(" ");
}

// "Delete a Lexicon Slot" → deleteALexiconSlot, as the docs name an operation after its title.
function docsId(title: string): string {
  const [first = "call", ...rest] = title.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return first.toLowerCase() + rest.map((word) => word[0]!.toUpperCase() + word.slice(1)).join("");
}

// "Get AI Agent Jobs and their Tools" on a collection → indexAiAgentJobsAndTheirTools, as Cognigy names them.
function fromTitle(title: string, method: string, path: string): string {
  const [first = "call", ...rest] = title.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let verb = first.toLowerCase();
  if (verb === "get") verb = method === "GET" && !path.endsWith("}") ? "index" : "read";
  const noun = rest
    .filter((word) => !/^(a|an|the|of|for|to|in|by|via|from|with)$/i.test(word))
    .map((word) => word[0]!.toUpperCase() + word.slice(1).toLowerCase());
  return `${verb}${noun.join("")}`;
}
