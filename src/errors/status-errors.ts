import { redactSent, redactUrl } from "../shared/redact.js";
import { parseRetryAfter } from "../shared/retry-after.js";
import { CognigyApiError, type ApiErrorInput, type CallRequest } from "./api-error.js";

// One class per common meaning of an HTTP error status, and the one place that picks it.

/** 400 or 422: the request was malformed or failed Cognigy's validation. */
export class CognigyBadRequestError extends CognigyApiError {
  static {
    this.prototype.name = "CognigyBadRequestError";
  }
}
/** 401: no credential, or a wrong or expired one. */
export class CognigyAuthenticationError extends CognigyApiError {
  static {
    this.prototype.name = "CognigyAuthenticationError";
  }
}
/** 403: the credential is valid but may not do this. */
export class CognigyPermissionError extends CognigyApiError {
  static {
    this.prototype.name = "CognigyPermissionError";
  }
}
/** 404: the resource does not exist (or is not visible to this credential). */
export class CognigyNotFoundError extends CognigyApiError {
  static {
    this.prototype.name = "CognigyNotFoundError";
  }
}
/** 409: the request conflicts with the resource's current state. */
export class CognigyConflictError extends CognigyApiError {
  static {
    this.prototype.name = "CognigyConflictError";
  }
}
/** 5xx: Cognigy or a gateway in front of it failed. */
export class CognigyServerError extends CognigyApiError {
  static {
    this.prototype.name = "CognigyServerError";
  }
}
/** 429: rate limited. `retryAfterMs` is the wait the server asked for, when it said. */
export class CognigyRateLimitError extends CognigyApiError {
  static {
    this.prototype.name = "CognigyRateLimitError";
  }
  readonly retryAfterMs: number | undefined;

  constructor(input: ApiErrorInput) {
    super(input);
    this.retryAfterMs = parseRetryAfter(input.headers.get("retry-after"));
  }
}

/**
 * The {@link CognigyApiError} for a call's error answer: its status, headers, body and request.
 * The one place that turns a `Response` into an API error (the client, {@link unwrap} and
 * {@link csvRecords} all come here).
 */
export function apiErrorOf(result: {
  error?: unknown;
  response: Response;
  request?: CallRequest | undefined;
}): CognigyApiError {
  const { response, request } = result;
  // Whatever credential the request carried is redacted wherever the answer repeats it.
  return createApiError({
    method: request?.method ?? "HTTP",
    path: request?.path,
    url: redactSent(response.url ? redactUrl(response.url) : (request?.path ?? ""), response),
    status: response.status,
    statusText: redactSent(response.statusText, response),
    headers: new Headers(redactSent([...response.headers], response)),
    body: redactSent(result.error, response),
  });
}

/** Builds the error class that names what an HTTP error status means; the one place that decides. */
export function createApiError(input: ApiErrorInput): CognigyApiError {
  const { status } = input;
  if (status === 400 || status === 422) return new CognigyBadRequestError(input);
  if (status === 401) return new CognigyAuthenticationError(input);
  if (status === 403) return new CognigyPermissionError(input);
  if (status === 404) return new CognigyNotFoundError(input);
  if (status === 409) return new CognigyConflictError(input);
  if (status === 429) return new CognigyRateLimitError(input);
  if (status >= 500) return new CognigyServerError(input);
  return new CognigyApiError(input);
}
