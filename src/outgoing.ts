import { createFinalURL, createQuerySerializer, defaultBodySerializer, defaultPathSerializer } from "openapi-fetch";
import type { CognigyAuth, CognigyHeaders, CognigyOutgoingRequest } from "./auth/types.js";
import { pathTemplate } from "./path-template.js";

/** The `fetch` a client was given: it takes a `Request`. */
export type CustomFetch = (request: Request) => Promise<Response>;

/** What one attempt resolves to, as openapi-fetch's calls do. */
export type CallResult = { data?: unknown; error?: unknown; response: Response };

type Params = { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown> };
type HeaderSource = Record<string, unknown> | Headers | undefined;

/** The call options that are this client's own, not openapi-fetch's. */
export const OWN_OPTIONS: ReadonlySet<string> = new Set(["timeout", "retry", "validate", "throwOnError", "auth", "accept"]);

// The call options the direct path understands (the client's own, and openapi-fetch's params,
// body, headers, signal and parseAs); any other (a serializer, middleware, a per-call baseUrl,
// fetch or Request, other RequestInit fields) sends the call through openapi-fetch.
const DIRECT_OPTIONS = new Set([...OWN_OPTIONS, "params", "body", "headers", "signal", "parseAs"]);
const querySerializer = createQuerySerializer();

/** True when a call can skip openapi-fetch's request pipeline (see {@link sendDirect}). */
export function canSendDirectly(init: Record<string, unknown>): boolean {
  for (const key in init) if (!DIRECT_OPTIONS.has(key)) return false;
  return true;
}

/** One call, as the direct path sends it. */
export interface DirectCall {
  readonly method: string;
  readonly baseUrl: string;
  /** The path template, e.g. `/v2.0/aiagents/{aiAgentId}`. */
  readonly path: string;
  readonly params: Params | undefined;
  readonly body: unknown;
  readonly headers: HeaderSource;
  /** The client's headers, under the call's, as {@link headerValues} gives them. */
  readonly defaultHeaders: Readonly<Record<string, string>>;
  /** How the body is read; JSON is read as text and parsed by the client (see client.ts). */
  readonly parseAs: RawParseAs;
}

/** The ways the direct path reads a successful body. */
export type RawParseAs = "text" | "stream" | "blob" | "arrayBuffer";

/**
 * Sends one attempt without openapi-fetch's request pipeline, for calls with no middleware and no
 * custom serializers: the URL and body come from openapi-fetch's own serializers, the headers
 * merge as its `mergeHeaders` does (later wins, `null` removes, arrays append), and the answer is
 * read as it reads one. What it skips is openapi-fetch's per-call machinery: a `Headers` object, a
 * `Request` that fetch then copies, closures (see BENCHMARKS.md for what that is worth).
 */
export async function sendDirect(call: DirectCall, signal: AbortSignal, auth: CognigyAuth | undefined, customFetch: CustomFetch | undefined, record: (sent: CognigyOutgoingRequest) => void): Promise<CallResult> {
  const { method, body } = call;
  const params = call.params ?? {};
  // Copied with Object.assign, not spread: V8 (Node 20) gives a spread copy a shape that is slow to
  // add properties to, about 0.5 µs for the credential's header alone.
  const values: Record<string, string> = Object.assign({}, call.defaultHeaders);
  mergeHeaders(values, call.headers);
  mergeHeaders(values, params.header);
  // openapi-fetch's serializer reads Content-Type from its second argument (typed with one).
  const serialized = body === undefined ? undefined : ((defaultBodySerializer as (body: unknown, headers: Record<string, string>) => unknown)(body, values) as BodyInit);
  if (serialized !== undefined && !(serialized instanceof FormData) && !("content-type" in values)) values["content-type"] = "application/json";
  const outgoing: CognigyOutgoingRequest = { method, url: finalUrl(call.baseUrl, call.path, params), headers: new HeaderMap(values) };
  // Most strategies authorize synchronously: await only a promise.
  const authorizing = auth?.authorize(outgoing);
  if (authorizing) await authorizing;
  record(outgoing);
  // Only what differs from fetch's defaults: every member given is one more conversion in Request.
  const requestInit: RequestInit = { headers: values, signal };
  if (method !== "GET") requestInit.method = method;
  if (serialized !== undefined) requestInit.body = serialized;
  const response = customFetch ? await customFetch(new Request(outgoing.url, requestInit)) : await globalThis.fetch(outgoing.url, requestInit);
  // Awaited, not returned: an async function that returns a promise takes extra turns to settle.
  return await readResult(response, method, call.parseAs);
}

/**
 * The request URL, as openapi-fetch's `createFinalURL` builds it. Plain `{name}` parameters with
 * string, number or boolean values (every Cognigy path) are filled in from the template's parts;
 * anything else goes to openapi-fetch's own serializers.
 */
function finalUrl(baseUrl: string, path: string, params: Params): string {
  const { parts, simple } = pathTemplate(path);
  const values = params.path;
  if (!simple || (parts.length > 1 && (values === undefined || !parts.every((part, index) => index % 2 === 0 || isPrimitive(values[part]))))) {
    return createFinalURL(path, { baseUrl, params, querySerializer, pathSerializer: defaultPathSerializer });
  }
  let url = baseUrl;
  for (let index = 0; index < parts.length; index++) url += index % 2 === 0 ? parts[index] : encodeURIComponent(values![parts[index]!] as string | number | boolean);
  const search = params.query ? querySerializer(params.query) : "";
  return search ? `${url}?${search}` : url;
}

function isPrimitive(value: unknown): value is string | number | boolean {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

// openapi-fetch's reading of an answer: nothing for 204, HEAD or an empty body; the body as
// `parseAs` asks when successful; an error body as JSON when it parses, else as text.
async function readResult(response: Response, method: string, parseAs: RawParseAs): Promise<CallResult> {
  const contentLength = response.headers.get("content-length");
  if (response.status === 204 || method === "HEAD" || (contentLength === "0" && !response.headers.get("transfer-encoding")?.includes("chunked"))) {
    return response.ok ? { data: undefined, response } : { error: undefined, response };
  }
  if (response.ok) {
    if (parseAs === "stream") return { data: response.body, response };
    return { data: await response[parseAs](), response };
  }
  let error: unknown = await response.text();
  try {
    error = JSON.parse(error as string);
  } catch {
    // Not JSON: the text is the error.
  }
  return { error, response };
}

/** Headers as the direct path sends them: names in lower case, merged as openapi-fetch merges them. */
export function headerValues(...sources: HeaderSource[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const source of sources) mergeHeaders(values, source);
  return values;
}

function mergeHeaders(into: Record<string, string>, source: HeaderSource): void {
  if (!source || typeof source !== "object") return;
  const entries: Iterable<[string, unknown]> = source instanceof Headers ? source.entries() : Object.entries(source);
  for (const [name, value] of entries) {
    const key = name.toLowerCase();
    if (value === null) delete into[key];
    else if (Array.isArray(value)) for (const item of value as Array<string | number | boolean>) into[key] = key in into ? `${into[key]}, ${String(item)}` : String(item);
    else if (value !== undefined) into[key] = `${value as string | number | boolean}`;
  }
}

/** The headers of a directly sent request, as an auth strategy sees them. Names are case-insensitive. */
class HeaderMap implements CognigyHeaders {
  constructor(private readonly values: Record<string, string>) {}
  get(name: string): string | null {
    return this.values[name.toLowerCase()] ?? null;
  }
  has(name: string): boolean {
    return name.toLowerCase() in this.values;
  }
  set(name: string, value: string): void {
    this.values[name.toLowerCase()] = value;
  }
  delete(name: string): void {
    delete this.values[name.toLowerCase()];
  }
}

/**
 * Authorizes a request built by openapi-fetch (its path, taken when middleware is registered or
 * the call uses openapi-fetch's own options) and sends it. `record` receives the request as
 * authorized, for a 401 renewal and for messages.
 */
export async function authorizeAndSend(request: Request, auth: CognigyAuth | undefined, customFetch: CustomFetch | undefined, record: (sent: CognigyOutgoingRequest) => void): Promise<Response> {
  const outgoing: CognigyOutgoingRequest = { method: request.method, url: request.url, headers: request.headers };
  if (auth) await auth.authorize(outgoing);
  record(outgoing);
  // A strategy that moved the credential into the URL needs a new Request; headers were set in place.
  const final = outgoing.url === request.url ? request : new Request(outgoing.url, request);
  return customFetch ? customFetch(final) : globalThis.fetch(final);
}
