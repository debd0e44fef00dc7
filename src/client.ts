import * as openapiFetch from "openapi-fetch";
import type { Middleware } from "openapi-fetch";
import type { HttpMethod } from "openapi-typescript-helpers";
import { createApiError } from "./api-error.js";
import { apiKeyAuth } from "./auth/api-key.js";
import { isLoopback } from "./auth/oauth2-tokens.js";
import type { CognigyAuth, CognigyOutgoingRequest } from "./auth/types.js";
import type { CognigyClient, CognigyClientOptions, CognigyRequestOptions } from "./client-types.js";
import { negotiate, parseBody } from "./content.js";
import { resolveBaseUrl } from "./environments.js";
import { CognigyConfigError } from "./errors.js";
import { redactUrl } from "./redact.js";
import { findOperation, type paths } from "./spec.js";
import { authorizeAndSend, canSendDirectly, headerValues, OWN_OPTIONS, sendDirect, type CallResult, type RawParseAs } from "./outgoing.js";
import { DEFAULT_RETRY } from "./retry.js";
import { sendWithRetries } from "./transport.js";
import { REQUEST_METHOD } from "./unwrap.js";
import { validateRequest } from "./validate.js";

export type { CognigyClient, CognigyClientOptions, CognigyRequestOptions } from "./client-types.js";

// openapi-fetch's only export of createClient is `default`. In the CommonJS build the bundler's
// Node-style interop makes `default` the whole module.exports, so reach through it there.
const fetchModule = openapiFetch.default as typeof openapiFetch.default | { default: typeof openapiFetch.default };
const createClient = typeof fetchModule === "function" ? fetchModule : fetchModule.default;

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
  const defaultAccept = options.accept ?? headerValue(options.headers) ?? DEFAULT_ACCEPT;
  const defaultNegotiated = negotiate(defaultAccept);
  const clientHeaders = { ...withoutAccept(options.headers), Accept: defaultNegotiated.mediaType };
  const base = createClient<paths, "application/json">({ baseUrl, headers: clientHeaders });
  const directHeaders = headerValues(clientHeaders);
  // Mirrors what is registered with openapi-fetch: while empty, plain calls are sent directly.
  const middleware: Middleware[] = [];
  const defaults = { timeout: options.timeout ?? DEFAULT_TIMEOUT_MS, retry: { ...DEFAULT_RETRY, ...options.retry }, validate: options.validate ?? true, throwOnError: options.throwOnError ?? false };

  async function call(method: Uppercase<HttpMethod>, path: string, init: Record<string, unknown> = {}) {
    // Read field by field: a call is on the hot path, and most carry only params (see BENCHMARKS.md).
    const { timeout, retry, validate, throwOnError, auth: callAuth, accept } = init as CognigyRequestOptions;
    checkRequestOptions(init);
    const body = init["body"];
    // The first call waits for the operation table to load; later ones find it at once.
    let operation = findOperation(method, path);
    if (operation instanceof Promise) operation = await operation;
    validateRequest(method, path, init["params"] as never, body, validate ?? defaults.validate, operation);
    // parseAs "text" | "stream" | "blob" | "arrayBuffer" hands the raw body back; otherwise it is read as text and parsed here.
    const requested = init["parseAs"] as string | undefined;
    const raw = requested !== undefined && requested !== "json";
    // Parsing here, not in openapi-fetch, makes a malformed or mislabelled body a typed error.
    const parseAs = (raw ? requested : "text") as RawParseAs;
    // The body is read the way the Accept header asks: the `accept` option, else a header the call or client set.
    let headers = init["headers"] as Record<string, unknown> | Headers | undefined;
    const acceptHeader = accept ?? headerValue(headers);
    const negotiated = acceptHeader === undefined ? defaultNegotiated : negotiate(acceptHeader);
    if (accept !== undefined) headers = { ...(headers instanceof Headers ? Object.fromEntries(headers) : headers), Accept: negotiated.mediaType };
    const callAuthStrategy = callAuth === undefined ? auth : checkAuth(callAuth);
    let sent: CognigyOutgoingRequest | undefined;
    const record = (request: CognigyOutgoingRequest) => (sent = request);
    const callerSignal = init["signal"] as AbortSignal | undefined;
    const result = await sendWithRetries(
      {
        method,
        url: () => redactUrl(sent?.url ?? `${baseUrl}${path}`),
        auth: callAuthStrategy,
        timeoutMs: timeout ?? defaults.timeout,
        retry: retry === undefined ? defaults.retry : { ...defaults.retry, ...retry },
        callerSignal,
        replayable: !isStream(body),
      },
      // Middleware and openapi-fetch's own options (serializers, per-call fetch, …) need its pipeline.
      middleware.length === 0 && canSendDirectly(init)
        ? (signal) => sendDirect({ method, baseUrl, path, params: init["params"] as never, body, headers, parseAs, defaultHeaders: directHeaders }, signal, callAuthStrategy, options.fetch, record)
        : viaOpenapiFetch(method, path, { ...withoutOwnOptions(init), headers, parseAs, fetch: (request: Request) => authorizeAndSend(request, callAuthStrategy, options.fetch, record) }),
      () => sent,
    );
    const { response } = result;
    (response as Response & { [REQUEST_METHOD]?: string })[REQUEST_METHOD] = method;
    // Redacting the URL costs a parse: only errors need it.
    const url = () => redactUrl(response.url || `${baseUrl}${path}`);
    if (response.ok) {
      if (raw) return { data: result.data, response };
      const bodyRequired = method !== "HEAD" && (operation?.bodies.includes(String(response.status)) ?? false);
      const data = parseBody(requested === "json" ? "json" : negotiated.kind, method, url, bodyRequired, response, result.data as string | undefined);
      return { data: data instanceof Promise ? ((await data) as unknown) : data, response };
    }
    const error = result.error;
    if (throwOnError ?? defaults.throwOnError) throw createApiError({ method, path, url: url(), status: response.status, statusText: response.statusText, headers: response.headers, body: error });
    return { error, response };
  }

  const viaOpenapiFetch =
    (method: Uppercase<HttpMethod>, path: string, fetchInit: Record<string, unknown>) =>
    (signal: AbortSignal): Promise<CallResult> =>
      base.request(method.toLowerCase() as HttpMethod, path as never, { ...fetchInit, signal } as never);

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
    use: (...added: Middleware[]) => {
      base.use(...added);
      middleware.push(...added.filter(Boolean));
    },
    eject: (...removed: Middleware[]) => {
      base.eject(...removed);
      for (const m of removed) if (middleware.includes(m)) middleware.splice(middleware.indexOf(m), 1);
    },
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

// A call's init without this client's own options: what openapi-fetch is given.
function withoutOwnOptions(init: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(init).filter(([key]) => !OWN_OPTIONS.has(key)));
}

function headerValue(headers: unknown): string | undefined {
  if (!headers || typeof headers !== "object") return undefined;
  if (headers instanceof Headers) return headers.get("accept") ?? undefined;
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === "accept" && typeof value === "string") return value;
  return undefined;
}

function withoutAccept(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => name.toLowerCase() !== "accept"));
}
