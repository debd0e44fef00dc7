import type { CognigyAuth } from "./auth/types.js";
import { CognigyAbortError, CognigyConnectionError, CognigyTimeoutError, isCognigyError } from "./errors.js";
import { redactUrl } from "./redact.js";
import { DEFAULT_RETRY, isRetryableConnectionFailure, isRetryableStatus, retryDelay, type RetryOptions } from "./retry.js";

/** Everything one call's transport needs; built per call from the client and request options. */
export interface TransportOptions {
  readonly fetch: (request: Request) => Promise<Response>;
  readonly auth: CognigyAuth | undefined;
  /** Per attempt, including reading the body when it is buffered. */
  readonly timeoutMs: number;
  readonly retry: RetryOptions;
  /** Read the whole body inside the retry loop (everything but `parseAs: "stream"`). */
  readonly buffer: boolean;
  /** False for a streamed request body: it can be sent only once, so it is never retried or replayed. */
  readonly replayable: boolean;
}

// Connection failures that happen before a byte of the request is written: the server cannot have it.
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "EADDRNOTAVAIL", "UND_ERR_CONNECT_TIMEOUT"]);
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * The client's `fetch`: adds the credential, bounds each attempt by the timeout and the caller's
 * signal, and retries what is safe to retry (see retry.ts). openapi-fetch middleware cannot send a
 * request twice, so this lives here. Throws only Cognigy*Error types.
 */
export function createTransport(options: TransportOptions): (request: Request) => Promise<Response> {
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  return async (request) => {
    const method = request.method;
    const url = redactUrl(request.url);
    const caller = request.signal;
    const started = Date.now();
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      const canRetry = options.replayable && attempt < retry.maxRetries;
      const canReplay = options.replayable && !renewed && options.auth?.renew !== undefined;
      // The timer covers the attempt up to the end of the body when it is buffered, and up to the
      // headers when it is streamed (a long export must not be cut off); it is always cleared.
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(new DOMException("timed out", "TimeoutError")), options.timeoutMs);
      let outcome: { response: Response } | { failure: CognigyConnectionError };
      let attemptRequest = canRetry || canReplay ? request.clone() : request;
      try {
        if (options.auth) attemptRequest = await options.auth.authorize(attemptRequest);
        const signal = AbortSignal.any([caller, timeout.signal]);
        const response = await options.fetch(new Request(attemptRequest, { signal }));
        outcome = { response: options.buffer ? await buffered(response) : response };
      } catch (error) {
        if (caller.aborted) throw new CognigyAbortError({ method, url }, { cause: caller.reason });
        if (timeout.signal.aborted) throw new CognigyTimeoutError({ method, url, timeoutMs: options.timeoutMs }, { cause: error });
        if (isCognigyError(error)) throw error;
        outcome = { failure: connectionError(method, url, error) };
      } finally {
        clearTimeout(timer);
      }

      // A 401 may mean the token just expired: renew it once and send the same request again.
      if ("response" in outcome && outcome.response.status === 401 && canReplay && (await options.auth?.renew?.(attemptRequest))) {
        renewed = true;
        attempt--;
        await outcome.response.body?.cancel();
        continue;
      }
      const retryable = "response" in outcome ? isRetryableStatus(method, outcome.response.status) : isRetryableConnectionFailure(method, outcome.failure.sent);
      const give = () => {
        if ("failure" in outcome) throw outcome.failure;
        return outcome.response;
      };
      if (!retryable || !canRetry) return give();
      const delayMs = retryDelay(attempt + 1, retry, "response" in outcome ? outcome.response.headers.get("retry-after") : null);
      // A Retry-After beyond the cap is the server saying "not soon": hand the answer back now.
      if ("response" in outcome && outcome.response.headers.has("retry-after") && delayMs > retry.maxRetryAfterMs) return give();
      if (Date.now() - started + delayMs > retry.budgetMs) return give();
      retry.onRetry?.({
        retry: attempt + 1,
        delayMs,
        method,
        url,
        ...("response" in outcome ? { status: outcome.response.status } : { error: outcome.failure }),
      });
      if ("response" in outcome) await outcome.response.body?.cancel();
      await sleep(delayMs, caller).catch(() => {
        throw new CognigyAbortError({ method, url }, { cause: caller.reason });
      });
    }
  };
}

/** Reads the body so that a failure while reading it is caught (and retried) here, under the timeout. */
async function buffered(response: Response): Promise<Response> {
  const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
  const copy = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperty(copy, "url", { value: response.url });
  return copy;
}

function connectionError(method: string, url: string, error: unknown): CognigyConnectionError {
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const code = cause?.code ?? (error as { code?: string } | undefined)?.code;
  const sent = !(code && NOT_SENT.has(code));
  const message = cause?.message ?? (error instanceof Error ? error.message : String(error));
  const reason = code ? `${describeCode(code)} (${code})` : message;
  return new CognigyConnectionError({ method, url, sent, reason }, { cause: error });
}

function describeCode(code: string): string {
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ECONNRESET") return "connection reset";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host not found";
  if (code === "UND_ERR_SOCKET") return "the server closed the connection";
  if (code === "UND_ERR_CONNECT_TIMEOUT") return "connect timed out";
  return "network error";
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
