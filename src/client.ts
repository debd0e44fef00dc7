import createClient, { type FetchResponse, type MaybeOptionalInit, type Middleware } from "openapi-fetch";
import type { HttpMethod, PathsWithMethod, RequiredKeysOf } from "openapi-typescript-helpers";
import { createApiError } from "./api-error.js";
import { apiKeyAuth } from "./auth/api-key.js";
import { isLoopback } from "./auth/oauth2-tokens.js";
import type { CognigyAuth } from "./auth/types.js";
import { resolveBaseUrl, type CognigyEnvironment } from "./environments.js";
import { CognigyConfigError } from "./errors.js";
import { negotiate, parseBody, type AcceptOption, type CsvRecord, type HalLinks, type XmlDocument } from "./content.js";
import { redactUrl } from "./redact.js";
import type { RetryOptions } from "./retry.js";
import { findOperation, type paths } from "./spec.js";
import { createTransport } from "./transport.js";
import { REQUEST_METHOD } from "./unwrap.js";
import { validateRequest } from "./validate.js";

/** Options for {@link createCognigyClient}. */
export interface CognigyClientOptions extends CognigyRequestOptions {
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
type Method<M extends HttpMethod> = <Path extends PathsWithMethod<paths, M>, Init extends MaybeOptionalInit<paths[Path], M>, Accept extends AcceptOption = "json">(
  url: Path,
  ...init: InitParam<Init, Accept>
) => Promise<Result<paths[Path][M], Init, Accept>>;
type RequestMethod = <M extends HttpMethod, Path extends PathsWithMethod<paths, M>, Init extends MaybeOptionalInit<paths[Path], M>, Accept extends AcceptOption = "json">(
  method: M,
  url: Path,
  ...init: InitParam<Init, Accept>
) => Promise<Result<paths[Path][M], Init, Accept>>;

/**
 * A typed Cognigy.AI client: `GET`, `POST`, … with paths, parameters, bodies and results typed
 * from Cognigy's spec, as in openapi-fetch. Calls resolve to `{ data, error, response }`; see
 * {@link unwrap} and `throwOnError` for throwing instead.
 */
export interface CognigyClient {
  /** Any method by name, e.g. `client.request("get", "/v2.0/largelanguagemodels")`. */
  request: RequestMethod;
  GET: Method<"get">;
  PUT: Method<"put">;
  POST: Method<"post">;
  DELETE: Method<"delete">;
  OPTIONS: Method<"options">;
  HEAD: Method<"head">;
  PATCH: Method<"patch">;
  /** Adds openapi-fetch middleware (runs before the transport, once per call). */
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
}

/** The media type every request asks for unless it sets `Accept` itself. */
export const DEFAULT_ACCEPT = "application/json";
const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Creates a typed client for the Cognigy.AI REST API. Every request carries
 * `Accept: application/json` (Cognigy answers HAL to requests without one) and the credential;
 * parameters are checked against the spec before sending; idempotent requests are retried on
 * 408/429/5xx and connection failures, honouring `Retry-After`; each attempt has a timeout.
 *
 * @throws CognigyConfigError at once, before any request, for a missing or malformed base URL,
 *   environment, API key, timeout or retry setting.
 * @example
 * const client = createCognigyClient({ environment: "app", apiKey: process.env.COGNIGY_API_KEY! });
 * const { data, error } = await client.GET("/v2.0/aiagents/{aiAgentId}", {
 *   params: { path: { aiAgentId: "5ce7c2d833ea1e04d7e6c432" } },
 * });
 */
export function createCognigyClient(options: CognigyClientOptions): CognigyClient {
  if (typeof options !== "object" || options === null) throw new CognigyConfigError("options", "createCognigyClient needs an options object");
  const baseUrl = resolveBaseUrl(options);
  checkTransportSecurity(baseUrl, options.allowInsecureHttp === true);
  const auth = resolveAuth(options);
  checkRequestOptions(options);
  const base = createClient<paths, "application/json">({ baseUrl, headers: withDefaultAccept(options.headers) });
  const defaultAccept = headerValue(options.headers) ?? DEFAULT_ACCEPT;
  const defaults = { timeout: options.timeout ?? DEFAULT_TIMEOUT_MS, retry: options.retry ?? {}, validate: options.validate ?? true, throwOnError: options.throwOnError ?? false };

  async function call(method: Uppercase<HttpMethod>, path: string, init: Record<string, unknown> = {}) {
    const { timeout, retry, validate, throwOnError, auth: callAuth, accept, ...rest } = init as CognigyRequestOptions & Record<string, unknown>;
    checkRequestOptions(init);
    const body = rest["body"];
    validateRequest(method, path, rest["params"] as never, body, validate ?? defaults.validate);
    const raw = rest["parseAs"] as string | undefined;
    const parseAs = raw ?? "text";
    // The body is read the way the Accept header asks: the `accept` option, else a header the call or client set.
    const negotiated = negotiateOption(accept ?? headerValue(rest["headers"]) ?? defaultAccept);
    if (accept !== undefined) rest["headers"] = { ...(rest["headers"] as Record<string, string> | undefined), Accept: negotiated.mediaType };
    const transport = createTransport({
      fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
      auth: callAuth === undefined ? auth : checkAuth(callAuth),
      timeoutMs: timeout ?? defaults.timeout,
      retry: { ...defaults.retry, ...retry },
      buffer: parseAs !== "stream",
      replayable: !isStream(body),
    });
    // Bodies are read as text and parsed here, so a malformed or mislabelled body is a typed error.
    const result = await base.request(method.toLowerCase() as HttpMethod, path as never, { ...rest, parseAs: raw === "json" ? "text" : parseAs, fetch: transport } as never);
    const { response } = result as { response: Response };
    Object.defineProperty(response, REQUEST_METHOD, { value: method });
    const context = { method, url: redactUrl(response.url || `${baseUrl}${path}`), path };
    if (response.ok) {
      const text = (result as { data?: unknown }).data;
      const bodyRequired = method !== "HEAD" && (findOperation(method, path)?.bodies.includes(String(response.status)) ?? false);
      const data = raw === undefined || raw === "json" ? await parseBody(raw === "json" ? "json" : negotiated.kind, { ...context, bodyRequired }, response, text as string | undefined) : text;
      return { data, response };
    }
    const error = (result as { error?: unknown }).error;
    if (throwOnError ?? defaults.throwOnError) throw createApiError({ ...context, status: response.status, statusText: response.statusText, headers: response.headers, body: error });
    return { error, response };
  }

  const method = (name: Uppercase<HttpMethod>) => (path: string, init?: Record<string, unknown>) => call(name, path, init);
  const view = `CognigyClient(${baseUrl}, ${auth ? String(auth) : "no auth"})`;
  return {
    toString: () => view,
    toJSON: () => ({ baseUrl, auth: auth?.type ?? "none" }),
    [Symbol.for("nodejs.util.inspect.custom")]: () => view,
    request: (name: string, path: string, init?: Record<string, unknown>) => call(name.toUpperCase() as Uppercase<HttpMethod>, path, init),
    GET: method("GET"),
    PUT: method("PUT"),
    POST: method("POST"),
    DELETE: method("DELETE"),
    OPTIONS: method("OPTIONS"),
    HEAD: method("HEAD"),
    PATCH: method("PATCH"),
    use: (...middleware: Middleware[]) => base.use(...middleware),
    eject: (...middleware: Middleware[]) => base.eject(...middleware),
  } as unknown as CognigyClient;
}

function resolveAuth(options: CognigyClientOptions): CognigyAuth | undefined {
  if (options.apiKey !== undefined && options.auth !== undefined) throw new CognigyConfigError("auth", "pass either apiKey or auth, not both");
  if (options.auth !== undefined) return checkAuth(options.auth);
  if (!("apiKey" in options)) {
    throw new CognigyConfigError("apiKey", 'no credentials given: pass apiKey, an auth strategy, or auth: "none" to send none');
  }
  return apiKeyAuth(options.apiKey);
}

function checkAuth(auth: CognigyAuth | "none"): CognigyAuth | undefined {
  if (auth === "none") return undefined;
  if (typeof auth?.authorize !== "function") throw new CognigyConfigError("auth", 'must be an auth strategy such as apiKeyAuth(key), or "none"');
  return auth;
}

// Credentials over plain http can be read by anyone on the path; loopback (local mocks) is fine.
function checkTransportSecurity(baseUrl: string, allowed: boolean): void {
  const url = new URL(baseUrl);
  if (url.protocol === "http:" && !allowed && !isLoopback(url.hostname)) {
    throw new CognigyConfigError("baseUrl", `refusing plain http to ${url.host}: credentials would travel unencrypted; use https, or pass allowInsecureHttp: true`);
  }
}

function isStream(body: unknown): boolean {
  return (typeof ReadableStream !== "undefined" && body instanceof ReadableStream) || (typeof body === "object" && body !== null && Symbol.asyncIterator in body);
}

function checkRequestOptions(options: CognigyRequestOptions): void {
  const { timeout, retry } = options;
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) throw new CognigyConfigError("timeout", `must be a positive number of milliseconds, got ${String(timeout)}`);
  for (const key of ["maxRetries", "initialDelayMs", "maxDelayMs", "maxRetryAfterMs", "budgetMs"] as const) {
    const value = retry?.[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) throw new CognigyConfigError(`retry.${key}`, `must be a number ≥ 0, got ${String(value)}`);
  }
  if (retry?.maxRetries !== undefined && !Number.isInteger(retry.maxRetries)) throw new CognigyConfigError("retry.maxRetries", "must be a whole number");
}

function negotiateOption(accept: string): ReturnType<typeof negotiate> {
  try {
    return negotiate(accept);
  } catch (error) {
    throw new CognigyConfigError("accept", (error as Error).message.replace(/^accept: /, ""));
  }
}

function headerValue(headers: unknown): string | undefined {
  if (!headers || typeof headers !== "object") return undefined;
  if (headers instanceof Headers) return headers.get("accept") ?? undefined;
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === "accept" && typeof value === "string") return value;
  return undefined;
}

function withDefaultAccept(headers: Record<string, string> | undefined): Record<string, string> {
  const result: Record<string, string> = { Accept: DEFAULT_ACCEPT };
  for (const [name, value] of Object.entries(headers ?? {})) result[name.toLowerCase() === "accept" ? "Accept" : name] = value;
  return result;
}
