/** How failed requests are retried. Every field has a default; pass only what you change. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2; 0 turns retries off. */
  maxRetries?: number | undefined;
  /** The first backoff wait; it doubles with each retry, with jitter. Default 500 ms. */
  initialDelayMs?: number | undefined;
  /** The longest backoff wait. Default 8 000 ms. */
  maxDelayMs?: number | undefined;
  /**
   * A `Retry-After` longer than this is not waited for: the 429 or 503 comes back at once (with
   * `retryAfterMs` on the error). Default 60 000 ms; 0 fails fast on every `Retry-After`.
   */
  maxRetryAfterMs?: number | undefined;
  /**
   * How long after a call began a retry may still start: a retry whose wait would end later is not
   * made, and the last answer (or failure) is the call's. It never shortens an attempt, which always
   * has its whole `timeout`. A limit on the whole call is a `signal: AbortSignal.timeout(ms)`.
   * Default 120 000 ms.
   */
  budgetMs?: number | undefined;
  /** Called before each retry's wait, e.g. to log it. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
}

/** What {@link RetryOptions.onRetry} is told. */
export interface RetryEvent {
  /** 1 for the first retry. */
  readonly retry: number;
  readonly delayMs: number;
  readonly method: string;
  /** The redacted URL. */
  readonly url: string;
  /** The status that caused the retry, or the connection error. */
  readonly status?: number;
  readonly error?: Error;
}

/** Retry settings with every limit filled in, as a call uses them. */
export type ResolvedRetryOptions = {
  readonly [K in Exclude<keyof RetryOptions, "onRetry">]-?: Exclude<RetryOptions[K], undefined>;
} & { readonly onRetry?: RetryOptions["onRetry"] };

/** The limits every call starts from; a client's and a call's `retry` are merged over them. */
export const DEFAULT_RETRY: ResolvedRetryOptions = {
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  budgetMs: 120_000,
};

// RFC 9110 §9.2.2: repeating these has the same effect as sending them once.
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
// 408 and 429 ask for a retry; 500, 502, 503 and 504 are usually transient in a gateway or node.
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** Whether a response with this status may be retried for this method. */
function isRetryableStatus(method: string, status: number): boolean {
  // A non-idempotent POST or PATCH that got an answer reached the server: never repeat it.
  return IDEMPOTENT_METHODS.has(method) && RETRYABLE_STATUSES.has(status);
}

/** Whether a failed connection may be retried: always before the request left, else only when idempotent. */
function isRetryableConnectionFailure(method: string, sent: boolean): boolean {
  return !sent || IDEMPOTENT_METHODS.has(method);
}

/** How an attempt ended, as the retry policy reads it: an answer, or a connection that failed. */
export type AttemptEnd =
  | {
      readonly status: number;
      /** The answer's `Retry-After`, read (see parseRetryAfter). */
      readonly retryAfterMs: number | undefined;
      /** The pause the answer caused the whole client (see {@link refusalPause}). */
      readonly pauseMs: number | undefined;
    }
  | { readonly sent: boolean };

/**
 * The wait before retry number `retry` (1-based) after an attempt that ended so, or undefined when
 * that was the call's last: the request cannot be sent again, the retries are spent, the failure is
 * not one to retry (see above), or a `Retry-After` past `maxRetryAfterMs` says "not soon". A
 * refusal's retry waits as long as the pause it caused.
 */
export function retryWait(
  method: string,
  replayable: boolean,
  retry: number,
  options: ResolvedRetryOptions,
  end: AttemptEnd,
): number | undefined {
  if (!replayable || retry > options.maxRetries) return undefined;
  if ("sent" in end)
    return isRetryableConnectionFailure(method, end.sent) ? retryDelay(retry, options, undefined) : undefined;
  if (!isRetryableStatus(method, end.status)) return undefined;
  if (end.retryAfterMs !== undefined && end.retryAfterMs > options.maxRetryAfterMs) return undefined;
  return end.pauseMs ?? retryDelay(retry, options, end.retryAfterMs);
}

/**
 * A 429, or a 503, is the server asking everyone to slow down: the pause it asks of the whole
 * client — its `Retry-After`, else the backoff before retry number `retry`, capped at
 * `maxRetryAfterMs`; 0 when the `Retry-After` is past that cap ("not soon": the call gets its answer
 * now and the others are not held for it, the client only sends fewer at once). Undefined for any
 * other status.
 */
export function refusalPause(
  status: number,
  retryAfterMs: number | undefined,
  retry: number,
  options: ResolvedRetryOptions,
): number | undefined {
  if (status !== 429 && status !== 503) return undefined;
  if (retryAfterMs !== undefined && retryAfterMs > options.maxRetryAfterMs) return 0;
  return Math.min(retryAfterMs ?? retryDelay(retry, options, undefined), options.maxRetryAfterMs);
}

/**
 * The wait before retry number `retry` (1-based): the server's `Retry-After` when it gave one
 * (read by parseRetryAfter), else exponential backoff with equal jitter (half fixed, half random),
 * capped at `maxDelayMs`.
 */
export function retryDelay(
  retry: number,
  options: ResolvedRetryOptions,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

const RETRY_KEYS = ["maxRetries", "initialDelayMs", "maxDelayMs", "maxRetryAfterMs", "budgetMs", "onRetry"] as const;

/** `override` over `base`, field by field; a field left undefined keeps `base`'s value. */
export function mergeRetry(base: ResolvedRetryOptions, override: RetryOptions | undefined): ResolvedRetryOptions {
  if (override === undefined) return base;
  const merged = { ...base };
  for (const key of RETRY_KEYS)
    if (override[key] !== undefined) (merged as Record<string, unknown>)[key] = override[key];
  return merged;
}
