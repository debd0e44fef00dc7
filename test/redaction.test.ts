import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, test, vi } from "vitest";
import {
  apiKeyAuth,
  basicAuth,
  bearerAuth,
  createCognigyClient,
  cxoneAuth,
  oauth2Auth,
  type CognigyClientOptions,
  type LogFields,
  type RetryEvent,
} from "../src/index.js";
import { faults, startFaultServer } from "../src/testing/servers/fault-server.js";
import { startOAuthServer } from "../src/testing/servers/oauth-server.js";

// Every failure path is driven with recognizable secrets; none may appear in an error's message,
// stack, cause chain, JSON or inspected form, in the client's or a strategy's printed form, in
// onRetry events, in the logger's lines, or in anything written to the console.
const SECRETS = {
  apiKey: "SECRET-APIKEY-7f3a9c",
  token: "SECRET-TOKEN-51be02",
  cxone: "SECRET-CXONE-88d1e4",
  password: "SECRET-PASSWORD-c0ffee",
  clientSecret: "SECRET-CLIENT-4b1d5e",
};
const AGENT = "/v2.0/aiagents/{aiAgentId}" as const;
const params = { path: { aiAgentId: "5ce7c2d833ea1e04d7e6c432" } };

let oauthServer: Awaited<ReturnType<typeof startOAuthServer>>;
let faultServer: Awaited<ReturnType<typeof startFaultServer>>;
const logged: string[] = [];
beforeAll(async () => {
  oauthServer = await startOAuthServer({
    clientId: "c",
    clientSecret: "other-secret",
    username: "u",
    password: "other",
  });
  faultServer = await startFaultServer();
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation(
      (...args: unknown[]) => void logged.push(args.map((a) => inspect(a, { depth: 8 })).join(" ")),
    );
  }
});
afterAll(async () => {
  vi.restoreAllMocks();
  await Promise.all([oauthServer.close(), faultServer.close()]);
});

/** Everything a user could print of an error, its causes included. */
function printedForms(value: unknown, depth = 0): string[] {
  if (depth > 20 || value === null || value === undefined) return [];
  const forms = [asText(value), inspect(value, { depth: Infinity, showHidden: true }), safeJson(value)];
  if (value instanceof Error) forms.push(value.message, value.stack ?? "", ...printedForms(value.cause, depth + 1));
  return forms;
}
// String() on purpose: what a careless `${error}` or log line would print.
const asText = (value: unknown): string => String(value);
const safeJson = (value: unknown) => {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
};

function expectNoSecret(forms: string[]) {
  const text = forms.join("\n");
  for (const [name, secret] of Object.entries(SECRETS)) expect(text, `${name} leaked`).not.toContain(secret);
}

const retryEvents: RetryEvent[] = [];
// Every client below logs at every level into this.
const logLines: string[] = [];
const logger = Object.fromEntries(
  (["debug", "info", "warn", "error"] as const).map((level) => [
    level,
    (fields: LogFields, message: string) => void logLines.push(`${level} ${message} ${JSON.stringify(fields)}`),
  ]),
);
const loggedClient = (options: CognigyClientOptions) => createCognigyClient({ logger, ...options });
const quick = { maxRetries: 1, initialDelayMs: 1, onRetry: (e: RetryEvent) => void retryEvents.push(e) };

const paths: Array<[string, () => Promise<unknown>]> = [
  [
    "an API key in the query, connection refused",
    () =>
      loggedClient({
        baseUrl: "http://127.0.0.1:9",
        auth: apiKeyAuth(SECRETS.apiKey, { in: "query" }),
        retry: quick,
      }).GET(AGENT, { params }),
  ],
  [
    "an API key in the query, 401 thrown",
    () =>
      loggedClient({
        baseUrl: inject("prismUrl"),
        auth: apiKeyAuth(SECRETS.apiKey, { in: "query" }),
        throwOnError: true,
      }).GET(AGENT, { params, headers: { Prefer: "code=401" } }),
  ],
  [
    "an API key header, timeout",
    () =>
      loggedClient({ baseUrl: oauthServer.url, apiKey: SECRETS.apiKey, timeout: 1, retry: quick, validate: false }).GET(
        AGENT,
        { params },
      ),
  ],
  [
    "a bearer token, 401 thrown",
    () =>
      loggedClient({
        baseUrl: oauthServer.url,
        auth: bearerAuth(SECRETS.token),
        throwOnError: true,
        validate: false,
      }).GET(AGENT, { params }),
  ],
  [
    "a CXone token getter that throws",
    () =>
      loggedClient({ baseUrl: oauthServer.url, auth: cxoneAuth(() => Promise.reject(new Error("store offline"))) }).GET(
        AGENT,
        { params },
      ),
  ],
  [
    "Basic auth refused",
    () =>
      loggedClient({ baseUrl: inject("prismUrl"), auth: basicAuth("ada", SECRETS.password), throwOnError: true }).GET(
        AGENT,
        { params },
      ),
  ],
  [
    "an OAuth2 password grant refused",
    () =>
      loggedClient({
        baseUrl: oauthServer.url,
        validate: false,
        auth: oauth2Auth({
          grant: "password",
          clientId: "c",
          clientSecret: SECRETS.clientSecret,
          username: "u",
          password: SECRETS.password,
        }),
      }).GET(AGENT, { params }),
  ],
  [
    "an OAuth2 refresh token revoked",
    () =>
      loggedClient({
        baseUrl: oauthServer.url,
        validate: false,
        auth: oauth2Auth({
          grant: "refresh_token",
          clientId: "c",
          clientSecret: SECRETS.clientSecret,
          refreshToken: SECRETS.token,
        }),
      }).GET(AGENT, { params }),
  ],
  [
    "an OAuth2 token endpoint unreachable",
    () =>
      loggedClient({
        baseUrl: oauthServer.url,
        auth: oauth2Auth({
          grant: "client_credentials",
          clientId: "c",
          clientSecret: SECRETS.clientSecret,
          tokenUrl: "http://127.0.0.1:9/token",
        }),
      }).GET(AGENT, { params }),
  ],
  [
    "an API key with a line break",
    () => Promise.resolve().then(() => loggedClient({ baseUrl: "https://x.example", apiKey: `${SECRETS.apiKey}\n` })),
  ],
  [
    "credentials in baseUrl",
    () =>
      Promise.resolve().then(() => loggedClient({ baseUrl: `https://ada:${SECRETS.password}@x.example`, apiKey: "k" })),
  ],
  [
    "an API key in baseUrl's query",
    () =>
      Promise.resolve().then(() =>
        loggedClient({ baseUrl: `https://x.example/new?api_key=${SECRETS.apiKey}`, apiKey: "k" }),
      ),
  ],
  [
    "a malformed baseUrl holding a key",
    () => Promise.resolve().then(() => loggedClient({ baseUrl: `${SECRETS.apiKey} https://x`, apiKey: "k" })),
  ],
  [
    "a token getter returning a token with a line break",
    () =>
      loggedClient({ baseUrl: oauthServer.url, auth: bearerAuth(() => `${SECRETS.token}\n`) }).GET(AGENT, { params }),
  ],
  // oauth4webapi rejects these token responses and keeps the body, tokens and all, in its error.
  ...Object.entries({
    "no token_type": { token_type: undefined },
    'token_type "JWT"': { token_type: "JWT" },
    "expires_in -1": { expires_in: -1 },
    "a numeric scope": { scope: 42 },
  }).map(([what, change]): [string, () => Promise<unknown>] => [
    `a token response oauth4webapi rejects (${what})`,
    () => {
      const body = {
        access_token: SECRETS.token,
        refresh_token: SECRETS.cxone,
        token_type: "Bearer",
        expires_in: 3600,
        ...change,
      };
      const server = faultServer.case(faults.json(200, body));
      return loggedClient({
        baseUrl: server.baseUrl,
        validate: false,
        auth: oauth2Auth({
          grant: "client_credentials",
          clientId: "c",
          clientSecret: SECRETS.clientSecret,
          tokenUrl: `${server.baseUrl}/token`,
        }),
      }).GET(AGENT, { params });
    },
  ]),
  [
    "a token URL with a secret in its query, unreachable",
    () =>
      loggedClient({
        baseUrl: oauthServer.url,
        auth: oauth2Auth({
          grant: "client_credentials",
          clientId: "c",
          clientSecret: "s-0123",
          tokenUrl: `http://127.0.0.1:9/token?client_secret=${SECRETS.clientSecret}`,
        }),
      }).GET(AGENT, { params }),
  ],
  [
    "a token URL with a password in it",
    () =>
      Promise.resolve().then(() =>
        oauth2Auth({
          grant: "client_credentials",
          clientId: "c",
          clientSecret: "s-0123",
          tokenUrl: `https://ada:${SECRETS.password}@x.example/token`,
        }),
      ),
  ],
  [
    "a key in the query echoed in the problem's instance, detail and headers",
    () =>
      loggedClient({
        baseUrl: faultServer.case(faults.echo(404)).baseUrl,
        auth: apiKeyAuth(SECRETS.apiKey, { in: "query" }),
        throwOnError: true,
      }).GET(AGENT, { params }),
  ],
  [
    "a key header echoed back",
    () =>
      loggedClient({
        baseUrl: faultServer.case(
          (response, request) =>
            void response.writeHead(400, { "content-type": "application/json" }).end(
              JSON.stringify({
                detail: `bad key ${String(request.headers["x-api-key"])}`,
                echo: { nested: [request.headers["x-api-key"]] },
              }),
            ),
        ).baseUrl,
        apiKey: SECRETS.apiKey,
        throwOnError: true,
      }).GET(AGENT, { params }),
  ],
  [
    "a redirect to another origin with the key in its Location",
    () =>
      loggedClient({
        baseUrl: faultServer.case(faults.redirect(302, `http://127.0.0.1:9/x?api_key=${SECRETS.apiKey}`)).baseUrl,
        apiKey: "k-0123",
      }).GET(AGENT, { params }),
  ],
  [
    "a 200 HTML page that repeats the URL, key and all",
    () =>
      loggedClient({
        baseUrl: faultServer.case(
          (response, request) =>
            void response
              .writeHead(200, { "content-type": "text/html" })
              .end(`<html><title>Login</title><a href="${request.url}">again</a></html>`),
        ).baseUrl,
        auth: apiKeyAuth(SECRETS.apiKey, { in: "query" }),
      }).GET(AGENT, { params }),
  ],
  [
    "a redirect whose Location repeats the CXone token",
    () =>
      loggedClient({
        baseUrl: faultServer.case(
          (response, request) =>
            void response
              .writeHead(302, {
                location: `http://127.0.0.1:9/t/${String(request.headers["x-cxone-authorization"]).replace("Bearer ", "")}`,
              })
              .end(),
        ).baseUrl,
        auth: cxoneAuth(SECRETS.cxone),
      }).GET(AGENT, { params }),
  ],
  [
    "a middleware writing a header value the platform refuses",
    () => {
      const client = loggedClient({ baseUrl: oauthServer.url, apiKey: "k-0123" });
      client.use({ onRequest: ({ request }) => void request.headers.set("X-Token", `${SECRETS.token}\r\nX-Evil: 1`) });
      return client.GET(AGENT, { params });
    },
  ],
  [
    "a header value with a line break",
    () =>
      loggedClient({ baseUrl: oauthServer.url, apiKey: "k-0123" }).GET(AGENT, {
        params,
        headers: { "X-Forward": `Bearer ${SECRETS.token}\r\n` },
      }),
  ],
];

describe("secrets never appear", () => {
  test.each(paths)("in what fails with %s", async (_, run) => {
    const error = await run().then(
      () => expect.unreachable("expected a failure"),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expectNoSecret(printedForms(error));
  });

  test("in the error body a call resolves to, where the server echoed the key", async () => {
    const client = createCognigyClient({
      baseUrl: faultServer.case(faults.echo(404)).baseUrl,
      auth: apiKeyAuth(SECRETS.apiKey, { in: "query" }),
    });
    const { error } = await client.GET(AGENT, { params });
    expect(error).toMatchObject({ instance: expect.stringContaining("api_key=[redacted]") });
    expectNoSecret([inspect(error, { depth: Infinity }), safeJson(error)]);
  });

  test("in printed clients and strategies", () => {
    const strategies = [
      apiKeyAuth(SECRETS.apiKey),
      bearerAuth(SECRETS.token),
      cxoneAuth(SECRETS.cxone),
      basicAuth("ada", SECRETS.password),
      oauth2Auth({
        grant: "password",
        clientId: "c",
        clientSecret: SECRETS.clientSecret,
        username: "u",
        password: SECRETS.password,
        tokens: { accessToken: SECRETS.token },
      }),
    ];
    const clients = strategies.map((auth) => createCognigyClient({ baseUrl: "https://x.example", auth }));
    expectNoSecret(
      [...strategies, ...clients].flatMap((value) => [asText(value), inspect(value, { depth: 10 }), safeJson(value)]),
    );
  });

  test("in the logger's lines, at every level", () => {
    // Each level was written: attempts (debug), retries (warn), failures without an answer (error).
    for (const level of ["debug", "warn", "error"])
      expect(
        logLines.some((line) => line.startsWith(`${level} `)),
        level,
      ).toBe(true);
    expectNoSecret(logLines);
  });

  test("in onRetry events and console output", () => {
    expect(retryEvents.length).toBeGreaterThan(0);
    expectNoSecret([...retryEvents.map(safeJson), ...retryEvents.map((e) => inspect(e, { depth: 10 })), ...logged]);
  });
});
