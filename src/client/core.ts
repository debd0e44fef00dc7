import type { Client, Middleware } from "openapi-fetch";
import { CognigyConfigError } from "../errors/config-error.js";
import type { OperationLookup, paths } from "../spec.js";
import type { Throttle } from "../transport/throttle.js";
import type { ClientSettings } from "./options.js";
import type { AnyCognigyClient } from "./types.js";

/** What a call's transport is made of: one openapi-fetch client and one pace (see throttle.ts). */
export interface ClientTransport {
  readonly fetchClient: Client<paths>;
  readonly throttle: Throttle;
}

/** What a client asks to call: a route (`client.GET(path)`), or a named operation (`client.aiAgents.get()`). */
export type CallTarget = { readonly method: string; readonly path: string } | { readonly operation: string };

/** What calls run on, loaded by the first: the request pipeline's entry and the client's operations. */
export interface CallRunner {
  readonly lookup: OperationLookup;
  readonly runCall: (
    core: ClientCore,
    lookup: OperationLookup,
    target: CallTarget,
    init?: Record<string, unknown>,
  ) => Promise<unknown>;
}

/**
 * What one client owns: its settings (checked once, when it was created), and what its first call
 * loads and makes: the request pipeline with its operations (a chunk of its own) and its transport.
 * Every call and helper reaches them through the client: {@link coreOf}.
 */
export class ClientCore {
  /** The client's openapi-fetch middleware (`client.use`), run for every attempt of every call. */
  readonly middleware: Middleware[] = [];
  /** Loaded by the first call; every later one starts at once. */
  runner: CallRunner | undefined;
  /** The first call's loading, shared by the calls made meanwhile. */
  loading: Promise<CallRunner> | undefined;
  transport: ClientTransport | undefined;

  constructor(readonly settings: ClientSettings) {}

  /**
   * A URL as a call through this client (a download's link, the server's spec): its origin as the
   * call's `baseUrl` and its path, the query sent exactly as written (a signed URL's signature
   * among it), and the credential only when it is on the client's own origin.
   */
  requestTo(url: URL): { path: string; init: Record<string, unknown> } {
    const own = url.origin === new URL(this.settings.baseUrl).origin;
    return {
      path: url.pathname,
      init: {
        baseUrl: url.origin,
        ...(own ? {} : { auth: "none" }),
        params: { query: Object.fromEntries(url.searchParams) },
        querySerializer: () => url.search.slice(1),
      },
    };
  }

  /** `client.use()`: adds middleware, each checked first. */
  use(middleware: Middleware[]): void {
    for (const item of middleware) {
      if (
        typeof item !== "object" ||
        item === null ||
        !("onRequest" in item || "onResponse" in item || "onError" in item)
      ) {
        throw new CognigyConfigError("middleware", "must be an object with onRequest, onResponse or onError");
      }
    }
    this.middleware.push(...middleware);
  }

  /** `client.eject()`: removes middleware added by `use`. */
  eject(middleware: Middleware[]): void {
    for (const item of middleware) {
      const at = this.middleware.indexOf(item);
      if (at !== -1) this.middleware.splice(at, 1);
    }
  }
}

// Where a client keeps its core: a property no one else names.
const CORE = Symbol("cognigy-openapi-client core");

/** Gives `client` its core, out of sight of enumeration, JSON and inspection. */
export function attachCore(client: object, core: ClientCore): void {
  Object.defineProperty(client, CORE, { value: core });
}

/** The core of a client made by createCognigyClient. */
export function coreOf(client: AnyCognigyClient): ClientCore {
  const core = (client as { [CORE]?: unknown } | null)?.[CORE];
  if (!(core instanceof ClientCore))
    throw new CognigyConfigError("client", "must be a client made by createCognigyClient");
  return core;
}
