import { describe, expect, test, vi } from "vitest";

// The operation table is a chunk of its own (it grows with the spec): the first call loads it and
// must still validate; calls after it find it at once.
describe("the operation table", () => {
  test("loads on demand, with every operation of the spec", async () => {
    vi.resetModules();
    const { loadOperationTable } = await import("../src/index.js");
    const table = await loadOperationTable();
    expect(table.readAiAgent_2_0).toMatchObject({ method: "get", path: "/v2.0/aiagents/{aiAgentId}" });
    expect(table.indexLargeLanguageModels_2_0.parameters.map((p) => p.name)).toContain("limit");
    expect(await loadOperationTable()).toBe(table);
  });

  test("the first call of a fresh client module waits for it and validates against the spec", async () => {
    vi.resetModules();
    const { createCognigyClient, isCognigyValidationError } = await import("../src/index.js");
    const sent: string[] = [];
    const client = createCognigyClient({
      baseUrl: "http://127.0.0.1:9",
      apiKey: "k",
      fetch: (request) => {
        sent.push(request.url);
        return Promise.resolve(new Response("{}", { headers: { "content-type": "application/json" } }));
      },
    });
    // limit is at most 100 in the spec: only the loaded table knows that.
    const error = await client
      .GET("/v2.0/largelanguagemodels", { params: { query: { limit: 1000 } } })
      .catch((e: unknown) => e);
    expect(isCognigyValidationError(error) && error.issues).toEqual([
      expect.objectContaining({ in: "query", name: "limit" }),
    ]);
    const again = await client
      .GET("/v2.0/largelanguagemodels", { params: { query: { limit: 1000 } } })
      .catch((e: unknown) => e);
    expect(isCognigyValidationError(again)).toBe(true);
    expect(sent).toEqual([]);
  });
});

describe("the operation table, when its chunk fails to load", () => {
  test("the call fails with that error, and the next call loads it again", async () => {
    vi.resetModules();
    vi.doMock("../generated/operations.js", () => {
      throw new Error("chunk not reachable");
    });
    const { createCognigyClient } = await import("../src/index.js");
    const client = createCognigyClient({
      baseUrl: "http://127.0.0.1:9",
      apiKey: "k",
      fetch: () =>
        Promise.resolve(
          new Response(JSON.stringify({ items: [] }), { headers: { "content-type": "application/json" } }),
        ),
    });
    // vitest reports a throwing mock factory in its own words, with the factory's error as the cause.
    const failure = await client.GET("/v2.0/largelanguagemodels").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(String((failure as Error).cause ?? failure)).toMatch(/chunk not reachable/);
    vi.doUnmock("../generated/operations.js");
    const { data } = await client.GET("/v2.0/largelanguagemodels");
    expect(data).toEqual({ items: [] });
  });
});
