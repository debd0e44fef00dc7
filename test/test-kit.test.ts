import { describe, expect, test } from "vitest";
import { CognigyNotFoundError, CognigyValidationError, createCognigyClient, isCognigyApiError, paginate } from "../src/index.js";
import { mockFetch } from "../src/testing/index.js";

// The test kit's typed handlers: the whole client runs against them (credential, validation,
// retries, parsing, errors), with no server and no network.
const aiAgentId = "5ce7c2d833ea1e04d7e6c432";
const baseUrl = "https://api.example.net/new";

describe("mockFetch", () => {
  test("answers path and named calls from typed handlers, with the request's params, query and credential", async () => {
    const fetch = mockFetch({
      "GET /v2.0/aiagents/{aiAgentId}": ({ params, headers }) => ({ body: { _id: params.aiAgentId, name: `agent for ${headers.get("x-api-key")}` } }),
      "GET /v2.0/largelanguagemodels": ({ query }) => ({ body: { items: [{ name: `limit ${query.get("limit")}` }], total: 1, nextCursor: null, previousCursor: null } as never }),
    });
    const client = createCognigyClient({ baseUrl, apiKey: "test-key", fetch });
    const byPath = await client.GET("/v2.0/aiagents/{aiAgentId}", { params: { path: { aiAgentId } } });
    const byName = await client.aiAgents.get({ params: { path: { aiAgentId } } });
    expect(byPath.data).toEqual({ _id: aiAgentId, name: "agent for test-key" });
    expect(byName.data).toEqual(byPath.data);
    const names = [];
    for await (const llm of paginate(client, client.largeLanguageModels.list, { pageSize: 7 })) names.push(llm.name);
    expect(names).toEqual(["limit 7"]);
    expect(fetch.calls.map((call) => call.route)).toEqual(["GET /v2.0/aiagents/{aiAgentId}", "GET /v2.0/aiagents/{aiAgentId}", "GET /v2.0/largelanguagemodels"]);
  });

  test("error answers become the client's typed errors; retries and validation happen as against Cognigy", async () => {
    let attempts = 0;
    const fetch = mockFetch({
      "GET /v2.0/aiagents/{aiAgentId}": () => (++attempts < 2 ? { status: 503 } : { status: 404, body: { title: "Not Found", detail: "no such agent", traceId: "trace-1" } as never }),
    });
    const client = createCognigyClient({ baseUrl, apiKey: "k", fetch, throwOnError: true, retry: { initialDelayMs: 1 } });
    const error = await client.GET("/v2.0/aiagents/{aiAgentId}", { params: { path: { aiAgentId } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CognigyNotFoundError);
    expect(error).toMatchObject({ detail: "no such agent", traceId: "trace-1" });
    expect(attempts).toBe(2);
    const invalid = await client.GET("/v2.0/aiagents/{aiAgentId}", { params: { path: { aiAgentId: "short" } } }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(CognigyValidationError);
    expect(fetch.calls).toHaveLength(2);
  });

  test("a route without a handler answers 501 naming it; a Response answer passes as it is", async () => {
    const fetch = mockFetch({ "GET /v2.0/largelanguagemodels": () => new Response("name\nExample\n", { headers: { "content-type": "text/csv" } }) });
    const client = createCognigyClient({ baseUrl, apiKey: "k", fetch });
    const csv = await client.largeLanguageModels.list({ accept: "csv" });
    expect(csv.data).toEqual([{ name: "Example" }]);
    // A route no spec has, so this holds on any spec the project is generated from.
    const missing = await client.request("POST", "/v9.9/unhandled", { body: { name: "f" }, throwOnError: true }).catch((e: unknown) => e);
    expect(isCognigyApiError(missing) && missing.status).toBe(501);
    expect((missing as Error).message).toContain("mockFetch: no handler for POST /new/v9.9/unhandled");
  });
});
