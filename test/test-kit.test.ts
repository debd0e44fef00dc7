import { describe, expect, test } from "vitest";
import {
  CognigyAbortError,
  CognigyConfigError,
  CognigyNotFoundError,
  CognigyRateLimitError,
  CognigyTimeoutError,
  CognigyValidationError,
  createCognigyClient,
  isCognigyApiError,
  paginate,
} from "../src/index.js";
import { mockFetch } from "../src/testing/index.js";
import {
  CognigyMissingDependencyError,
  PRISM_PACKAGES,
  faults,
  idOf,
  startFaultServer,
  startListServer,
  startPrismMock,
} from "../src/testing/servers/index.js";

// The test kit's typed handlers: the whole client runs against them (credential, validation,
// retries, parsing, errors), with no server and no network.
const aiAgentId = "5ce7c2d833ea1e04d7e6c432";
const baseUrl = "https://api.example.net/new";

describe("mockFetch", () => {
  test("answers path and named calls from typed handlers, with the request's params, query and credential", async () => {
    const fetch = mockFetch({
      "GET /v2.0/aiagents/{aiAgentId}": ({ params, headers }) => ({
        body: { _id: params.aiAgentId, name: `agent for ${headers.get("x-api-key")}` },
      }),
      "GET /v2.0/largelanguagemodels": ({ query }) => ({
        body: {
          items: [{ name: `limit ${query.get("limit")}` }],
          total: 1,
          nextCursor: null,
          previousCursor: null,
        } as never,
      }),
    });
    const client = createCognigyClient({ baseUrl, apiKey: "test-key", fetch });
    const byPath = await client.GET("/v2.0/aiagents/{aiAgentId}", { params: { path: { aiAgentId } } });
    const byName = await client.aiAgents.get({ params: { path: { aiAgentId } } });
    expect(byPath.data).toEqual({ _id: aiAgentId, name: "agent for test-key" });
    expect(byName.data).toEqual(byPath.data);
    const names = [];
    for await (const llm of paginate(client, client.largeLanguageModels.list, { pageSize: 7 })) names.push(llm.name);
    expect(names).toEqual(["limit 7"]);
    expect(fetch.calls.map((call) => call.route)).toEqual([
      "GET /v2.0/aiagents/{aiAgentId}",
      "GET /v2.0/aiagents/{aiAgentId}",
      "GET /v2.0/largelanguagemodels",
    ]);
  });

  test("error answers become the client's typed errors; retries and validation happen as against Cognigy", async () => {
    let attempts = 0;
    const fetch = mockFetch({
      "GET /v2.0/aiagents/{aiAgentId}": () =>
        ++attempts < 2
          ? { status: 503 }
          : { status: 404, body: { title: "Not Found", detail: "no such agent", traceId: "trace-1" } as never },
    });
    const client = createCognigyClient({
      baseUrl,
      apiKey: "k",
      fetch,
      throwOnError: true,
      retry: { initialDelayMs: 1 },
    });
    const error = await client
      .GET("/v2.0/aiagents/{aiAgentId}", { params: { path: { aiAgentId } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CognigyNotFoundError);
    expect(error).toMatchObject({ detail: "no such agent", traceId: "trace-1" });
    expect(attempts).toBe(2);
    const invalid = await client
      .GET("/v2.0/aiagents/{aiAgentId}", { params: { path: { aiAgentId: "short" } } })
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(CognigyValidationError);
    expect(fetch.calls).toHaveLength(2);
  });

  test("a route without a handler answers 501 naming it; a Response answer passes as it is", async () => {
    const fetch = mockFetch({
      "GET /v2.0/largelanguagemodels": () =>
        new Response("name\nExample\n", { headers: { "content-type": "text/csv" } }),
    });
    const client = createCognigyClient({ baseUrl, apiKey: "k", fetch });
    const csv = await client.largeLanguageModels.list({ accept: "csv" });
    expect(csv.data).toEqual([{ name: "Example" }]);
    // A route no spec has, so this holds on any spec the project is generated from.
    const missing = await client
      .request("POST", "/v9.9/unhandled", { body: { name: "f" }, throwOnError: true })
      .catch((e: unknown) => e);
    expect(isCognigyApiError(missing) && missing.status).toBe(501);
    expect((missing as Error).message).toContain("mockFetch: no handler for POST /new/v9.9/unhandled");
  });
});

// The servers of cognigy-openapi-client/testing/servers are the ones this project's own tests use
// (test/support, pagination, resilience …): here they are checked as users call them.
describe("startPrismMock", () => {
  test("mocks the bundled spec by default: typed calls get the spec's examples, requests are checked, disposal stops it", async () => {
    let url: string;
    {
      await using prism = await startPrismMock();
      url = prism.url;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const client = createCognigyClient({ baseUrl: prism.url, apiKey: "test" });
      const { data } = await client.aiAgents.get({ params: { path: { aiAgentId } } });
      expect(data?.name).toBe("Cognigy AI Agent");
      // No credential: Prism checks the spec's security and answers 401.
      const anonymous = createCognigyClient({ baseUrl: prism.url, auth: "none" });
      const { response } = await anonymous.aiAgents.get({ params: { path: { aiAgentId } } });
      expect(response.status).toBe(401);
    }
    await expect(fetch(`${url}/v2.0/largelanguagemodels`)).rejects.toThrow();
  });

  test("serves a spec of the user's own, given as a document", async () => {
    const spec = {
      openapi: "3.0.3",
      info: { title: "own", version: "1" },
      paths: {
        "/v9.9/ping": {
          get: {
            responses: { "200": { description: "ok", content: { "application/json": { example: { pong: true } } } } },
          },
        },
      },
    };
    const prism = await startPrismMock({ spec });
    try {
      const client = createCognigyClient({ baseUrl: prism.url, auth: "none" });
      expect((await client.request("GET", "/v9.9/ping")).data).toEqual({ pong: true });
    } finally {
      await prism.close();
    }
  });

  test("names the packages to install when Prism is missing", () => {
    const error = new CognigyMissingDependencyError("startPrismMock()", PRISM_PACKAGES);
    expect(error.message).toBe(
      "startPrismMock() needs @stoplight/prism-core, @stoplight/prism-http, @stoplight/prism-http-server, optional dependencies that are not installed: npm install --save-dev @stoplight/prism-core@5.8.0 @stoplight/prism-http@5.12.0 @stoplight/prism-http-server@5.12.2",
    );
    // The packed package's consumer test calls startPrismMock() before Prism is installed.
  });
});

describe("startListServer", () => {
  test.each(["cursor", "offset", "hal"] as const)("pages %s lists for paginate()", async (paging) => {
    await using list = await startListServer({ paging, count: 60 });
    const client = createCognigyClient({ baseUrl: list.url, apiKey: "k" });
    const ids = [];
    for await (const llm of paginate(client, client.largeLanguageModels.list, { pageSize: 25 })) ids.push(llm._id);
    expect(ids).toEqual(Array.from({ length: 60 }, (_, n) => idOf(n)));
    expect(list.requests()).toBe(3);
  });

  test("refuses options it cannot serve, naming them, before it starts", async () => {
    await expect(startListServer({ count: -1 })).rejects.toThrow(
      "startListServer: count must be a whole number from 0 to 1000000, got -1",
    );
    await expect(startListServer({ count: 1e7 })).rejects.toThrow(
      "startListServer: count must be a whole number from 0 to 1000000, got 10000000",
    );
    await expect(startListServer({ count: "10" as never })).rejects.toThrow(
      'startListServer: count must be a whole number from 0 to 1000000, got "10"',
    );
    await expect(startListServer({ paging: "nope" as never })).rejects.toThrow(
      'startListServer: paging must be one of "cursor", "offset", "hal", "bare-array", "repeated-cursor", "shrinking-total", got "nope"',
    );
  });
});

describe("mockFetch: its requests end as they would over the network", () => {
  const params = { path: { aiAgentId } };

  test("a handler that never answers times out, and an abort ends it, though it ignores the signal", async () => {
    const fetch = mockFetch({ "GET /v2.0/aiagents/{aiAgentId}": () => new Promise<never>(() => undefined) });
    const client = createCognigyClient({ baseUrl, apiKey: "k", fetch, timeout: 50, retry: { maxRetries: 0 } });
    await expect(client.aiAgents.get({ params })).rejects.toBeInstanceOf(CognigyTimeoutError);
    const controller = new AbortController();
    const pending = createCognigyClient({ baseUrl, apiKey: "k", fetch, timeout: 60_000 }).aiAgents.get({
      params,
      signal: controller.signal,
    });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(CognigyAbortError);
  });

  test("an answer later than the timeout is a timeout, not a success", async () => {
    const fetch = mockFetch({
      "GET /v2.0/aiagents/{aiAgentId}": () =>
        new Promise((resolve) => setTimeout(() => resolve({ body: { _id: aiAgentId } as never }), 300)),
    });
    const client = createCognigyClient({ baseUrl, apiKey: "k", fetch, timeout: 50, retry: { maxRetries: 0 } });
    await expect(client.aiAgents.get({ params })).rejects.toBeInstanceOf(CognigyTimeoutError);
  });

  test("a handler that throws or answers nothing is a CognigyConfigError naming it, and is not retried", async () => {
    let calls = 0;
    const fetch = mockFetch({
      "GET /v2.0/aiagents/{aiAgentId}": () => {
        calls++;
        throw new Error("handler bug");
      },
      "GET /v2.0/largelanguagemodels": () => null as never,
    });
    const client = createCognigyClient({ baseUrl, apiKey: "k", fetch });
    const thrown = await client.aiAgents.get({ params }).then(
      () => expect.unreachable("expected a rejection"),
      (error: unknown) => error as Error,
    );
    expect(thrown).toBeInstanceOf(CognigyConfigError);
    expect(thrown.message).toBe('handlers["GET /v2.0/aiagents/{aiAgentId}"]: threw Error: handler bug');
    expect(calls).toBe(1);
    await expect(client.largeLanguageModels.list()).rejects.toThrow(
      'handlers["GET /v2.0/largelanguagemodels"]: returned null; answer { body }, { status, body } or a Response',
    );
  });

  test("handlers it cannot use are refused when it is made, naming them", () => {
    expect(() => mockFetch(null as never)).toThrow(CognigyConfigError);
    expect(() => mockFetch({ GET: () => ({ body: {} }) } as never)).toThrow(
      'handlers["GET"]: must be keyed by an upper-case method, one space and a path template',
    );
    expect(() => mockFetch({ "get /v2.0/largelanguagemodels": () => ({ body: {} }) } as never)).toThrow(
      'handlers["get /v2.0/largelanguagemodels"]: must be keyed by an upper-case method',
    );
    expect(() => mockFetch({ "GET /v2.0/largelanguagemodels": "nope" } as never)).toThrow(
      'handlers["GET /v2.0/largelanguagemodels"]: must be a function answering the request, got string',
    );
  });
});

describe("startFaultServer", () => {
  test("scripts a 429 with Retry-After, then an answer; records what arrived", async () => {
    await using server = await startFaultServer();
    const { baseUrl, seen } = server.case(
      faults.problem(429, "TooManyRequests", { "retry-after": "0" }),
      faults.json(200, { name: "Support agent" }),
    );
    const client = createCognigyClient({ baseUrl, apiKey: "k" });
    const { data } = await client.aiAgents.get({ params: { path: { aiAgentId } } });
    expect(data?.name).toBe("Support agent");
    expect(seen.map((request) => [request.method, request.url])).toEqual([
      ["GET", `/v2.0/aiagents/${aiAgentId}`],
      ["GET", `/v2.0/aiagents/${aiAgentId}`],
    ]);
    const limited = createCognigyClient({
      baseUrl: server.case(faults.problem(429, "TooManyRequests", { "retry-after": "0" })).baseUrl,
      apiKey: "k",
      retry: { maxRetries: 0 },
      throwOnError: true,
    });
    await expect(limited.aiAgents.get({ params: { path: { aiAgentId } } })).rejects.toBeInstanceOf(
      CognigyRateLimitError,
    );
  });

  test("a slow body arrives whole when there is time, and times out when there is not", async () => {
    await using server = await startFaultServer();
    const body = { name: "x".repeat(1000) };
    const slow = createCognigyClient({ baseUrl: server.case(faults.slowBody(body, 4, 20)).baseUrl, apiKey: "k" });
    expect((await slow.aiAgents.get({ params: { path: { aiAgentId } } })).data).toEqual(body);
    const hurried = createCognigyClient({
      baseUrl: server.case(faults.slowBody(body, 10, 100)).baseUrl,
      apiKey: "k",
      timeout: 150,
      retry: { maxRetries: 0 },
      throwOnError: true,
    });
    await expect(hurried.aiAgents.get({ params: { path: { aiAgentId } } })).rejects.toBeInstanceOf(CognigyTimeoutError);
  });

  test("a case needs at least one fault, each a function", async () => {
    await using server = await startFaultServer();
    expect(() => server.case()).toThrow("startFaultServer: case() needs at least one fault");
    expect(() => server.case(42 as never)).toThrow(
      "startFaultServer: case()'s fault #1 must be a function such as faults.json(200, body), got 42",
    );
  });

  test("a fault that cannot be sent fails where it is made, naming what is wrong", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic["self"] = cyclic;
    expect(() => faults.json(99, {})).toThrow("faults.json: status must be a whole number from 100 to 599, got 99");
    expect(() => faults.json(200, cyclic)).toThrow(
      /^faults\.json: the body cannot be written as JSON \(Converting circular structure to JSON/,
    );
    expect(() => faults.problem(429, "TooManyRequests", { "retry-after": "1\r\nSet-Cookie: x=1" })).toThrow(
      'faults.problem: header "retry-after" cannot be sent',
    );
    expect(() => faults.redirect(302, "/a\nb")).toThrow('faults.redirect: header "location" cannot be sent');
  });

  test("a fault of the test's own that throws is answered as a 500 that says so; the process lives on", async () => {
    await using server = await startFaultServer();
    const { baseUrl } = server.case(() => {
      throw new Error("my fault is broken");
    });
    const { response, error } = await createCognigyClient({
      baseUrl,
      apiKey: "k",
      retry: { maxRetries: 0 },
    }).aiAgents.get({ params: { path: { aiAgentId } } });
    expect(response.status).toBe(500);
    expect(error).toMatchObject({ detail: "startFaultServer: the fault threw Error: my fault is broken" });
  });
});
