import type { FetchResponse, MaybeOptionalInit, Middleware } from "openapi-fetch";
import type { HttpMethod, PathsWithMethod, RequiredKeysOf } from "openapi-typescript-helpers";
import type { CognigyAuth } from "./auth/types.js";
import type { AcceptOption, CsvRecord, HalLinks, XmlDocument } from "./content.js";
import type { CognigyEnvironment } from "./environments.js";
import type { RetryOptions } from "./retry.js";
import type { paths } from "./spec.js";

// The public types of the client: its options and its typed methods (openapi-fetch's, plus the
// options every call takes and the `data` type an `accept` choice gives).

/** Options for {@link createCognigyClient}. */
export interface CognigyClientOptions extends Omit<CognigyRequestOptions, "accept"> {
  /**
   * The representation every call asks for unless it says otherwise: JSON (default) or HAL. XML and
   * CSV are chosen per call, where `data` can be typed to match.
   */
  accept?: "json" | "hal" | "application/json" | "application/hal+json";
  /** Where requests go, e.g. `"https://api-app.cognigy.ai/new"`. Exclusive with `environment`. */
  baseUrl?: string;
  /** `"trial"`, `"app"`, `"app-us"`, or your API host (`"api-acme.cognigy.cloud"`); resolves to `https://<host>/new`. */
  environment?: CognigyEnvironment;
  /** Shorthand for `auth: apiKeyAuth(apiKey)`. */
  apiKey?: string;
  /** Headers sent with every request; per-request headers win. */
  headers?: Record<string, string>;
  /** The `fetch` to send requests with (a proxy agent, a test double); defaults to the global one. */
  fetch?: (request: Request) => Promise<Response>;
  /** Allow a plain `http://` baseUrl on a host other than loopback (credentials would travel unencrypted). */
  allowInsecureHttp?: boolean;
}

/** Options every call accepts besides openapi-fetch's own; each overrides the client's setting. */
export interface CognigyRequestOptions {
  /**
   * The representation to ask for and how to read it: `"json"` (default), `"hal"` (JSON with
   * `_links`/`_embedded`), `"xml"` (parsed into plain objects) or `"csv"` (parsed into records), or
   * an exact media type. Sets the `Accept` header. `parseAs: "text" | "stream"` keeps the raw body.
   */
  accept?: AcceptOption;
  /**
   * How requests are authenticated: {@link apiKeyAuth}, {@link bearerAuth}, {@link cxoneAuth},
   * {@link basicAuth}, {@link oauth2Auth}; `"none"` sends no credential (for a proxy that adds its
   * own). Per call it overrides the client's, e.g. Basic auth for one Management UI route.
   */
  auth?: CognigyAuth | "none";
  /** Milliseconds one attempt may take (to the end of the body unless `parseAs: "stream"`). Default 60 000. */
  timeout?: number;
  /** Retry settings, merged over the client's; `{ maxRetries: 0 }` turns retries off. */
  retry?: RetryOptions;
  /** Check parameters against the spec before sending. Default true. */
  validate?: boolean;
  /** Throw a {@link CognigyApiError} for an HTTP error instead of resolving to `{ error }`. Default false. */
  throwOnError?: boolean;
}

// The `data` type for an `accept` choice; `parseAs` (openapi-fetch's raw modes) wins over it.
type AcceptData<Accept, Json> = Accept extends "csv" | "text/csv"
  ? CsvRecord[]
  : Accept extends "xml" | "application/xml" | "text/xml"
    ? XmlDocument
    : Accept extends "hal" | "application/hal+json"
      ? Json & HalLinks
      : Json;
type WithAccept<R, Init, Accept> = [Init] extends [{ parseAs: string }]
  ? R
  : R extends { data: infer Data; error?: never; response: Response }
    ? { data: AcceptData<Accept, Data>; error?: never; response: Response }
    : R;
// `accept` gets a type parameter of its own so that its literal is inferred (an intersection
// with Init would swallow it).
type CallOptions<Accept> = Omit<CognigyRequestOptions, "accept"> & { accept?: Accept };
type InitParam<Init, Accept> = RequiredKeysOf<Init> extends never ? [(Init & CallOptions<Accept>)?] : [Init & CallOptions<Accept>];
// openapi-fetch's own constraint on an operation type; paths[Path][M] meets it for every real route.
type Result<Operation, Init, Accept> = Operation extends Record<string | number, unknown> ? WithAccept<FetchResponse<Operation, Init, "application/json">, Init, Accept> : never;
// Generic in Paths, as openapi-fetch's ClientMethod is, and given the paths where used: written
// over `paths` directly, TypeScript works out every path's init type at the first call (six times
// the types and instantiations on a Cognigy-sized spec; see BENCHMARKS.md). PathsMap is `paths` as
// a mapped type, which (unlike an interface) meets AnyPaths' index signature.
type AnyPaths = Record<string, Partial<Record<HttpMethod, unknown>>>;
type PathsMap = { [P in keyof paths]: paths[P] };
type Method<Paths extends AnyPaths, M extends HttpMethod> = <Path extends PathsWithMethod<Paths, M>, Init extends MaybeOptionalInit<Paths[Path], M>, Accept extends AcceptOption = "json">(
  url: Path,
  ...init: InitParam<Init, Accept>
) => Promise<Result<Paths[Path][M], Init, Accept>>;
type RequestMethod<Paths extends AnyPaths> = <M extends HttpMethod, Path extends PathsWithMethod<Paths, M>, Init extends MaybeOptionalInit<Paths[Path], M>, Accept extends AcceptOption = "json">(
  method: M,
  url: Path,
  ...init: InitParam<Init, Accept>
) => Promise<Result<Paths[Path][M], Init, Accept>>;

/**
 * A typed Cognigy.AI client: `GET`, `POST`, … with paths, parameters, bodies and results typed
 * from Cognigy's spec, as in openapi-fetch. Calls resolve to `{ data, error, response }`; see
 * {@link unwrap} and `throwOnError` for throwing instead.
 */
export interface CognigyClient {
  /** Any method by name, e.g. `client.request("get", "/v2.0/largelanguagemodels")`. */
  request: RequestMethod<PathsMap>;
  GET: Method<PathsMap, "get">;
  PUT: Method<PathsMap, "put">;
  POST: Method<PathsMap, "post">;
  DELETE: Method<PathsMap, "delete">;
  OPTIONS: Method<PathsMap, "options">;
  HEAD: Method<PathsMap, "head">;
  PATCH: Method<PathsMap, "patch">;
  /** Adds openapi-fetch middleware (runs before the transport, once per call). */
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
}
