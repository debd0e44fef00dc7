import { CognigyAbortError, CognigyConnectionError, CognigyLocalError, CognigyTimeoutError } from "../errors/request-errors.js";
import { isCognigyError } from "../errors/guards.js";
import { MAX_TIMER_MS } from "../shared/timers.js";
import { describeNetworkFailure } from "./network-failure.js";
import { isRetryableConnectionFailure, isRetryableStatus, retryDelay, type ResolvedRetryOptions } from "./retry.js";

/** A `fetch` as this library takes one everywhere: it is handed a `Request`. */
export type Fetch = (request: Request) => Promise<Response>;

/** How a call's attempts are made. */
export interface SendOptions {
  readonly method: string;
  /** The request URL with credentials redacted, for messages (computed only when one needs it). */
  readonly url: () => string;
  /** Milliseconds per attempt: to the end of the body, or to the headers when the body is streamed. */
  readonly timeout: number;
  readonly retry: ResolvedRetryOptions;
  /** The caller's own signal, if any. */
  readonly signal: AbortSignal | undefined;
  /** False for a streamed request body: it can be sent only once, so it is never retried. */
  readonly replayable: boolean;
}

/**
 * One attempt: a whole openapi-fetch call, body read included, bounded by `signal`. It calls
 * `sending()` just before the request goes to the network: a failure before that is local (never
 * retried), one after it is the connection's.
 */
export type Attempt<Result extends { response: Response }> = (signal: AbortSignal, sending: () => void) => Promise<Result>;

type Outcome<Result> = { result: Result } | { failure: CognigyConnectionError };

/**
 * Makes a call's attempts: each bounded by the timeout and the caller's signal, and each a whole
 * openapi-fetch call, so the timeout covers the body and a body that breaks off is retried like
 * any connection failure. Failures are retried where that is safe (see retry.ts), honouring
 * `Retry-After`. Throws only Cognigy*Error types; an HTTP error status comes back as the last
 * attempt's result.
 */
export async function sendWithRetries<Result extends { response: Response }>(options: SendOptions, attempt: Attempt<Result>): Promise<Result> {
  const { retry, signal: caller } = options;
  const started = Date.now();
  for (let retries = 0; ; retries++) {
    // The budget bounds the whole call: the last attempt gets only what is left of it.
    const outcome = await attemptOnce(options, attempt, Math.min(options.timeout, Math.max(1, retry.budgetMs - (Date.now() - started))));
    const delayMs = retryWait(options, outcome, retries);
    if (delayMs === undefined || Date.now() - started + delayMs > retry.budgetMs) return settle(outcome);
    retry.onRetry?.({
      retry: retries + 1,
      delayMs,
      method: options.method,
      url: options.url(),
      ...("result" in outcome ? { status: outcome.result.response.status } : { error: outcome.failure }),
    });
    await sleep(delayMs, caller).catch((reason: unknown) => {
      throw new CognigyAbortError({ method: options.method, url: options.url() }, { cause: reason });
    });
  }
}

async function attemptOnce<Result extends { response: Response }>(options: SendOptions, attempt: Attempt<Result>, timeoutMs: number): Promise<Outcome<Result>> {
  const { method, signal: caller } = options;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new DOMException("timed out", "TimeoutError")), timeoutMs);
  let dispatched = false;
  try {
    return { result: await attempt(caller ? AbortSignal.any([caller, timeout.signal]) : timeout.signal, () => void (dispatched = true)) };
  } catch (error) {
    if (caller?.aborted) throw new CognigyAbortError({ method, url: options.url() }, { cause: caller.reason });
    if (timeout.signal.aborted) throw new CognigyTimeoutError({ method, url: options.url(), timeoutMs }, { cause: error });
    if (isCognigyError(error)) throw error;
    if (!dispatched) throw localFailure(method, options.url(), error);
    const { reason, sent } = describeNetworkFailure(error);
    return { failure: new CognigyConnectionError({ method, url: options.url(), reason, sent }, { cause: error }) };
  } finally {
    clearTimeout(timer);
  }
}

// The wait before the next attempt, or undefined when this outcome is final.
function retryWait(options: SendOptions, outcome: Outcome<{ response: Response }>, retries: number): number | undefined {
  const { method, retry } = options;
  if (!options.replayable || retries >= retry.maxRetries) return undefined;
  const retryable = "result" in outcome ? isRetryableStatus(method, outcome.result.response.status) : isRetryableConnectionFailure(method, outcome.failure.sent);
  if (!retryable) return undefined;
  const retryAfter = "result" in outcome ? outcome.result.response.headers.get("retry-after") : null;
  const delayMs = retryDelay(retries + 1, retry, retryAfter);
  // A Retry-After beyond the cap is the server saying "not soon": hand the answer back now.
  return retryAfter !== null && delayMs > retry.maxRetryAfterMs ? undefined : delayMs;
}

// What failed locally, in openapi-fetch's or a middleware's own words. The platform's refusal of a
// header or URL is neither repeated nor kept as the cause: it quotes the value, maybe a credential.
function localFailure(method: string, url: string, error: unknown): CognigyLocalError {
  const message = error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : String(error);
  if (error instanceof TypeError && /\bHeaders\b|header (value|name)|parse URL|Invalid URL/.test(message)) {
    return new CognigyLocalError({ method, url, reason: "the platform refused to build the request (a header or URL it cannot carry)" });
  }
  return new CognigyLocalError({ method, url, reason: message.slice(0, 200) }, { cause: error });
}

function settle<Result>(outcome: Outcome<Result>): Result {
  if ("failure" in outcome) throw outcome.failure;
  return outcome.result;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.min(ms, MAX_TIMER_MS));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
