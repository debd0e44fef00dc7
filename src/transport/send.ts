import {
  CognigyAbortError,
  CognigyConnectionError,
  CognigyLocalError,
  CognigyRateLimitPauseError,
  CognigyTimeoutError,
} from "../errors/request-errors.js";
import { isCognigyError } from "../errors/guards.js";
import { log, type CognigyLogger } from "../shared/logger.js";
import { MAX_TIMER_MS, sleep } from "../shared/timers.js";
import { describeNetworkFailure } from "./network-failure.js";
import { refusalPause, retryWait, type ResolvedRetryOptions } from "./retry.js";
import { parseRetryAfter } from "../shared/retry-after.js";
import { PausedPastDeadline, type Throttle } from "./throttle.js";

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
  /** The client's pace: every attempt waits here for a slot. */
  readonly throttle: Throttle;
  readonly logger: CognigyLogger | undefined;
}

/**
 * One attempt: a whole openapi-fetch call, body read included, bounded by `signal`. It calls
 * `sending()` just before the request goes to the network: a failure before that is local (never
 * retried), one after it is the connection's.
 */
export type Attempt<Result extends { response: Response }> = (
  signal: AbortSignal,
  sending: () => void,
) => Promise<Result>;

// An answer (with its Retry-After and the pause it caused when it was a refusal), or a failed connection.
type Outcome<Result> =
  | { result: Result; status: number; retryAfterMs: number | undefined; pauseMs: number | undefined }
  | { failure: CognigyConnectionError };

/**
 * Makes a call's attempts: each waits for the client's pace (see throttle.ts), is bounded by the
 * timeout and the caller's signal from the moment it is queued, and is a whole openapi-fetch
 * call, so the timeout covers the body and a body that breaks off is retried like any connection
 * failure. Failures are retried where that is safe (see retry.ts), honouring `Retry-After`; a 429
 * or 503 slows the whole client down. Throws only Cognigy*Error types; an HTTP error status comes
 * back as the last attempt's result.
 */
export async function sendWithRetries<Result extends { response: Response }>(
  options: SendOptions,
  attempt: Attempt<Result>,
): Promise<Result> {
  const { retry, signal: caller, logger } = options;
  const started = Date.now();
  // When the next attempt is due: a retry after a refusal waits in the client's queue, which the refusal paused.
  let dueAt = 0;
  for (let retries = 0; ; retries++) {
    // Every attempt has its whole timeout: the budget decides whether a retry starts, never how
    // long it may take (an upload's 30 minutes stay 30 minutes).
    const outcome = await attemptOnce(options, attempt, options.timeout, retries, dueAt);
    const delayMs = retryWait(
      options.method,
      options.replayable,
      retries + 1,
      retry,
      "result" in outcome ? outcome : { sent: outcome.failure.sent },
    );
    if (delayMs === undefined || Date.now() - started + delayMs > retry.budgetMs) {
      if ("result" in outcome) return outcome.result;
      log(
        logger,
        "error",
        { method: options.method, url: options.url(), error: outcome.failure.name, attempt: retries + 1 },
        outcome.failure.message,
      );
      throw outcome.failure;
    }
    const cause = "result" in outcome ? { status: outcome.status } : { error: outcome.failure };
    if (logger) {
      const why = "status" in cause ? `answered ${cause.status}` : cause.error.message;
      log(
        logger,
        "warn",
        {
          method: options.method,
          url: options.url(),
          retry: retries + 1,
          delayMs,
          status: "status" in cause ? cause.status : undefined,
          error: "error" in cause ? cause.error.name : undefined,
        },
        `${why}; retry ${retries + 1} of ${retry.maxRetries} in ${delayMs} ms`,
      );
    }
    retry.onRetry?.({ retry: retries + 1, delayMs, method: options.method, url: options.url(), ...cause });
    if ("result" in outcome && outcome.pauseMs !== undefined) {
      // A refusal's retry is queued now, ahead of first attempts, and sent when the client's pause ends.
      dueAt = Date.now() + delayMs;
      continue;
    }
    dueAt = 0;
    await sleep(delayMs, caller).catch((reason: unknown) => {
      throw new CognigyAbortError({ method: options.method, url: options.url() }, { cause: reason });
    });
  }
}

// One attempt: queued for the client's pace, then sent. The timeout runs from the queueing, or for
// a retry queued early, from when it is due.
async function attemptOnce<Result extends { response: Response }>(
  options: SendOptions,
  attempt: Attempt<Result>,
  timeoutMs: number,
  retries: number,
  dueAt: number,
): Promise<Outcome<Result>> {
  const { method, signal: caller, logger } = options;
  const timeoutIn = Math.min(timeoutMs + Math.max(0, dueAt - Date.now()), MAX_TIMER_MS);
  // The attempt's signal: its timer's, joined with the caller's, which goes on governing a body
  // streamed after the attempt. `stop` ends the wait for an answer when either fires, even from a
  // `fetch` of the user's (a test double, a wrapper) that ignores the signal (before the attempt
  // starts, the signal ends its wait for a slot).
  const timeout = new AbortController();
  const signal = caller ? AbortSignal.any([caller, timeout.signal]) : timeout.signal;
  let timedOut = false;
  let stop: (reason: unknown) => void = () => undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    const reason = new DOMException("timed out", "TimeoutError");
    timeout.abort(reason);
    stop(reason);
  }, timeoutIn);
  const onCallerAbort = () => stop(caller?.reason);
  caller?.addEventListener("abort", onCallerAbort, { once: true });
  let dispatched = false;
  let began = 0;
  let retryAfterMs: number | undefined;
  let pauseMs: number | undefined;
  try {
    const result = await options.throttle.run(
      async (refused) => {
        began = performance.now();
        const result = await new Promise<Result>((resolve, reject) => {
          stop = reject;
          attempt(signal, () => void (dispatched = true)).then(resolve, reject);
        });
        const { response } = result;
        if (!response.ok) {
          retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
          // Reported while the attempt holds its slot, so that no queued attempt starts first.
          pauseMs = refusalPause(response.status, retryAfterMs, retries + 1, options.retry);
          if (pauseMs !== undefined) refused(response.status, pauseMs);
        }
        return result;
      },
      signal,
      retries > 0,
      Date.now() + timeoutIn,
    );
    if (logger) {
      const { status } = result.response;
      log(
        logger,
        "debug",
        { method, url: options.url(), status, durationMs: elapsed(began), attempt: retries + 1 },
        `${method} ${options.url()} → ${status} in ${elapsed(began)} ms (attempt ${retries + 1})`,
      );
    }
    return { result, status: result.response.status, retryAfterMs, pauseMs };
  } catch (error) {
    if (caller?.aborted) throw new CognigyAbortError({ method, url: options.url() }, { cause: caller.reason });
    if (timedOut) {
      const timeoutError = new CognigyTimeoutError({ method, url: options.url(), timeoutMs }, { cause: error });
      log(
        logger,
        "error",
        { method, url: options.url(), error: timeoutError.name, timeoutMs, attempt: retries + 1, queued: began === 0 },
        timeoutError.message,
      );
      throw timeoutError;
    }
    if (error instanceof PausedPastDeadline) {
      const paused = new CognigyRateLimitPauseError({
        method,
        url: options.url(),
        timeoutMs,
        status: error.status,
        pauseMs: error.pauseMs,
      });
      log(
        logger,
        "error",
        { method, url: options.url(), error: paused.name, timeoutMs, pauseMs: error.pauseMs, attempt: retries + 1 },
        paused.message,
      );
      throw paused;
    }
    if (isCognigyError(error)) throw error;
    if (!dispatched) throw localFailure(method, options.url(), error);
    const { reason, sent } = describeNetworkFailure(error);
    log(
      logger,
      "debug",
      { method, url: options.url(), error: reason, durationMs: elapsed(began), attempt: retries + 1 },
      `${method} ${options.url()} failed: ${reason} after ${elapsed(began)} ms (attempt ${retries + 1})`,
    );
    return { failure: new CognigyConnectionError({ method, url: options.url(), reason, sent }, { cause: error }) };
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener("abort", onCallerAbort);
  }
}

const elapsed = (since: number) => Math.round(performance.now() - since);

// What failed locally, in openapi-fetch's or a middleware's own words. The platform's refusal of a
// header or URL is neither repeated nor kept as the cause: it quotes the value, maybe a credential.
function localFailure(method: string, url: string, error: unknown): CognigyLocalError {
  const message = error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : String(error);
  if (error instanceof TypeError && /\bHeaders\b|header (value|name)|parse URL|Invalid URL/.test(message)) {
    return new CognigyLocalError({
      method,
      url,
      reason: "the platform refused to build the request (a header or URL it cannot carry)",
    });
  }
  return new CognigyLocalError({ method, url, reason: message.slice(0, 200) }, { cause: error });
}
