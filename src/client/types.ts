import type {
  BodySerializer,
  HeadersOptions,
  Middleware,
  ParseAs,
  ParseAsResponse,
  PathSerializer,
  QuerySerializer,
  QuerySerializerOptions,
} from "openapi-fetch";
import type { HttpMethod } from "openapi-typescript-helpers";
import type { CognigyAuth } from "../auth/types.js";
import type { CognigyLogger } from "../shared/logger.js";
import type { CallRequest } from "../errors/api-error.js";
import type { AcceptOption, CsvRecord, HalLinks, XmlDocument } from "../response/content.js";
import type { BundledApi, CognigyApi, OperationsOf, RoutesOf } from "../spec.js";
import type { RetryOptions } from "../transport/retry.js";
import type { CrossOriginRedirects, Fetch } from "../shared/fetch.js";
import type { CognigyEnvironment } from "./environments.js";

// The public types of the client: its options and its typed methods (openapi-fetch's call shape,
// typed from generated/routes.ts, plus the options every call takes and the `data` type an
// `accept` choice gives).

/** Options for {@link createCognigyClient}. */
export interface CognigyClientOptions<Api extends CognigyApi<unknown, unknown> = BundledApi> extends Omit<
  CognigyRequestOptions,
  "accept"
> {
  /**
   * The API of your Cognigy.AI version: the `api` export of a module written by
   * `npx cognigy-openapi-client generate`. Calls, named methods and `paginate()` are then typed and
   * checked from it. Default: the spec bundled with this package.
   */
  api?: Api | undefined;
  /**
   * The representation every call asks for unless it says otherwise: JSON (default) or HAL. XML and
   * CSV are chosen per call, where `data` can be typed to match.
   */
  accept?: "json" | "hal" | "application/json" | "application/hal+json" | undefined;
  /** Where requests go, e.g. `"https://api-app.cognigy.ai/new"`. Exclusive with `environment`. */
  baseUrl?: string | undefined;
  /** `"trial"`, `"app"`, `"app-us"`, or your API host (`"api-acme.cognigy.cloud"`); resolves to `https://<host>/new`. */
  environment?: CognigyEnvironment | undefined;
  /** Shorthand for `auth: apiKeyAuth(apiKey)`. */
  apiKey?: string | undefined;
  /** Headers sent with every request; per-request headers win. */
  headers?: Record<string, string> | undefined;
  /** The `fetch` to send requests with (a proxy agent, a test double); it is handed a `Request`. Defaults to the global one. */
  fetch?: Fetch | undefined;
  /** Allow a plain `http://` baseUrl on a host other than loopback (credentials would travel unencrypted). */
  allowInsecureHttp?: boolean | undefined;
  /**
   * What to do when the server redirects to another origin (another host, port or scheme, https →
   * http included): `"refuse"` (default) throws a {@link CognigyRedirectError}; `"follow-without-credentials"`
   * follows it with no credential. Same-origin redirects are always followed, with the credential.
   */
  crossOriginRedirects?: CrossOriginRedirects | undefined;
  /**
   * At most this many requests in flight at once, across every call of the client; the others
   * wait their turn (their `timeout` and `signal` count while they wait). Default: no limit. Whatever
   * the limit, a 429 or 503 slows the whole client down: every call waits out its `Retry-After`,
   * the concurrency is halved, and each second without a refusal doubles it back.
   */
  maxConcurrency?: number | undefined;
  /** Where to write what the client does (`console`, a pino logger …); silent by default. See {@link CognigyLogger}. */
  logger?: CognigyLogger | undefined;
}

/** Options every call accepts besides openapi-fetch's own; each overrides the client's setting. */
export interface CognigyRequestOptions {
  /**
   * The representation to ask for and how to read it: `"json"` (default), `"hal"` (JSON with
   * `_links`/`_embedded`), `"xml"` (parsed into plain objects) or `"csv"` (parsed into records), or
   * an exact media type. Sets the `Accept` header. `parseAs: "text" | "stream"` keeps the raw body.
   */
  accept?: AcceptOption | undefined;
  /**
   * How requests are authenticated: {@link apiKeyAuth}, {@link bearerAuth}, {@link cxoneAuth},
   * {@link basicAuth}, {@link oauth2Auth}; `"none"` sends no credential (for a proxy that adds its
   * own). Per call it overrides the client's, e.g. Basic auth for one Management UI route.
   */
  auth?: CognigyAuth | "none" | undefined;
  /** Milliseconds one attempt may take (to the end of the body unless `parseAs: "stream"`). Default 60 000. */
  timeout?: number | undefined;
  /** Retry settings, merged over the client's; `{ maxRetries: 0 }` turns retries off. */
  retry?: RetryOptions | undefined;
  /** Check parameters against the spec before sending. Default true. */
  validate?: boolean | undefined;
  /** Throw a {@link CognigyApiError} for an HTTP error instead of resolving to `{ error }`. Default false. */
  throwOnError?: boolean | undefined;
  /**
   * The largest body the client reads into memory to parse (JSON, XML, CSV); a larger one is a
   * {@link CognigyBodyTooLargeError}. Default 64 MiB; `Infinity` lifts it. Raw bodies (`parseAs`)
   * are not limited: stream large exports instead.
   */
  maxBodyBytes?: number | undefined;
}

// The `data` type for an `accept` choice; `parseAs` (openapi-fetch's raw modes) wins over it.
type AcceptData<Accept, Json> = Accept extends "csv" | "text/csv"
  ? CsvRecord[]
  : Accept extends "xml" | "application/xml" | "text/xml"
    ? XmlDocument
    : Accept extends "hal" | "application/hal+json"
      ? Json & HalLinks
      : Json;
// `accept` and `parseAs` get type parameters of their own so that their literals are inferred.
type CallOptions<Accept> = Omit<CognigyRequestOptions, "accept"> & { accept?: Accept };
/** The shape of every entry of generated/routes.ts. */
export type AnyRoute = { op: unknown; optional: boolean; init: object; data: unknown; error: unknown };
// openapi-fetch's FetchOptions for the route: its params and body (written out in generated/routes.ts)
// and the request options every call takes.
export type CallInit<R extends AnyRoute, Accept, As> = R["init"] &
  Omit<RequestInit, "body" | "headers"> &
  CallOptions<Accept> & {
    baseUrl?: string;
    querySerializer?: QuerySerializer<R["op"]> | QuerySerializerOptions;
    bodySerializer?: BodySerializer<R["op"]>;
    pathSerializer?: PathSerializer;
    parseAs?: As;
    fetch?: Fetch;
    headers?: HeadersOptions;
  };
// Required only when the route says so: for a path that is not a route, TypeScript falls back to
// every route at once, and an optional init lets it name the path as the problem.
type Args<R extends AnyRoute, Accept, As> = R["optional"] extends false
  ? [init: CallInit<R, Accept, As>]
  : [init?: CallInit<R, Accept, As>];
// openapi-fetch's FetchResponse for the route, with `data` typed by the `accept` choice unless
// `parseAs` (openapi-fetch's raw modes) asks for the raw body.
// `request` names the call (method and path template) for messages, e.g. unwrap()'s.
export type CallResult<R extends AnyRoute, Accept, As> =
  | {
      data: [As] extends [ParseAs] ? ParseAsResponse<R["data"], { parseAs: As }> : AcceptData<Accept, R["data"]>;
      error?: never;
      response: Response;
      request: CallRequest;
    }
  | { data?: never; error: R["error"]; response: Response; request: CallRequest };
// The path is the only thing inferred from the route: everything else is looked up in Routes (a
// plain type written by the generator), so checking a call never evaluates the other paths'
// types, as openapi-fetch's generic ClientMethod does on a Cognigy-sized spec (see BENCHMARKS.md).
// Route is `Table[Path]`, looked up through a conditional rather than `Table[Path] & AnyRoute`
// (the intersection made TypeScript build the init type of every route of the method for the
// first call); the brackets keep it whole for a path that is no route (see Args).
type RouteArgs<Route, Accept, As> = [Route] extends [infer R extends AnyRoute] ? Args<R, Accept, As> : never;
type RouteResult<Route, Accept, As> = [Route] extends [infer R extends AnyRoute] ? CallResult<R, Accept, As> : never;
type Method<Table> = <
  Path extends keyof Table,
  Accept extends AcceptOption = "json",
  As extends ParseAs | undefined = undefined,
>(
  url: Path,
  ...init: RouteArgs<Table[Path], Accept, As>
) => Promise<RouteResult<Table[Path], Accept, As>>;
/** A method name as `request` takes it: `"get"` or `"GET"`. */
type AnyCaseMethod = HttpMethod | Uppercase<HttpMethod>;
/** What a path the spec does not know takes and gives: loosely typed params and body, `data` unknown. */
export type UnknownRoute = {
  op: unknown;
  method: string;
  path: string;
  optional: true;
  init: {
    params?: {
      path?: Record<string, string | number | boolean>;
      query?: Record<string, unknown>;
      header?: Record<string, string>;
    };
    body?: unknown;
  };
  data: unknown;
  error: unknown;
};
/** The routes of one HTTP method in a route table (`{}` for a method it has none of). */
type RoutesAt<R, M extends string> = M extends keyof R ? R[M] : Record<never, never>;
interface RequestMethod<R> {
  // A path of the spec: fully typed, as with GET, POST, …
  <
    M extends AnyCaseMethod,
    Path extends keyof RoutesAt<R, Lowercase<M>>,
    Accept extends AcceptOption = "json",
    As extends ParseAs | undefined = undefined,
  >(
    method: M,
    url: Path,
    ...init: RouteArgs<RoutesAt<R, Lowercase<M>>[Path], Accept, As>
  ): Promise<RouteResult<RoutesAt<R, Lowercase<M>>[Path], Accept, As>>;
  // Any other path (newer than the spec, or one it lacks): loosely typed, `data` unknown.
  // A path of the spec never lands here, so a mistake in its params stays a type error.
  <
    M extends AnyCaseMethod,
    Url extends string,
    Accept extends AcceptOption = "json",
    As extends ParseAs | undefined = undefined,
  >(
    method: M,
    url: Url extends keyof RoutesAt<R, Lowercase<M>> ? never : Url,
    init?: CallInit<UnknownRoute, Accept, As>,
  ): Promise<CallResult<UnknownRoute, Accept, As>>;
}

// Type-only: what route a named method calls, so that paginate() and pages() can take one.
declare const routeOf: unique symbol;
/** A named operation, e.g. `client.aiAgents.get`: the same init and result as its path call. */
export type NamedMethod<R extends AnyRoute> = (<
  Accept extends AcceptOption = "json",
  As extends ParseAs | undefined = undefined,
>(
  ...init: Args<R, Accept, As>
) => Promise<CallResult<R, Accept, As>>) & {
  /** `namespace.method`, e.g. `"aiAgents.get"`. */
  readonly operation: string;
  readonly [routeOf]?: R;
};
/** A named method as {@link paginate} sees it: what carries its route's path (type-only). */
export type NamedRouteOf<Path> = ((...args: never[]) => unknown) & {
  readonly operation: string;
  readonly [routeOf]?: { readonly path: Path };
};
/** Every operation by name: `client.<namespace>.<method>(init)`, typed as its path call; a marked version nests (`client.v3.analytics`). */
export type NamedOperations<O = OperationsOf<BundledApi>> = { readonly [N in keyof O]: NamedNamespace<O[N]> };
/** One namespace of {@link NamedOperations}: its methods, or the namespaces of a marked version. */
export type NamedNamespace<T> = {
  readonly [M in keyof T]: T[M] extends infer R extends AnyRoute ? NamedMethod<R> : NamedNamespace<T[M]>;
};

// Type-only: the API a client is typed from, so that paginate() and the helpers can read it back.
declare const clientApi: unique symbol;

/** A client typed from any API (the bundled spec, or a module of your own): what the helpers take. */
export interface AnyCognigyClient {
  /** Type-only, never present: the API the client is typed from. */
  readonly [clientApi]?: CognigyApi<unknown, unknown>;
  toJSON(): { baseUrl: string; auth: string };
}

/** The methods of a client whose calls are typed from the route table `R` (see {@link CognigyClient}). */
export interface ClientMethods<R, Api extends CognigyApi<unknown, unknown> = BundledApi> extends AnyCognigyClient {
  readonly [clientApi]?: Api;
  /**
   * Any method by name, e.g. `client.request("GET", "/v2.0/largelanguagemodels")`: fully typed for a
   * path of the spec; for any other path (a route newer than the spec), params and body are
   * loosely typed, `data` is `unknown`, and only the checks that need no spec apply (path ids).
   */
  request: RequestMethod<R>;
  GET: Method<RoutesAt<R, "get">>;
  PUT: Method<RoutesAt<R, "put">>;
  POST: Method<RoutesAt<R, "post">>;
  DELETE: Method<RoutesAt<R, "delete">>;
  OPTIONS: Method<RoutesAt<R, "options">>;
  HEAD: Method<RoutesAt<R, "head">>;
  PATCH: Method<RoutesAt<R, "patch">>;
  /** Adds openapi-fetch middleware; it runs for each attempt, before the credential is added. */
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
}

/**
 * A typed Cognigy.AI client: `GET`, `POST`, … with paths, parameters, bodies and results typed
 * from Cognigy's spec (the bundled one, or your version's `api` module), as in openapi-fetch, and
 * every operation by name (`client.aiAgents.get`). Calls resolve to `{ data, error, response }`;
 * see {@link unwrap} and `throwOnError` for throwing instead.
 */
export type CognigyClient<Api extends CognigyApi<unknown, unknown> = BundledApi> = ClientMethods<RoutesOf<Api>, Api> &
  NamedOperations<OperationsOf<Api>>;

/** The route table a client's calls are typed from. */
export type ClientRoutes<C extends AnyCognigyClient> = RoutesOf<NonNullable<C[typeof clientApi]>>;
/** The `GET`, `POST`, … paths of the spec, e.g. `RoutePath<"get">` for every GET path; pass your `typeof api` as `Api` for your module's. */
export type RoutePath<M extends HttpMethod, Api extends CognigyApi<unknown, unknown> = BundledApi> = keyof RoutesAt<
  RoutesOf<Api>,
  M
> &
  string;
/** The init (`params`, `body`) a route takes, e.g. `RouteInit<"get", "/v2.0/aiagents/{aiAgentId}">`. */
export type RouteInit<
  M extends HttpMethod,
  P extends RoutePath<M, Api>,
  Api extends CognigyApi<unknown, unknown> = BundledApi,
> = RoutesAt<RoutesOf<Api>, M>[P] extends infer R extends AnyRoute ? R["init"] : never;
/** The `data` a route answers with JSON, e.g. `RouteData<"get", "/v2.0/aiagents/{aiAgentId}">` is an AI Agent. */
export type RouteData<
  M extends HttpMethod,
  P extends RoutePath<M, Api>,
  Api extends CognigyApi<unknown, unknown> = BundledApi,
> = RoutesAt<RoutesOf<Api>, M>[P] extends infer R extends AnyRoute ? R["data"] : never;
/** The `error` body of a route's error answers (Cognigy's problem details). */
export type RouteError<
  M extends HttpMethod,
  P extends RoutePath<M, Api>,
  Api extends CognigyApi<unknown, unknown> = BundledApi,
> = RoutesAt<RoutesOf<Api>, M>[P] extends infer R extends AnyRoute ? R["error"] : never;
