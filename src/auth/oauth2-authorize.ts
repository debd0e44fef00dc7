import { CognigyConfigError } from "../errors/config-error.js";
import { CognigyCredentialError } from "../errors/credential-error.js";
import type { Fetch } from "../shared/fetch.js";
import { checkCredential } from "./credential.js";
import { isPlainHttpAllowed } from "../shared/loopback.js";
import type { OAuthTokens } from "./oauth2-tokens.js";
import { TOKEN_PATH } from "./oauth2.js";

// The token requests and oauth4webapi: loaded by a flow's first step, not with the package.
const tokenRequests = () => import("./oauth2-tokens.js");

/** Cognigy's authorization endpoint, on the API host (the spec's `authorizationUrl`). */
export const AUTHORIZE_PATH = "/auth/oauth2/authorize";

/** Where to send the user, and what to keep until they come back. */
export interface AuthorizationRequest {
  /** Redirect the user's browser here. */
  readonly url: string;
  /** Keep server-side (session), compare on return: guards against CSRF (RFC 6749 §10.12). */
  readonly state: string;
  /** Keep server-side, send with the code: proves this client started the flow (PKCE, RFC 7636). */
  readonly codeVerifier: string;
}

interface Common {
  /** The API host or base URL, e.g. `https://api-app.cognigy.ai`; only its origin is used. */
  baseUrl: string;
  clientId: string;
  redirectUri: string;
  allowInsecureHttp?: boolean;
}

/**
 * Starts the authorization-code flow: builds the authorization URL with PKCE (S256) and a random
 * `state` (RFC 6749 §4.1.1, RFC 7636 §4).
 *
 * @example
 * const { url, state, codeVerifier } = await createAuthorizationRequest({ baseUrl: "https://api-app.cognigy.ai", clientId, redirectUri });
 */
export async function createAuthorizationRequest(options: Common & { scope?: string }): Promise<AuthorizationRequest> {
  const origin = originOf(options.baseUrl, options.allowInsecureHttp);
  checkCredential(options.clientId, "clientId", "the client id");
  checkRedirect(options.redirectUri);
  const oauth = await (await tokenRequests()).loadOAuth();
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(AUTHORIZE_PATH, origin);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", options.clientId);
  url.searchParams.set("redirect_uri", options.redirectUri);
  url.searchParams.set("state", state);
  url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set("code_challenge_method", "S256");
  if (options.scope) url.searchParams.set("scope", options.scope);
  return { url: url.href, state, codeVerifier };
}

/**
 * Finishes the authorization-code flow: checks the callback's `state`, then trades its `code` and
 * the PKCE verifier for tokens (RFC 6749 §4.1.3). Seed {@link oauth2Auth} with the result.
 *
 * @throws CognigyCredentialError when the callback carries an error (e.g. `access_denied`), the
 *   state does not match, or the token endpoint refuses the code.
 */
export async function exchangeAuthorizationCode(
  options: Common & {
    callbackUrl: string | URL;
    state: string;
    codeVerifier: string;
    clientSecret?: string;
    clientAuth?: "basic" | "post" | "none";
    fetch?: Fetch;
  },
): Promise<OAuthTokens> {
  const origin = originOf(options.baseUrl, options.allowInsecureHttp);
  // The callback URL carries the code: refused without being repeated.
  if (
    !(options.callbackUrl instanceof URL) &&
    !(typeof options.callbackUrl === "string" && URL.canParse(options.callbackUrl))
  )
    throw new CognigyConfigError("callbackUrl", "must be the absolute URL the user came back to");
  const tokenUrl = new URL(TOKEN_PATH, origin).href;
  const { loadOAuth, requestTokens } = await tokenRequests();
  const oauth = await loadOAuth();
  let callback: URLSearchParams;
  try {
    callback = oauth.validateAuthResponse(
      { issuer: origin, token_endpoint: tokenUrl },
      { client_id: options.clientId },
      new URL(options.callbackUrl),
      options.state,
    );
  } catch (error) {
    const code = error instanceof oauth.AuthorizationResponseError ? error.error : undefined;
    const reason = code
      ? `the authorization server answered ${code}`
      : "the callback does not match this flow (state mismatch or missing code)";
    throw new CognigyCredentialError("oauth2", reason, { cause: error, error: code });
  }
  return requestTokens(
    {
      tokenUrl,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      clientAuth: options.clientAuth,
      allowInsecureHttp: options.allowInsecureHttp,
      fetch: options.fetch,
    },
    { type: "authorization_code", callback, redirectUri: options.redirectUri, codeVerifier: options.codeVerifier },
  );
}

function originOf(baseUrl: string, allowInsecureHttp?: boolean): string {
  if (typeof baseUrl !== "string" || !URL.canParse(baseUrl))
    throw new CognigyConfigError("baseUrl", "must be an absolute URL such as https://api-app.cognigy.ai");
  const url = new URL(baseUrl);
  if (url.protocol !== "https:" && !isPlainHttpAllowed(url, allowInsecureHttp))
    throw new CognigyConfigError("baseUrl", "OAuth2 needs https (http only on loopback)");
  return url.origin;
}

function checkRedirect(redirectUri: string): void {
  if (typeof redirectUri !== "string" || !URL.canParse(redirectUri))
    throw new CognigyConfigError("redirectUri", "must be an absolute URL");
}
