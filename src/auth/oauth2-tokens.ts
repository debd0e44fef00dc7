import type * as OAuth from "oauth4webapi";
import { CognigyCredentialError } from "../errors/credential-error.js";
import { htmlTitle } from "../shared/html-title.js";
import { isPlainHttpAllowed } from "../shared/loopback.js";
import { printable } from "../shared/printable.js";
import { redactCredentials, redactUrl } from "../shared/redact.js";
import type { Fetch } from "../shared/fetch.js";

/** OAuth2 tokens as this library keeps them; persist them with `onTokens`, seed them with `tokens`. */
export interface OAuthTokens {
  accessToken: string;
  refreshToken?: string;
  /** When the access token expires, in ms since the epoch; unknown when the server did not say. */
  expiresAt?: number;
  scope?: string;
}

/** Where and how to talk to the token endpoint. */
export interface TokenEndpoint {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret?: string | undefined;
  /** `client_secret_basic` (default with a secret), `client_secret_post`, or none (public clients). */
  readonly clientAuth?: "basic" | "post" | "none" | undefined;
  readonly allowInsecureHttp?: boolean | undefined;
  /** Milliseconds per token request. */
  readonly timeout?: number | undefined;
  readonly fetch?: Fetch | undefined;
}

/** One token request: a grant type and its parameters (RFC 6749 §4.3, §4.4, §6). */
export type Grant =
  | { type: "password"; username: string; password: string; scope?: string | undefined }
  | { type: "client_credentials"; scope?: string | undefined }
  | { type: "refresh_token"; refreshToken: string }
  | { type: "authorization_code"; callback: URLSearchParams; redirectUri: string; codeVerifier: string };

/**
 * Sends one grant to the token endpoint with oauth4webapi and returns the tokens, or throws a
 * CognigyCredentialError saying what the endpoint answered (an OAuth error code, an HTML page,
 * no answer at all). Secrets never appear in the message.
 */
export async function requestTokens(endpoint: TokenEndpoint, grant: Grant): Promise<OAuthTokens> {
  const oauth = await loadOAuth();
  const as: OAuth.AuthorizationServer = {
    issuer: new URL(endpoint.tokenUrl).origin,
    token_endpoint: endpoint.tokenUrl,
  };
  const client: OAuth.Client = { client_id: endpoint.clientId };
  const options = {
    signal: AbortSignal.timeout(endpoint.timeout ?? 30_000),
    // oauth4webapi calls its fetch with (url, init); this library's fetch takes a Request.
    ...(endpoint.fetch && {
      [oauth.customFetch]: (
        (fetch: Fetch) => (url: string, init: RequestInit) =>
          fetch(new Request(url, init))
      )(endpoint.fetch),
    }),
    // oauth4webapi refuses plain http; allow it for loopback (tests, local mocks) or when asked.
    ...(isPlainHttpAllowed(new URL(endpoint.tokenUrl), endpoint.allowInsecureHttp) && {
      [oauth.allowInsecureRequests]: true,
    }),
  };
  let response: Response;
  try {
    response = await send(oauth, as, client, clientAuthentication(oauth, endpoint), grant, options);
  } catch (error) {
    throw new CognigyCredentialError(
      "oauth2",
      `the token endpoint ${redactUrl(endpoint.tokenUrl)} could not be reached (${describe(error)})`,
      { cause: error },
    );
  }
  await refuseNonJson(response, redactUrl(endpoint.tokenUrl));
  let result: OAuth.TokenEndpointResponse;
  try {
    result = await process(oauth, as, client, grant, response);
  } catch (error) {
    // oauth4webapi's errors keep the response body in their cause: for a rejected token response
    // that is the tokens themselves. What they say is kept in the message; they are not kept.
    if (error instanceof oauth.ResponseBodyError) {
      // An endpoint may echo the request it refused: what it says is server text, with the
      // request's secrets taken out and control characters escaped.
      const said = (text: string, max: number) =>
        printable(redactCredentials(text, secretsOf(endpoint, grant)).slice(0, max));
      const description = typeof error.error_description === "string" ? `: ${said(error.error_description, 200)}` : "";
      throw new CognigyCredentialError(
        "oauth2",
        `the token endpoint refused the ${grant.type} grant with ${said(String(error.error), 100)} (HTTP ${error.status})${description}`,
        {
          error: said(String(error.error), 100),
          status: error.status,
        },
      );
    }
    throw new CognigyCredentialError(
      "oauth2",
      `the token endpoint's answer is not a usable token response (${describe(error)})`,
      { status: response.status },
    );
  }
  // The token goes into a header: refuse one that cannot (without repeating it).
  if (!/^[\x21-\x7e]+$/.test(result.access_token))
    throw new CognigyCredentialError(
      "oauth2",
      "the token endpoint's access token is empty or has characters a header cannot carry",
      { status: response.status },
    );
  return {
    accessToken: result.access_token,
    ...(result.refresh_token !== undefined && { refreshToken: result.refresh_token }),
    ...(typeof result.expires_in === "number" && { expiresAt: Date.now() + result.expires_in * 1000 }),
    ...(typeof result.scope === "string" && { scope: result.scope }),
  };
}

function send(
  oauth: typeof OAuth,
  as: OAuth.AuthorizationServer,
  client: OAuth.Client,
  auth: OAuth.ClientAuth,
  grant: Grant,
  options: OAuth.TokenEndpointRequestOptions,
): Promise<Response> {
  switch (grant.type) {
    case "password":
      // The resource owner password grant (RFC 6749 §4.3) has no dedicated helper in oauth4webapi.
      return oauth.genericTokenEndpointRequest(
        as,
        client,
        auth,
        "password",
        { username: grant.username, password: grant.password, ...(grant.scope && { scope: grant.scope }) },
        options,
      );
    case "client_credentials":
      return oauth.clientCredentialsGrantRequest(as, client, auth, grant.scope ? { scope: grant.scope } : {}, options);
    case "refresh_token":
      return oauth.refreshTokenGrantRequest(as, client, auth, grant.refreshToken, options);
    case "authorization_code":
      return oauth.authorizationCodeGrantRequest(
        as,
        client,
        auth,
        grant.callback,
        grant.redirectUri,
        grant.codeVerifier,
        options,
      );
  }
}

function process(
  oauth: typeof OAuth,
  as: OAuth.AuthorizationServer,
  client: OAuth.Client,
  grant: Grant,
  response: Response,
): Promise<OAuth.TokenEndpointResponse> {
  switch (grant.type) {
    case "password":
      return oauth.processGenericTokenEndpointResponse(as, client, response);
    case "client_credentials":
      return oauth.processClientCredentialsResponse(as, client, response);
    case "refresh_token":
      return oauth.processRefreshTokenResponse(as, client, response);
    case "authorization_code":
      return oauth.processAuthorizationCodeResponse(as, client, response);
  }
}

// What a token request carries that must not come back in a message: the client secret, also as
// the Basic value that encodes it with the client id (RFC 6749 §2.3.1), and the grant's own secrets.
function secretsOf(endpoint: TokenEndpoint, grant: Grant): string[] {
  const secrets: string[] = [];
  if (endpoint.clientSecret) {
    const form = (text: string) => new URLSearchParams({ v: text }).toString().slice(2);
    // btoa takes Latin-1 only; a secret beyond it is still redacted in its other forms.
    const basic = (text: string) => ([...text].every((c) => c.charCodeAt(0) <= 0xff) ? btoa(text) : "");
    secrets.push(
      endpoint.clientSecret,
      basic(`${form(endpoint.clientId)}:${form(endpoint.clientSecret)}`),
      basic(`${endpoint.clientId}:${endpoint.clientSecret}`),
    );
  }
  if (grant.type === "password") secrets.push(grant.password);
  if (grant.type === "refresh_token") secrets.push(grant.refreshToken);
  if (grant.type === "authorization_code") secrets.push(grant.codeVerifier, grant.callback.get("code") ?? "");
  return secrets.filter(Boolean);
}

/** The client authentication method (RFC 6749 §2.3) for the token endpoint. */
export function clientAuthentication(oauth: typeof OAuth, endpoint: TokenEndpoint): OAuth.ClientAuth {
  if (!endpoint.clientSecret || endpoint.clientAuth === "none") return oauth.None();
  return endpoint.clientAuth === "post"
    ? oauth.ClientSecretPost(endpoint.clientSecret)
    : oauth.ClientSecretBasic(endpoint.clientSecret);
}

/**
 * oauth4webapi, loaded on first use: code without OAuth2 never pays for it, and the CommonJS build
 * can reach this ESM-only package through import().
 */
export function loadOAuth(): Promise<typeof OAuth> {
  return import("oauth4webapi");
}

// A login page or gateway error instead of JSON: say so plainly rather than "failed to parse".
async function refuseNonJson(response: Response, tokenUrl: string): Promise<void> {
  const type = response.headers.get("content-type") ?? "";
  if (/json/i.test(type)) return;
  const text = await response
    .clone()
    .text()
    .catch(() => "");
  const title = htmlTitle(text, 100);
  throw new CognigyCredentialError(
    "oauth2",
    `the token endpoint ${tokenUrl} answered HTTP ${response.status} with ${type || "no content type"}${title ? ` ("${title}")` : ""} instead of a JSON token response`,
    {
      status: response.status,
    },
  );
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  if (cause && typeof cause.code === "string") return cause.code;
  return error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : String(error);
}
