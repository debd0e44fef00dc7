import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { listen } from "./listen.js";

/** What the token endpoint received. */
export interface TokenRequest {
  readonly params: URLSearchParams;
  readonly authorization: string | undefined;
}

/** Who may sign in to {@link startOAuthServer}, and where it listens. */
export interface OAuthServerOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** For the password grant. */
  readonly username: string;
  readonly password: string;
  /** The port on 127.0.0.1; defaults to 0, a free one. */
  readonly port?: number | undefined;
}

/**
 * A small OAuth2 authorization server and Cognigy-like API on 127.0.0.1, for tests of code that signs in:
 * `POST /auth/oauth2/token` (password, client_credentials, refresh_token, authorization_code with
 * PKCE), `GET /auth/oauth2/authorize` (issues a code bound to the challenge), and API routes that
 * accept only live access tokens. Tests can expire or revoke tokens and script endpoint failures.
 */
export async function startOAuthServer(settings: OAuthServerOptions) {
  const live = new Map<string, number>(); // access token → expiry (ms)
  const refreshTokens = new Set<string>();
  const codes = new Map<string, string>(); // code → code_challenge
  const tokenRequests: TokenRequest[] = [];
  const apiRequests: Array<{ method: string; url: string; authorization: string | undefined; body: string }> = [];
  let serial = 0;
  let expiresIn = 3600;
  // Given the token request too, so that a fault can echo it as some endpoints do.
  let tokenFault:
    ((response: ServerResponse, sent: { body: string; authorization: string | undefined }) => void) | undefined;
  let tokenDelayMs = 0;
  let rejectApi = false;

  const issue = () => {
    const access = `at-${++serial}-${randomBytes(4).toString("hex")}`;
    const refresh = `rt-${serial}-${randomBytes(4).toString("hex")}`;
    live.set(access, Date.now() + expiresIn * 1000);
    refreshTokens.add(refresh);
    return { access_token: access, token_type: "Bearer", expires_in: expiresIn, refresh_token: refresh };
  };
  const clientOk = (request: IncomingMessage, params: URLSearchParams) => {
    const basic = request.headers.authorization?.replace(/^Basic /, "");
    const [id, secret] = basic
      ? Buffer.from(basic, "base64").toString().split(":").map(decodeURIComponent)
      : [params.get("client_id"), params.get("client_secret")];
    return (
      id === settings.clientId &&
      (secret === settings.clientSecret || (secret === null && params.get("grant_type") === "authorization_code"))
    );
  };

  const { url, close } = await listen((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      const url = new URL(request.url ?? "/", "http://localhost");
      const json = (status: number, value: unknown) =>
        response
          .writeHead(status, { "content-type": "application/json", "cache-control": "no-store" })
          .end(JSON.stringify(value));

      if (url.pathname === "/auth/oauth2/authorize") {
        const code = `code-${randomBytes(6).toString("hex")}`;
        codes.set(code, url.searchParams.get("code_challenge") ?? "");
        const back = new URL(url.searchParams.get("redirect_uri") ?? "");
        back.searchParams.set("code", code);
        back.searchParams.set("state", url.searchParams.get("state") ?? "");
        return void response.writeHead(302, { location: back.href }).end();
      }
      if (url.pathname === "/auth/oauth2/token") {
        const params = new URLSearchParams(body);
        tokenRequests.push({ params, authorization: request.headers.authorization });
        const answer = () => {
          if (tokenFault) return tokenFault(response, { body, authorization: request.headers.authorization });
          if (!clientOk(request, params))
            return json(401, { error: "invalid_client", error_description: "client authentication failed" });
          switch (params.get("grant_type")) {
            case "password":
              return params.get("username") === settings.username && params.get("password") === settings.password
                ? json(200, issue())
                : json(400, { error: "invalid_grant" });
            case "client_credentials":
              return json(200, { ...issue(), refresh_token: undefined });
            case "refresh_token": {
              const token = params.get("refresh_token") ?? "";
              if (!refreshTokens.delete(token))
                return json(400, { error: "invalid_grant", error_description: "refresh token revoked" });
              return json(200, issue());
            }
            case "authorization_code": {
              const challenge = codes.get(params.get("code") ?? "");
              const verifier = params.get("code_verifier") ?? "";
              if (!challenge || createHash("sha256").update(verifier).digest("base64url") !== challenge)
                return json(400, { error: "invalid_grant" });
              codes.delete(params.get("code") ?? "");
              return json(200, issue());
            }
            default:
              return json(400, { error: "unsupported_grant_type" });
          }
        };
        return void setTimeout(answer, tokenDelayMs);
      }
      const authorization = request.headers.authorization;
      apiRequests.push({ method: request.method ?? "", url: request.url ?? "", authorization, body });
      const token = authorization?.replace(/^Bearer /, "") ?? "";
      const expiry = live.get(token);
      if (rejectApi || expiry === undefined || expiry <= Date.now())
        return json(401, { status: 401, title: "Unauthorized Error", traceId: "api--oauth-401" });
      if (request.method === "POST") return json(201, { received: JSON.parse(body || "null") as unknown });
      return json(200, { _id: "5ce7c2d833ea1e04d7e6c432", name: "agent" });
    });
  }, settings.port ?? 0);
  return {
    url,
    /** Every token request it received, newest last. */
    tokenRequests,
    apiRequests,
    /** Lifetime of tokens issued from now on, in seconds. */
    setExpiresIn: (seconds: number) => void (expiresIn = seconds),
    /** Makes every live access token invalid (as if revoked server-side). */
    revokeAccessTokens: () => live.clear(),
    revokeRefreshTokens: () => refreshTokens.clear(),
    /** Answers token requests with this instead (an HTML page, an error); undefined restores. */
    failTokenRequests: (fault: typeof tokenFault) => void (tokenFault = fault),
    delayTokenRequests: (ms: number) => void (tokenDelayMs = ms),
    /** Makes the API answer 401 to every token, fresh or not. */
    rejectAllTokens: () => void (rejectApi = true),
    close,
  };
}
