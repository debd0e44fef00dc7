import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  CognigyAbortError,
  CognigyConnectionError,
  CognigyNotFoundError,
  CognigyRateLimitError,
  CognigyServerError,
  CognigyTimeoutError,
  CognigyUnexpectedResponseError,
  CognigyValidationError,
  createCognigyClient,
  isCognigyApiError,
  type CognigyClientOptions,
  type RetryEvent,
} from "../src/index.js";
import { faults, startFaultServer, type Fault } from "../src/testing/servers/fault-server.js";
import { closedPort } from "../src/testing/servers/listen.js";
import { failure } from "./support/failure.js";
import { AGENT, AGENT_PARAMS, QUICK_RETRY as QUICK, faultClient } from "./support/fault-client.js";

// Fault injection: a server on 127.0.0.1 scripts each answer; every test asserts how many requests
// arrived, how long the client waited, and the error it got. Backoff is shortened to keep the
// suite fast; Retry-After waits are real.
let server: Awaited<ReturnType<typeof startFaultServer>>;
beforeAll(async () => void (server = await startFaultServer()));
afterAll(() => server.close());

const setup = (faultList: Fault[], options: Partial<CognigyClientOptions> = {}) =>
  faultClient(server, faultList, options);

describe.concurrent("rate limits", () => {
  test("waits the Retry-After seconds before retrying a 429", async () => {
    const { seen, retries, get } = setup([
      faults.problem(429, "Too Many Requests", { "retry-after": "1" }),
      faults.json(200, { name: "agent" }),
    ]);
    const { data } = await get();
    expect(data).toEqual({ name: "agent" });
    expect(seen).toHaveLength(2);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(990);
    expect(seen[1]!.at - seen[0]!.at).toBeLessThan(5_000);
    expect(retries).toMatchObject([{ retry: 1, delayMs: 1000, status: 429, method: "GET" }]);
  });

  test("hands back a Retry-After beyond maxRetryAfterMs at once, with retryAfterMs", async () => {
    const { seen, get } = setup([faults.problem(429, "Too Many Requests", { "retry-after": "120" })], {
      throwOnError: true,
    });
    const started = performance.now();
    const error = await failure(get());
    // Not the 120 s asked for (the bound leaves room for a loaded machine: 500 ms failed once under a parallel suite).
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(seen).toHaveLength(1);
    expect(error).toBeInstanceOf(CognigyRateLimitError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000, traceId: "api--trace-429", code: 1429 });
  });

  test("fails fast on any Retry-After with maxRetryAfterMs: 0", async () => {
    const { seen, get } = setup([faults.problem(429, "Too Many Requests", { "retry-after": "1" })], {
      retry: { ...QUICK, maxRetryAfterMs: 0 },
    });
    const { error, response } = await get();
    expect(response.status).toBe(429);
    expect(error).toMatchObject({ traceId: "api--trace-429" });
    expect(seen).toHaveLength(1);
  });

  test("stops after maxRetries and reports the last 429", async () => {
    const { seen, retries, get } = setup([faults.problem(429, "Too Many Requests")], { throwOnError: true });
    const error = await failure(get());
    expect(seen).toHaveLength(3);
    expect(retries.map((r) => r.retry)).toEqual([1, 2]);
    expect(error).toBeInstanceOf(CognigyRateLimitError);
    expect(error.retryAfterMs).toBeUndefined();
  });

  test("does not start a retry that would end past the budget", async () => {
    const { seen, get } = setup([faults.problem(503, "Service Unavailable", { "retry-after": "1" })], {
      retry: { ...QUICK, budgetMs: 500 },
    });
    expect((await get()).response.status).toBe(503);
    expect(seen).toHaveLength(1);
  });

  test("a per-request retry setting overrides the client's", async () => {
    const { seen, get } = setup([faults.problem(503, "Service Unavailable")]);
    await get({ retry: { maxRetries: 0 } });
    expect(seen).toHaveLength(1);
  });
});

describe.concurrent("server errors", () => {
  test("retries a burst of 503s and succeeds", async () => {
    const { seen, get } = setup([
      faults.problem(503, "Service Unavailable"),
      faults.problem(503, "Service Unavailable"),
      faults.json(200, { name: "ok" }),
    ]);
    expect((await get()).data).toEqual({ name: "ok" });
    expect(seen).toHaveLength(3);
  });

  test("gives up after maxRetries with a CognigyServerError", async () => {
    const { seen, get } = setup([faults.problem(503, "Service Unavailable")], { throwOnError: true });
    const error = await failure(get());
    expect(seen).toHaveLength(3);
    expect(error).toBeInstanceOf(CognigyServerError);
    expect(error.message).toBe(
      `GET ${AGENT} → 503 Service Unavailable: Service Unavailable detail (traceId api--trace-503)`,
    );
  });

  test("never retries a POST that got an answer", async () => {
    const { seen, post } = setup([faults.problem(503, "Service Unavailable")]);
    expect((await post()).response.status).toBe(503);
    expect(seen).toHaveLength(1);
  });

  test("turns an HTML error page into a useful error", async () => {
    const { seen, get } = setup([faults.html(502, "502 Bad Gateway")], { throwOnError: true });
    const error = await failure(get());
    expect(seen).toHaveLength(3);
    expect(error).toBeInstanceOf(CognigyServerError);
    expect(error.message).toBe(`GET ${AGENT} → 502 Bad Gateway: HTML page "502 Bad Gateway"`);
    expect(error.body).toContain("<h1>502 Bad Gateway</h1>");
  });

  test("explains an empty error body by its status", async () => {
    const { get } = setup([faults.empty(500)], { throwOnError: true, retry: { maxRetries: 0 } });
    expect((await failure(get())).message).toBe(`GET ${AGENT} → 500 Internal Server Error`);
  });

  test("an error answer without a body still gives a truthy error, told by its status", async () => {
    const { get } = setup([faults.empty(404)], { retry: { maxRetries: 0 } });
    const { data, error, response } = await get();
    expect(response.status).toBe(404);
    expect(data).toBeUndefined();
    // openapi-fetch alone gives "" here, and `if (error)` would take the answer for a success.
    expect(error).toEqual({ status: 404, title: "Not Found" });
  });

  test("keeps every problem detail of a 404 and does not retry it", async () => {
    const { seen, get } = setup([faults.problem(404, "Not Found")], { throwOnError: true });
    const error = await failure(get());
    expect(seen).toHaveLength(1);
    expect(error).toBeInstanceOf(CognigyNotFoundError);
    expect(isCognigyApiError(error)).toBe(true);
    expect(error).toMatchObject({
      status: 404,
      method: "GET",
      path: AGENT,
      type: "Not Found",
      title: "Not Found Error",
      detail: "Not Found detail",
      instance: "/v2.0/x",
      code: 1404,
      traceId: "api--trace-404",
    });
    expect(error.url).toMatch(new RegExp(`/v2\\.0/aiagents/${AGENT_PARAMS.path.aiAgentId}$`));
    expect(error.headers["content-type"]).toBe("application/json");
    expect(error.message).toBe(`GET ${AGENT} → 404 Not Found: Not Found detail (traceId api--trace-404)`);
  });
});

describe.concurrent("broken connections", () => {
  test("retries a GET whose connection was reset before any response", async () => {
    const { seen, retries, get } = setup([faults.resetBeforeResponse()]);
    const error = await failure(get());
    expect(seen).toHaveLength(3);
    expect(error).toBeInstanceOf(CognigyConnectionError);
    expect(error).toMatchObject({ method: "GET", sent: true });
    expect(error.cause).toBeInstanceOf(Error);
    expect(retries).toHaveLength(2);
  });

  test("does not send a POST twice after a reset", async () => {
    const { seen, post } = setup([faults.resetBeforeResponse()]);
    expect(await failure(post())).toBeInstanceOf(CognigyConnectionError);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.body).toBe('{"name":"flow"}');
  });

  test("retries a POST whose connection was refused (it never left)", async () => {
    const refused = `http://127.0.0.1:${await closedPort()}`;
    const retries: RetryEvent[] = [];
    const client = createCognigyClient({
      baseUrl: refused,
      apiKey: "k",
      retry: { ...QUICK, onRetry: (e) => retries.push(e) },
    });
    const error = await failure(
      (client.POST as (p: string, i: object) => Promise<unknown>)("/v2.0/flows", { body: {} }),
    );
    expect(error).toBeInstanceOf(CognigyConnectionError);
    expect(error).toMatchObject({ sent: false });
    expect(error.message).toMatch(/failed: connection refused \(ECONNREFUSED\)$/);
    expect(retries).toHaveLength(2);
  });

  test("retries a GET whose body broke off after the headers", async () => {
    const { seen, get } = setup([faults.resetAfterHeaders(), faults.json(200, { name: "whole" })]);
    expect((await get()).data).toEqual({ name: "whole" });
    expect(seen).toHaveLength(2);
  });

  test("does not repeat a POST whose body broke off after the headers", async () => {
    const { seen, post } = setup([faults.resetAfterHeaders()]);
    expect(await failure(post())).toMatchObject({ name: "CognigyConnectionError", sent: true });
    expect(seen).toHaveLength(1);
  });
});

describe.concurrent("bodies that are not what was asked for", () => {
  test.each([
    ["a truncated JSON body", faults.truncatedJson(), "application/json", /malformed or cut off/],
    ["a malformed JSON body", faults.malformedJson(), "application/json", /malformed or cut off/],
    ["200 with an HTML page", faults.html(200, "Login"), "text/html", /expected JSON but got another content type/],
  ])("%s is a CognigyUnexpectedResponseError and is not retried", async (_, fault, contentType, reason) => {
    const { seen, get } = setup([fault]);
    const error = await failure(get());
    expect(seen).toHaveLength(1);
    expect(error).toBeInstanceOf(CognigyUnexpectedResponseError);
    expect(error).toMatchObject({ status: 200, contentType, method: "GET" });
    expect(error.excerpt.length).toBeGreaterThan(0);
    expect(error.message).toMatch(reason);
  });
});

describe.concurrent("timeouts and cancellation", () => {
  test("a response slower than the timeout is a CognigyTimeoutError after the timeout", async () => {
    const { seen, get } = setup([faults.slow(30_000, faults.json(200, {}))]);
    const started = performance.now();
    const error = await failure(get({ timeout: 200 }));
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(CognigyTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 200, method: "GET" });
    expect(elapsed).toBeGreaterThanOrEqual(195);
    // Not the 30 s the answer takes.
    expect(elapsed).toBeLessThan(5_000);
    expect(seen).toHaveLength(1);
  });

  test("the client's default timeout applies to every call", async () => {
    const { get } = setup([faults.slow(2_000, faults.json(200, {}))], { timeout: 150 });
    expect(await failure(get())).toMatchObject({ name: "CognigyTimeoutError", timeoutMs: 150 });
  });

  test("the caller's signal aborts a request in flight, distinct from a timeout", async () => {
    const { get } = setup([faults.slow(2_000, faults.json(200, {}))]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user cancelled")), 100);
    const error = await failure(get({ signal: controller.signal, timeout: 5_000 }));
    expect(error).toBeInstanceOf(CognigyAbortError);
    expect((error.cause as Error).message).toBe("user cancelled");
  });

  test("the caller's signal cuts a retry wait short", async () => {
    const { seen, get } = setup([faults.problem(503, "Service Unavailable", { "retry-after": "30" })]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = performance.now();
    expect(await failure(get({ signal: controller.signal }))).toBeInstanceOf(CognigyAbortError);
    // Not the 30 s Retry-After.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(seen).toHaveLength(1);
  });

  test("leaves no timer behind after timeouts, retries and successes", async () => {
    const timers = () => process.getActiveResourcesInfo().filter((name) => name === "Timeout").length;
    const before = timers();
    const { get } = setup([faults.problem(503, "x"), faults.json(200, {}), faults.slow(500, faults.json(200, {}))]);
    await get();
    await failure(get({ timeout: 50 }));
    expect(timers()).toBeLessThanOrEqual(before);
  });
});

describe.concurrent("safe requests", () => {
  test("refuses parameters the spec forbids without sending anything", async () => {
    const { client, seen } = setup([faults.json(200, { items: [] })]);
    const error = await failure(
      client.GET("/v2.0/largelanguagemodels", {
        params: { query: { limit: 101, resourceLevel: "galaxy" as "project", projectId: "../users/me" } },
      }),
    );
    expect(error).toBeInstanceOf(CognigyValidationError);
    expect(error.issues).toEqual([
      { in: "query", name: "projectId", message: 'must be at least 24 characters (got "../users/me")' },
      { in: "query", name: "limit", message: "must be at most 100 (got 101)" },
      { in: "query", name: "resourceLevel", message: 'must be one of "organisation", "project" (got "galaxy")' },
    ]);
    expect(seen).toHaveLength(0);
  });

  test("refuses a path id that would reach another route, even with validation off", async () => {
    const { get, seen } = setup([faults.json(200, {})], { validate: false });
    for (const aiAgentId of ["..", ".", ""]) {
      const error = await failure(get({ params: { path: { aiAgentId } } }));
      expect(error).toBeInstanceOf(CognigyValidationError);
    }
    expect(seen).toHaveLength(0);
  });

  test("URL-encodes path ids, so ../users/me stays inside its route", async () => {
    const { get, seen } = setup([faults.json(200, {})], { validate: false });
    await get({ params: { path: { aiAgentId: "../users/me" } } });
    expect(seen[0]!.url).toBe("/v2.0/aiagents/..%2Fusers%2Fme");
  });

  test("refuses an id that breaks the spec's pattern, and sends it when validation is off for the call", async () => {
    const { get, seen } = setup([faults.json(200, {})]);
    const upper = "ABCDEFGHIJKLMNOPQRSTUVWX";
    const error = await failure(get({ params: { path: { aiAgentId: upper } } }));
    expect(error.message).toBe(`GET ${AGENT} was not sent: path aiAgentId must match ^[a-z0-9]{24}$ (got "${upper}")`);
    await get({ params: { path: { aiAgentId: upper } }, validate: false });
    expect(seen.map((s) => s.url)).toEqual([`/v2.0/aiagents/${upper}`]);
  });

  test("never sends a body with GET", async () => {
    const { get, seen } = setup([faults.json(200, {})]);
    expect(await failure(get({ body: { a: 1 } }))).toMatchObject({
      name: "CognigyValidationError",
      issues: [{ in: "body", name: "body", message: "is not allowed on GET" }],
    });
    expect(seen).toHaveLength(0);
  });
});
