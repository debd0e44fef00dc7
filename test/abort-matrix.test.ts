// Every entry point, aborted at each moment it can be: one typed error, and nothing left unhandled
// (an unhandled rejection kills a Node.js process). The server never answers unless told to.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import {
  checkServerVersion,
  createCognigyClient,
  csvRecords,
  download,
  isCognigyError,
  oauth2Auth,
  pages,
  paginate,
  upload,
  waitForTask,
} from "../src/index.js";
import { listen } from "../src/testing/servers/listen.js";
import { uploadResumable } from "../src/transfer/resumable.js";

const aiAgentId = "5ce7c2d833ea1e04d7e6c432";
const params = { path: { aiAgentId } };
let server: Awaited<ReturnType<typeof listen>>;
// What the server does with the next requests; by default it holds them open.
let answer: (request: IncomingMessage, response: ServerResponse) => void = () => undefined;
let arrived: () => void = () => undefined;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);

beforeAll(async () => {
  server = await listen((request, response) => {
    arrived();
    if (request.url?.startsWith("/auth/oauth2/token")) return; // a token endpoint that hangs
    answer(request, response);
  });
  process.on("unhandledRejection", onUnhandled);
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await server.close();
});
afterEach(() => {
  answer = () => undefined;
});

const client = (extra: object = {}) =>
  createCognigyClient({
    baseUrl: server.url,
    apiKey: "k",
    retry: { maxRetries: 2, initialDelayMs: 60_000, maxDelayMs: 60_000 },
    ...extra,
  });
const drain = async (iterable: AsyncIterable<unknown>) => {
  for await (const _ of iterable) void _;
};

// Each entry point, given the signal to abort it with.
const entries: Record<string, (signal: AbortSignal) => Promise<unknown>> = {
  "path call": (signal) => client().GET("/v2.0/aiagents/{aiAgentId}", { params, signal }),
  "named call": (signal) => client().aiAgents.get({ params, signal }),
  paginate: (signal) => drain(paginate(client(), "/v2.0/largelanguagemodels", { signal })),
  pages: (signal) => drain(pages(client(), "/v2.0/largelanguagemodels", { signal })),
  csvRecords: (signal) =>
    drain(csvRecords(client().GET("/v2.0/largelanguagemodels", { accept: "csv", parseAs: "stream", signal }))),
  upload: (signal) => upload(client(), "/v2.0/snapshots/upload", { file: new Blob(["x".repeat(1000)]), signal }),
  download: (signal) => download(client(), `${server.url}/downloads/x`, { to: new WritableStream(), signal }),
  uploadResumable: (signal) => uploadResumable(client(), { file: new Uint8Array(1000), retryDelays: [], signal }),
  waitForTask: (signal) => waitForTask(client(), "000000000000000000000001", { signal }),
  checkServerVersion: (signal) => checkServerVersion(client(), { signal }),
};

// Aborts `run` at a moment, and says what it rejected with; the unhandled rejections are counted after a turn of the event loop.
async function abortAt(
  run: (signal: AbortSignal) => Promise<unknown>,
  moment: "before" | "on arrival",
): Promise<unknown> {
  const controller = new AbortController();
  if (moment === "before") controller.abort();
  else arrived = () => controller.abort();
  try {
    return await run(controller.signal).then(
      () => "resolved",
      (error: unknown) => error,
    );
  } finally {
    arrived = () => undefined;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(["before", "on arrival"] as const)("aborted %s the request", (moment) => {
  test.each(Object.keys(entries))("%s: one typed error, nothing unhandled", async (name) => {
    unhandled.length = 0;
    const outcome = await abortAt(entries[name]!, moment);
    expect(isCognigyError(outcome), `${name}: ${String(outcome)}`).toBe(true);
    expect(unhandled).toEqual([]);
  });
});

describe("aborted while it waits", () => {
  test("for a retry after a 503", async () => {
    unhandled.length = 0;
    answer = (_, response) =>
      void response.writeHead(503, { "content-type": "application/json", "retry-after": "30" }).end("{}");
    const controller = new AbortController();
    const call = client()
      .GET("/v2.0/aiagents/{aiAgentId}", { params, signal: controller.signal })
      .then(
        () => "resolved",
        (error: unknown) => error,
      );
    setTimeout(() => controller.abort(), 100);
    expect(isCognigyError(await call)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
  });

  test("in the client's queue behind a call that holds its only slot", async () => {
    unhandled.length = 0;
    const one = client({ maxConcurrency: 1 });
    const holding = new AbortController();
    const first = one
      .GET("/v2.0/aiagents/{aiAgentId}", { params, signal: holding.signal })
      .catch((error: unknown) => error);
    const controller = new AbortController();
    const queued = one.GET("/v2.0/aiagents/{aiAgentId}", { params, signal: controller.signal }).then(
      () => "resolved",
      (error: unknown) => error,
    );
    setTimeout(() => controller.abort(), 50);
    expect(isCognigyError(await queued)).toBe(true);
    holding.abort();
    expect(isCognigyError(await first)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
  });

  test("for an OAuth2 token", async () => {
    unhandled.length = 0;
    const auth = oauth2Auth({
      grant: "client_credentials",
      clientId: "c",
      clientSecret: "s-0123",
      tokenUrl: `${server.url}/auth/oauth2/token`,
    });
    const outcome = await abortAt(
      (signal) =>
        createCognigyClient({ baseUrl: server.url, auth }).GET("/v2.0/aiagents/{aiAgentId}", { params, signal }),
      "on arrival",
    );
    expect(isCognigyError(outcome)).toBe(true);
    expect(unhandled).toEqual([]);
  });

  test.each(["path call", "csvRecords", "download", "paginate"])("%s: in the middle of the body", async (name) => {
    unhandled.length = 0;
    answer = (request, response) => {
      const csv = request.headers.accept?.includes("text/csv");
      response.writeHead(200, { "content-type": csv ? "text/csv" : "application/json" });
      response.write(csv ? "name,provider\nLLM 0,openAI\n" : '{"items":[{"name":"cut');
    };
    const controller = new AbortController();
    const outcome = entries[name]!(controller.signal).then(
      () => "resolved",
      (error: unknown) => error,
    );
    setTimeout(() => controller.abort(), 100);
    expect(isCognigyError(await outcome), `${name}: ${String(await outcome)}`).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
  });

  test("between two polls of a task", async () => {
    unhandled.length = 0;
    answer = (_, response) =>
      void response
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ _id: "000000000000000000000001", status: "active" }));
    const controller = new AbortController();
    const waiting = waitForTask(client(), "000000000000000000000001", {
      signal: controller.signal,
      initialIntervalMs: 10_000,
    }).then(
      () => "resolved",
      (error: unknown) => error,
    );
    setTimeout(() => controller.abort(), 150);
    expect(await waiting).toMatchObject({ name: "CognigyTaskError", reason: "aborted" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
  });
});
