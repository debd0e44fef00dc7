import { createHash } from "node:crypto";
import { HTTP_METHODS, isObject, uniqueName, type Json, type OpenApiDocument } from "./openapi-document.js";

// Cognigy's spec inlines the same schemas in every operation (error bodies, entity meta, the
// Accept parameter, list envelopes), and the overlay repeats each success schema per media type.
// openapi-typescript then writes each copy out in full. Hoisting repeated subtrees into
// components, referenced by $ref, gives the same types in a fraction of the size.

const SCHEMA_CHILDREN = ["items", "not", "additionalProperties"] as const;
const SCHEMA_LISTS = ["oneOf", "anyOf", "allOf"] as const;
/** Subtrees smaller than this many bytes of JSON stay inline: a $ref would not pay for itself. */
const MIN_BYTES = 160;

interface Info {
  hash: string;
  bytes: number;
}

/**
 * Moves every schema subtree that occurs more than once (and is big enough to matter) into
 * `components.schemas`, every repeated parameter into `components.parameters` and every repeated
 * response into `components.responses`, replacing the copies with `$ref`s. Names come from where each first occurs (`ReadAiAgent200Json`, …), so
 * output is deterministic. Dereferenced, the document is unchanged.
 */
export function hoistComponents(spec: OpenApiDocument): OpenApiDocument {
  const result = structuredClone(spec);
  const components = (result.components ??= {});
  const schemas = (components["schemas"] ??= {});
  const parameters = (components["parameters"] ??= {});
  const info = new Map<object, Info>();
  const counts = new Map<string, number>();
  const names = new Map<string, string>();
  const taken = new Set([...Object.keys(schemas), ...Object.keys(parameters)]);

  // Pass 1: fingerprint every schema node bottom-up and count identical ones.
  const visitSchema = (node: unknown): Info | undefined => {
    if (!isObject(node) || typeof node["$ref"] === "string") return undefined;
    for (const key of SCHEMA_CHILDREN) visitSchema(node[key]);
    for (const key of SCHEMA_LISTS)
      if (Array.isArray(node[key])) for (const item of node[key] as unknown[]) visitSchema(item);
    if (isObject(node["properties"])) for (const value of Object.values(node["properties"])) visitSchema(value);
    return record(node);
  };
  const record = (node: Json): Info => {
    const text = JSON.stringify(node);
    const entry = { hash: createHash("sha1").update(text).digest("base64url"), bytes: text.length };
    info.set(node, entry);
    counts.set(entry.hash, (counts.get(entry.hash) ?? 0) + 1);
    return entry;
  };
  const operations = listOperationsWithItems(result);
  for (const { operation, item } of operations) {
    for (const parameter of [...asArray(item["parameters"]), ...asArray(operation["parameters"])]) {
      if (isObject(parameter)) {
        visitSchema(parameter["schema"]);
        record(parameter);
      }
    }
    for (const media of mediaObjects(operation)) visitSchema(media["schema"]);
    for (const response of Object.values(isObject(operation["responses"]) ? operation["responses"] : {}))
      if (isObject(response)) record(response);
  }

  // Pass 2: top-down, replace repeated subtrees by references (the first copy becomes the component).
  const hoist = (node: unknown, label: string, isRoot = false): unknown => {
    if (!isObject(node) || typeof node["$ref"] === "string") return node;
    const entry = info.get(node);
    if (!isRoot && entry && entry.bytes >= MIN_BYTES && (counts.get(entry.hash) ?? 0) > 1) {
      let name = names.get(entry.hash);
      if (!name) {
        name = uniqueName(label || "Schema", taken);
        names.set(entry.hash, name);
        schemas[name] = hoist(node, name, true);
      }
      return { $ref: `#/components/schemas/${name}` };
    }
    for (const key of SCHEMA_CHILDREN)
      if (node[key] !== undefined) node[key] = hoist(node[key], `${label}${key === "items" ? "Item" : pascal(key)}`);
    for (const key of SCHEMA_LISTS)
      if (Array.isArray(node[key]))
        node[key] = (node[key] as unknown[]).map((item, index) => hoist(item, `${label}${pascal(key)}${index + 1}`));
    if (isObject(node["properties"]))
      for (const [property, value] of Object.entries(node["properties"]))
        node["properties"][property] = hoist(value, `${label}${pascal(property)}`);
    return node;
  };
  const parameterNames = new Map<string, string>();
  const responses = (components["responses"] ??= {});
  const responseNames = new Map<string, string>();
  const takenResponses = new Set(Object.keys(responses));
  for (const { operation, item } of operations) {
    const id = pascal(typeof operation["operationId"] === "string" ? operation["operationId"] : "Operation");
    for (const owner of [item, operation]) {
      if (!Array.isArray(owner["parameters"])) continue;
      owner["parameters"] = (owner["parameters"] as unknown[]).map((parameter) => {
        if (!isObject(parameter) || typeof parameter["$ref"] === "string") return parameter;
        const entry = info.get(parameter)!;
        if ((counts.get(entry.hash) ?? 0) < 2)
          return { ...parameter, schema: hoist(parameter["schema"], `${id}${pascal(String(parameter["name"]))}`) };
        let name = parameterNames.get(entry.hash);
        if (!name) {
          name = uniqueName(`${pascal(String(parameter["name"]))}${pascal(String(parameter["in"]))}`, taken);
          parameterNames.set(entry.hash, name);
          parameters[name] = { ...parameter, schema: hoist(parameter["schema"], `${name}Schema`) };
        }
        return { $ref: `#/components/parameters/${name}` };
      });
    }
    for (const [where, media] of mediaObjectsWithLabels(operation))
      media["schema"] = hoist(media["schema"], `${id}${where}`);
    // Whole responses that repeat (Cognigy's error responses, the same on every operation) are shared too.
    if (!isObject(operation["responses"])) continue;
    for (const [status, response] of Object.entries(operation["responses"])) {
      const entry = isObject(response) ? info.get(response) : undefined;
      if (!entry || (counts.get(entry.hash) ?? 0) < 2) continue;
      let name = responseNames.get(entry.hash);
      if (!name) {
        name = uniqueName(`Response${status}`, takenResponses);
        responseNames.set(entry.hash, name);
        responses[name] = response;
      }
      operation["responses"][status] = { $ref: `#/components/responses/${name}` };
    }
  }
  if (Object.keys(responses).length === 0) delete components["responses"];
  if (Object.keys(parameters).length === 0) delete components["parameters"];
  return result;
}

function listOperationsWithItems(spec: OpenApiDocument): Array<{ operation: Json; item: Json }> {
  const result: Array<{ operation: Json; item: Json }> = [];
  for (const item of Object.values(spec.paths))
    for (const method of HTTP_METHODS) if (isObject(item[method])) result.push({ operation: item[method], item: item });
  return result;
}

function mediaObjects(operation: Json): Json[] {
  return mediaObjectsWithLabels(operation).map(([, media]) => media);
}

// Every media type object of an operation's request body and responses, labelled for naming.
function mediaObjectsWithLabels(operation: Json): Array<[string, Json]> {
  const result: Array<[string, Json]> = [];
  const body = operation["requestBody"];
  if (isObject(body) && isObject(body["content"]))
    for (const [type, media] of Object.entries(body["content"]))
      if (isObject(media)) result.push([`Body${mediaLabel(type)}`, media]);
  if (isObject(operation["responses"])) {
    for (const [status, response] of Object.entries(operation["responses"])) {
      if (isObject(response) && isObject(response["content"]))
        for (const [type, media] of Object.entries(response["content"]))
          if (isObject(media)) result.push([`Response${status}${mediaLabel(type)}`, media]);
    }
  }
  return result;
}

function mediaLabel(type: string): string {
  return pascal(
    type
      .replace(/^application\//, "")
      .replace(/^text\//, "Text ")
      .replace(/\+/g, " "),
  );
}

function pascal(text: string): string {
  return text
    .replace(/[^A-Za-z0-9]+(.)?/g, (_, next: string | undefined) => (next ?? "").toUpperCase())
    .replace(/^./, (first) => first.toUpperCase());
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
