import * as openapiFetch from "openapi-fetch";
import { createFinalURL, createQuerySerializer, defaultPathSerializer, type Middleware } from "openapi-fetch";
import type { HttpMethod } from "openapi-typescript-helpers";
import { statusTextOf, type CallRequest } from "../errors/api-error.js";
import { apiErrorOf } from "../errors/status-errors.js";
import { validateRequest, type RequestParams } from "../request/validate.js";
import { negotiate, type BodyKind } from "../response/content.js";
import { parseBody, readBody } from "../response/parse.js";
import { redactSent, redactUrl } from "../shared/redact.js";
import type { OperationInfo, paths } from "../spec.js";
import { mergeRetry } from "../transport/retry.js";
import { outgoingFetch, type OutgoingPolicy } from "../transport/outgoing.js";
import type { SentCredentials } from "../auth/authorize.js";
import type { Fetch } from "../shared/fetch.js";
import { sendWithRetries, type SendOptions } from "../transport/send.js";
import { Throttle } from "../transport/throttle.js";
import { acceptHeader, checkAuth, checkOwnCallOptions, withoutAccept, type ClientSettings } from "./options.js";
import type { ClientCore } from "./core.js";
import type { CognigyRequestOptions } from "./types.js";

// One call runs four named steps: prepareCall (options → what to send), validateCall (the spec's
// constraints, before anything leaves), sendWithRetries (attempts, each a whole openapi-fetch call
// under a timeout, whose fetch adds the credential), finishCall (parse the body, or throw).

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
  /** How a successful body is parsed; undefined keeps openapi-fetch's raw `parseAs` result. */
  readonly kind: BodyKind | undefined;
  readonly validate: boolean;
  readonly throwOnError: boolean;
  readonly maxBodyBytes: number;
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

/** Runs one call through the pipeline. */
export async function runCall(
  core: ClientCore,
  method: Uppercase<HttpMethod>,
  path: string,
  init: UntypedInit = {},
  named?: OperationInfo,
): Promise<CallOutcome> {
  const { settings } = core;
  // The client's transport, made by its first call: one openapi-fetch client and one pace.
  const { fetchClient, throttle } = (core.transport ??= {
    fetchClient: createClient<paths>({ baseUrl: settings.baseUrl, headers: settings.headers }),
    throttle: new Throttle(settings.maxConcurrency, settings.logger),
  });
  const call = prepareCall(settings, throttle, method, path, init);
  const operation = await validateCall(settings, call, init, named);
  if (operation) settings.called.add(operation);
  // What the credential strategy writes, noted for redaction wherever the server echoes it.
  const sent: SentCredentials = { headers: new Set(), values: new Set() };
  const result = await sendWithRetries(call.send, async (signal, sending) => {
    const fetch = outgoingFetch(call.outgoing, sent, sending);
    const result: { data?: unknown; error?: unknown; response: Response } = await fetchClient.request(
      method.toLowerCase() as HttpMethod,
      path as never,
      { ...call.fetchInit, signal, fetch } as never,
    );
    // A body to parse is read here, within the attempt and its timeout, and never past maxBodyBytes.
    if (call.kind !== undefined && result.response.ok)
      result.data = await readBody(
        result.data as ReadableStream<Uint8Array> | null | undefined,
        result.response,
        call.request,
        call.maxBodyBytes,
      );
    return result;
  });
  return finishCall(settings, call, operation, result, sent.values);
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
  throttle: Throttle,
  method: string,
  path: string,
  init: UntypedInit,
): PreparedCall {
  checkOwnCallOptions(settings, init);
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
  // XML and CSV come back as a stream, read within the attempt and parsed in finishCall, where a
  // bad body becomes a typed error.
  const raw = parseAs !== undefined && parseAs !== "json";
  const requested = accept ?? acceptHeader(fetchOptions.headers);
  // A raw body with an Accept header of the caller's own (a download's `*/*`) is asked for as given.
  const negotiated = requested === undefined || (raw && accept === undefined) ? settings.accept : negotiate(requested);
  const replayable = !isStream(fetchOptions.body);
  const sentParams = params && { ...params, ...(params.query && { query: encodeNames(params.query) }) };
  return {
    request: { method, path },
    kind: raw ? undefined : parseAs === "json" ? "json" : negotiated.kind,
    validate: validate ?? settings.validate,
    throwOnError: throwOnError ?? settings.throwOnError,
    maxBodyBytes: maxBodyBytes ?? settings.maxBodyBytes,
    send: {
      method,
      url: () => messageUrl(settings, path, fetchOptions.baseUrl, sentParams),
      timeout: timeout ?? settings.timeout,
      retry: mergeRetry(settings.retry, retry),
      signal,
      replayable,
      throttle,
      logger: settings.logger,
    },
    outgoing: {
      auth: auth === undefined ? settings.auth : checkAuth(auth),
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
      middleware: [...settings.middleware, ...((fetchOptions.middleware as Middleware[] | undefined) ?? [])],
    },
  };
}

/**
 * Checks the call against its operation in the spec (loaded on the first call).
 *
 * @throws CognigyValidationError listing every problem; nothing was sent.
 */
async function validateCall(
  settings: ClientSettings,
  call: PreparedCall,
  init: UntypedInit,
  named: OperationInfo | undefined,
): Promise<OperationInfo | undefined> {
  const { method, path } = call.request;
  // A named method's operation was found by its name; a path call's is found by its route, once.
  const operation = named ?? (await settings.catalog.find(method, path));
  validateRequest(method, path, init.params, init.body, call.validate, operation);
  return operation;
}

/**
 * Turns openapi-fetch's result into the call's: the body parsed as asked, or the error body —
 * thrown as a {@link CognigyApiError} when `throwOnError` is on.
 */
async function finishCall(
  settings: ClientSettings,
  call: PreparedCall,
  operation: OperationInfo | undefined,
  result: { data?: unknown; error?: unknown; response: Response },
  sent: ReadonlySet<string>,
): Promise<CallOutcome> {
  const { request } = call;
  const { response } = result;
  if (!response.ok) {
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
  if (call.kind === undefined) return { data: result.data, response, request };
  const bodyRequired =
    request.method !== "HEAD" && (operation?.statusesWithBody.includes(String(response.status)) ?? false);
  return {
    data: await parseBody(call.kind, result.data as string | undefined, response, request, {
      bodyRequired,
      sent,
      xmlShape: () => settings.catalog.xmlShape(request.method, request.path),
    }),
    response,
    request,
  };
}

// The URL for a message about a request that got no answer, built by openapi-fetch's own function.
function messageUrl(
  settings: ClientSettings,
  path: string,
  baseUrl: unknown,
  params: RequestParams | undefined,
): string {
  const base = typeof baseUrl === "string" ? baseUrl.replace(/\/+$/, "") : settings.baseUrl;
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
