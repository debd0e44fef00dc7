import * as openapiFetch from "openapi-fetch";
import { createFinalURL, createQuerySerializer, defaultPathSerializer, type Middleware } from "openapi-fetch";
import type { HttpMethod } from "openapi-typescript-helpers";
import { statusTextOf, type CallRequest } from "../errors/api-error.js";
import { apiErrorOf } from "../errors/status-errors.js";
import { validateRequest, type RequestParams } from "../request/validate.js";
import { acceptHeader, negotiate, withoutAccept, type BodyKind } from "../response/content.js";
import { readBody, type BodyReading } from "../response/parse.js";
import { redactSent, redactUrl } from "../shared/redact.js";
import type { OperationInfo, OperationLookup, paths } from "../spec.js";
import { mergeRetry } from "../transport/retry.js";
import { outgoingFetch, type OutgoingPolicy } from "../transport/outgoing.js";
import type { SentCredentials } from "../auth/authorize.js";
import type { Fetch } from "../shared/fetch.js";
import { sendWithRetries, type SendOptions } from "../transport/send.js";
import { Throttle } from "../transport/throttle.js";
import { CognigyConfigError } from "../errors/config-error.js";
import { checkOwnCallOptions, type ClientSettings } from "./options.js";
import type { CallTarget, ClientCore, ClientTransport } from "./core.js";
import type { CognigyRequestOptions } from "./types.js";

// One call, in the order it happens (each step a function below, entered once):
//   findOperation → prepareCall → validateRequest → sendWithRetries (each attempt: outgoingFetch
//   sends, readBody reads and parses) → finishCall.

/** A call's init as the client receives it, untyped: openapi-fetch's options plus {@link CognigyRequestOptions}. */
type UntypedInit = CognigyRequestOptions & {
  params?: RequestParams;
  body?: unknown;
  headers?: Record<string, unknown> | Headers;
  parseAs?: string;
  signal?: AbortSignal;
  fetch?: Fetch;
  [option: string]: unknown;
};

/** What a call resolves to: openapi-fetch's `{ data, error, response }` and the request it answers. */
export type CallOutcome = { data?: unknown; error?: unknown; response: Response; request: CallRequest };

/** A call, ready to send: what openapi-fetch is given and how its answer is read. */
interface PreparedCall {
  readonly request: CallRequest;
  /** The method as openapi-fetch's `request()` takes it. */
  readonly fetchMethod: HttpMethod;
  /** How a successful body is read and parsed; undefined keeps openapi-fetch's raw `parseAs` result. */
  readonly reading: BodyReading | undefined;
  readonly validate: boolean;
  readonly throwOnError: boolean;
  /** How the attempts are made: timeout, retries, the caller's signal. */
  readonly send: SendOptions;
  /** How each request leaves: credential, `fetch`, redirects. */
  readonly outgoing: OutgoingPolicy;
  /** openapi-fetch's init for each attempt, less its signal and `fetch`. */
  readonly fetchInit: Record<string, unknown>;
}

// openapi-fetch's only export of createClient is `default`. In the CommonJS build the bundler's
// Node-style interop makes `default` the whole module.exports, so reach through it there.
const fetchModule = openapiFetch.default as typeof openapiFetch.default | { default: typeof openapiFetch.default };
const createClient = typeof fetchModule === "function" ? fetchModule : fetchModule.default;

/** Runs one call through the pipeline, once the client's operations are loaded (`lookup`). */
export async function runCall(
  core: ClientCore,
  lookup: OperationLookup,
  target: CallTarget,
  init: UntypedInit = {},
): Promise<CallOutcome> {
  const { settings } = core;
  const { method, path, operation } = findOperation(settings, lookup, target);
  const { fetchClient, throttle } = transportOf(core);
  const sent: SentCredentials = { headers: new Set(), values: new Set() };
  const call = prepareCall(settings, core.middleware, throttle, { method, path, operation }, init, sent);
  validateRequest(method, path, init.params, init.body, call.validate, operation);
  if (operation) settings.called.add(operation);
  const result = await sendWithRetries(call.send, async (signal, sending) => {
    const fetch = outgoingFetch(call.outgoing, sent, sending);
    const result: { data?: unknown; error?: unknown; response: Response } = await fetchClient.request(
      call.fetchMethod,
      path as never,
      { ...call.fetchInit, signal, fetch } as never,
    );
    // The body is read and parsed here, within the attempt and its timeout, and never past maxBodyBytes.
    if (call.reading !== undefined && result.response.ok)
      result.data = await readBody(
        result.data as ReadableStream<Uint8Array> | null | undefined,
        result.response,
        call.request,
        call.reading,
      );
    return result;
  });
  return finishCall(call, result);
}

/**
 * The call's route and its operation in the spec, found once: by name for a named method, by
 * route for a path call (a route the spec lacks has none).
 *
 * @throws CognigyConfigError for a name the spec does not have.
 */
function findOperation(
  settings: ClientSettings,
  lookup: OperationLookup,
  target: CallTarget,
): { method: string; path: string; operation: OperationInfo | undefined } {
  if ("operation" in target) {
    const operation = lookup.byName(target.operation);
    if (!operation)
      throw new CognigyConfigError(
        target.operation,
        `no operation of this name in the spec this client is typed from (Cognigy.AI ${settings.catalog.version}); see client.request() for routes the spec lacks`,
      );
    return { method: operation.method.toUpperCase(), path: operation.path, operation };
  }
  const method = String(target.method).toUpperCase();
  return { method, path: target.path, operation: lookup.byRoute(method, target.path) };
}

// The client's transport, made by its first call: one openapi-fetch client and one pace.
function transportOf(core: ClientCore): ClientTransport {
  const { settings } = core;
  return (core.transport ??= {
    fetchClient: createClient<paths>({ baseUrl: settings.baseUrl, headers: settings.headers }),
    throttle: new Throttle(settings.maxConcurrency, settings.logger),
  });
}

/**
 * Resolves a call's options over the client's settings: the representation to ask for (the
 * `accept` option, else an `Accept` header, else the client's), how to read the body, the
 * credential, and the timeout and retries of its attempts.
 *
 * @throws CognigyConfigError for a bad `timeout`, `retry`, `auth` or `accept`.
 */
function prepareCall(
  settings: ClientSettings,
  middleware: readonly Middleware[],
  throttle: Throttle,
  { method, path, operation }: { method: string; path: string; operation: OperationInfo | undefined },
  init: UntypedInit,
  sent: SentCredentials,
): PreparedCall {
  const checked = checkOwnCallOptions(settings, init);
  const {
    timeout,
    retry,
    validate,
    throwOnError,
    auth,
    accept,
    parseAs,
    signal,
    fetch,
    maxBodyBytes,
    params,
    ...fetchOptions
  } = init;
  // openapi-fetch hands back the raw body for "text", "stream", "blob" and "arrayBuffer"; JSON,
  // XML and CSV come back as a stream, read and parsed within the attempt (readBody), where a bad
  // body becomes a typed error.
  const raw = parseAs !== undefined && parseAs !== "json";
  // The `accept` option, else a call's own Accept header, else the client's. A raw body with an
  // Accept header of the caller's own (a download's `*/*`) is asked for as given.
  const requested = accept ?? (raw ? undefined : acceptHeader(fetchOptions.headers));
  const negotiated = requested === undefined ? settings.accept : negotiate(requested);
  const kind: BodyKind | undefined = raw ? undefined : parseAs === "json" ? "json" : negotiated.kind;
  const replayable = !isStream(fetchOptions.body);
  const sentParams = params && { ...params, ...(params.query && { query: encodeNames(params.query) }) };
  return {
    request: { method, path },
    fetchMethod: method.toLowerCase() as HttpMethod,
    reading: kind && {
      kind,
      limit: maxBodyBytes ?? settings.maxBodyBytes,
      statusesWithBody: operation?.statusesWithBody ?? [],
      sent: sent.values,
      xmlShape: () => settings.catalog.xmlShape(method, path),
    },
    validate: validate ?? settings.validate,
    throwOnError: throwOnError ?? settings.throwOnError,
    send: {
      method,
      url: () => messageUrl(checked.baseUrl ?? settings.baseUrl, path, sentParams),
      timeout: timeout ?? settings.timeout,
      retry: mergeRetry(settings.retry, retry),
      signal,
      replayable,
      throttle,
      logger: settings.logger,
    },
    outgoing: {
      auth: checked.auth === undefined ? settings.auth : (checked.auth ?? undefined),
      fetch: fetch ?? settings.fetch,
      replayable,
      crossOriginRedirects: settings.crossOriginRedirects,
      allowInsecureHttp: settings.allowInsecureHttp,
    },
    fetchInit: {
      ...fetchOptions,
      ...(sentParams && { params: sentParams }),
      // The client's headers carry its Accept; a call that asks for another representation sets its own.
      ...(accept !== undefined && {
        headers: { ...withoutAccept(fetchOptions.headers), Accept: negotiated.mediaType },
      }),
      parseAs: raw ? parseAs : "stream",
      redirect: "manual",
      // The client's middleware (client.use), then any the call brings.
      middleware: [...middleware, ...((fetchOptions.middleware as Middleware[] | undefined) ?? [])],
    },
  };
}

/**
 * Turns openapi-fetch's result into the call's: the body as read, or the error body — thrown as a
 * {@link CognigyApiError} when `throwOnError` is on.
 */
function finishCall(call: PreparedCall, result: { data?: unknown; error?: unknown; response: Response }): CallOutcome {
  const { request } = call;
  const { response } = result;
  if (response.ok) return { data: result.data, response, request };
  if (call.throwOnError) throw apiErrorOf({ ...result, request });
  // openapi-fetch gives undefined or "" for an error answer without a body, which `if (error)`
  // would take for success: such an answer is told by its status.
  const bodyless = result.error === undefined || result.error === "";
  return {
    error: bodyless
      ? { status: response.status, title: statusTextOf(response.status, response.statusText) }
      : redactSent(result.error, response),
    response,
    request,
  };
}

// The URL for a message about a request that got no answer, built by openapi-fetch's own function.
function messageUrl(base: string, path: string, params: RequestParams | undefined): string {
  try {
    return redactUrl(
      createFinalURL(path, {
        baseUrl: base,
        params: params ?? {},
        querySerializer: createQuerySerializer(),
        pathSerializer: defaultPathSerializer,
      }),
    );
  } catch {
    return redactUrl(`${base}${path}`);
  }
}

// openapi-fetch writes query names as they are: `{ "x&api_key=k": 1 }` would add a parameter.
// Names are encoded here (nested ones too, for deepObject's `name[key]`); values it encodes itself.
function encodeNames(query: Record<string, unknown>): Record<string, unknown> {
  const encode = (value: unknown): unknown =>
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).map(([name, item]) => [encodeURIComponent(name), item]))
      : value;
  return Object.fromEntries(Object.entries(query).map(([name, value]) => [encodeURIComponent(name), encode(value)]));
}

function isStream(body: unknown): boolean {
  return (
    (typeof ReadableStream !== "undefined" && body instanceof ReadableStream) ||
    (typeof body === "object" && body !== null && Symbol.asyncIterator in body)
  );
}
