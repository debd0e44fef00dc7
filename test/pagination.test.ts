import { afterAll, describe, expect, expectTypeOf, test } from "vitest";
import { startPrismMock, type PrismMock } from "../src/testing/servers/prism.js";
import {
  CognigyPaginationError,
  createCognigyClient,
  isCognigyConfigError,
  pages,
  paginate,
  type ListItem,
  type Page,
} from "../src/index.js";
import { idOf, startListServer, type ListPaging } from "../src/testing/servers/list-server.js";
import { listen } from "../src/testing/servers/listen.js";

// A stateful fake of Cognigy's list endpoint on 127.0.0.1 serves 10,000 items per paging style,
// behind `prism proxy` with errors on: every request the client makes and every page the fake
// answers is validated against the normalized spec on the way through.
const LLMS = "/v2.0/largelanguagemodels" as const;
const running: Array<{ close(): Promise<void> }> = [];
afterAll(() => Promise.all(running.map((server) => server.close())));

async function setup(style: ListPaging, count: number, { proxy = true } = {}) {
  const list = await startListServer({ paging: style, count });
  running.push(list);
  let prism: PrismMock | undefined;
  if (proxy)
    running.push((prism = await startPrismMock({ spec: "generated/openapi.json", upstream: list.url, errors: true })));
  const client = createCognigyClient({ baseUrl: prism?.url ?? list.url, apiKey: "list-key", retry: { maxRetries: 0 } });
  return { client, list, prism };
}

const ids = (items: Array<{ _id?: string }>) => items.map((item) => item._id);
const expected = (from: number, to: number) => Array.from({ length: to - from }, (_, n) => idOf(from + n));

describe("paginate through Prism's validating proxy", () => {
  test.each([
    ["cursor", "json"],
    ["offset", "json"],
    ["hal", "hal"],
  ] as const)("reads all 10,000 items of a %s list once, in order", async (style, accept) => {
    const { client, list, prism } = await setup(style, 10_000);
    const items: Array<ListItem<typeof LLMS>> = [];
    for await (const item of paginate(client, LLMS, { pageSize: 100, accept })) items.push(item);
    expect(ids(items)).toEqual(expected(0, 10_000));
    expect(list.requests()).toBe(100);
    expect(prism!.logs.filter((line) => /violation/i.test(line.msg))).toEqual([]);
  });

  test("reads a bare array as one page (directly: the spec declares no bare-array list)", async () => {
    const { client, list } = await setup("bare-array", 10_000, { proxy: false });
    const seen: Array<Page<unknown>> = [];
    const items = [];
    for await (const item of paginate(client, LLMS, { onPage: (page) => void seen.push(page) })) items.push(item);
    expect(ids(items)).toEqual(expected(0, 10_000));
    expect(list.requests()).toBe(1);
    expect(seen).toHaveLength(1);
  });

  test.each(["cursor", "offset"] as const)("handles an empty %s list and exactly one full page", async (style) => {
    const empty = await setup(style, 0);
    expect(await collect(paginate(empty.client, LLMS))).toEqual([]);
    expect(empty.list.requests()).toBe(1);
    const one = await setup(style, 100);
    expect(ids(await collect(paginate(one.client, LLMS, { pageSize: 100 })))).toEqual(expected(0, 100));
    expect(one.list.requests()).toBe(1);
  });

  test("stops with a typed error when the server repeats a cursor", async () => {
    const { client, list } = await setup("repeated-cursor", 1_000);
    const error = await collect(paginate(client, LLMS, { pageSize: 100 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CognigyPaginationError);
    expect(error).toMatchObject({ reason: "repeated-cursor", page: 1, path: LLMS });
    expect(list.requests()).toBe(2);
  });

  test("reports a total that shrinks while paging instead of hiding the skipped items", async () => {
    const { client } = await setup("shrinking-total", 10_000);
    const error = await collect(paginate(client, LLMS, { pageSize: 100 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CognigyPaginationError);
    expect(error).toMatchObject({ reason: "total-mismatch", expected: 10_000, received: 9_950 });
    expect((error as Error).message).toBe(
      `paging ${LLMS} ended: the server announced 10000 items (9950 at the end) but 9950 arrived`,
    );

    const reported: unknown[] = [];
    const again = await setup("shrinking-total", 10_000);
    const items = await collect(
      paginate(again.client, LLMS, { pageSize: 100, onTotalMismatch: (info) => void reported.push(info) }),
    );
    expect(items).toHaveLength(9_950);
    expect(reported).toEqual([{ expected: 10_000, received: 9_950, finalTotal: 9_950 }]);
  });
});

describe("pagination options", () => {
  test("maxItems and maxPages stop fetching", async () => {
    const { client, list } = await setup("cursor", 1_000, { proxy: false });
    expect(ids(await collect(paginate(client, LLMS, { pageSize: 100, maxItems: 250 })))).toEqual(expected(0, 250));
    expect(list.requests()).toBe(3);
    expect(await collect(paginate(client, LLMS, { pageSize: 100, maxPages: 2 }))).toHaveLength(200);
    expect(list.requests()).toBe(5);
    expect(await collect(paginate(client, LLMS, { maxItems: 0 }))).toEqual([]);
    expect(list.requests()).toBe(5);
  });

  test("breaking out of the loop stops fetching", async () => {
    const { client, list } = await setup("cursor", 1_000, { proxy: false });
    let n = 0;
    for await (const item of paginate(client, LLMS, { pageSize: 100 })) if (item && ++n === 150) break;
    expect(list.requests()).toBe(2);
  });

  test("answers overlapping next() calls in order, across page boundaries, and stops after return()", async () => {
    const { client, list } = await setup("cursor", 1_000, { proxy: false });
    const iterator = paginate(client, LLMS, { pageSize: 100 });
    const first = await Promise.all(Array.from({ length: 250 }, () => iterator.next()));
    expect(ids(first.map((result) => result.value as { _id?: string }))).toEqual(expected(0, 250));
    expect(first.every((result) => result.done === false)).toBe(true);
    const [after, ended] = await Promise.all([iterator.next(), iterator.return(undefined)]);
    expect((after.value as { _id?: string })._id).toBe(idOf(250));
    expect(ended.done).toBe(true);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    expect(list.requests()).toBe(3);
  });

  test("ends after a page fails: the error once, then done", async () => {
    const { client } = await setup("cursor", 1_000, { proxy: false });
    const iterator = paginate(client, LLMS, { pageSize: 500 });
    await expect(iterator.next()).rejects.toThrow(/pageSize: must be a whole number from 1 to 100/);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  test("resumes from a saved cursor", async () => {
    const { client } = await setup("cursor", 1_000, { proxy: false });
    let saved: string | undefined;
    for await (const page of pages(client, LLMS, { pageSize: 100, maxPages: 1 })) saved = page.nextCursor;
    expect(saved).toBe(idOf(99));
    const rest = await collect(paginate(client, LLMS, { pageSize: 100, cursor: saved! }));
    expect(ids(rest)).toEqual(expected(100, 1_000));
  });

  test("pages carry items, total, cursors and the response", async () => {
    const { client } = await setup("cursor", 250, { proxy: false });
    const all = await collect(pages(client, LLMS, { pageSize: 100 }));
    expect(
      all.map((page) => [page.index, page.items.length, page.total, page.nextCursor, page.previousCursor]),
    ).toEqual([
      [0, 100, 250, idOf(99), undefined],
      [1, 100, 250, idOf(199), idOf(99)],
      [2, 50, 250, undefined, idOf(199)],
    ]);
    expect(all[0]!.response.status).toBe(200);
  });

  test("checks pageSize, limits and callbacks before any request", async () => {
    const { client, list } = await setup("cursor", 10, { proxy: false });
    for (const options of [
      { pageSize: 0 },
      { pageSize: 101 },
      { pageSize: 2.5 },
      { maxItems: -1 },
      { maxPages: 0 },
      { onPage: "log" },
      { onTotalMismatch: 1 },
      { accept: "xml" },
      { signal: "stop" },
    ] as never[]) {
      const error = await collect(paginate(client, LLMS, options)).catch((e: unknown) => e);
      expect(isCognigyConfigError(error)).toBe(true);
    }
    expect(list.requests()).toBe(0);
  });

  test("an aborted signal stops paging with an abort error", async () => {
    const { client } = await setup("cursor", 1_000, { proxy: false });
    const controller = new AbortController();
    const error = await collect(
      paginate(client, LLMS, {
        pageSize: 100,
        signal: controller.signal,
        onPage: (page) => page.index === 1 && controller.abort(),
      }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "CognigyAbortError" });
  });

  test("is typed from the path, and accepts only list paths", () => {
    expectTypeOf<ListItem<typeof LLMS>>().toHaveProperty("modelType");
    const client = createCognigyClient({ baseUrl: "https://x.example", apiKey: "k" });
    // @ts-expect-error -- an AI Agent is one resource, not a list
    void paginate(client, "/v2.0/aiagents/{aiAgentId}");
  });
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe("paging loops are caught over the whole walk", () => {
  // Each probe that found these loops was stopped by hand at 300 requests.
  const probe = async (answer: (n: number, query: URLSearchParams) => unknown, accept: "json" | "hal" = "json") => {
    let requests = 0;
    const server = await listen((request, response) => {
      const query = new URL(request.url ?? "/", "http://localhost").searchParams;
      response
        .writeHead(200, { "content-type": accept === "hal" ? "application/hal+json" : "application/json" })
        .end(JSON.stringify(answer(requests++, query)));
    });
    running.push(server);
    // The spec's pattern for cursors is not what these probes are about.
    const client = createCognigyClient({
      baseUrl: server.url,
      apiKey: "list-key",
      retry: { maxRetries: 0 },
      validate: false,
    });
    const error = await (async () => {
      for await (const _ of paginate(client, LLMS, { accept, maxPages: 300 })) void _;
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    return { error: error as CognigyPaginationError, requests };
  };
  const item = (n: number) => ({ _id: idOf(n), name: `LLM ${n}` });

  test("fresh cursors with empty pages forever end after 10 empty pages", async () => {
    const { error, requests } = await probe((n) => ({ items: [], nextCursor: `cursor-${n}` }));
    expect(error).toBeInstanceOf(CognigyPaginationError);
    expect(error.reason).toBe("empty-pages");
    expect(requests).toBe(10);
  });

  test("cursors cycling A, B, A, B are caught", async () => {
    const { error, requests } = await probe((n) => ({
      items: [item(n)],
      nextCursor: n % 2 === 0 ? "cursor-A" : "cursor-B",
    }));
    expect(error).toBeInstanceOf(CognigyPaginationError);
    expect(error.reason).toBe("repeated-cursor");
    expect(error.message).toMatch(/led back to a page it had sent before \(cursor cursor-[AB]\)/);
    expect(requests).toBeLessThan(10);
  });

  test("a cycle that starts late and is long is caught within about twice its reach", async () => {
    // Cursors 0..49, then 20..49 over and over: a 30-page cycle entered after 20 pages.
    const cursor = (n: number) => `c${n < 50 ? n : 20 + ((n - 50) % 30)}`;
    const { error, requests } = await probe((n) => ({ items: [item(n)], nextCursor: cursor(n + 1) }));
    expect(error.reason).toBe("repeated-cursor");
    expect(requests).toBeLessThanOrEqual(2 * 50 + 1);
  });

  test("offset pages that return the same items reordered are caught", async () => {
    // skip grows, so no position repeats: the content does.
    const { error, requests } = await probe((n) => ({
      items: [item(0), item(1), item(2)].sort(() => (n % 2 === 0 ? 1 : -1)),
      total: 1_000,
    }));
    expect(error).toBeInstanceOf(CognigyPaginationError);
    expect(error.reason).toBe("repeated-page");
    expect(requests).toBeLessThan(10);
  });

  test("fresh cursors over pages cycling A, B, A, B are caught by their content", async () => {
    const { error, requests } = await probe((n) => ({ items: [item(n % 2)], nextCursor: `fresh-${n}` }));
    expect(error).toBeInstanceOf(CognigyPaginationError);
    expect(error.reason).toBe("repeated-page");
    expect(error.message).toContain("the server sent again the items of a page it had sent before");
    expect(requests).toBeLessThan(10);
  });

  test("a HAL next link alternating skip=1 and skip=0 is caught", async () => {
    const { error, requests } = await probe(
      (n) => ({
        _embedded: { items: [item(n)] },
        _links: { next: { href: `/v2.0/largelanguagemodels?skip=${(n + 1) % 2}&limit=1` } },
      }),
      "hal",
    );
    expect(error).toBeInstanceOf(CognigyPaginationError);
    expect(error.reason).toBe("repeated-cursor");
    expect(requests).toBeLessThan(10);
  });

  test("a list with a few empty pages before its items is read to the end", async () => {
    const { error, requests } = await probe((n) =>
      n < 3 ? { items: [], nextCursor: `c${n}` } : { items: [item(n)], nextCursor: n < 6 ? `c${n}` : null },
    );
    expect(error).toBeUndefined();
    expect(requests).toBe(7);
  });
});

describe("paginate with concurrency", () => {
  test.each([
    ["cursor", "json"],
    ["offset", "json"],
    ["hal", "hal"],
  ] as const)(
    "reads a %s list by offset, pages in flight together, items in order, through the validating proxy",
    async (style, accept) => {
      const { client, list, prism } = await setup(style, 2_050);
      const items: Array<ListItem<typeof LLMS>> = [];
      for await (const item of paginate(client, LLMS, { pageSize: 100, accept, concurrency: 4 })) items.push(item);
      expect(ids(items)).toEqual(expected(0, 2_050));
      expect(list.requests()).toBe(21);
      expect(prism!.logs.filter((line) => /violation/i.test(line.msg))).toEqual([]);
    },
  );

  test("keeps `concurrency` pages in flight and no more, and takes far less time than one at a time", async () => {
    const list = await startListServer({ paging: "cursor", count: 1_600, latencyMs: 40 });
    running.push(list);
    const client = createCognigyClient({ baseUrl: list.url, apiKey: "k" });
    let inFlight = 0;
    let most = 0;
    const counting = createCognigyClient({
      baseUrl: list.url,
      apiKey: "k",
      fetch: async (request) => {
        most = Math.max(most, ++inFlight);
        try {
          return await fetch(request);
        } finally {
          inFlight--;
        }
      },
    });
    const sequentialStart = performance.now();
    expect((await collect(paginate(client, LLMS))).length).toBe(1_600);
    const sequential = performance.now() - sequentialStart;
    const parallelStart = performance.now();
    const items = await collect(paginate(counting, LLMS, { concurrency: 8 }));
    const parallel = performance.now() - parallelStart;
    expect(ids(items)).toEqual(expected(0, 1_600));
    expect(most).toBe(8);
    // 16 pages: 16 latencies one at a time, 1 + 2 rounds of 8 in parallel.
    expect(parallel).toBeLessThan(sequential / 2);
  });

  test("retries a page that fails, and still yields every item once, in order", async () => {
    const list = await startListServer({ paging: "offset", count: 1_000 });
    running.push(list);
    let failed = 0;
    const client = createCognigyClient({
      baseUrl: list.url,
      apiKey: "k",
      retry: { initialDelayMs: 5, maxDelayMs: 10 },
      fetch: (request) =>
        new URL(request.url).searchParams.get("skip") === "300" && failed++ === 0
          ? Promise.resolve(Response.json({ status: 503, title: "Service Unavailable" }, { status: 503 }))
          : fetch(request),
    });
    expect(ids(await collect(paginate(client, LLMS, { concurrency: 3 })))).toEqual(expected(0, 1_000));
    expect(failed).toBe(2);
  });

  test("a page that fails for good ends paging with its error when its turn comes; the pages before it were yielded", async () => {
    const list = await startListServer({ paging: "offset", count: 1_000 });
    running.push(list);
    const client = createCognigyClient({
      baseUrl: list.url,
      apiKey: "k",
      fetch: (request) =>
        new URL(request.url).searchParams.get("skip") === "500"
          ? Promise.resolve(Response.json({ status: 404, title: "Not Found" }, { status: 404 }))
          : fetch(request),
    });
    const items: unknown[] = [];
    const error = await (async () => {
      for await (const item of paginate(client, LLMS, { concurrency: 4 })) items.push(item);
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "CognigyNotFoundError", status: 404 });
    expect(items).toHaveLength(500);
  });

  test("maxItems and maxPages bound what is requested; breaking out stops the rest", async () => {
    const list = await startListServer({ paging: "offset", count: 5_000 });
    running.push(list);
    const client = createCognigyClient({ baseUrl: list.url, apiKey: "k" });
    expect(ids(await collect(paginate(client, LLMS, { concurrency: 4, maxItems: 250 })))).toEqual(expected(0, 250));
    expect(list.requests()).toBe(3);
    expect(await collect(pages(client, LLMS, { concurrency: 4, maxPages: 2 }))).toHaveLength(2);
    expect(list.requests()).toBe(5);
    const before = list.requests();
    for await (const page of pages(client, LLMS, { concurrency: 4 })) if (page.index === 1) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The first page, the second (taken), and the four in flight when the loop broke: none after it.
    expect(list.requests() - before).toBeLessThanOrEqual(6);
  });

  test("a list that shrinks while paged by offset is reported, not hidden", async () => {
    const list = await startListServer({ paging: "shrinking-total", count: 1_000 });
    running.push(list);
    const client = createCognigyClient({ baseUrl: list.url, apiKey: "k" });
    const error = await collect(paginate(client, LLMS, { concurrency: 4, pageSize: 100 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CognigyPaginationError);
    expect(error).toMatchObject({ reason: "total-mismatch" });
  });

  test("a list without a total, or resumed from a cursor, is read one page at a time", async () => {
    const { client, list } = await setup("cursor", 300, { proxy: false });
    const saved = (await collect(pages(client, LLMS, { maxPages: 1 })))[0]!.nextCursor!;
    const before = list.requests();
    expect(ids(await collect(paginate(client, LLMS, { cursor: saved, concurrency: 8 })))).toEqual(expected(100, 300));
    expect(list.requests() - before).toBe(2);
  });

  test.each([0, 33, 1.5])("refuses concurrency %s", async (concurrency) => {
    const { client } = await setup("cursor", 10, { proxy: false });
    await expect(collect(paginate(client, LLMS, { concurrency }))).rejects.toThrow(
      /^concurrency: must be a whole number from 1 to 32/,
    );
  });
});
