import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createCognigyClient, isCognigyValidationError } from "../src/index.js";
import { listen, type LocalServer } from "../src/testing/servers/listen.js";

// Property tests over what users put into paths and queries: every input is either sent,
// URL-encoded, to the route it was meant for, or refused by validation. Nothing else happens:
// no other route, no crash, no raw URIError. A local echo server on 127.0.0.1 records what arrived.
let server: LocalServer;
let baseUrl: string;
let last: string | undefined;
beforeAll(async () => {
  server = await listen((request, response) => {
    last = request.url;
    response.writeHead(200, { "content-type": "application/json" }).end('{"items":[]}');
  });
  baseUrl = server.url;
});
afterAll(() => server.close());

// Any string, including lone surrogates, plus the inputs that attack routing.
const nasty = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.constantFrom(
    ".",
    "..",
    "../users/me",
    "..%2Fusers",
    "%2e%2e",
    "a/b",
    "?limit=1",
    "#top",
    " ",
    "\u0000",
    "\uD800",
    "5ce7c2d833ea1e04d7e6c432",
  ),
);

// String.prototype.isWellFormed (ES2024) without needing the 2024 lib typings.
const wellFormed = (text: string) => (text as string & { isWellFormed(): boolean }).isWellFormed();

/** "refused", or the request target the server saw. */
async function outcome(run: () => Promise<unknown>): Promise<string> {
  last = undefined;
  try {
    await run();
  } catch (error) {
    if (isCognigyValidationError(error)) return "refused";
    throw error;
  }
  if (last === undefined) throw new Error("neither refused nor sent");
  return last;
}

describe("path ids", () => {
  for (const validate of [false, true]) {
    test(`are sent encoded to their own route or refused (validate: ${validate})`, async () => {
      const client = createCognigyClient({ baseUrl, apiKey: "k", validate, retry: { maxRetries: 0 } });
      await fc.assert(
        fc.asyncProperty(nasty, async (aiAgentId) => {
          const sent = await outcome(() =>
            client.GET("/v2.0/aiagents/{aiAgentId}", { params: { path: { aiAgentId } } }),
          );
          if (sent === "refused") return;
          const segments = sent.split("/");
          expect(segments.slice(0, 3)).toEqual(["", "v2.0", "aiagents"]);
          expect(segments).toHaveLength(4);
          expect(decodeURIComponent(segments[3]!)).toBe(aiAgentId);
          if (validate) expect(aiAgentId).toMatch(/^[a-z0-9]{24}$/);
        }),
        { numRuns: 150 },
      );
    });
  }
});

describe("query values", () => {
  test("arrive exactly as given or are refused", async () => {
    const client = createCognigyClient({ baseUrl, apiKey: "k", retry: { maxRetries: 0 } });
    await fc.assert(
      fc.asyncProperty(nasty, fc.integer({ min: -5, max: 200 }), async (filter, limit) => {
        const sent = await outcome(() =>
          client.GET("/v2.0/largelanguagemodels", { params: { query: { filter, limit } } }),
        );
        if (sent === "refused") {
          expect(limit < 1 || limit > 100 || !wellFormed(filter)).toBe(true);
          return;
        }
        const url = new URL(sent, baseUrl);
        expect(url.pathname).toBe("/v2.0/largelanguagemodels");
        expect(url.searchParams.get("filter")).toBe(filter);
        expect(url.searchParams.get("limit")).toBe(String(limit));
      }),
      { numRuns: 150 },
    );
  });
});
