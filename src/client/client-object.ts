import type { Middleware } from "openapi-fetch";
import type { HttpMethod } from "openapi-typescript-helpers";
import { attachCore, type CallRunner, type CallTarget, type ClientCore } from "./core.js";
import type * as Pipeline from "./call.js";

// The request pipeline (openapi-fetch, validation, transport, parsing) is a chunk of its own,
// loaded by a client's first call together with its operation table, which validation needs:
// creating a client checks its options and costs nothing more.
let pipeline: Promise<typeof Pipeline> | undefined;
const loadPipeline = () =>
  (pipeline ??= import("./call.js").catch((error: unknown) => {
    // A chunk that failed to load (a network error in a browser) is tried again by the next call.
    pipeline = undefined;
    throw error;
  }));

function loadRunner(core: ClientCore): Promise<CallRunner> {
  return (core.loading ??= Promise.all([loadPipeline(), core.settings.catalog.lookup()]).then(
    ([{ runCall }, lookup]) => (core.runner = { runCall, lookup }),
    (error: unknown) => {
      core.loading = undefined;
      throw error;
    },
  ));
}

// Runs a call: at once once the pipeline is loaded, else when it is.
function call(core: ClientCore, target: CallTarget, init?: Record<string, unknown>): Promise<unknown> {
  if (!core.runner) return loadRunner(core).then(() => call(core, target, init));
  return core.runner.runCall(core, core.runner.lookup, target, init);
}

type PathCall = (path: string, init?: Record<string, unknown>) => Promise<unknown>;

/** A client's functions, untyped: createCognigyClient types them from the spec. */
export interface UntypedClient {
  readonly [namespace: string]: unknown;
  request(method: string, path: string, init?: Record<string, unknown>): Promise<unknown>;
  GET: PathCall;
  PUT: PathCall;
  POST: PathCall;
  DELETE: PathCall;
  OPTIONS: PathCall;
  HEAD: PathCall;
  PATCH: PathCall;
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
  toJSON(): { baseUrl: string; auth: string };
}

/**
 * The client object over a core: its namespaces of named methods, a function per HTTP method,
 * `request`, `use`/`eject`, and a view that never shows the credential.
 */
export function clientObject(core: ClientCore): UntypedClient {
  const { settings } = core;
  const method = (name: Uppercase<HttpMethod>) => (path: string, init?: Record<string, unknown>) =>
    call(core, { method: name, path }, init);
  const view = `CognigyClient(${settings.baseUrl}, ${settings.auth ? String(settings.auth) : "no auth"})`;
  // A named method's operation is found by its name in the operation table, which the call loads anyway.
  const named = (operation: string, init?: Record<string, unknown>) => call(core, { operation }, init);
  const client = {
    ...namespaceTree(settings.catalog.namespaces, named),
    toString: () => view,
    toJSON: () => ({ baseUrl: settings.baseUrl, auth: settings.auth?.type ?? "none" }),
    [Symbol.for("nodejs.util.inspect.custom")]: () => view,
    request: (name: string, path: string, init?: Record<string, unknown>) => call(core, { method: name, path }, init),
    GET: method("GET"),
    PUT: method("PUT"),
    POST: method("POST"),
    DELETE: method("DELETE"),
    OPTIONS: method("OPTIONS"),
    HEAD: method("HEAD"),
    PATCH: method("PATCH"),
    use: (...middleware: Middleware[]) => core.use(middleware),
    eject: (...middleware: Middleware[]) => core.eject(middleware),
  };
  attachCore(client, core);
  return client;
}

// The namespaces as nested objects: `aiAgents` → client.aiAgents, `v3.analytics` → client.v3.analytics.
function namespaceTree(
  namespaces: readonly string[],
  named: (operation: string, init?: Record<string, unknown>) => Promise<unknown>,
): Record<string, object> {
  const tree: Record<string, object> = {};
  for (const namespace of namespaces) {
    const parts = namespace.split(".");
    let level = tree;
    for (const part of parts.slice(0, -1))
      level = (Object.hasOwn(level, part) ? level[part] : (level[part] = {})) as Record<string, object>;
    level[parts.at(-1)!] = namespaceOf(namespace, named);
  }
  return tree;
}

// A namespace's methods, made when first used: `client.aiAgents.get` is a function named
// "aiAgents.get" that resolves its route when called.
function namespaceOf(
  namespace: string,
  named: (operation: string, init?: Record<string, unknown>) => Promise<unknown>,
): object {
  const methods = new Map<string, unknown>();
  return new Proxy(Object.freeze({}), {
    get(_, method) {
      // Not a thenable, and nothing for symbols (util.inspect, Symbol.toPrimitive).
      if (typeof method !== "string" || method === "then") return undefined;
      if (!methods.has(method)) {
        const operation = `${namespace}.${method}`;
        methods.set(
          method,
          Object.defineProperty((init?: Record<string, unknown>) => named(operation, init), "operation", {
            value: operation,
            enumerable: true,
          }),
        );
      }
      return methods.get(method);
    },
  });
}
