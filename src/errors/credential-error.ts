import { CognigyError } from "./base.js";

/**
 * A credential could not be obtained: a token getter threw or returned nothing usable, or the
 * OAuth2 token endpoint refused (a revoked refresh token, a wrong client secret) or answered
 * something that is not a token. For OAuth2 failures `error` and `status` say what the endpoint said.
 */
export class CognigyCredentialError extends CognigyError {
  static {
    this.prototype.name = "CognigyCredentialError";
  }
  /** The auth scheme, e.g. `"oauth2"`. */
  readonly scheme: string;
  /** The OAuth2 error code (`invalid_grant`, `invalid_client` …), when the endpoint gave one. */
  readonly error: string | undefined;
  /** The token endpoint's HTTP status, when it answered. */
  readonly status: number | undefined;

  constructor(
    scheme: string,
    message: string,
    options?: { cause?: unknown; error?: string | undefined; status?: number | undefined },
  ) {
    super(`${scheme}: ${message}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.scheme = scheme;
    this.error = options?.error;
    this.status = options?.status;
  }
}
