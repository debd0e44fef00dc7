import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  CognigyAbortError,
  CognigyBodyTooLargeError,
  CognigyConfigError,
  CognigyCredentialError,
  CognigyLocalError,
  CognigyRedirectError,
  CognigyTimeoutError,
  CognigyUnexpectedResponseError,
  CognigyValidationError,
  apiKeyAuth,
  createCognigyClient,
  cxoneAuth,
  oauth2Auth,
  unwrap,
  type CognigyClientOptions,
  type CrossOriginRedirects,
  type Fetch,
} from "../src/index.js";
import { faults, startFaultServer, type Fault } from "../src/testing/servers/fault-server.js";
import { startOAuthServer } from "../src/testing/servers/oauth-server.js";
import { failure } from "./support/failure.js";
import { AGENT, AGENT_PARAMS, QUICK_RETRY as QUICK, faultClient } from "./support/fault-client.js";

// Regression tests for the failure modes found by probing the client (issue 15), grouped as the
// issue groups them. Every server is on 127.0.0.1; another port is another origin, and a host that
// must not look local is mapped onto a loopback port by the test's own `fetch`.
const params = AGENT_PARAMS;
const KEY = "hardening-key-0123456789";

let api: Awaited<ReturnType<typeof startFaultServer>>;
let other: Awaited<ReturnType<typeof startFaultServer>>;
beforeAll(async () => {
  [api, other] = await Promise.all([startFaultServer(), startFaultServer()]);
});
afterAll(async () => {
  await Promise.all([api.close(), other.close()]);
});

const untyped = (client: { GET: unknown }) =>
  client.GET as (path: string, init?: object) => Promise<{ data?: any; error?: any; response: Response }>;
const postOf = (client: { POST: unknown }) =>
  client.POST as (path: string, init?: object) => Promise<{ data?: any; error?: any; response: Response }>;

const setup = (faultList: Fault[], options: Partial<CognigyClientOptions> = {}) =>
  faultClient(api, faultList, { apiKey: KEY, ...options });

/** A `fetch` that sends `https://<name>/…` and `http://<name>/…` to the loopback server mapped for `<name>`. */
function hostsFetch(hosts: Record<string, string>): Fetch {
  return (request) => {
    const url = new URL(request.url);
    const target = hosts[`${url.protocol}//${url.host}`];
    if (!target) return Promise.reject(new TypeError(`test fetch: no server for ${url.origin}`));
    return globalThis.fetch(new Request(`${target}${url.pathname}${url.search}`, request));
  };
}

describe("1. redirects never carry a credential to another origin", () => {
  test("a same-origin redirect is followed with the credential added again", async () => {
    const { client, seen } = setup([faults.redirect(302, "./moved"), faults.json(200, { name: "moved" })]);
    const { data } = await untyped(client)(AGENT, { params });
    expect(data).toEqual({ name: "moved" });
    expect(seen).toHaveLength(2);
    expect(seen.map((s) => s.headers["x-api-key"])).toEqual([KEY, KEY]);
  });

  test("a key in the query is added again after a same-origin redirect, once", async () => {
    const { client, seen: hops } = setup([faults.redirect(307, "./moved"), faults.json(200, { name: "moved" })], {
      apiKey: undefined,
      auth: apiKeyAuth(KEY, { in: "query" }),
    });
    expect((await client.GET(AGENT, { params })).data).toEqual({ name: "moved" });
    expect(hops.map((hop) => hop.url)).toEqual([
      `/v2.0/aiagents/5ce7c2d833ea1e04d7e6c432?api_key=${KEY}`,
      `/v2.0/aiagents/moved?api_key=${KEY}`,
    ]);
  });

  test.each([
    ["a 302", 302, "GET"],
    ["a 307 of a POST (which would replay its body)", 307, "POST"],
  ])(
    "%s to another origin is refused with a CognigyRedirectError; the other origin gets nothing",
    async (_, status, method) => {
      const elsewhere = other.case(faults.json(200, { stolen: true }));
      const { client, seen } = setup([faults.redirect(status, `${elsewhere.baseUrl}/collect?x=1`)], {
        apiKey: undefined,
        auth: cxoneAuth("cxone-token-0123456789"),
      });
      const call =
        method === "GET"
          ? untyped(client)(AGENT, { params })
          : postOf(client)("/v2.0/flows", { body: { secret: "body" } });
      const error = await failure(call);
      expect(error).toBeInstanceOf(CognigyRedirectError);
      expect(error).toMatchObject({ reason: "cross-origin", status, location: `${elsewhere.baseUrl}/collect?x=1` });
      expect(error.message).toMatch(/another origin/);
      expect(seen).toHaveLength(1);
      expect(elsewhere.seen).toHaveLength(0);
    },
  );

  test.each<[string, Partial<CognigyClientOptions>, string]>([
    ["X-API-Key", { apiKey: KEY }, "x-api-key"],
    [
      "x-cxone-authorization",
      { apiKey: undefined, auth: cxoneAuth("cxone-token-0123456789") },
      "x-cxone-authorization",
    ],
    ["an api_key in the query", { apiKey: undefined, auth: apiKeyAuth(KEY, { in: "query" }) }, "none"],
  ])("followed when asked, a cross-origin redirect carries no %s", async (_, auth, header) => {
    const elsewhere = other.case(faults.json(200, { name: "elsewhere" }));
    const { client, seen } = setup([faults.redirect(307, `${elsewhere.baseUrl}/v2.0/x`)], {
      ...auth,
      crossOriginRedirects: "follow-without-credentials",
    });
    const { data } = await untyped(client)(AGENT, { params });
    expect(data).toEqual({ name: "elsewhere" });
    expect(seen).toHaveLength(1);
    expect(elsewhere.seen).toHaveLength(1);
    if (header !== "none") expect(seen[0]!.headers[header]).toBeDefined();
    expect(elsewhere.seen[0]!.headers).not.toHaveProperty("x-api-key");
    expect(elsewhere.seen[0]!.headers).not.toHaveProperty("x-cxone-authorization");
    expect(elsewhere.seen[0]!.headers).not.toHaveProperty("authorization");
    expect(elsewhere.seen[0]!.url).not.toContain(KEY);
  });

  test.each<CrossOriginRedirects>(["refuse", "follow-without-credentials"])(
    "https redirected to plain http on another host is refused (crossOriginRedirects: %s)",
    async (policy) => {
      const elsewhere = other.case(faults.json(200, { stolen: true }));
      const { baseUrl, seen } = api.case(faults.redirect(302, "http://collector.example.net/steal"));
      const client = createCognigyClient({
        baseUrl: "https://api.example.net/new",
        apiKey: KEY,
        crossOriginRedirects: policy,
        fetch: hostsFetch({
          "https://api.example.net": baseUrl.replace(/\/new$/, ""),
          "http://collector.example.net": elsewhere.baseUrl,
        }),
      });
      const error = await failure(client.GET(AGENT, { params }));
      expect(error).toBeInstanceOf(CognigyRedirectError);
      expect(error).toMatchObject({ reason: "insecure", location: "http://collector.example.net/steal" });
      expect(seen).toHaveLength(1);
      expect(elsewhere.seen).toHaveLength(0);
    },
  );

  test("on the same origin, a 307 sends a POST's body again and a 303 turns it into a GET without one", async () => {
    const { client, seen } = setup([
      faults.redirect(307, "./again"),
      faults.redirect(303, "./result"),
      faults.json(200, { done: true }),
    ]);
    const { data } = await postOf(client)("/v2.0/flows", { body: { name: "flow" } });
    expect(data).toEqual({ done: true });
    expect(seen.map(({ method, url, body, headers }) => [method, url, body, headers["x-api-key"]])).toEqual([
      ["POST", "/v2.0/flows", '{"name":"flow"}', KEY],
      ["POST", "/v2.0/again", '{"name":"flow"}', KEY],
      ["GET", "/v2.0/result", "", KEY],
    ]);
  });

  test("a 307 of a streamed body is refused: it cannot be sent twice", async () => {
    const { client, seen } = setup([faults.redirect(307, "./again"), faults.json(200, {})]);
    const body = new Blob(["streamed"]).stream();
    const error = await failure(
      postOf(client)("/v2.0/flows", {
        body,
        bodySerializer: (b: unknown) => b,
        duplex: "half",
        headers: { "content-type": "text/plain" },
      }),
    );
    expect(error).toBeInstanceOf(CognigyRedirectError);
    expect(error.reason).toBe("unreplayable");
    expect(seen).toHaveLength(1);
  });

  test("a redirect loop ends after 5 redirects, once, with no retries", async () => {
    const { client, seen } = setup([faults.redirect(302, "./again")], { retry: { maxRetries: 2, initialDelayMs: 1 } });
    const error = await failure(untyped(client)(AGENT, { params }));
    expect(error).toBeInstanceOf(CognigyRedirectError);
    expect(error.reason).toBe("too-many");
    expect(seen).toHaveLength(6);
  });

  test("a per-call redirect option is refused: the client decides", async () => {
    const { client, seen } = setup([faults.json(200, {})]);
    const error = await failure(untyped(client)(AGENT, { params, redirect: "follow" }));
    expect(error).toBeInstanceOf(CognigyConfigError);
    expect(error.option).toBe("redirect");
    expect(seen).toHaveLength(0);
  });
});

describe("2. a per-call baseUrl gets the client's checks", () => {
  test("plain http to another host is refused before anything is sent, OAuth2's token request included", async () => {
    const sent: string[] = [];
    const spy: Fetch = (request) => (sent.push(request.url), Promise.reject(new TypeError("must not be called")));
    const client = createCognigyClient({
      baseUrl: "https://api.example.net/new",
      auth: oauth2Auth({
        grant: "password",
        clientId: "c",
        clientSecret: "client-secret-0123",
        username: "u",
        password: "pw-0123",
        fetch: spy,
      }),
      fetch: spy,
    });
    const error = await failure(untyped(client)(AGENT, { params, baseUrl: "http://collector.example.net/new" }));
    expect(error).toBeInstanceOf(CognigyConfigError);
    expect(error.message).toMatch(/refusing plain http to collector\.example\.net/);
    expect(sent).toEqual([]);
  });

  test("credentials, a query or a fragment in a per-call baseUrl are refused as in the client's", async () => {
    const { client, seen } = setup([faults.json(200, {})]);
    for (const baseUrl of ["https://ada:pw@api.example.net", "https://api.example.net/?api_key=k", "not a url"]) {
      expect(await failure(untyped(client)(AGENT, { params, baseUrl }))).toBeInstanceOf(CognigyConfigError);
    }
    expect(seen).toHaveLength(0);
  });
});

describe("6–11. bad input from callers is a CognigyConfigError at once", () => {
  test("6. a signal that is not an AbortSignal", async () => {
    const { get, seen } = setup([faults.problem(503, "Service Unavailable")]);
    const error = await failure(get({ signal: { aborted: false } }));
    expect(error).toBeInstanceOf(CognigyConfigError);
    expect(error.option).toBe("signal");
    expect(seen).toHaveLength(0);
  });

  test("7. an option set to undefined means its default", async () => {
    const { get, seen } = setup(
      [
        faults.problem(503, "Service Unavailable"),
        faults.problem(503, "Service Unavailable"),
        faults.json(200, { name: "third" }),
      ],
      {
        retry: {
          initialDelayMs: undefined,
          maxRetries: undefined,
          maxDelayMs: 40,
          budgetMs: undefined,
          maxRetryAfterMs: undefined,
        },
        timeout: undefined,
        validate: undefined,
      },
    );
    const started = performance.now();
    const { data } = await get();
    expect(data).toEqual({ name: "third" });
    expect(seen).toHaveLength(3);
    // Default initialDelayMs (500 ms, jittered from half) capped by maxDelayMs 40: real waits, not NaN.
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(15);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  test("7. with maxRetryAfterMs left undefined, a huge Retry-After is handed back at once (no timer overflow)", async () => {
    const { get, seen } = setup([faults.problem(503, "Service Unavailable", { "retry-after": "3000000" })], {
      retry: { maxRetryAfterMs: undefined, budgetMs: undefined },
    });
    const started = performance.now();
    const { response } = await get();
    expect(response.status).toBe(503);
    expect(seen).toHaveLength(1);
    // Not the 3,000,000 s asked for (a generous bound: the suite runs on loaded machines).
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  test("a distant Retry-After hands its 429 back and holds no other call: the next one is sent at once", async () => {
    for (const retryAfter of ["1000000000", "Fri, 31 Dec 9999 23:59:59 GMT"]) {
      const { get, seen } = setup(
        [
          faults.problem(429, "TooManyRequests", { "retry-after": retryAfter }),
          faults.json(200, { name: "next call" }),
        ],
        { retry: QUICK, timeout: 2_000 },
      );
      expect((await get()).response.status).toBe(429);
      // Held for the capped pause (60 s), this call would time out after its 2 s instead.
      const { data } = await get();
      expect(data).toEqual({ name: "next call" });
      expect(seen).toHaveLength(2);
    }
  });

  test.each([2 ** 31, Number.MAX_SAFE_INTEGER])(
    "8. timeout %d is refused: a timer cannot wait that long",
    (timeout) => {
      expect(() => createCognigyClient({ baseUrl: "https://x.example", apiKey: KEY, timeout })).toThrow(
        CognigyConfigError,
      );
      expect(() =>
        createCognigyClient({ baseUrl: "https://x.example", apiKey: KEY, retry: { maxDelayMs: timeout } }),
      ).toThrow(/at most 2147483647/);
      expect(() => oauth2Auth({ grant: "client_credentials", clientId: "c", clientSecret: "s-0123", timeout })).toThrow(
        CognigyConfigError,
      );
    },
  );

  test.each(["constructor", "__proto__", "toString", "hasOwnProperty"])(
    "9. accept %j is a CognigyConfigError, at creation and per call",
    async (accept) => {
      expect(() => createCognigyClient({ baseUrl: "https://x.example", apiKey: KEY, accept: accept as never })).toThrow(
        CognigyConfigError,
      );
      const { get, seen } = setup([faults.json(200, {})]);
      expect(await failure(get({ accept }))).toBeInstanceOf(CognigyConfigError);
      expect(seen).toHaveLength(0);
    },
  );

  test("9. onRetry that is not a function is refused at creation; so are other mistyped options", () => {
    const base = { baseUrl: "https://x.example", apiKey: KEY };
    expect(() => createCognigyClient({ ...base, retry: { onRetry: "log" as never } })).toThrow(
      /retry\.onRetry: must be a function/,
    );
    expect(() => createCognigyClient({ ...base, validate: "no" as never })).toThrow(/validate: must be true or false/);
    expect(() => createCognigyClient({ ...base, fetch: "fetch" as never })).toThrow(/fetch: must be a function/);
    expect(() => createCognigyClient({ ...base, crossOriginRedirects: "always" as never })).toThrow(
      /crossOriginRedirects/,
    );
    expect(() => createCognigyClient({ ...base, maxBodyBytes: -1 })).toThrow(/maxBodyBytes/);
    expect(() => createCognigyClient({ ...base, retry: "fast" as never })).toThrow(/retry: must be an object/);
  });

  test("10. a per-call fetch is used for that call", async () => {
    const { client, seen } = setup([faults.json(200, { name: "via client fetch" })]);
    const used: string[] = [];
    const { data } = await client.GET(AGENT, {
      params,
      fetch: (request) => (used.push(request.url), Promise.resolve(Response.json({ name: "via call fetch" }))),
    });
    expect(data).toEqual({ name: "via call fetch" });
    expect(used).toHaveLength(1);
    expect(seen).toHaveLength(0);
  });

  test("11. query parameter names are encoded: a name cannot add a parameter", async () => {
    const { client, seen } = setup([faults.json(200, { items: [] })]);
    await untyped(client)("/v2.0/largelanguagemodels", {
      params: { query: { "x&api_key=evil": 1, "filter[a b]": "c" } },
      validate: false,
    });
    expect(seen[0]!.url).toBe("/v2.0/largelanguagemodels?x%26api_key%3Devil=1&filter%5Ba%20b%5D=c");
  });
});

describe("12. local failures are typed, never retried, and never echo a header value", () => {
  test("a header value with CR/LF is refused by name before anything is built", async () => {
    const { get, seen } = setup([faults.json(200, {})]);
    const error = await failure(get({ headers: { "X-Trace": "Bearer secret-token-value\r\nX-Evil: 1" } }));
    expect(error).toBeInstanceOf(CognigyConfigError);
    expect(error.option).toBe("headers.X-Trace");
    expect(`${error.message} ${String(error.cause)}`).not.toContain("secret-token-value");
    expect(seen).toHaveLength(0);
  });

  test("a nested query object is a CognigyValidationError, even with validation off", async () => {
    const { client, seen } = setup([faults.json(200, { items: [] })]);
    const error = await failure(
      untyped(client)("/v2.0/largelanguagemodels", { params: { query: { filter: { a: { b: 1 } } } }, validate: false }),
    );
    expect(error).toBeInstanceOf(CognigyValidationError);
    expect(error.issues).toEqual([
      { in: "query", name: "filter", message: expect.stringMatching(/more than one level deep/) },
    ]);
    expect(seen).toHaveLength(0);
  });

  test("a middleware that throws is a CognigyLocalError, not retried", async () => {
    const { client, seen } = setup([faults.json(200, {})], { retry: { maxRetries: 2, initialDelayMs: 1 } });
    let calls = 0;
    client.use({
      onRequest: () => {
        calls++;
      },
    });
    client.use({
      onRequest: () => {
        throw new Error("middleware bug");
      },
    });
    const error = await failure(client.GET(AGENT, { params }));
    expect(error).toBeInstanceOf(CognigyLocalError);
    expect(error.message).toMatch(/was not sent: Error: middleware bug/);
    expect(calls).toBe(1);
    expect(seen).toHaveLength(0);
  });

  test("an onTokens callback that throws is a CognigyCredentialError; the POST is not sent or retried", async () => {
    const oauth = await startOAuthServer({ clientId: "c", clientSecret: "s-0123", username: "u", password: "p" });
    try {
      const auth = oauth2Auth({
        grant: "client_credentials",
        clientId: "c",
        clientSecret: "s-0123",
        onTokens: () => Promise.reject(new Error("ENOSPC: disk full")),
      });
      const client = createCognigyClient({
        baseUrl: oauth.url,
        auth,
        validate: false,
        retry: { maxRetries: 2, initialDelayMs: 1 },
      });
      const error = await failure(postOf(client)("/v2.0/flows", { body: { name: "f" } }));
      expect(error).toBeInstanceOf(CognigyCredentialError);
      expect(error.message).toMatch(/onTokens threw/);
      expect(oauth.tokenRequests).toHaveLength(1);
      expect(oauth.apiRequests).toHaveLength(0);
    } finally {
      await oauth.close();
    }
  });
});

describe("13, 18. XML", () => {
  const xml =
    (body: string): Fault =>
    (response) =>
      void response.writeHead(200, { "content-type": "application/xml" }).end(body);
  const LLMS = "/v2.0/largelanguagemodels";

  test.each([
    ["a __proto__ element", "<xml><__proto__><polluted>1</polluted></__proto__></xml>"],
    ["nesting 20,000 deep", `${"<a>".repeat(20_000)}${"</a>".repeat(20_000)}`],
  ])("%s is a CognigyUnexpectedResponseError", async (_, body) => {
    const { client } = setup([xml(body)]);
    const error = await failure(untyped(client)(LLMS, { accept: "xml" }));
    expect(error).toBeInstanceOf(CognigyUnexpectedResponseError);
    expect(error.message).toMatch(/the XML body cannot be read safely/);
  });

  test("a DOCTYPE's entities are not expanded", async () => {
    const { client } = setup([
      xml(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "expanded">]><xml><total>0</total><items><name>&a;</name></items></xml>',
      ),
    ]);
    const { data } = await untyped(client)(LLMS, { accept: "xml" });
    expect(JSON.stringify(data)).not.toContain("expanded");
  });

  test("a list of one is an array, the declaration is no key, and values stay strings unless the spec says number or boolean", async () => {
    const { client } = setup([
      xml(
        '<?xml version="1.0"?><xml><items><name>0049301234567</name><modelType>0x1F</modelType><_id>123456789012345678901234</_id><createdAt>1694518620</createdAt><isDefault>true</isDefault><assignedToProjects>p1</assignedToProjects></items><total>1</total></xml>',
      ),
    ]);
    const { data } = await untyped(client)(LLMS, { accept: "xml" });
    expect(data).toEqual({
      xml: {
        items: [
          {
            name: "0049301234567",
            modelType: "0x1F",
            _id: "123456789012345678901234",
            createdAt: 1694518620,
            isDefault: true,
            assignedToProjects: ["p1"],
          },
        ],
        total: 1,
      },
    });
  });
});

describe("14. the call's timeout and abort cover obtaining an OAuth2 token", () => {
  let oauth: Awaited<ReturnType<typeof startOAuthServer>>;
  beforeAll(async () => {
    oauth = await startOAuthServer({ clientId: "c", clientSecret: "s-0123", username: "u", password: "p" });
    oauth.delayTokenRequests(30_000);
  });
  afterAll(() => oauth.close());
  const client = () =>
    createCognigyClient({
      baseUrl: oauth.url,
      validate: false,
      auth: oauth2Auth({ grant: "client_credentials", clientId: "c", clientSecret: "s-0123" }),
    });

  test("a hanging token endpoint: timeout 400 ms ends the call after 400 ms", async () => {
    const started = performance.now();
    const error = await failure(client().GET(AGENT, { params, timeout: 400, retry: { maxRetries: 0 } }));
    expect(error).toBeInstanceOf(CognigyTimeoutError);
    // Not the 30 s the token endpoint takes.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  test("a hanging token endpoint: an abort after 200 ms ends the call then", async () => {
    const started = performance.now();
    const error = await failure(client().GET(AGENT, { params, signal: AbortSignal.timeout(200) }));
    expect(error).toBeInstanceOf(CognigyAbortError);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe("15, 16. the budget bounds the retries, never an attempt; unwrap names the template", () => {
  test("budgetMs: no retry starts past it, and the attempt under way keeps its whole timeout", async () => {
    // Attempts of 500 ms, a budget of 700 ms: the retry at ~510 ms starts (its wait ends inside the
    // budget) and runs its whole 500 ms; no third attempt starts at ~1 s. The last answer is the call's.
    const { get, seen } = setup([faults.slow(500, faults.problem(503, "Service Unavailable"))], {
      retry: { ...QUICK, maxRetries: 5, budgetMs: 700 },
      timeout: 10_000,
    });
    const { response } = await get();
    expect(response.status).toBe(503);
    expect(seen).toHaveLength(2);
  });

  test("a retry's timeout is its own too: a default budget never cuts it", async () => {
    // The first attempt fails fast; the retry starts at ~1 ms with 40 ms of a 50 ms budget "left", and
    // still has its whole 2 s timeout for an answer that takes 300 ms.
    const { get, seen } = setup(
      [faults.problem(503, "Service Unavailable"), faults.slow(300, faults.json(200, { name: "slow retry" }))],
      { retry: { ...QUICK, budgetMs: 50 }, timeout: 2_000 },
    );
    const { data } = await get();
    expect(data).toEqual({ name: "slow retry" });
    expect(seen).toHaveLength(2);
  });

  test("the budget never shortens the first attempt's own timeout", async () => {
    const { get, seen } = setup([faults.slow(600, faults.json(200, { name: "slow but fine" }))], {
      retry: { ...QUICK, budgetMs: 200 },
      timeout: 5_000,
    });
    const { data } = await get();
    expect(data).toEqual({ name: "slow but fine" });
    expect(seen).toHaveLength(1);
  });

  test("unwrap() puts the path template in path and message, as throwOnError does", async () => {
    const { client } = setup([faults.problem(404, "Not Found")]);
    const error = await failure(unwrap(client.GET(AGENT, { params })));
    expect(error.path).toBe(AGENT);
    expect(error.message).toMatch(/^GET \/v2\.0\/aiagents\/\{aiAgentId\} → 404/);
  });
});

describe("19. sizes", () => {
  const big =
    (bytes: number, chunked: boolean): Fault =>
    (response) => {
      const body = JSON.stringify({ items: [{ name: "x".repeat(bytes) }], total: 1 });
      response.writeHead(200, {
        "content-type": "application/json",
        ...(chunked ? {} : { "content-length": String(Buffer.byteLength(body)) }),
      });
      if (!chunked) return void response.end(body);
      for (let at = 0; at < body.length; at += 65_536) response.write(body.slice(at, at + 65_536));
      response.end();
    };

  test.each([false, true])(
    "a parsed body past maxBodyBytes is a CognigyBodyTooLargeError (chunked: %s)",
    async (chunked) => {
      const { client, seen } = setup([big(2_000_000, chunked)], { maxBodyBytes: 1_000_000 });
      const error = await failure(untyped(client)("/v2.0/largelanguagemodels"));
      expect(error).toBeInstanceOf(CognigyBodyTooLargeError);
      expect(error).toMatchObject({ limitBytes: 1_000_000, status: 200 });
      expect(seen).toHaveLength(1);
      const { data } = await untyped(client)("/v2.0/largelanguagemodels", { maxBodyBytes: 3_000_000 });
      expect(data.items[0].name).toHaveLength(2_000_000);
    },
  );

  test("a streamed body is not limited", async () => {
    const { client } = setup([big(2_000_000, true)], { maxBodyBytes: 1_000 });
    const { data } = await untyped(client)("/v2.0/largelanguagemodels", { parseAs: "stream" });
    expect((await new Response(data as ReadableStream).text()).length).toBeGreaterThan(2_000_000);
  });

  test("an error body is kept to its first 64 KiB", async () => {
    const huge: Fault = (response) =>
      void response.writeHead(500, { "content-type": "text/plain" }).end("e".repeat(5_000_000));
    const { client } = setup([huge], { retry: { maxRetries: 0 }, throwOnError: true });
    const error = await failure(client.GET(AGENT, { params }));
    expect(typeof error.body).toBe("string");
    expect(error.body).toHaveLength(64 * 1024);
    expect(error.message.length).toBeLessThan(400);
  });

  test("a JSON error body past 64 KiB keeps its problem's shape, marked truncated, with its traceId", async () => {
    const body = JSON.stringify({
      type: "ServerError",
      title: "Internal Server Error",
      detail: "the export failed",
      code: 1500,
      traceId: "api--big-1",
      details: { rows: Array.from({ length: 20_000 }, (_, n) => ({ row: n, reason: "bad" })) },
    });
    const huge: Fault = (response) => void response.writeHead(500, { "content-type": "application/json" }).end(body);
    const { client } = setup([huge], { retry: { maxRetries: 0 } });
    const { error } = await client.GET(AGENT, { params });
    expect(error).toMatchObject({
      status: 500,
      title: "Internal Server Error",
      detail: "the export failed",
      code: 1500,
      traceId: "api--big-1",
      truncated: true,
    });
    expect((error as unknown as { excerpt: string }).excerpt.startsWith('{"type":"ServerError"')).toBe(true);
    const thrown = await failure(
      setup([huge], { retry: { maxRetries: 0 }, throwOnError: true }).client.GET(AGENT, { params }),
    );
    expect(thrown).toMatchObject({ name: "CognigyServerError", traceId: "api--big-1", detail: "the export failed" });
  });
});
