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

/** No complete response arrived within `timeoutMs` (the client's or the request's `timeout`). */
export class CognigyTimeoutError extends CognigyRequestError {
  static {
    this.prototype.name = "CognigyTimeoutError";
  }
  readonly timeoutMs: number;

  constructor(context: RequestContext & { timeoutMs: number }, options?: { cause?: unknown }) {
    super(context, `timed out after ${context.timeoutMs} ms`, options);
    this.timeoutMs = context.timeoutMs;
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

  constructor(context: RequestContext & { status: number; contentType: string; body: string; reason: string }, options?: { cause?: unknown }) {
    const excerpt = context.body.slice(0, 200);
    super(context, `→ ${context.status}: ${context.reason} (content-type ${context.contentType || "none"}): ${JSON.stringify(excerpt)}`, options);
    this.status = context.status;
    this.contentType = context.contentType;
    this.excerpt = excerpt;
  }
}
