/**
 * A credential strategy: adds its credential to an outgoing request and does nothing else.
 * Create one with a factory ({@link apiKeyAuth}, {@link bearerAuth}, {@link cxoneAuth},
 * {@link basicAuth}, {@link oauth2Auth}); pass it as `createCognigyClient({ auth })` or per call.
 */
export interface CognigyAuth {
  /** The scheme, for messages and logs, e.g. `"apiKey"`. Never the credential itself. */
  readonly type: string;
  /** Returns the request with the credential added (the same request or a new one). */
  authorize(request: Request): Request | Promise<Request>;
  /**
   * Called once when the server answered 401 to `request` (as authorized). Resolves true when a
   * new credential is ready and the request is worth sending once more; false otherwise.
   */
  renew?(request: Request): Promise<boolean>;
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
