import { runInNewContext } from "node:vm";
import { describe, expect, test } from "vitest";
import {
  CognigyApiError,
  CognigyAuthenticationError,
  CognigyBadRequestError,
  CognigyConflictError,
  CognigyNotFoundError,
  CognigyPermissionError,
  CognigyRateLimitError,
  CognigyServerError,
  isCognigyApiError,
  isCognigyError,
  isCognigyRateLimitError,
  isErrorType,
} from "../src/index.js";
import { createApiError } from "../src/errors/status-errors.js";
import { redactUrl } from "../src/shared/redact.js";
import { parseRetryAfter } from "../src/shared/retry-after.js";
import { retryDelay, DEFAULT_RETRY } from "../src/transport/retry.js";

const input = (status: number, body: unknown = {}, headers: Record<string, string> = {}) => ({
  method: "GET",
  url: "https://api-app.cognigy.ai/new/v2.0/flows/5ce7c2d833ea1e04d7e6c432",
  path: "/v2.0/flows/{flowId}",
  status,
  headers: new Headers(headers),
  body,
});

describe("createApiError", () => {
  test.each([
    [400, CognigyBadRequestError],
    [422, CognigyBadRequestError],
    [401, CognigyAuthenticationError],
    [403, CognigyPermissionError],
    [404, CognigyNotFoundError],
    [409, CognigyConflictError],
    [429, CognigyRateLimitError],
    [500, CognigyServerError],
    [503, CognigyServerError],
    [405, CognigyApiError],
    [413, CognigyApiError],
  ])("maps %i to %o", (status, type) => {
    const error = createApiError(input(status));
    expect(error).toBeInstanceOf(type);
    expect(error.constructor).toBe(type);
    expect(error.name).toBe(type.name);
    expect(error.status).toBe(status);
  });

  test("escapes control and bidi characters of the server's text in the message, and keeps the fields as sent", () => {
    const detail = "gone\u001b[2J\r\nINFO forged\u0007\u202e";
    const error = createApiError(input(404, { detail, traceId: "t\n1" }));
    expect(error.message).toBe(
      "GET /v2.0/flows/{flowId} → 404 Not Found: gone\\u001b[2J\\u000d\\u000aINFO forged\\u0007\\u202e (traceId t\\u000a1)",
    );
    expect(error.detail).toBe(detail);
    const html = createApiError(input(502, "<html><title>Bad\u001b[31m Gateway</title></html>"));
    expect(html.message).toContain('HTML page "Bad\\u001b[31m Gateway"');
  });

  test("keeps string and numeric codes and the traceId", () => {
    expect(createApiError(input(409, { code: "1004", traceId: "t-1" }))).toMatchObject({
      code: "1004",
      traceId: "t-1",
    });
    expect(createApiError(input(409, { code: 1004 }))).toMatchObject({ code: 1004 });
  });

  test("reads Retry-After in seconds and as an HTTP-date", () => {
    expect((createApiError(input(429, {}, { "retry-after": "7" })) as CognigyRateLimitError).retryAfterMs).toBe(7000);
    const date = new Date(Date.now() + 30_000).toUTCString();
    const ms = (createApiError(input(429, {}, { "retry-after": date })) as CognigyRateLimitError).retryAfterMs!;
    expect(ms).toBeGreaterThan(28_000);
    expect(ms).toBeLessThanOrEqual(30_000);
  });

  test("never has an empty message", () => {
    for (const body of [undefined, "", {}, [], "plain text", 42])
      expect(createApiError(input(418, body)).message).toMatch(/^GET \/v2\.0\/flows\/\{flowId\} → 418/);
  });

  test("serializes to the fields worth logging", () => {
    const json = JSON.parse(JSON.stringify(createApiError(input(404, { title: "Not Found Error", traceId: "t" }))));
    expect(json).toMatchObject({
      name: "CognigyNotFoundError",
      status: 404,
      method: "GET",
      title: "Not Found Error",
      traceId: "t",
    });
  });
});

describe("type guards", () => {
  test("recognize errors from another realm by name", () => {
    const foreign = runInNewContext('const e = new Error("x"); e.name = "CognigyRateLimitError"; e') as Error;
    expect(foreign instanceof CognigyRateLimitError).toBe(false);
    expect(isCognigyRateLimitError(foreign)).toBe(true);
    expect(isCognigyApiError(foreign)).toBe(true);
    expect(isCognigyError(foreign)).toBe(true);
    expect(isCognigyApiError(new Error("x"))).toBe(false);
  });

  test("isErrorType places a name in the hierarchy: a subclass passes, a sibling or a parent does not", () => {
    const foreign = runInNewContext('const e = new Error("x"); e.name = "CognigyNotFoundError"; e') as Error;
    expect(isErrorType(foreign, CognigyNotFoundError)).toBe(true);
    expect(isErrorType(foreign, CognigyApiError)).toBe(true);
    expect(isErrorType(foreign, CognigyRateLimitError)).toBe(false);
    expect(isErrorType(createApiError(input(500)), CognigyServerError)).toBe(true);
    expect(isErrorType(createApiError(input(500)), CognigyNotFoundError)).toBe(false);
    expect(isErrorType(Object.assign(new Error("x"), { name: "CognigyApiError" }), CognigyNotFoundError)).toBe(false);
    expect(isErrorType("CognigyApiError", CognigyApiError)).toBe(false);
  });
});

describe("parseRetryAfter", () => {
  test("reads seconds and dates, and ignores nonsense", () => {
    const now = Date.parse("2026-11-23T12:00:00Z");
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter(" 120 ", now)).toBe(120_000);
    expect(parseRetryAfter("Mon, 23 Nov 2026 12:00:05 GMT", now)).toBe(5_000);
    expect(parseRetryAfter("Mon, 23 Nov 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-1", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("retryDelay", () => {
  test("backs off exponentially with jitter, capped", () => {
    const options = { ...DEFAULT_RETRY, initialDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((retry) => retryDelay(retry, options, undefined, () => 0))).toEqual([
      50, 100, 200, 400, 500,
    ]);
    expect([1, 2, 3, 4, 5].map((retry) => retryDelay(retry, options, undefined, () => 1))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect(retryDelay(1, options, 3000, () => 0)).toBe(3000);
  });
});

describe("redactUrl", () => {
  test("hides credentials in the query and the user info", () => {
    expect(redactUrl("https://u:p@h.example/v2.0/x?api_key=SECRET&limit=5")).toBe(
      "https://h.example/v2.0/x?api_key=[redacted]&limit=5",
    );
    expect(redactUrl("not a url")).toBe("[unparseable URL]");
    expect(redactUrl("https://h.example/v2.0/x?limit=5")).toBe("https://h.example/v2.0/x?limit=5");
  });
});
