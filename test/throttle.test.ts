import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, describe, expect, test } from "vitest";
import {
  CognigyAbortError,
  CognigyConfigError,
  CognigyTimeoutError,
  createCognigyClient,
  type CognigyClientOptions,
} from "../src/index.js";
import { listen, type LocalServer } from "../src/testing/servers/listen.js";
import { Throttle } from "../src/transport/throttle.js";
import { pacedClient } from "./support/paced-fetch.js";

// The client's shared pace: one queue per client (maxConcurrency), and a 429 or 503 slowing every
// call down. A server on 127.0.0.1 records when each request arrived and how many were in flight.
const running: LocalServer[] = [];
afterEach(async () => void (await Promise.all(running.splice(0).map((server) => server.close()))));

type Answer = (request: IncomingMessage, response: ServerResponse, index: number) => void;
interface Arrival {
  readonly index: number;
  readonly at: number;
  readonly inFlight: number;
  readonly tag: string | undefined;
}

/** A server that answers request n with `answer(…, n)` after `delayMs`, counting requests in flight. */
async function pacedServer(
  answer: Answer = (_, response) =>
    void response.writeHead(200, { "content-type": "application/json" }).end('{"name":"agent"}'),
  delayMs = 20,
) {
  const arrivals: Arrival[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = await listen((request, response) => {
    const index = arrivals.length;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    arrivals.push({
      index,
      at: performance.now(),
      inFlight,
      tag: new URL(request.url ?? "/", "http://x").searchParams.get("tag") ?? undefined,
    });
    response.on("close", () => inFlight--);
    setTimeout(() => answer(request, response, index), delayMs);
  });
  running.push(server);
  return { url: server.url, arrivals, maxInFlight: () => maxInFlight, resetMax: () => void (maxInFlight = inFlight) };
}

const clientOf = (url: string, options: Partial<CognigyClientOptions> = {}) =>
  pacedClient({ ...options, baseUrl: url });

const refuse =
  (status: number, headers: Record<string, string> = {}) =>
  (_: IncomingMessage, response: ServerResponse) =>
    void response
      .writeHead(status, { "content-type": "application/json", ...headers })
      .end(JSON.stringify({ status, title: "Too Many Requests" }));
const ok = (_: IncomingMessage, response: ServerResponse) =>
  void response.writeHead(200, { "content-type": "application/json" }).end('{"name":"agent"}');

describe("maxConcurrency", () => {
  test("keeps at most that many requests in flight across every call of the client, first come first served", async () => {
    const server = await pacedServer(ok, 15);
    // The order requests leave the client (arrival order at the server can swap between sockets).
    const sent: number[] = [];
    const fetchInOrder = (request: Request) => (
      sent.push(Number(new URL(request.url).searchParams.get("tag"))),
      fetch(request)
    );
    const { get } = clientOf(server.url, { maxConcurrency: 3, fetch: fetchInOrder });
    const results = await Promise.all(Array.from({ length: 24 }, (_, n) => get(n)));
    expect(results.every((result) => result.response.status === 200)).toBe(true);
    expect(server.maxInFlight()).toBe(3);
    expect(sent).toEqual(Array.from({ length: 24 }, (_, n) => n));
  });

  test("no limit by default", async () => {
    const server = await pacedServer(ok, 50);
    const { get } = clientOf(server.url);
    await Promise.all(Array.from({ length: 20 }, (_, n) => get(n)));
    expect(server.maxInFlight()).toBe(20);
  });

  test("a call's timeout and signal count while it waits in the queue; a call that never left is never sent", async () => {
    const server = await pacedServer(ok, 300);
    const { get } = clientOf(server.url, { maxConcurrency: 1 });
    const first = get("first");
    const timedOut = get("timed-out", { timeout: 100 }).catch((error: unknown) => error);
    const controller = new AbortController();
    const aborted = get("aborted", { signal: controller.signal }).catch((error: unknown) => error);
    setTimeout(() => controller.abort(new Error("user cancelled")), 50);
    expect(await timedOut).toBeInstanceOf(CognigyTimeoutError);
    expect(await aborted).toBeInstanceOf(CognigyAbortError);
    expect((await first).response.status).toBe(200);
    // The queue goes on after them.
    expect((await get("after")).response.status).toBe(200);
    expect(server.arrivals.map((arrival) => arrival.tag)).toEqual(["first", "after"]);
  });

  test.each([0, -1, 1.5, Number.NaN, "4"])("refuses maxConcurrency %s", (value) => {
    expect(() =>
      createCognigyClient({ baseUrl: "http://127.0.0.1:9", apiKey: "k", maxConcurrency: value as number }),
    ).toThrow(CognigyConfigError);
    expect(() =>
      createCognigyClient({ baseUrl: "http://127.0.0.1:9", apiKey: "k", maxConcurrency: value as number }),
    ).toThrow(/^maxConcurrency: must be a whole number ≥ 1, or Infinity/);
  });
});

describe("a refusal slows the whole client down", () => {
  test("a 429's Retry-After holds every queued call, not only the refused one", async () => {
    // The first request is refused for a second; the other calls start after it, but must wait too.
    const server = await pacedServer(
      (request, response, index) =>
        index === 0 ? refuse(429, { "retry-after": "1" })(request, response) : ok(request, response),
      10,
    );
    const { get } = clientOf(server.url, { maxConcurrency: 1 });
    const calls = Array.from({ length: 5 }, (_, n) => get(n));
    const results = await Promise.all(calls);
    expect(results.map((result) => result.response.status)).toEqual([200, 200, 200, 200, 200]);
    const [refused, ...rest] = server.arrivals;
    expect(rest).toHaveLength(5);
    for (const arrival of rest) expect(arrival.at - refused!.at).toBeGreaterThanOrEqual(990);
    // The refused call goes first when the wait is over.
    expect(rest[0]!.tag).toBe("0");
  });
  // The slow-down and the ramp back, to the millisecond: test/clock.test.ts.
});

// The pace's own slot counting, without a server: attempts are promises the test settles.
describe("the pace's slots", () => {
  const deferred = () => {
    let settle: { resolve: () => void; reject: (error: Error) => void } = { resolve: () => {}, reject: () => {} };
    const promise = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    return { promise, ...settle };
  };
  const far = () => Date.now() + 60_000;

  test("starts an attempt with a free slot in the caller's turn; the next waits for a slot, in order, retries first", async () => {
    const pace = new Throttle(2, undefined);
    const started: string[] = [];
    const attempts = new Map<string, ReturnType<typeof deferred>>();
    const run = (name: string, retry = false, signal = new AbortController().signal) =>
      pace.run(
        () => {
          started.push(name);
          const attempt = deferred();
          attempts.set(name, attempt);
          return attempt.promise;
        },
        signal,
        retry,
        far(),
      );
    const a = run("a");
    const b = run("b");
    expect(started).toEqual(["a", "b"]);
    const c = run("c");
    const waiting = new AbortController();
    const dropped = run("dropped", false, waiting.signal).catch((error: unknown) => error);
    const retried = run("retry", true);
    expect(started).toEqual(["a", "b"]);
    // An abort while waiting leaves the queue at once; its place goes to the next.
    waiting.abort(new Error("cancelled"));
    expect(await dropped).toMatchObject({ message: "cancelled" });
    // A slot freed by a failure is handed on like any other: the retry goes before the first attempt that came earlier.
    attempts.get("a")!.reject(new Error("failed"));
    await expect(a).rejects.toThrow("failed");
    expect(started).toEqual(["a", "b", "retry"]);
    attempts.get("b")!.resolve();
    await b;
    expect(started).toEqual(["a", "b", "retry", "c"]);
    attempts.get("retry")!.resolve();
    attempts.get("c")!.resolve();
    await Promise.all([retried, c]);
    // Nothing waits and nothing holds a slot: two more start at once.
    void run("d");
    void run("e");
    expect(started.slice(-2)).toEqual(["d", "e"]);
    attempts.get("d")!.resolve();
    attempts.get("e")!.resolve();
  });

  test("an aborted signal is refused before anything starts", async () => {
    const pace = new Throttle(1, undefined);
    const controller = new AbortController();
    controller.abort(new Error("already"));
    let started = false;
    await expect(
      pace.run(
        () => {
          started = true;
          return Promise.resolve();
        },
        controller.signal,
        false,
        far(),
      ),
    ).rejects.toThrow("already");
    expect(started).toBe(false);
  });
});
