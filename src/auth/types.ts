/** The headers of an outgoing request: what a strategy may read and change (a `Headers` object has them all). */
export type CognigyHeaders = Pick<Headers, "get" | "set" | "has" | "delete">;

/**
 * A request on its way out, as an auth strategy sees it: its method, its URL (a strategy may
 * replace it, e.g. to add a query parameter) and its headers (a strategy may set them).
 */
export interface CognigyOutgoingRequest {
  readonly method: string;
  url: string;
  readonly headers: CognigyHeaders;
  /** The call's signal (its timeout and the caller's abort): a strategy that waits, e.g. for a token, stops when it fires. */
  readonly signal?: AbortSignal;
}

/**
 * A credential strategy: adds its credential to an outgoing request and does nothing else.
 * Create one with a factory ({@link apiKeyAuth}, {@link bearerAuth}, {@link cxoneAuth},
 * {@link basicAuth}, {@link oauth2Auth}); pass it as `createCognigyClient({ auth })` or per call.
 */
export interface CognigyAuth {
  /** The scheme, for messages and logs, e.g. `"apiKey"`. Never the credential itself. */
  readonly type: string;
  /** Adds the credential to `request` in place: sets a header, or replaces `request.url`. */
  authorize(request: CognigyOutgoingRequest): void | Promise<void>;
  /**
   * Called once when the server answered 401 to `request` (as authorized). Resolves true when a
   * new credential is ready and the request is worth sending once more; false otherwise.
   */
  renew?(request: CognigyOutgoingRequest): Promise<boolean>;
  /** Names the scheme for logs, e.g. `apiKeyAuth([redacted])`; never shows the credential. */
  toString(): string;
}

/** Makes `String()`, `JSON.stringify()` and Node's `util.inspect` show a strategy without its secret. */
export function redactedView(type: string): object {
  const view = `${type}Auth([redacted])`;
  return {
    toString: () => view,
    toJSON: () => ({ type, credential: "[redacted]" }),
    [Symbol.for("nodejs.util.inspect.custom")]: () => view,
  };
}
