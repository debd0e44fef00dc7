import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, inject, test } from "vitest";
import { fakeClock } from "./support/clock.js";
import {
  apiKeyAuth,
  basicAuth,
  bearerAuth,
  CognigyCredentialError,
  createAuthorizationRequest,
  createCognigyClient,
  cxoneAuth,
  exchangeAuthorizationCode,
  isCognigyConfigError,
  oauth2Auth,
  type CognigyAuth,
  type OAuthTokens,
} from "../src/index.js";
import { startOAuthServer } from "../src/testing/servers/oauth-server.js";

const prismUrl = inject("prismUrl");
const AGENT = "/v2.0/aiagents/{aiAgentId}" as const;
const params = { path: { aiAgentId: "5ce7c2d833ea1e04d7e6c432" } };
const CLIENT = {
  clientId: "cognigy-cli",
  clientSecret: "client-secret-123",
  username: "ada@example.com",
  password: "pa55-word",
};
const clock = fakeClock();

describe("every scheme the spec declares, against Prism", () => {
  const sent: Request[] = [];
  const recording = (auth: CognigyAuth | "none") =>
    createCognigyClient({ baseUrl: prismUrl, auth, fetch: (request) => (sent.push(request.clone()), fetch(request)) });

  test.each([
    ["an API key header", apiKeyAuth("key-1"), (r: Request) => r.headers.get("x-api-key") === "key-1"],
    [
      "an API key in the query",
      apiKeyAuth("key-2", { in: "query" }),
      (r: Request) => new URL(r.url).searchParams.get("api_key") === "key-2",
    ],
    [
      "a CXone token",
      cxoneAuth("Bearer cx-token"),
      (r: Request) => r.headers.get("x-cxone-authorization") === "Bearer cx-token",
    ],
    [
      "an OAuth2 bearer token",
      bearerAuth(() => Promise.resolve("oauth-token")),
      (r: Request) => r.headers.get("authorization") === "Bearer oauth-token",
    ],
  ])("accepts %s", async (_, auth, check) => {
    const { response } = await recording(auth).GET(AGENT, { params });
    expect(response.status).toBe(200);
    expect(check(sent.at(-1)!)).toBe(true);
  });

  test.each([
    ["no credential", "none" as const],
    ["Basic auth, which only Management UI routes take", basicAuth("ada", "secret")],
  ])("answers 401 to %s", async (_, auth) => {
    const { response, error } = await recording(auth).GET(AGENT, { params });
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ status: 401 });
  });

  test("lets one call use another scheme than the client's", async () => {
    const client = recording(apiKeyAuth("key-1"));
    const { response } = await client.GET(AGENT, { params, auth: basicAuth("ada", "secret") });
    expect(sent.at(-1)!.headers.get("authorization")).toBe(`Basic ${btoa("ada:secret")}`);
    expect(sent.at(-1)!.headers.has("x-api-key")).toBe(false);
    expect(response.status).toBe(401);
  });
});

describe("credential factories", () => {
  test("encode Basic credentials as UTF-8 (RFC 7617)", async () => {
    const request = { method: "GET", url: "https://x.example/", headers: new Headers() };
    await basicAuth("jürgen", "päss:wörd").authorize(request);
    expect(Buffer.from(request.headers.get("authorization")!.slice(6), "base64").toString("utf8")).toBe(
      "jürgen:päss:wörd",
    );
  });

  test.each([
    ["an empty key", () => apiKeyAuth("")],
    ["a blank bearer token", () => bearerAuth("   ")],
    ["a CXone token that is only the prefix", () => cxoneAuth("Bearer ")],
    ["a Basic user with a colon", () => basicAuth("a:b", "p")],
    ["an empty Basic password", () => basicAuth("ada", "")],
    ["an API key placed nowhere", () => apiKeyAuth("k", { in: "cookie" as "query" })],
    ["OAuth2 without a client id", () => oauth2Auth({ grant: "client_credentials", clientId: "", clientSecret: "s" })],
    ["client credentials without a secret", () => oauth2Auth({ grant: "client_credentials", clientId: "c" })],
    ["an unknown grant", () => oauth2Auth({ grant: "implicit", clientId: "c" } as never)],
  ])("refuse %s at once", (_, create) => {
    expect(create).toThrow();
    try {
      create();
    } catch (error) {
      expect(isCognigyConfigError(error)).toBe(true);
    }
  });

  test.each([
    ["throws", () => Promise.reject(new Error("vault sealed")), /bearer: the token getter threw/],
    [
      "returns nothing",
      () => Promise.resolve(undefined as unknown as string),
      /bearer: the token getter's result is required/,
    ],
    ["returns a blank string", () => "  ", /bearer: the token getter's result is empty/],
  ])("turn a token getter that %s into a CognigyCredentialError", async (_, getter, message) => {
    const client = createCognigyClient({ baseUrl: prismUrl, auth: bearerAuth(getter), retry: { maxRetries: 0 } });
    const error = await client.GET(AGENT, { params }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CognigyCredentialError);
    expect((error as Error).message).toMatch(message);
  });

  test("refuse plain http to a remote host unless allowed", () => {
    expect(() => createCognigyClient({ baseUrl: "http://api-app.cognigy.ai/new", apiKey: "k" })).toThrow(
      /refusing plain http to api-app\.cognigy\.ai/,
    );
    expect(() =>
      createCognigyClient({ baseUrl: "http://api-app.cognigy.ai/new", apiKey: "k", allowInsecureHttp: true }),
    ).not.toThrow();
    expect(() => createCognigyClient({ baseUrl: "http://localhost:3000", apiKey: "k" })).not.toThrow();
  });
});

describe("oauth2Auth", () => {
  let server: Awaited<ReturnType<typeof startOAuthServer>>;
  afterEach(() => server?.close());
  const start = async () => (server = await startOAuthServer(CLIENT));
  const clientWith = (auth: CognigyAuth) =>
    createCognigyClient({ baseUrl: server.url, auth, validate: false, retry: { maxRetries: 0 } });
  const grants = () => server.tokenRequests.map((r) => r.params.get("grant_type"));

  test("signs in with the password grant, once, and reports the tokens", async () => {
    await start();
    const persisted: OAuthTokens[] = [];
    const client = clientWith(oauth2Auth({ grant: "password", ...CLIENT, onTokens: (t) => void persisted.push(t) }));
    expect((await client.GET(AGENT, { params })).data).toMatchObject({ name: "agent" });
    expect((await client.GET(AGENT, { params })).response.status).toBe(200);
    expect(grants()).toEqual(["password"]);
    expect(server.tokenRequests[0]!.params.get("username")).toBe(CLIENT.username);
    expect(server.tokenRequests[0]!.authorization).toMatch(/^Basic /);
    expect(persisted).toHaveLength(1);
    expect(persisted[0]).toMatchObject({
      accessToken: expect.stringMatching(/^at-/),
      refreshToken: expect.stringMatching(/^rt-/),
      expiresAt: expect.any(Number),
    });
  });

  test("re-acquires client-credentials tokens when they expire", async () => {
    await start();
    server.setExpiresIn(1);
    // The date moves on by itself here: the token's second passes at once, with no sleep.
    clock.useDateOnly();
    const client = clientWith(
      oauth2Auth({
        grant: "client_credentials",
        clientId: CLIENT.clientId,
        clientSecret: CLIENT.clientSecret,
        clientAuth: "post",
        refreshSkewMs: 0,
      }),
    );
    await client.GET(AGENT, { params });
    expect((await client.GET(AGENT, { params })).response.status).toBe(200);
    expect(grants()).toEqual(["client_credentials"]);
    clock.jump(1_000);
    expect((await client.GET(AGENT, { params })).response.status).toBe(200);
    expect(grants()).toEqual(["client_credentials", "client_credentials"]);
    expect(server.tokenRequests[0]!.params.get("client_secret")).toBe(CLIENT.clientSecret);
  });

  test("refreshes ahead of expiry with the refresh token, at most half the token's lifetime early", async () => {
    await start();
    // A 2 s token with the default 60 s skew: used for its first second, not fetched before every call.
    server.setExpiresIn(2);
    clock.useDateOnly();
    const auth = oauth2Auth({ grant: "password", ...CLIENT });
    const client = clientWith(auth);
    for (let call = 0; call < 5; call++) await client.GET(AGENT, { params });
    expect(grants()).toEqual(["password"]);
    const first = auth.tokens()!;
    clock.jump(999);
    await client.GET(AGENT, { params });
    expect(grants()).toEqual(["password"]);
    clock.jump(1);
    await client.GET(AGENT, { params });
    expect(grants()).toEqual(["password", "refresh_token"]);
    expect(server.tokenRequests[1]!.params.get("refresh_token")).toBe(first.refreshToken);
    expect(auth.tokens()!.accessToken).not.toBe(first.accessToken);
  });

  test("starts from a refresh token alone", async () => {
    await start();
    const seed = oauth2Auth({ grant: "password", ...CLIENT });
    await clientWith(seed).GET(AGENT, { params });
    const persisted: OAuthTokens[] = [];
    const auth = oauth2Auth({
      grant: "refresh_token",
      clientId: CLIENT.clientId,
      clientSecret: CLIENT.clientSecret,
      refreshToken: seed.tokens()!.refreshToken!,
      onTokens: (t) => void persisted.push(t),
    });
    expect((await clientWith(auth).GET(AGENT, { params })).response.status).toBe(200);
    expect(grants()).toEqual(["password", "refresh_token"]);
    expect(persisted[0]!.refreshToken).not.toBe(seed.tokens()!.refreshToken);
  });

  test("sends one token request for 100 concurrent calls on an expired token", async () => {
    await start();
    server.delayTokenRequests(50);
    const expired: OAuthTokens = { accessToken: "at-expired", refreshToken: "rt-unknown", expiresAt: Date.now() - 1 };
    const client = clientWith(oauth2Auth({ grant: "password", ...CLIENT, tokens: expired }));
    const results = await Promise.all(Array.from({ length: 100 }, () => client.GET(AGENT, { params })));
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    // The unknown refresh token is refused once (invalid_grant) and the password grant signs in again, once.
    expect(grants()).toEqual(["refresh_token", "password"]);
  });

  test("remembers a revoked refresh token it cannot heal, until new tokens are set", async () => {
    await start();
    const seeded: OAuthTokens = { accessToken: "at-old", refreshToken: "rt-revoked", expiresAt: Date.now() - 1 };
    const auth = oauth2Auth({
      grant: "authorization_code",
      clientId: CLIENT.clientId,
      clientSecret: CLIENT.clientSecret,
      tokens: seeded,
    });
    const client = clientWith(auth);
    const error = await client.GET(AGENT, { params }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CognigyCredentialError);
    expect(error).toMatchObject({ error: "invalid_grant", status: 400 });
    expect((error as Error).message).toMatch(
      /refused the refresh_token grant with invalid_grant \(HTTP 400\): refresh token revoked/,
    );
    await expect(client.GET(AGENT, { params })).rejects.toBe(error);
    expect(server.tokenRequests).toHaveLength(1);
    const { access_token } = (await (
      await fetch(`${server.url}/auth/oauth2/token`, {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "password",
          username: CLIENT.username,
          password: CLIENT.password,
          client_id: CLIENT.clientId,
          client_secret: CLIENT.clientSecret,
        }),
      })
    ).json()) as { access_token: string };
    auth.setTokens({ accessToken: access_token });
    expect((await client.GET(AGENT, { params })).response.status).toBe(200);
  });

  test("on a 401 refreshes once and replays the POST with its body intact", async () => {
    await start();
    const client = clientWith(oauth2Auth({ grant: "password", ...CLIENT }));
    await client.GET(AGENT, { params });
    server.revokeAccessTokens();
    const post = client.POST as unknown as (
      path: string,
      init: object,
    ) => Promise<{ data?: unknown; response: Response }>;
    const { data, response } = await post("/v2.0/flows", { body: { name: "Support flow", nodes: [1, 2, 3] } });
    expect(response.status).toBe(201);
    expect(data).toEqual({ received: { name: "Support flow", nodes: [1, 2, 3] } });
    const posts = server.apiRequests.filter((r) => r.method === "POST");
    expect(posts).toHaveLength(2);
    expect(posts[1]!.body).toBe(posts[0]!.body);
    expect(posts[1]!.authorization).not.toBe(posts[0]!.authorization);
    expect(grants()).toEqual(["password", "refresh_token"]);
  });

  test("does not replay a streamed body after a 401", async () => {
    await start();
    const client = clientWith(oauth2Auth({ grant: "password", ...CLIENT }));
    await client.GET(AGENT, { params });
    server.revokeAccessTokens();
    const stream = new ReadableStream({
      start: (c) => (c.enqueue(new TextEncoder().encode('{"streamed":true}')), c.close()),
    });
    const post = client.POST as unknown as (path: string, init: object) => Promise<{ response: Response }>;
    const { response } = await post("/v2.0/flows", {
      body: stream,
      bodySerializer: (b: unknown) => b,
      duplex: "half",
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(401);
    expect(server.apiRequests.filter((r) => r.method === "POST").map((r) => r.body)).toEqual(['{"streamed":true}']);
    expect(grants()).toEqual(["password"]);
  });

  test("stops after one refresh and one replay when the fresh token is refused too", async () => {
    await start();
    server.rejectAllTokens();
    const client = clientWith(
      oauth2Auth({ grant: "client_credentials", clientId: CLIENT.clientId, clientSecret: CLIENT.clientSecret }),
    );
    const { response, error } = await client.GET(AGENT, { params });
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ traceId: "api--oauth-401" });
    expect(server.apiRequests).toHaveLength(2);
    expect(grants()).toEqual(["client_credentials", "client_credentials"]);
  });

  test.each([
    [
      "an HTML page",
      (r: ServerResponse) =>
        r.writeHead(502, { "content-type": "text/html" }).end("<html><title>Bad Gateway</title></html>"),
      /answered HTTP 502 with text\/html \("Bad Gateway"\) instead of a JSON token response/,
    ],
    [
      "a JSON error",
      (r: ServerResponse) => r.writeHead(401, { "content-type": "application/json" }).end('{"error":"invalid_client"}'),
      /refused the password grant with invalid_client \(HTTP 401\)/,
    ],
    [
      "200 without a token",
      (r: ServerResponse) => r.writeHead(200, { "content-type": "application/json" }).end('{"token_type":"Bearer"}'),
      /not a usable token response/,
    ],
  ])("turns a token endpoint answering %s into a CognigyCredentialError", async (_, fault, message) => {
    await start();
    server.failTokenRequests(fault);
    const error = await clientWith(oauth2Auth({ grant: "password", ...CLIENT }))
      .GET(AGENT, { params })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CognigyCredentialError);
    expect((error as Error).message).toMatch(message);
    expect(server.apiRequests).toHaveLength(0);
  });

  test.each(["post", "basic"] as const)(
    "a token endpoint echoing the request in its error repeats no secret (client_secret_%s)",
    async (clientAuth) => {
      await start();
      server.failTokenRequests((response, sent) => {
        const echo = `rejected request ${sent.body} with ${sent.authorization ?? "no header"}\u001b[2J`;
        response
          .writeHead(400, { "content-type": "application/json" })
          .end(JSON.stringify({ error: `invalid_grant ${sent.authorization ?? ""}`, error_description: echo }));
      });
      const error = (await clientWith(oauth2Auth({ grant: "password", ...CLIENT, clientAuth }))
        .GET(AGENT, { params })
        .catch((e: unknown) => e)) as CognigyCredentialError;
      expect(error).toBeInstanceOf(CognigyCredentialError);
      expect(error.message).toMatch(/refused the password grant with invalid_grant/);
      expect(error.message).toContain("[redacted]");
      const basic = btoa(`${CLIENT.clientId}:${CLIENT.clientSecret}`);
      for (const text of [error.message, String(error.error)]) {
        for (const secret of [CLIENT.password, CLIENT.clientSecret, basic, encodeURIComponent(CLIENT.password)])
          expect(text).not.toContain(secret);
        expect(text).not.toContain("\u001b");
      }
    },
  );

  test("explains an unreachable token endpoint", async () => {
    await start();
    const auth = oauth2Auth({ grant: "password", ...CLIENT, tokenUrl: "http://127.0.0.1:9/auth/oauth2/token" });
    const error = await clientWith(auth)
      .GET(AGENT, { params })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CognigyCredentialError);
    expect((error as Error).message).toMatch(
      /token endpoint http:\/\/127\.0\.0\.1:9\/auth\/oauth2\/token could not be reached/,
    );
  });
});

describe("authorization-code flow", () => {
  let server: Awaited<ReturnType<typeof startOAuthServer>>;
  afterEach(() => server?.close());
  const redirectUri = "https://app.example/callback";

  test("builds a PKCE authorization URL, exchanges the code and calls the API", async () => {
    server = await startOAuthServer(CLIENT);
    const flow = await createAuthorizationRequest({
      baseUrl: server.url,
      clientId: CLIENT.clientId,
      redirectUri,
      scope: "api",
    });
    const url = new URL(flow.url);
    expect(url.pathname).toBe("/auth/oauth2/authorize");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: "code",
      client_id: CLIENT.clientId,
      redirect_uri: redirectUri,
      state: flow.state,
      code_challenge_method: "S256",
      scope: "api",
    });
    expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const callbackUrl = (await fetch(flow.url, { redirect: "manual" })).headers.get("location")!;
    const tokens = await exchangeAuthorizationCode({
      baseUrl: server.url,
      clientId: CLIENT.clientId,
      redirectUri,
      callbackUrl,
      state: flow.state,
      codeVerifier: flow.codeVerifier,
    });
    expect(server.tokenRequests[0]!.params.get("code_verifier")).toBe(flow.codeVerifier);
    const client = createCognigyClient({
      baseUrl: server.url,
      validate: false,
      auth: oauth2Auth({ grant: "authorization_code", clientId: CLIENT.clientId, tokens }),
    });
    expect((await client.GET(AGENT, { params })).response.status).toBe(200);
  });

  test("refuses a callback whose state does not match, or that carries an error", async () => {
    server = await startOAuthServer(CLIENT);
    const flow = await createAuthorizationRequest({ baseUrl: server.url, clientId: CLIENT.clientId, redirectUri });
    const common = {
      baseUrl: server.url,
      clientId: CLIENT.clientId,
      redirectUri,
      codeVerifier: flow.codeVerifier,
      state: flow.state,
    };
    await expect(
      exchangeAuthorizationCode({ ...common, callbackUrl: `${redirectUri}?code=x&state=forged` }),
    ).rejects.toThrow(/state mismatch/);
    await expect(
      exchangeAuthorizationCode({ ...common, callbackUrl: `${redirectUri}?error=access_denied&state=${flow.state}` }),
    ).rejects.toMatchObject({ name: "CognigyCredentialError", error: "access_denied" });
    await expect(
      exchangeAuthorizationCode({ ...common, callbackUrl: "/oauth/callback?code=c0de-not-to-repeat" }),
    ).rejects.toMatchObject({
      name: "CognigyConfigError",
      option: "callbackUrl",
      message: expect.not.stringContaining("c0de"),
    });
    expect(server.tokenRequests).toHaveLength(0);
  });
});
