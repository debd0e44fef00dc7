import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  CognigyNotFoundError,
  CognigyTaskError,
  createCognigyClient,
  waitForTask,
  type CognigyTask,
} from "../src/index.js";
import { MIN_POLL_INTERVAL_MS } from "../src/tasks/wait-for-task.js";
import { mockFetch } from "../src/testing/index.js";
import { startCognigyFake } from "../scripts/servers/cognigy-fake.js";
import { failure } from "./support/failure.js";

// waitForTask against a fake of Cognigy's task routes: 202 answers with tasks that advance a step
// every 20 ms, end, fail, hang or get cancelled.
const API_KEY = "task-key";
const PROJECT = "5ce7c2d833ea1e04d7e6c432";
let fake: Awaited<ReturnType<typeof startCognigyFake>>;
beforeAll(async () => void (fake = await startCognigyFake({ apiKey: API_KEY })));
afterAll(() => fake.close());

const client = () =>
  createCognigyClient({ baseUrl: fake.url, apiKey: API_KEY, retry: { initialDelayMs: 1, maxDelayMs: 5 } });
const createSnapshot = (name: string) =>
  client().request("POST", route("/v2.0/snapshots"), { body: { name, projectId: PROJECT } });
const quick = { initialIntervalMs: 100, maxIntervalMs: 100 };
// The task and snapshot routes, which the bundled spec lacks, as plain strings: request()'s loose form on any spec.
const route = (path: string) => path;

describe("waitForTask", () => {
  test("awaits a call that answered 202 in one line, reporting each step, and resolves with the finished task", async () => {
    const seen: Array<[string, number | undefined]> = [];
    const task = await waitForTask(client(), createSnapshot("one-line"), {
      ...quick,
      onProgress: (task) => void seen.push([task.status, task.currentStep]),
    });
    expect(task).toMatchObject({ status: "done", type: "createSnapshot", currentStep: 3, totalStep: 3 });
    expect(seen[0]).toEqual(["queued", 0]);
    expect(seen.at(-1)).toEqual(["done", 3]);
    expect(seen.map(([, step]) => step)).toEqual([...seen.map(([, step]) => step)].sort());
    expect(fake.snapshots().some((snapshot) => snapshot.name === "one-line")).toBe(true);
  });

  test("takes a task or its id as well", async () => {
    const { data } = await createSnapshot("by-id");
    const task = data as CognigyTask;
    expect((await waitForTask(client(), task, quick)).status).toBe("done");
    expect((await waitForTask(client(), task._id, quick)).status).toBe("done");
  });

  test("a task that ends in error is a CognigyTaskError carrying it", async () => {
    fake.script.fates.push("error");
    const error = await failure<CognigyTaskError>(waitForTask(client(), createSnapshot("doomed"), quick));
    expect(error).toBeInstanceOf(CognigyTaskError);
    expect(error).toMatchObject({
      reason: "error",
      task: { status: "error", type: "createSnapshot" },
      cancelRequested: false,
    });
    expect(error.message).toMatch(
      /^task [0-9a-f]{24} \(createSnapshot\) ended in error: createSnapshot failed: the fake was told to fail$/,
    );
  });

  test("a task cancelled elsewhere is a CognigyTaskError with reason cancelled", async () => {
    fake.script.fates.push("hang");
    const c = client();
    const { data } = await createSnapshot("cancelled-elsewhere");
    const waiting = waitForTask(c, data as CognigyTask, quick).catch((e: unknown) => e);
    await c.request("POST", route("/v2.0/tasks/{taskId}/cancel"), {
      params: { path: { taskId: (data as CognigyTask)._id } },
    });
    expect(await waiting).toMatchObject({
      name: "CognigyTaskError",
      reason: "cancelled",
      task: { status: "cancelled" },
    });
  });

  test("maxWaitMs ends the wait, and cancels the task when asked to", async () => {
    fake.script.fates.push("hang", "hang");
    const left = await failure<CognigyTaskError>(
      waitForTask(client(), createSnapshot("slow-1"), { ...quick, maxWaitMs: 250 }),
    );
    expect(left).toMatchObject({ reason: "timeout", cancelRequested: false, task: { status: "active" } });
    expect(fake.tasks.get(left.taskId)!.status).toBe("active");
    const cancelled = await failure<CognigyTaskError>(
      waitForTask(client(), createSnapshot("slow-2"), { ...quick, maxWaitMs: 250, cancelOnAbort: true }),
    );
    expect(cancelled).toMatchObject({ reason: "timeout", cancelRequested: true });
    expect(cancelled.message).toContain("did not end within 250 ms");
    expect(fake.tasks.get(cancelled.taskId)!.status).toMatch(/^cancell(ing|ed)$/);
  });

  test("timeout is one request's limit everywhere: waitForTask refuses it and names maxWaitMs", async () => {
    const refused = await failure<CognigyTaskError>(
      waitForTask(client(), "5ce7c2d833ea1e04d7e6c432", { timeout: 1_000 } as never),
    );
    expect(refused).toMatchObject({ name: "CognigyConfigError", option: "timeout" });
    expect(refused.message).toContain("maxWaitMs");
  });

  test("an abort ends the wait at once, with or without cancelling the task", async () => {
    for (const cancelOnAbort of [false, true]) {
      fake.script.fates.push("hang");
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error("deploy stopped")), 60);
      const started = performance.now();
      const error = await failure<CognigyTaskError>(
        waitForTask(client(), createSnapshot(`aborted-${cancelOnAbort}`), {
          ...quick,
          signal: controller.signal,
          cancelOnAbort,
        }),
      );
      // Not the 30 minutes the wait may last (a generous bound for loaded machines).
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(error).toMatchObject({ reason: "aborted", cancelRequested: cancelOnAbort });
      expect(fake.tasks.get(error.taskId)!.status).toMatch(cancelOnAbort ? /^cancell(ing|ed)$/ : /^active$/);
    }
  });

  test("a 429 while polling is waited out by the client's retries", async () => {
    fake.script.pollRefusals = 2;
    const polls = fake.seen.length;
    expect((await waitForTask(client(), createSnapshot("rate-limited"), quick)).status).toBe("done");
    expect(fake.script.pollRefusals).toBe(0);
    expect(fake.seen.length - polls).toBeGreaterThanOrEqual(4);
  });

  test("the starting call's HTTP error is thrown as it is; a missing task is the client's 404", async () => {
    const bad = client().request("POST", route("/v2.0/snapshots"), { body: { name: "" } });
    await expect(waitForTask(client(), bad, quick)).rejects.toMatchObject({
      name: "CognigyBadRequestError",
      status: 400,
    });
    await expect(waitForTask(client(), "000000000000000000000fff", quick)).rejects.toBeInstanceOf(CognigyNotFoundError);
    await expect(waitForTask(client(), { nothing: true } as never, quick)).rejects.toThrow(/needs a task id/);
  });

  test(`polls no faster than every ${MIN_POLL_INTERVAL_MS} ms: shorter intervals are refused`, async () => {
    for (const interval of [{ initialIntervalMs: 0 }, { maxIntervalMs: 0 }, { initialIntervalMs: 99 }]) {
      await expect(waitForTask(client(), "000000000000000000000fff", interval)).rejects.toThrow(
        new RegExp(`must be a number of milliseconds from ${MIN_POLL_INTERVAL_MS} to`),
      );
    }
  });

  test("an answer for another task is refused, and a status in other casing is read as Cognigy documents it", async () => {
    const id = "0000000000000000000000aa";
    let answer: Record<string, unknown> = { _id: "0000000000000000000000bb", status: "done" };
    const fetch = mockFetch({ "GET /v2.0/aiagents/{aiAgentId}": () => ({ body: {} }) });
    const tasks = (request: Request) =>
      new URL(request.url).pathname.endsWith(`/v2.0/tasks/${id}`)
        ? Promise.resolve(Response.json(answer))
        : fetch(request);
    const mocked = createCognigyClient({ baseUrl: "https://api.example.net/new", apiKey: "k", fetch: tasks });
    const other = await failure<CognigyTaskError>(waitForTask(mocked, id, quick));
    expect(other).toMatchObject({ reason: "error", taskId: id });
    expect(other.message).toContain('was answered with another task ("0000000000000000000000bb")');
    answer = { _id: id, status: "DONE" };
    expect(await waitForTask(mocked, id, quick)).toMatchObject({ _id: id, status: "DONE" });
    answer = { _id: id, status: "Error", error: "broken" };
    expect(await failure<CognigyTaskError>(waitForTask(mocked, id, quick))).toMatchObject({ reason: "error" });
  });
});
