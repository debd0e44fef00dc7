import { CognigyConfigError } from "../errors/config-error.js";
import { CognigyCredentialError } from "../errors/credential-error.js";
import { abortable } from "../shared/abortable.js";
import { redactUrl } from "../shared/redact.js";
import { MAX_TIMER_MS } from "../shared/timers.js";
import type { Fetch } from "../shared/fetch.js";
import { checkCredential } from "./credential.js";
import { lazy } from "../shared/lazy.js";
import type * as TokenRequests from "./oauth2-tokens.js";
import type { Grant, OAuthTokens, TokenEndpoint } from "./oauth2-tokens.js";
import { redactedView, type CognigyAuth, type CognigyOutgoingRequest } from "./types.js";

// The token requests (and oauth4webapi) load with the first token a strategy asks for.
const requestTokens = lazy<typeof TokenRequests.requestTokens>(
  async () => (await import("./oauth2-tokens.js")).requestTokens,
);

/** Cognigy's token endpoint, on the API host (the spec's `tokenUrl: /auth/oauth2/token`). */
export const TOKEN_PATH = "/auth/oauth2/token";

interface OAuth2Common {
  clientId: string;
  /** Confidential clients only; sent per `clientAuth`. */
  clientSecret?: string | undefined;
  /** `"basic"` (client_secret_basic, the default with a secret), `"post"` (client_secret_post) or `"none"`. */
  clientAuth?: "basic" | "post" | "none" | undefined;
  /** Defaults to `/auth/oauth2/token` on the host requests go to. */
  tokenUrl?: string | undefined;
  scope?: string | undefined;
  /** Tokens stored from an earlier run; used until they expire. */
  tokens?: OAuthTokens | undefined;
  /** Called with every new set of tokens, to persist them. */
  onTokens?: ((tokens: OAuthTokens) => void | Promise<void>) | undefined;
  /** Refresh this long before the access token expires, at most half its lifetime. Default 60 000 ms. */
  refreshSkewMs?: number | undefined;
  /** Allow a non-loopback `http://` token URL. */
  allowInsecureHttp?: boolean | undefined;
  /** Milliseconds one token request may take, its answer read. Default 30 000. */
  timeout?: number | undefined;
  /** The `fetch` for token requests (tests, proxies); it is handed a `Request`, as the client's is. */
  fetch?: Fetch | undefined;
}

/** Options for {@link oauth2Auth}: common settings plus one grant. */
export type OAuth2Options = OAuth2Common &
  (
    | { grant: "password"; username: string; password: string }
    | { grant: "client_credentials" }
    | { grant: "authorization_code"; tokens: OAuthTokens }
    | { grant: "refresh_token"; refreshToken: string }
  );

/** The OAuth2 strategy: a {@link CognigyAuth} that also lets you read and replace its tokens. */
export interface OAuth2Auth extends CognigyAuth {
  /** The current tokens, if any (for persisting them yourself). */
  tokens(): OAuthTokens | undefined;
  /** Replaces the tokens, e.g. after the user signed in again; clears a remembered refusal. */
  setTokens(tokens: OAuthTokens): void;
}

/**
 * OAuth2 bearer tokens from Cognigy's token endpoint (RFC 6749), obtained and refreshed with
 * oauth4webapi: password, client-credentials, authorization-code (tokens from
 * {@link exchangeAuthorizationCode}) or a refresh token. Tokens are refreshed `refreshSkewMs` before
 * they expire, by exactly one token request however many calls wait for it; a 401 triggers one
 * refresh and one replay. A refusal that cannot heal (a revoked refresh token, a wrong client
 * secret) is remembered and thrown at once until {@link OAuth2Auth.setTokens} is called.
 *
 * @throws CognigyConfigError at creation for a missing client id, grant or grant parameter.
 * @example
 * const auth = oauth2Auth({ grant: "client_credentials", clientId: "my-client", clientSecret: process.env.CLIENT_SECRET! });
 * const client = createCognigyClient({ environment: "app", auth });
 */
export function oauth2Auth(options: OAuth2Options): OAuth2Auth {
  checkOptions(options);
  const skew = options.refreshSkewMs ?? 60_000;
  let tokens = options.tokens;
  if (options.grant === "refresh_token" && !tokens)
    tokens = { accessToken: "", refreshToken: options.refreshToken, expiresAt: 0 };
  // When the current tokens arrived: a token that lives 2 s is not refreshed 60 s early, before every call.
  let receivedAt = Date.now();
  let inflight: Promise<OAuthTokens> | undefined;
  let refused: CognigyCredentialError | undefined;

  const endpointFor = (request: CognigyOutgoingRequest): TokenEndpoint => ({
    tokenUrl: options.tokenUrl ?? new URL(TOKEN_PATH, request.url).href,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    clientAuth: options.clientAuth,
    allowInsecureHttp: options.allowInsecureHttp,
    timeout: options.timeout,
    fetch: options.fetch,
  });

  async function obtain(endpoint: TokenEndpoint): Promise<OAuthTokens> {
    const refreshToken = tokens?.refreshToken;
    let next: OAuthTokens;
    if (refreshToken) {
      try {
        next = await requestTokens(endpoint, { type: "refresh_token", refreshToken });
      } catch (error) {
        const grant = primaryGrant();
        // A rejected refresh token heals by signing in again when the grant can do that by itself.
        if (!grant || (error as CognigyCredentialError).error !== "invalid_grant") throw error;
        next = await requestTokens(endpoint, grant);
      }
      next.refreshToken ??= refreshToken;
    } else {
      const grant = primaryGrant();
      if (!grant)
        throw new CognigyCredentialError(
          "oauth2",
          "the access token expired and there is no refresh token to renew it; sign in again and call setTokens()",
        );
      next = await requestTokens(endpoint, grant);
    }
    tokens = next;
    receivedAt = Date.now();
    try {
      await options.onTokens?.(next);
    } catch (error) {
      // The new tokens are in use; only saving them failed. Say so rather than fail like a network error.
      throw new CognigyCredentialError(
        "oauth2",
        `onTokens threw while saving new tokens (${error instanceof Error ? error.name : typeof error}); they are in use but not saved`,
        { cause: error },
      );
    }
    return next;
  }

  function primaryGrant(): Grant | undefined {
    if (options.grant === "password")
      return { type: "password", username: options.username, password: options.password, scope: options.scope };
    if (options.grant === "client_credentials") return { type: "client_credentials", scope: options.scope };
    return undefined;
  }

  // Single flight: every caller that finds the token stale awaits the same token request.
  function renewTokens(endpoint: TokenEndpoint): Promise<OAuthTokens> {
    if (refused) return Promise.reject(refused);
    inflight ??= obtain(endpoint)
      .catch((error: unknown) => {
        const code = (error as CognigyCredentialError).error;
        if (code === "invalid_grant" || code === "invalid_client" || code === "unauthorized_client")
          refused = error as CognigyCredentialError;
        throw error;
      })
      .finally(() => (inflight = undefined));
    return inflight;
  }

  const fresh = (t: OAuthTokens | undefined): t is OAuthTokens => {
    if (!t?.accessToken) return false;
    if (t.expiresAt === undefined) return true;
    return t.expiresAt - Math.min(skew, Math.max(0, t.expiresAt - receivedAt) / 2) > Date.now();
  };

  return Object.assign(redactedView("oauth2"), {
    type: "oauth2",
    async authorize(request: CognigyOutgoingRequest): Promise<void> {
      // The call's timeout and abort end its wait for a token; the token request goes on for others.
      const current = fresh(tokens) ? tokens : await abortable(renewTokens(endpointFor(request)), request.signal);
      request.headers.set("Authorization", `Bearer ${current.accessToken}`);
    },
    async renew(rejected: CognigyOutgoingRequest): Promise<boolean> {
      // Someone else already replaced the token this request was sent with: just replay.
      if (tokens && rejected.headers.get("Authorization") !== `Bearer ${tokens.accessToken}`) return true;
      await abortable(renewTokens(endpointFor(rejected)), rejected.signal);
      return true;
    },
    tokens: () => (tokens ? { ...tokens } : undefined),
    setTokens(next: OAuthTokens) {
      checkCredential(next?.accessToken, "setTokens", "the access token");
      tokens = { ...next };
      receivedAt = Date.now();
      refused = undefined;
    },
  });
}

function checkOptions(options: OAuth2Options): void {
  if (typeof options !== "object" || options === null)
    throw new CognigyConfigError("oauth2Auth", "needs an options object");
  checkCredential(options.clientId, "oauth2Auth.clientId", "the client id");
  if (options.clientSecret !== undefined)
    checkCredential(options.clientSecret, "oauth2Auth.clientSecret", "the client secret");
  if (options.tokenUrl !== undefined && !(typeof options.tokenUrl === "string" && URL.canParse(options.tokenUrl)))
    throw new CognigyConfigError("oauth2Auth.tokenUrl", "must be an absolute URL");
  if (
    options.tokenUrl !== undefined &&
    new URL(options.tokenUrl).username + new URL(options.tokenUrl).password !== ""
  ) {
    throw new CognigyConfigError(
      "oauth2Auth.tokenUrl",
      `must not contain credentials (${redactUrl(options.tokenUrl)}); pass clientId and clientSecret`,
    );
  }
  for (const [option, value, min] of [
    ["timeout", options.timeout, 1],
    ["refreshSkewMs", options.refreshSkewMs, 0],
  ] as const) {
    if (value !== undefined && !(typeof value === "number" && value >= min && value <= MAX_TIMER_MS)) {
      throw new CognigyConfigError(
        `oauth2Auth.${option}`,
        `must be a number of milliseconds from ${min} to ${MAX_TIMER_MS}, got ${typeof value === "number" ? value : typeof value}`,
      );
    }
  }
  if (options.onTokens !== undefined && typeof options.onTokens !== "function")
    throw new CognigyConfigError("oauth2Auth.onTokens", "must be a function");
  if (options.fetch !== undefined && typeof options.fetch !== "function")
    throw new CognigyConfigError("oauth2Auth.fetch", "must be a function taking a Request");
  switch (options.grant) {
    case "password":
      if (typeof options.username !== "string" || options.username.trim() === "")
        throw new CognigyConfigError("oauth2Auth.username", "the user name is empty");
      if (typeof options.password !== "string" || options.password === "")
        throw new CognigyConfigError("oauth2Auth.password", "the password is empty");
      return;
    case "client_credentials":
      if (!options.clientSecret)
        throw new CognigyConfigError("oauth2Auth.clientSecret", "the client_credentials grant needs a client secret");
      return;
    case "authorization_code":
      checkCredential(
        options.tokens?.accessToken,
        "oauth2Auth.tokens",
        "the access token from exchangeAuthorizationCode()",
      );
      return;
    case "refresh_token":
      checkCredential(options.refreshToken, "oauth2Auth.refreshToken", "the refresh token");
      return;
    default:
      throw new CognigyConfigError(
        "oauth2Auth.grant",
        `must be "password", "client_credentials", "authorization_code" or "refresh_token", got ${JSON.stringify((options as { grant?: unknown }).grant)}`,
      );
  }
}
