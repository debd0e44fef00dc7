// The one file in src/ that imports from generated/ (written by `npm run generate`): everything the
// runtime knows of the bundled spec reaches it through here, and a user's API module (written by
// the generate command) takes the bundled spec's place through the same catalog.
import { CognigyConfigError } from "./errors/config-error.js";
import { NAMESPACES } from "../generated/namespaces.js";
import type { OperationId, OperationInfo } from "../generated/operations.js";
import type { Operations, Routes } from "../generated/routes.js";
import type * as Schema from "../generated/schema.js";
import { SPEC_VERSION } from "../generated/spec-version.js";
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

declare const apiTypes: unique symbol;

/**
 * The types and tables of one Cognigy.AI version's API: the `api` a module written by
 * `npx cognigy-openapi-client generate` exports, for `createCognigyClient({ api })`. Its type
 * parameters carry the module's routes and named operations (type-only); its fields are what
 * the client checks calls against.
 */
export interface CognigyApi<R = Routes, O = Operations> {
  /** The spec's `info.version`: the Cognigy.AI release it describes. */
  readonly version: string;
  /** The namespaces of its named operations, `client.<namespace>.<method>()`. */
  readonly namespaces: readonly string[];
  /** Every operation by operationId. */
  readonly operations: Readonly<Record<string, OperationInfo>>;
  /** `"GET /path"` → how to read its XML body. */
  readonly xmlShapes: Readonly<Record<string, XmlShape>>;
  /** operationId → what the operation means to a caller, for `checkServerVersion()`. */
  readonly fingerprints: Readonly<Record<string, string>>;
  /** Type-only, never present: the routes and named operations calls are typed from. */
  readonly [apiTypes]?: { readonly routes: R; readonly operations: O };
}

/** The bundled spec's API: what a client made without `api` is typed from. */
export type BundledApi = CognigyApi<Routes, Operations>;
/** The routes an API types calls with (`Routes` of its module). */
export type RoutesOf<A extends CognigyApi<unknown, unknown>> = NonNullable<A[typeof apiTypes]>["routes"];
/** The named operations of an API (`Operations` of its module). */
export type OperationsOf<A extends CognigyApi<unknown, unknown>> = NonNullable<A[typeof apiTypes]>["operations"];

/** What a client knows of its API at run time: the bundled spec, or the user's module. */
export interface OperationCatalog {
  readonly version: string;
  readonly namespaces: readonly string[];
  /** Every operation by operationId (the bundled table is loaded on first use). */
  operations(): Promise<Readonly<Record<string, OperationInfo>>>;
  /** Its operations by route and by name (the bundled table is loaded on first use). */
  lookup(): Promise<OperationLookup>;
  /** How to read an operation's XML body; undefined for a route the spec does not describe. */
  xmlShape(method: string, path: string): Promise<XmlShape | undefined>;
  /** operationId → fingerprint, for `checkServerVersion()`. */
  fingerprints(): Promise<Readonly<Record<string, string>>>;
}

/** A catalog's operations, found without waiting once it is loaded. */
export interface OperationLookup {
  /** The operation for a method and path template, e.g. `("GET", "/v2.0/aiagents/{aiAgentId}")`. */
  byRoute(method: string, path: string): OperationInfo | undefined;
  /** The operation a named method calls, e.g. `"aiAgents.get"`. */
  byName(name: string): OperationInfo | undefined;
}

// Lookups by route and by name over one table.
function indexTable(table: Readonly<Record<string, OperationInfo>>): OperationLookup {
  const byRoute = new Map<string, OperationInfo>();
  const byName = new Map<string, OperationInfo>();
  for (const operation of Object.values(table)) {
    byRoute.set(`${operation.method.toUpperCase()} ${operation.path}`, operation);
    byName.set(operation.name, operation);
  }
  return {
    byRoute: (method, path) => byRoute.get(`${method.toUpperCase()} ${path}`),
    byName: (name) => byName.get(name),
  };
}

let loading: Promise<OperationTable> | undefined;
let bundledIndex: OperationLookup | undefined;

/**
 * The operation table (each operationId with its method, path, tags, summary and the parameters
 * the spec constrains), loaded on first use. It grows with the spec (about 6 kB min+gz for
 * Cognigy's 400 operations), so it is a chunk of its own: the client's code loads without it, and
 * the first call loads it for validation.
 */
export function loadOperationTable(): Promise<OperationTable> {
  loading ??= import("../generated/operations.js").then(
    ({ operations }) => {
      bundledIndex = indexTable(operations);
      return operations;
    },
    (error: unknown) => {
      // A chunk that failed to load (a network error in a browser) is tried again by the next call.
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

async function bundledLookup(): Promise<OperationLookup> {
  if (!bundledIndex) await loadOperationTable();
  return bundledIndex!;
}

/** The bundled spec: its tables are chunks of their own, loaded on first use. */
export const bundledCatalog: OperationCatalog = {
  version: SPEC_VERSION,
  namespaces: NAMESPACES,
  operations: loadOperationTable,
  lookup: bundledLookup,
  // Loaded only by code that reads XML.
  xmlShape: async (method, path) => {
    const { xmlShapes } = await import("../generated/xml-shapes.js");
    const key = `${method.toUpperCase()} ${path}`;
    return Object.hasOwn(xmlShapes, key) ? xmlShapes[key] : undefined;
  },
  // Loaded only by checkServerVersion().
  fingerprints: async () => (await import("../generated/fingerprints.js")).fingerprints,
};

// One catalog per module, however many clients are made with it.
const catalogs = new WeakMap<object, OperationCatalog>();

/**
 * The catalog of a user's API module, checked first: a value that is not such a module (an old
 * module, the wrong export) is a CognigyConfigError naming what is missing.
 */
export function catalogOf(api: unknown): OperationCatalog {
  const known = typeof api === "object" && api !== null ? catalogs.get(api) : undefined;
  if (known) return known;
  const catalog = checkedCatalog(api);
  catalogs.set(api as object, catalog);
  return catalog;
}

function checkedCatalog(api: unknown): OperationCatalog {
  const fail = (what: string) =>
    new CognigyConfigError(
      "api",
      `must be the \`api\` export of a module written by \`npx cognigy-openapi-client generate\`: ${what}`,
    );
  if (typeof api !== "object" || api === null) throw fail(`got ${api === null ? "null" : typeof api}`);
  const { version, namespaces, operations, xmlShapes, fingerprints } = api as Partial<CognigyApi<unknown, unknown>>;
  if (typeof version !== "string") throw fail("it has no version");
  if (!Array.isArray(namespaces) || !namespaces.every((name) => typeof name === "string"))
    throw fail("it has no namespaces");
  for (const [field, value] of [
    ["operations", operations],
    ["xmlShapes", xmlShapes],
    ["fingerprints", fingerprints],
  ] as const) {
    if (typeof value !== "object" || value === null) throw fail(`it has no ${field}`);
  }
  for (const [id, operation] of Object.entries(operations!)) {
    const { method, path, name, parameters, statusesWithBody } = (operation ?? {}) as Partial<OperationInfo>;
    if (
      typeof method !== "string" ||
      typeof path !== "string" ||
      typeof name !== "string" ||
      !Array.isArray(parameters) ||
      !Array.isArray(statusesWithBody)
    )
      throw fail(`operation ${id} is malformed`);
  }
  const table = operations!;
  const lookup = indexTable(table);
  const shapes = xmlShapes!;
  const prints = fingerprints!;
  return {
    version,
    namespaces,
    operations: () => Promise.resolve(table),
    lookup: () => Promise.resolve(lookup),
    xmlShape: (method, path) => {
      const key = `${method.toUpperCase()} ${path}`;
      return Promise.resolve(Object.hasOwn(shapes, key) ? shapes[key] : undefined);
    },
    fingerprints: () => Promise.resolve(prints),
  };
}

/**
 * The normalized spec the types were generated from (`generated/openapi.json`: Cognigy's spec with
 * the overlay applied), for the test kit's Prism mock. A chunk of its own, never loaded by the client.
 */
export async function loadSpecDocument(): Promise<Record<string, unknown>> {
  const { default: document } = await import("./spec-document.js");
  return structuredClone(document);
}
