import { printable } from "../shared/printable.js";
import { CognigyError } from "./base.js";

/** What every error about one sent request knows of it. */
interface RequestContext {
  readonly method: string;
  /** The request URL with credentials in its query redacted. */
  readonly url: string;
}

/** Base of the errors about one request that was sent, or tried to be, and got no HTTP error answer. */
export class CognigyRequestError extends CognigyError {
  static {
    this.prototype.name = "CognigyRequestError";
  }
  readonly method: string;
  /** The request URL with credentials in its query redacted. */
  readonly url: string;

  constructor(context: RequestContext, what: string, options?: { cause?: unknown }) {
    super(`${context.method} ${context.url} ${what}`, options);
    this.method = context.method;
    this.url = context.url;
  }
}

/**
 * The request could not be completed: connection refused or reset, DNS failure, the response
 * broke off. `cause` keeps the original error; `sent` says whether the server may have got it.
 */
export class CognigyConnectionError extends CognigyRequestError {
  static {
    this.prototype.name = "CognigyConnectionError";
  }
  /** False when the connection failed before the request left (safe to retry any method). */
  readonly sent: boolean;

  constructor(context: RequestContext & { sent: boolean; reason: string }, options?: { cause?: unknown }) {
    super(context, `failed: ${context.reason}`, options);
    this.sent = context.sent;
  }
}

/**
 * The request failed on this side before it was sent: openapi-fetch could not serialize it, a
 * middleware threw, or the platform refused to build it. Nothing reached the server; it is never
 * retried. `cause` is the original error.
 */
export class CognigyLocalError extends CognigyRequestError {
  static {
    this.prototype.name = "CognigyLocalError";
  }

  constructor(context: RequestContext & { reason: string }, options?: { cause?: unknown }) {
    super(context, `was not sent: ${context.reason}`, options);
  }
}

/**
 * The server redirected somewhere the client will not take the request: to another origin (the
 * credential must not go there; see `crossOriginRedirects`), to plain http, in a loop or too many
 * times, somewhere a browser does not reveal, or with a streamed body that cannot be sent again. `location` is where it pointed, redacted.
 */
export class CognigyRedirectError extends CognigyRequestError {
  static {
    this.prototype.name = "CognigyRedirectError";
  }
  readonly reason: "cross-origin" | "insecure" | "too-many" | "hidden" | "unreplayable";
  readonly status: number;
  /** The redirect's target, with credentials in its query redacted; empty when the platform hides it. */
  readonly location: string;

  constructor(
    context: RequestContext & {
      reason: CognigyRedirectError["reason"];
      status: number;
      location: string;
      message: string;
    },
  ) {
    super(
      context,
      `→ ${context.status} redirect${context.location ? ` to ${context.location}` : ""} not followed: ${context.message}`,
    );
    this.reason = context.reason;
    this.status = context.status;
    this.location = context.location;
  }
}

/** No complete response arrived within `timeoutMs` (the client's or the request's `timeout`). */
export class CognigyTimeoutError extends CognigyRequestError {
  static {
    this.prototype.name = "CognigyTimeoutError";
  }
  readonly timeoutMs: number;

  constructor(
    context: RequestContext & { timeoutMs: number },
    options?: { cause?: unknown },
    what = `timed out after ${context.timeoutMs} ms`,
  ) {
    super(context, what, options);
    this.timeoutMs = context.timeoutMs;
  }
}

/**
 * Not sent: the server asked the client to pause (a 429 or 503 to one of its calls, with a
 * `Retry-After` or a backoff) for longer than this call's `timeout` allows, so it fails at once
 * instead of waiting to time out. `pauseMs` is what was left of the pause; `status` the refusal's.
 * A {@link CognigyTimeoutError}: nothing is retried.
 */
export class CognigyRateLimitPauseError extends CognigyTimeoutError {
  static {
    this.prototype.name = "CognigyRateLimitPauseError";
  }
  /** What was left of the client's pause when the call failed. */
  readonly pauseMs: number;
  /** The status that paused the client: 429 or 503. */
  readonly status: number;

  constructor(context: RequestContext & { timeoutMs: number; status: number; pauseMs: number }) {
    super(
      context,
      undefined,
      `was not sent: the client waits ${context.pauseMs} ms more for the server (its ${context.status} asked for a pause, by Retry-After or backoff), past this call's timeout of ${context.timeoutMs} ms`,
    );
    this.pauseMs = context.pauseMs;
    this.status = context.status;
  }
}

/** The caller's `AbortSignal` fired; `cause` is the signal's reason. */
export class CognigyAbortError extends CognigyRequestError {
  static {
    this.prototype.name = "CognigyAbortError";
  }

  constructor(context: RequestContext, options?: { cause?: unknown }) {
    super(context, "was aborted", options);
  }
}

/**
 * A successful status with a body that is not what was asked for: another content type (an HTML
 * page from a proxy), malformed or empty JSON. Carries the status, content type and an excerpt.
 */
export class CognigyUnexpectedResponseError extends CognigyRequestError {
  static {
    this.prototype.name = "CognigyUnexpectedResponseError";
  }
  readonly status: number;
  readonly contentType: string;
  /** The first 200 characters of the body. */
  readonly excerpt: string;

  constructor(
    context: RequestContext & { status: number; contentType: string; body: string; reason: string },
    options?: { cause?: unknown },
  ) {
    const excerpt = context.body.slice(0, 200);
    super(
      context,
      `→ ${context.status}: ${context.reason} (content-type ${printable(context.contentType) || "none"}): ${printable(JSON.stringify(excerpt))}`,
      options,
    );
    this.status = context.status;
    this.contentType = context.contentType;
    this.excerpt = excerpt;
  }
}

/**
 * A body larger than `maxBodyBytes` (the client's or the call's) was not read into memory. Raise the
 * limit for this call, or stream the body with `parseAs: "stream"` (see {@link csvRecords}).
 */
export class CognigyBodyTooLargeError extends CognigyUnexpectedResponseError {
  static {
    this.prototype.name = "CognigyBodyTooLargeError";
  }
  readonly limitBytes: number;

  constructor(context: RequestContext & { status: number; contentType: string; limitBytes: number }) {
    super({ ...context, body: "", reason: `the body is larger than maxBodyBytes (${context.limitBytes} bytes)` });
    this.limitBytes = context.limitBytes;
  }
}

/**
 * A download did not arrive whole: the body broke off, or held more or fewer bytes than its
 * `Content-Length` announced. What was written is not to be trusted; `receivedBytes` of
 * `expectedBytes` (undefined when the server announced none) arrived.
 */
export class CognigyDownloadError extends CognigyRequestError {
  static {
    this.prototype.name = "CognigyDownloadError";
  }
  readonly expectedBytes: number | undefined;
  readonly receivedBytes: number;

  constructor(
    context: { method: string; url: string; expectedBytes: number | undefined; receivedBytes: number; reason: string },
    options?: { cause?: unknown },
  ) {
    super(
      context,
      `download failed: ${context.reason} (${context.receivedBytes}${context.expectedBytes === undefined ? "" : ` of ${context.expectedBytes}`} bytes arrived)`,
      options,
    );
    this.expectedBytes = context.expectedBytes;
    this.receivedBytes = context.receivedBytes;
  }
}
