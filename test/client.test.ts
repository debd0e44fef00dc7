import { inspect } from "node:util";
import { describe, expect, expectTypeOf, inject, test } from "vitest";
import {
  apiKeyAuth,
  CognigyNotFoundError,
  createCognigyClient,
  csvRecords,
  isCognigyConfigError,
  unwrap,
  type CognigyClientOptions,
} from "../src/index.js";

// These tests call the two operations of the seed pages by name (read an AI Agent, list LLMs), as
// users' code does. A Cognigy release that changes either breaks them, as it would break that code:
// a breaking change, which spec:update rolls back. Any other change to the spec leaves them green.
const baseUrl = inject("prismUrl");
const AGENT_ID = "5ce7c2d833ea1e04d7e6c432";
const SECRET = "sk-test-0123456789abcdef";

/** A client that records every request it sends before passing it on to Prism. */
function recordingClient(options: Partial<CognigyClientOptions> = {}) {
  const sent: Request[] = [];
  const client = createCognigyClient({
    baseUrl,
    apiKey: SECRET,
    fetch: (request) => {
      sent.push(request.clone());
      return fetch(request);
    },
    ...options,
  });
  return { client, sent };
}

describe("createCognigyClient against Prism", () => {
  test("lists large language models with typed items", async () => {
    const { client } = recordingClient();
    const { data, error, response } = await client.GET("/v2.0/largelanguagemodels", {
      params: { query: { limit: 10 } },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expectTypeOf(data!.items).toEqualTypeOf<NonNullable<typeof data>["items"]>();
    const first = data!.items![0]!;
    expectTypeOf(first.provider).toEqualTypeOf<
      | "azureOpenAI"
      | "openAI"
      | "anthropic"
      | "googleVertexAI"
      | "googleGemini"
      | "googleGenAI"
      | "alephAlpha"
      | "awsBedrock"
      | "mistral"
    >();
    expect(first.name).toBe("Large language model for customer service");
    expect(first.provider).toBe("azureOpenAI");
    expect(typeof data!.total).toBe("number");
  });

  test("reads one AI Agent by id", async () => {
    const { client, sent } = recordingClient();
    const { data, error } = await client.GET("/v2.0/aiagents/{aiAgentId}", {
      params: { path: { aiAgentId: AGENT_ID } },
    });
    expect(error).toBeUndefined();
    expectTypeOf(data!.name).toEqualTypeOf<string | undefined>();
    expect(data!.name).toEqual(expect.any(String));
    expect(data!._id).toMatch(/^[a-z0-9]{24}$/);
    expect(new URL(sent[0]!.url).pathname).toBe(`/v2.0/aiagents/${AGENT_ID}`);
  });

  test("sends Accept: application/json and the API key on every request", async () => {
    const { client, sent } = recordingClient();
    await client.GET("/v2.0/largelanguagemodels");
    expect(sent[0]!.headers.get("accept")).toBe("application/json");
    expect(sent[0]!.headers.get("x-api-key")).toBe(SECRET);
    expect(new URL(sent[0]!.url).search).toBe("");
  });

  test("gets Prism's 401 when the request carries no credential", async () => {
    const { client, sent } = recordingClient({
      apiKey: undefined,
      auth: "none",
    } as unknown as Partial<CognigyClientOptions>);
    const { data, error, response } = await client.GET("/v2.0/aiagents/{aiAgentId}", {
      params: { path: { aiAgentId: AGENT_ID } },
    });
    expect(sent[0]!.headers.has("x-api-key")).toBe(false);
    expect(response.status).toBe(401);
    expect(data).toBeUndefined();
    expect(error).toMatchObject({ status: 401, traceId: expect.any(String) });
  });

  test.each([
    ["application/json", "json"],
    ["application/hal+json", "json"],
    ["application/xml", "text"],
    ["text/xml", "text"],
    ["text/csv", "text"],
  ] as const)("is served %s when it asks for it", async (accept, parseAs) => {
    const { client, sent } = recordingClient();
    const { data, response } = await client.GET("/v2.0/largelanguagemodels", { headers: { Accept: accept }, parseAs });
    expect(sent[0]!.headers.get("accept")).toBe(accept);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain(accept);
    if (accept === "text/csv") expect(data).toMatch(/^_id,name,/);
    if (accept.endsWith("xml")) expect(data).toMatch(/^<\?xml|^</);
    if (parseAs === "json") expect(data).toHaveProperty("items");
  });

  test("sends extra headers, and the per-request value wins", async () => {
    const { client, sent } = recordingClient({
      headers: { "X-Request-Source": "tests", accept: "application/hal+json" },
    });
    await client.GET("/v2.0/largelanguagemodels");
    await client.GET("/v2.0/largelanguagemodels", { headers: { "X-Request-Source": "override" } });
    expect(sent[0]!.headers.get("x-request-source")).toBe("tests");
    expect(sent[0]!.headers.get("accept")).toBe("application/hal+json");
    expect(sent[1]!.headers.get("x-request-source")).toBe("override");
  });

  test("accepts an explicit auth strategy", async () => {
    const { client, sent } = recordingClient({ apiKey: undefined, auth: apiKeyAuth(SECRET) });
    const { response } = await client.GET("/v2.0/largelanguagemodels");
    expect(response.status).toBe(200);
    expect(sent[0]!.headers.get("x-api-key")).toBe(SECRET);
  });
});

describe("createCognigyClient configuration", () => {
  const configError = (options: unknown) => {
    try {
      createCognigyClient(options as CognigyClientOptions);
    } catch (error) {
      expect(isCognigyConfigError(error)).toBe(true);
      return error as Error & { option: string };
    }
    throw new Error("expected a CognigyConfigError");
  };

  test.each([
    ["no API key", { baseUrl: "https://api-app.cognigy.ai/new" }, "apiKey", /no credentials given/],
    ["an undefined API key", { baseUrl: "https://api-app.cognigy.ai/new", apiKey: undefined }, "apiKey", /required/],
    ["an empty API key", { baseUrl: "https://api-app.cognigy.ai/new", apiKey: "" }, "apiKey", /empty/],
    ["a blank API key", { baseUrl: "https://api-app.cognigy.ai/new", apiKey: "  \t" }, "apiKey", /empty/],
    [
      "a key with a line break",
      { baseUrl: "https://api-app.cognigy.ai/new", apiKey: `${SECRET}\n` },
      "apiKey",
      /whitespace/,
    ],
    ["no server", { apiKey: SECRET }, "baseUrl", /no server given/],
    ["a relative baseUrl", { apiKey: SECRET, baseUrl: "/v2.0" }, "baseUrl", /absolute URL/],
    ["a host without scheme", { apiKey: SECRET, baseUrl: "api-app.cognigy.ai" }, "baseUrl", /missing https/],
    ["an ftp baseUrl", { apiKey: SECRET, baseUrl: "ftp://api-app.cognigy.ai" }, "baseUrl", /https/],
    [
      "credentials in baseUrl",
      { apiKey: SECRET, baseUrl: `https://me:${SECRET}@api-app.cognigy.ai` },
      "baseUrl",
      /credentials/,
    ],
    [
      "a query in baseUrl",
      { apiKey: SECRET, baseUrl: `https://api-app.cognigy.ai/new?api_key=${SECRET}` },
      "baseUrl",
      /query/,
    ],
    [
      "both baseUrl and environment",
      { apiKey: SECRET, baseUrl: "https://x.example", environment: "app" },
      "baseUrl",
      /either/,
    ],
    ["an unknown environment", { apiKey: SECRET, environment: "apps" }, "environment", /unknown environment "apps"/],
    ["both apiKey and auth", { baseUrl: "https://x.example", apiKey: SECRET, auth: "none" }, "auth", /either/],
    ["an auth that is not a strategy", { baseUrl: "https://x.example", auth: SECRET }, "auth", /strategy/],
  ])("refuses %s before any request", (_, options, option, message) => {
    const error = configError(options);
    expect(error.option).toBe(option);
    expect(error.message).toMatch(message);
    expect(`${error.message}\n${error.stack}`).not.toContain(SECRET.slice(3));
  });

  test("resolves named environments and custom hosts to the spec's /new prefix", async () => {
    const seen: string[] = [];
    const fake = (request: Request) => {
      seen.push(request.url);
      return Promise.resolve(new Response("{}", { headers: { "content-type": "application/json" } }));
    };
    for (const environment of ["trial", "app", "app-us", "api-acme.cognigy.cloud"]) {
      await createCognigyClient({ environment, apiKey: SECRET, fetch: fake }).GET("/v2.0/largelanguagemodels");
    }
    await createCognigyClient({ baseUrl: "https://cognigy.internal.example/", apiKey: SECRET, fetch: fake }).GET(
      "/v2.0/largelanguagemodels",
    );
    expect(seen).toEqual([
      "https://api-trial.cognigy.ai/new/v2.0/largelanguagemodels",
      "https://api-app.cognigy.ai/new/v2.0/largelanguagemodels",
      "https://api-app-us.cognigy.ai/new/v2.0/largelanguagemodels",
      "https://api-acme.cognigy.cloud/new/v2.0/largelanguagemodels",
      "https://cognigy.internal.example/v2.0/largelanguagemodels",
    ]);
  });

  test("never shows the API key when the auth strategy is printed", () => {
    const auth = apiKeyAuth(SECRET);
    for (const shown of [String(auth), JSON.stringify(auth), inspect(auth), inspect({ auth }, { depth: 5 })]) {
      expect(shown).not.toContain(SECRET);
      expect(shown).toContain("redacted");
    }
  });
});

describe("openapi-fetch middleware", () => {
  // openapi-fetch builds every request; middleware that changes nothing must leave the wire as it was,
  // the credential (here in the query) added after it.
  const snapshot = async (request: Request) => ({
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(request.headers),
    body: request.body ? await request.text() : undefined,
  });
  const passThrough = { onRequest: () => undefined };

  test.each([
    [
      "path and query parameters, arrays and objects",
      "GET",
      "/v2.0/largelanguagemodels",
      { params: { query: { limit: 10, sort: "name:asc", tags: ["a b", "c&d"], filter: { name: "x" } } } },
    ],
    [
      "header parameters, a client header removed with null, an array header",
      "GET",
      `/v2.0/aiagents/{aiAgentId}`,
      {
        params: { path: { aiAgentId: AGENT_ID }, header: { "X-Trace": "t-1" } },
        headers: { "X-Team": null, "X-Multi": ["1", "2"] },
      },
    ],
    [
      "a JSON body with the default content type",
      "POST",
      "/v2.0/largelanguagemodels",
      { body: { name: "LLM", provider: "openAI" } },
    ],
    [
      "a form body",
      "POST",
      "/v2.0/largelanguagemodels",
      { body: { name: "LLM" }, headers: { "Content-Type": "application/x-www-form-urlencoded" } },
    ],
    ["an accept choice", "GET", "/v2.0/largelanguagemodels", { accept: "csv", parseAs: "text" }],
  ])("that passes through leaves the request as it was for %s", async (_, method, path, init) => {
    const run = async (withMiddleware: boolean) => {
      const sent: Request[] = [];
      const client = createCognigyClient({
        baseUrl: "https://cognigy.example/new",
        auth: apiKeyAuth(SECRET, { in: "query" }),
        headers: { "X-Team": "blue" },
        validate: false,
        fetch: (request) => (
          sent.push(request),
          Promise.resolve(new Response("{}", { status: 200, headers: { "content-type": "application/json" } }))
        ),
      });
      if (withMiddleware) client.use(passThrough);
      await client.request(method as "get", path as "/v2.0/largelanguagemodels", init as never);
      return snapshot(sent[0]!);
    };
    const direct = await run(false);
    expect(direct.url).toContain("api_key=");
    expect(await run(true)).toEqual(direct);
  });

  test("sees and changes real requests, before the credential is added; after eject it runs no more", async () => {
    const { client, sent } = recordingClient();
    const seen: string[] = [];
    const tag = {
      onRequest({ request }: { request: Request }) {
        seen.push(request.constructor.name);
        request.headers.set("X-Tagged", "yes");
        return request;
      },
    };
    client.use(tag);
    const params = { path: { aiAgentId: AGENT_ID } };
    expect((await client.GET("/v2.0/aiagents/{aiAgentId}", { params })).response.status).toBe(200);
    expect(seen).toEqual(["Request"]);
    expect(sent.at(-1)!.headers.get("x-tagged")).toBe("yes");
    expect(sent.at(-1)!.headers.get("x-api-key")).toBe(SECRET);
    client.eject(tag);
    expect((await client.GET("/v2.0/aiagents/{aiAgentId}", { params })).response.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(sent.at(-1)!.headers.get("x-tagged")).toBeNull();
  });
});

describe("call results", () => {
  const answering = (status: number, body: string, calls: Request[] = []) =>
    createCognigyClient({
      baseUrl: "https://cognigy.example/new",
      apiKey: SECRET,
      retry: { initialDelayMs: 1 },
      fetch: (request) => (
        calls.push(request),
        Promise.resolve(new Response(body, { status, headers: { "content-type": "application/json" } }))
      ),
    });
  const notFound = JSON.stringify({ title: "Not Found", detail: "AI Agent not found", traceId: "trace-1" });
  const params = { path: { aiAgentId: AGENT_ID } };

  test("name their request, so unwrap() and csvRecords() can say which call failed", async () => {
    const client = answering(404, notFound);
    const result = await client.GET("/v2.0/aiagents/{aiAgentId}", { params });
    expect(result.request).toEqual({ method: "GET", path: "/v2.0/aiagents/{aiAgentId}" });
    const error = await unwrap(client.GET("/v2.0/aiagents/{aiAgentId}", { params })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CognigyNotFoundError);
    expect((error as Error).message).toBe(
      "GET /v2.0/aiagents/{aiAgentId} → 404 Not Found: AI Agent not found (traceId trace-1)",
    );
    const rows = csvRecords(client.GET("/v2.0/largelanguagemodels", { accept: "csv", parseAs: "stream" }));
    await expect(rows.next()).rejects.toMatchObject({
      name: "CognigyNotFoundError",
      method: "GET",
      path: "/v2.0/largelanguagemodels",
    });
  });

  test("a retry setting left undefined keeps the client's value", async () => {
    const calls: Request[] = [];
    const client = answering(503, "{}", calls);
    await client.GET("/v2.0/largelanguagemodels", { retry: { maxRetries: undefined as unknown as number } });
    expect(calls).toHaveLength(3);
  });

  test("a call's own fetch sends it, with the credential added", async () => {
    const own: Request[] = [];
    const client = answering(200, "{}");
    await client.GET("/v2.0/largelanguagemodels", {
      fetch: (request) => (
        own.push(request),
        Promise.resolve(new Response("{}", { headers: { "content-type": "application/json" } }))
      ),
    });
    expect(own).toHaveLength(1);
    expect(own[0]!.headers.get("x-api-key")).toBe(SECRET);
  });
});
