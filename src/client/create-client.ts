import type { Middleware } from "openapi-fetch";
import type { HttpMethod } from "openapi-typescript-helpers";
import type { CognigyApi } from "../spec.js";
import { attachCore, ClientCore, type CallRunner, type CallTarget } from "./core.js";
import { resolveClientOptions } from "./options.js";
import type * as Pipeline from "./call.js";
import type { CognigyClient, CognigyClientOptions } from "./types.js";

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
  const { runner } = core;
  if (runner) return runner.runCall(core, runner.lookup, target, init);
  return loadRunner(core).then(({ runCall, lookup }) => runCall(core, lookup, target, init));
}

/**
 * Creates a typed client for the Cognigy.AI REST API. Every request carries
 * `Accept: application/json` (Cognigy answers HAL to requests without one) and the credential;
 * parameters are checked against the spec before sending; idempotent requests are retried on
 * 408/429/5xx and connection failures, honouring `Retry-After`; each attempt has a timeout.
 *
 * Typed from the spec bundled with this package, or from your Cognigy.AI version's `api` module
 * (`npx cognigy-openapi-client generate`): `createCognigyClient({ api, … })`.
 *
 * @throws CognigyConfigError at once, before any request, for a missing or malformed base URL,
 *   environment, API key, timeout, retry setting or `api` module.
 * @example
 * const client = createCognigyClient({ environment: "app", apiKey: process.env.COGNIGY_API_KEY! });
 * const { data, error } = await client.GET("/v2.0/aiagents/{aiAgentId}", {
 *   params: { path: { aiAgentId: "5ce7c2d833ea1e04d7e6c432" } },
 * });
 */
export function createCognigyClient<Api extends CognigyApi<unknown, unknown>>(
  options: CognigyClientOptions<Api> & { api: Api },
): CognigyClient<Api>;
// Last, so that `ReturnType<typeof createCognigyClient>` is the bundled spec's client, as before.
export function createCognigyClient(options: CognigyClientOptions): CognigyClient;
export function createCognigyClient<Api extends CognigyApi<unknown, unknown>>(
  options: CognigyClientOptions<Api>,
): CognigyClient<Api> {
  const settings = resolveClientOptions(options);
  const core = new ClientCore(settings);
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
    // The typed facade (each route's and name's types, from the spec) over these untyped functions.
  } as CognigyClient<Api>;
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
