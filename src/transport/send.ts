import type { CognigyAuth } from "../auth/types.js";
import { CognigyAbortError, CognigyConnectionError, CognigyTimeoutError } from "../errors/errors.js";
import { isCognigyError } from "../errors/guards.js";
import { redactUrl } from "../shared/redact.js";
import { describeNetworkFailure } from "./network-failure.js";
import { isRetryableConnectionFailure, isRetryableStatus, retryDelay, type ResolvedRetryOptions } from "./retry.js";

/** A `fetch` as this library takes one everywhere: it is handed a `Request`. */
export type Fetch = (request: Request) => Promise<Response>;

/** How one call's request is sent. */
export interface TransportOptions {
  readonly auth: CognigyAuth | undefined;
  /** Milliseconds per attempt: to the end of the body, or to the headers when `readBody` is false. */
  readonly timeout: number;
  readonly retry: ResolvedRetryOptions;
  /** The caller's own signal, if any. */
  readonly signal: AbortSignal | undefined;
  /** Read the body to its end inside each attempt (false for a streamed answer). */
  readonly readBody: boolean;
  /** False for a streamed request body: it can be sent only once, so it is never retried or replayed. */
  readonly replayable: boolean;
  /** The `fetch` that sends each attempt. */
  readonly fetch: Fetch;
}

type Outcome = { response: Response; sent: Request } | { failure: CognigyConnectionError };

/**
 * The `fetch` openapi-fetch sends a call's request with. For each attempt it adds the credential,
 * bounds the attempt by the timeout and the caller's signal, and reads the body; then it renews the
 * credential once after a 401 when the strategy can, and retries failures where that is safe (see
 * retry.ts), honouring `Retry-After`. Throws only Cognigy*Error types; an HTTP error status comes
 * back as the last attempt's response.
 */
export function createTransport(options: TransportOptions): Fetch {
  return (request) => send(request, options);
}

async function send(request: Request, options: TransportOptions): Promise<Response> {
  const { retry, signal: caller } = options;
  const context = () => ({ method: request.method, url: redactUrl(request.url) });
  // The body is read once so that every attempt can send it again; a stream goes out once.
  const body = request.body === null ? null : options.replayable ? await request.arrayBuffer() : request.body;
  const started = Date.now();
  let renewed = false;
  for (let retries = 0; ; retries++) {
    const outcome = await attempt(request, body, options);
    if ("response" in outcome && outcome.response.status === 401 && !renewed && (await renewable(outcome.sent, options))) {
      renewed = true;
      retries--;
      await outcome.response.body?.cancel();
      continue;
    }
    const delayMs = retryWait(request.method, outcome, retries, options);
    if (delayMs === undefined || Date.now() - started + delayMs > retry.budgetMs) return settle(outcome);
    if ("response" in outcome) await outcome.response.body?.cancel();
    retry.onRetry?.({
      retry: retries + 1,
      delayMs,
      ...context(),
      ...("response" in outcome ? { status: outcome.response.status } : { error: outcome.failure }),
    });
    await sleep(delayMs, caller).catch((reason: unknown) => {
      throw new CognigyAbortError(context(), { cause: reason });
    });
  }
}

// One attempt: the credential added, the request sent, the body read, all within the timeout.
async function attempt(request: Request, body: BodyInit | null, options: TransportOptions): Promise<Outcome> {
  const { signal: caller } = options;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new DOMException("timed out", "TimeoutError")), options.timeout);
  const signal = caller ? AbortSignal.any([caller, timeout.signal]) : timeout.signal;
  const context = () => ({ method: request.method, url: redactUrl(request.url) });
  try {
    const sent = await authorized(new Request(request, { body, signal, duplex: "half" } as RequestInit), options.auth);
    const response = await options.fetch(sent);
    return { response: options.readBody ? await readWhole(response) : response, sent };
  } catch (error) {
    if (caller?.aborted) throw new CognigyAbortError(context(), { cause: caller.reason });
    if (timeout.signal.aborted) throw new CognigyTimeoutError({ ...context(), timeoutMs: options.timeout }, { cause: error });
    if (isCognigyError(error)) throw error;
    const { reason, sent } = describeNetworkFailure(error);
    return { failure: new CognigyConnectionError({ ...context(), reason, sent }, { cause: error }) };
  } finally {
    clearTimeout(timer);
  }
}

// Read inside the attempt, the body is under the timeout, and one that breaks off is retried.
// openapi-fetch then parses the copy: same status, headers and URL, the body held as bytes.
async function readWhole(response: Response): Promise<Response> {
  if (response.body === null) return response;
  const copy = new Response(await response.arrayBuffer(), response);
  // A Response made from bytes has no URL; error messages and callers read the one it came from.
  Object.defineProperty(copy, "url", { value: response.url });
  return copy;
}

// The credential goes on a copy of openapi-fetch's request: its headers, or its URL for a query key.
async function authorized(request: Request, auth: CognigyAuth | undefined): Promise<Request> {
  if (!auth) return request;
  const outgoing = { method: request.method, url: request.url, headers: request.headers };
  await auth.authorize(outgoing);
  return outgoing.url === request.url ? request : new Request(outgoing.url, request);
}

// A 401 may mean the token just expired: worth one more attempt when the strategy has a new one.
async function renewable(sent: Request, options: TransportOptions): Promise<boolean> {
  if (!options.replayable || !options.auth?.renew) return false;
  return options.auth.renew({ method: sent.method, url: sent.url, headers: sent.headers });
}

// The wait before the next attempt, or undefined when this outcome is final.
function retryWait(method: string, outcome: Outcome, retries: number, options: TransportOptions): number | undefined {
  const { retry } = options;
  if (!options.replayable || retries >= retry.maxRetries) return undefined;
  const retryable = "response" in outcome ? isRetryableStatus(method, outcome.response.status) : isRetryableConnectionFailure(method, outcome.failure.sent);
  if (!retryable) return undefined;
  const retryAfter = "response" in outcome ? outcome.response.headers.get("retry-after") : null;
  const delayMs = retryDelay(retries + 1, retry, retryAfter);
  // A Retry-After beyond the cap is the server saying "not soon": hand the answer back now.
  return retryAfter !== null && delayMs > retry.maxRetryAfterMs ? undefined : delayMs;
}

function settle(outcome: Outcome): Response {
  if ("failure" in outcome) throw outcome.failure;
  return outcome.response;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
