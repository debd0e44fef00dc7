import type { CognigyAuth, CognigyOutgoingRequest } from "./auth/types.js";
import { CognigyAbortError, CognigyConnectionError, CognigyTimeoutError, isCognigyError } from "./errors.js";
import { isRetryableConnectionFailure, isRetryableStatus, retryDelay, type RetryOptions } from "./retry.js";

/** How one call is sent: its attempts, their limits, and what may be repeated. */
export interface SendOptions {
  readonly method: string;
  /** The redacted URL, computed only when an error or onRetry needs it. */
  readonly url: () => string;
  readonly auth: CognigyAuth | undefined;
  /** Per attempt: to the end of the body, or to the headers when the body is streamed. */
  readonly timeoutMs: number;
  /** Complete: every field set (the client merges its settings over DEFAULT_RETRY once). */
  readonly retry: Required<Omit<RetryOptions, "onRetry">> & Pick<RetryOptions, "onRetry">;
  /** The caller's own signal, if any. */
  readonly callerSignal: AbortSignal | undefined;
  /** False for a streamed request body: it can be sent only once, so it is never retried or replayed. */
  readonly replayable: boolean;
}

/** One attempt: the whole call (request and body read), bounded by this signal. */
export type Attempt<Result extends { response: Response }> = (signal: AbortSignal) => Promise<Result>;

// Connection failures that happen before a byte of the request is written: the server cannot have it.
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "EADDRNOTAVAIL", "UND_ERR_CONNECT_TIMEOUT"]);

/**
 * Runs a call's attempts: each bounded by the timeout and the caller's signal, a 401 renewed and
 * replayed once when the credential can be renewed, and failures retried where that is safe (see
 * retry.ts), honouring Retry-After. Each attempt is a whole openapi-fetch call, body read
 * included, so a body that breaks off is retried like any connection failure. Throws only
 * Cognigy*Error types; an HTTP error status comes back as the last attempt's result.
 */
export async function sendWithRetries<Result extends { response: Response }>(
  options: SendOptions,
  attempt: Attempt<Result>,
  /** The last request as authorized (its credential), for a 401 renewal. */
  sent: () => CognigyOutgoingRequest | undefined,
): Promise<Result> {
  const { method, callerSignal: caller, retry } = options;
  const started = Date.now();
  let renewed = false;
  for (let number = 0; ; number++) {
    const canRetry = options.replayable && number < retry.maxRetries;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new DOMException("timed out", "TimeoutError")), options.timeoutMs);
    let outcome: { result: Result } | { failure: CognigyConnectionError };
    try {
      outcome = { result: await attempt(caller ? AbortSignal.any([caller, timeout.signal]) : timeout.signal) };
    } catch (error) {
      if (caller?.aborted) throw new CognigyAbortError({ method, url: options.url() }, { cause: caller.reason });
      if (timeout.signal.aborted) throw new CognigyTimeoutError({ method, url: options.url(), timeoutMs: options.timeoutMs }, { cause: error });
      if (isCognigyError(error)) throw error;
      outcome = { failure: connectionError(method, options.url(), error) };
    } finally {
      clearTimeout(timer);
    }

    // A 401 may mean the token just expired: renew it once and send the same request again.
    const request = sent();
    if ("result" in outcome && outcome.result.response.status === 401 && options.replayable && !renewed && request && (await options.auth?.renew?.(request))) {
      renewed = true;
      number--;
      continue;
    }
    const retryable = "result" in outcome ? isRetryableStatus(method, outcome.result.response.status) : isRetryableConnectionFailure(method, outcome.failure.sent);
    const give = () => {
      if ("failure" in outcome) throw outcome.failure;
      return outcome.result;
    };
    if (!retryable || !canRetry) return give();
    const retryAfter = "result" in outcome ? outcome.result.response.headers.get("retry-after") : null;
    const delayMs = retryDelay(number + 1, retry, retryAfter);
    // A Retry-After beyond the cap is the server saying "not soon": hand the answer back now.
    if (retryAfter !== null && delayMs > retry.maxRetryAfterMs) return give();
    if (Date.now() - started + delayMs > retry.budgetMs) return give();
    retry.onRetry?.({
      retry: number + 1,
      delayMs,
      method,
      url: options.url(),
      ...("result" in outcome ? { status: outcome.result.response.status } : { error: outcome.failure }),
    });
    await sleep(delayMs, caller).catch(() => {
      throw new CognigyAbortError({ method, url: options.url() }, { cause: caller?.reason });
    });
  }
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
