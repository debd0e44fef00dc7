import { beforeAll, describe, expect, test } from "vitest";
import {
  CognigyRateLimitPauseError,
  CognigyTimeoutError,
  isErrorType,
  type CognigyClientOptions,
  type LogFields,
  type RetryEvent,
} from "../src/index.js";
import { fakeClock } from "./support/clock.js";
import { ok, pacedClient, pacedFetch, refuse } from "./support/paced-fetch.js";

// Time-based behaviour on a fake clock: Retry-After waits, the client's pause and its ramp back.
// Every request stays in this process (a paced in-process Cognigy), so time moves only when a test
// moves it, and every wait is checked to the millisecond without sleeping.
const clock = fakeClock();

const clientOf = (fetch: ReturnType<typeof pacedFetch>["fetch"], options: Partial<CognigyClientOptions> = {}) =>
  pacedClient({ ...options, baseUrl: "https://api.cognigy.test/new", fetch });

// The client loads parts of itself on first use (real I/O, which a fake clock does not move): load
// them before any clock is faked.
beforeAll(async () => {
  const { get } = clientOf(pacedFetch(undefined, 0).fetch);
  await get("warm-up");
});

// Settles `promise` into a value or the error, so a test can move the clock before it looks.
const settled = <T>(promise: Promise<T>): Promise<{ value?: T; error?: Error & Record<string, any> }> =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error: error as Error & Record<string, any> }),
  );

describe("Retry-After", () => {
  test("a 429's Retry-After seconds are waited exactly: the retry leaves 1000 ms later, not before", async () => {
    clock.use();
    const paced = pacedFetch((index) => (index === 0 ? refuse(429, { "retry-after": "1" }) : ok()), 0);
    const retries: RetryEvent[] = [];
    const { get } = clientOf(paced.fetch, { retry: { onRetry: (event) => void retries.push(event) } });
    const call = settled(get());
    await clock.advance(999);
    expect(paced.arrivals).toHaveLength(1);
    await clock.advance(1);
    expect(paced.arrivals).toHaveLength(2);
    expect(paced.arrivals[1]!.at - paced.arrivals[0]!.at).toBe(1000);
    expect(await call).toMatchObject({ value: { data: { name: "agent" } } });
    expect(retries).toMatchObject([{ retry: 1, delayMs: 1000, status: 429, method: "GET" }]);
  });

  test("an HTTP-date is waited until, to the second", async () => {
    clock.use(Date.parse("2026-12-05T10:00:00.400Z"));
    const paced = pacedFetch(
      (index) => (index === 0 ? refuse(503, { "retry-after": "Sat, 05 Dec 2026 10:00:02 GMT" }) : ok()),
      0,
    );
    const { get } = clientOf(paced.fetch);
    const call = settled(get());
    await clock.advance(5_000);
    expect((await call).value?.response.status).toBe(200);
    expect(paced.arrivals.map((arrival) => new Date(arrival.at).toISOString())).toEqual([
      "2026-12-05T10:00:00.400Z",
      "2026-12-05T10:00:02.000Z",
    ]);
  });
});

describe("a refusal slows the whole client down", () => {
  test("a 429's Retry-After holds every queued call; the refused call goes first when it ends", async () => {
    clock.use();
    const paced = pacedFetch((index) => (index === 0 ? refuse(429, { "retry-after": "1" }) : ok()), 10);
    const { get } = clientOf(paced.fetch, { maxConcurrency: 1 });
    const calls = Promise.all(Array.from({ length: 5 }, (_, n) => get(n)));
    await clock.advance(1_100);
    const [refused, ...rest] = paced.arrivals;
    expect(rest.length).toBeGreaterThan(0);
    // The refusal is heard when its answer arrives (10 ms on); the pause runs from there.
    expect(rest[0]).toMatchObject({ tag: "0", at: refused!.at + 10 + 1_000 });
    await clock.advance(1_000);
    expect((await calls).map((result) => result.response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(paced.arrivals.slice(1).every((arrival) => arrival.at >= refused!.at + 10 + 1_000)).toBe(true);
  });

  test("halves the concurrency at a refusal and doubles it after each quiet second, logging both", async () => {
    clock.use();
    const paced = pacedFetch((index) => (index < 8 ? refuse(503, { "retry-after": "0" }) : ok()), 40);
    const lines: Array<[string, LogFields, string]> = [];
    const logger = {
      warn: (fields: LogFields, message: string) => lines.push(["warn", fields, message]),
      info: (fields: LogFields, message: string) => lines.push(["info", fields, message]),
    };
    const { get } = clientOf(paced.fetch, {
      maxConcurrency: 8,
      logger,
      retry: { maxRetries: 5, initialDelayMs: 5, maxDelayMs: 20 },
    });
    // Eight in flight are refused together: one slow-down, to 4.
    const first = Promise.all(Array.from({ length: 8 }, (_, n) => get(n)));
    await clock.advance(200);
    await first;
    expect(lines.filter(([, , message]) => message.startsWith("the server refused"))).toEqual([
      [
        "warn",
        { status: 503, pauseMs: 0, concurrency: 4, previousConcurrency: 8 },
        "the server refused a request (503): every call waits 0 ms, then at most 4 at a time",
      ],
    ]);
    paced.resetMax();
    const slow = Promise.all(Array.from({ length: 16 }, (_, n) => get(`slow-${n}`)));
    await clock.advance(200);
    await slow;
    expect(paced.maxInFlight()).toBe(4);
    // A quiet second after the refusal, calls go 8 at a time again.
    await clock.advance(1_000);
    paced.resetMax();
    const ramped = Promise.all(Array.from({ length: 16 }, (_, n) => get(`ramped-${n}`)));
    await clock.advance(200);
    await ramped;
    expect(paced.maxInFlight()).toBe(8);
    expect(lines.filter(([level]) => level === "info")).toEqual([
      ["info", { concurrency: 8 }, "no refusal for 1000 ms: at most 8 requests at a time"],
    ]);
  });

  test("without a limit, the concurrency falls to half of what was in flight and comes back unlimited", async () => {
    clock.use();
    const paced = pacedFetch((index) => (index < 10 ? refuse(429, { "retry-after": "0" }) : ok()), 40);
    const { get } = clientOf(paced.fetch, { retry: { maxRetries: 5, initialDelayMs: 5, maxDelayMs: 20 } });
    const run = async (count: number, tag: string) => {
      const calls = Promise.all(Array.from({ length: count }, (_, n) => get(`${tag}-${n}`)));
      await clock.advance(500);
      return calls;
    };
    await run(10, "refused");
    paced.resetMax();
    await run(20, "after");
    expect(paced.maxInFlight()).toBe(5);
    // 5 → 10 after a quiet second, which is back to what it was: no limit again.
    await clock.advance(1_000);
    paced.resetMax();
    await run(30, "free");
    expect(paced.maxInFlight()).toBe(30);
  });

  test("after a flood of 429s, a quiet spell counts whole: full concurrency again after log2(max) seconds", async () => {
    clock.use();
    // Every request is refused until the flood ends; wave after wave halves the concurrency to 1.
    let flooding = true;
    const paced = pacedFetch(() => (flooding ? refuse(429, { "retry-after": "0" }) : ok()), 10);
    const { get } = clientOf(paced.fetch, { maxConcurrency: 32, retry: { maxRetries: 0 } });
    for (let wave = 0; wave < 6; wave++) {
      const calls = Promise.all(Array.from({ length: 32 }, (_, n) => get(`flood-${wave}-${n}`)));
      await clock.advance(1_000);
      await calls;
    }
    flooding = false;
    paced.resetMax();
    const slowed = Promise.all(Array.from({ length: 32 }, (_, n) => get(`slowed-${n}`)));
    await clock.advance(50);
    expect(paced.maxInFlight()).toBe(1);
    await clock.advance(2_000);
    await slowed;
    // 1 → 32 takes five doublings: five quiet seconds, however few calls were made in them.
    await clock.advance(5_000);
    paced.resetMax();
    const back = Promise.all(Array.from({ length: 32 }, (_, n) => get(`back-${n}`)));
    await clock.advance(50);
    await back;
    expect(paced.maxInFlight()).toBe(32);
  });
});

describe("a call that cannot outlive the client's pause fails at once, not sent", () => {
  test("queued before the refusal or made during the pause: a CognigyRateLimitPauseError naming the pause", async () => {
    clock.use();
    // The first request is refused with a 30 s Retry-After (within maxRetryAfterMs): the client pauses.
    const paced = pacedFetch((index) => (index === 0 ? refuse(429, { "retry-after": "30" }) : ok()), 10);
    const { get } = clientOf(paced.fetch, { maxConcurrency: 1 });
    const refused = settled(get("refused"));
    const queuedShort = settled(get("queued-short", { timeout: 5_000 }));
    const queuedLong = settled(get("queued-long", { timeout: 60_000 }));
    await clock.advance(10);
    // The pause began: the queued call whose 5 s timeout ends first fails now, with nothing sent.
    const short = await queuedShort;
    expect(short.error).toBeInstanceOf(CognigyRateLimitPauseError);
    expect(isErrorType(short.error, CognigyTimeoutError)).toBe(true);
    expect(short.error).toMatchObject({ status: 429, pauseMs: 30_000, timeoutMs: 5_000, method: "GET" });
    expect(short.error!.message).toMatch(
      /was not sent: the client waits 30000 ms more for the server \(its 429 asked for a pause/,
    );
    // A call made ten seconds into the pause, with 5 s to live, fails at once too.
    await clock.advance(10_000);
    const late = settled(get("late", { timeout: 5_000 }));
    await clock.advance(0);
    const lateError = (await late).error;
    expect(lateError).toBeInstanceOf(CognigyRateLimitPauseError);
    expect(lateError).toMatchObject({ pauseMs: 20_000, timeoutMs: 5_000 });
    // The others wait the pause out: the refused call first, then the one with time enough.
    await clock.advance(20_100);
    expect((await refused).value?.response.status).toBe(200);
    expect((await queuedLong).value?.response.status).toBe(200);
    expect(paced.arrivals.map((arrival) => arrival.tag)).toEqual(["refused", "refused", "queued-long"]);
  });
});
