// The one file in src/ that imports from generated/ (written by `npm run generate`): everything the
// runtime knows of the spec reaches it through here.
import type { OperationId, OperationInfo } from "../generated/operations.js";
import type * as Schema from "../generated/schema.js";
import type { XmlShape } from "../generated/xml-shapes.js";

/** Every path of the spec with its operations, as openapi-typescript writes them (the types behind every call). */
export type paths = Schema.paths;
/** The spec's shared schemas, parameters and responses, e.g. `components["schemas"]["…"]`. */
export type components = Schema.components;
/** Every operation of the spec by operationId, as openapi-typescript writes them. */
export type operations = Schema.operations;
/** Per method and path: the init a call takes and the data and error it gives. */
export type { Routes } from "../generated/routes.js";
/** Every operation by name (`namespace` → `method` → its route), as the client's named methods call them. */
export type { Operations } from "../generated/routes.js";
export { NAMESPACES } from "../generated/namespaces.js";
export type { OperationId, OperationInfo, OperationParameter } from "../generated/operations.js";
export { SPEC_VERSION } from "../generated/spec-version.js";
export type { XmlShape } from "../generated/xml-shapes.js";

/** Every operation of the spec, by operationId. */
export type OperationTable = Readonly<Record<OperationId, OperationInfo>>;

let loading: Promise<OperationTable> | undefined;
let byRoute: Map<string, Map<string, OperationInfo>> | undefined;
let byName: Map<string, OperationInfo> | undefined;

/**
 * The operation table (each operationId with its method, path, tags, summary and the parameters
 * the spec constrains), loaded on first use. It grows with the spec (about 6 kB min+gz for
 * Cognigy's 400 operations), so it is a chunk of its own: the client's code loads without it, and
 * the first call loads it for validation.
 */
export function loadOperationTable(): Promise<OperationTable> {
  loading ??= import("../generated/operations.js").then(({ operations }) => {
    const routes = new Map<string, Map<string, OperationInfo>>();
    for (const operation of Object.values<OperationInfo>(operations)) {
      const method = operation.method.toUpperCase();
      if (!routes.has(method)) routes.set(method, new Map());
      routes.get(method)!.set(operation.path, operation);
    }
    byRoute = routes;
    byName = new Map(Object.values<OperationInfo>(operations).map((operation) => [operation.name, operation]));
    return operations;
  }, (error: unknown) => {
    // A chunk that failed to load (a network error in a browser) is tried again by the next call.
    loading = undefined;
    throw error;
  });
  return loading;
}

/** The operation for a method and path template, e.g. `("GET", "/v2.0/aiagents/{aiAgentId}")`. */
export async function findOperation(method: string, path: string): Promise<OperationInfo | undefined> {
  if (!byRoute) await loadOperationTable();
  return byRoute!.get(method.toUpperCase())?.get(path);
}

/** The operation a named method calls, by its name, e.g. `"aiAgents.get"`. */
export async function findNamedOperation(name: string): Promise<OperationInfo | undefined> {
  if (!byName) await loadOperationTable();
  return byName!.get(name);
}

/**
 * How to read an operation's XML body (its lists, numbers and booleans), loaded on first use by
 * code that reads XML: a chunk of its own, like the operation table. Undefined for a route the
 * spec does not describe, whose values then all stay strings.
 */
export async function findXmlShape(method: string, path: string): Promise<XmlShape | undefined> {
  const { xmlShapes } = await import("../generated/xml-shapes.js");
  const key = `${method.toUpperCase()} ${path}`;
  return Object.hasOwn(xmlShapes, key) ? xmlShapes[key] : undefined;
}

/**
 * The normalized spec the types were generated from (`generated/openapi.json`: Cognigy's spec with
 * the overlay applied), for the test kit's Prism mock. A chunk of its own, never loaded by the client.
 */
export async function loadSpecDocument(): Promise<Record<string, unknown>> {
  const { default: document } = await import("./spec-document.js");
  return structuredClone(document);
}
