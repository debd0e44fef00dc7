import { printable } from "../shared/printable.js";
import type { AnyCognigyClient, CognigyClient } from "../client/types.js";
import { CognigyConfigError } from "../errors/config-error.js";
import { CognigyTaskError } from "../errors/task-error.js";
import type { CognigyTask } from "../shared/task.js";
import { apiErrorOf } from "../errors/status-errors.js";
import { MAX_TIMER_MS, sleep } from "../shared/timers.js";

/** How {@link waitForTask} polls. */
export interface WaitForTaskOptions {
  /** Told the task each time it is read (status, `currentStep` of `totalStep`). */
  onProgress?: ((task: CognigyTask) => void) | undefined;
  /** Stops waiting when it fires (a `CognigyTaskError` with reason `"aborted"`). */
  signal?: AbortSignal | undefined;
  /**
   * Milliseconds to wait for the task to end, all polls included; default 30 minutes. (Each poll is
   * a call with the client's own `timeout`.)
   */
  maxWaitMs?: number | undefined;
  /** Ask Cognigy to cancel the task (`POST /v2.0/tasks/{taskId}/cancel`) when the wait is aborted or times out. Default false. */
  cancelOnAbort?: boolean | undefined;
  /** The first wait between polls (default 500 ms, at least 100); each wait grows by half, up to `maxIntervalMs` (default 5 000, at least 100). */
  initialIntervalMs?: number | undefined;
  maxIntervalMs?: number | undefined;
}

/** What {@link waitForTask} takes: a task, its id, or the answer (or the promise of one) of a call that started it. */
export type TaskSource =
  | string
  | CognigyTask
  | { data?: unknown; error?: unknown; response: Response }
  | Promise<{ data?: unknown; error?: unknown; response: Response }>;

const ENDED = new Set(["done", "error", "cancelled"]);
/** The shortest wait between two polls of a task: faster is hammering the server for nothing. */
export const MIN_POLL_INTERVAL_MS = 100;

/** The implementation of waitForTask() (see src/long-running.ts, which loads it on first use). */
export async function waitForTask(
  client: AnyCognigyClient,
  source: TaskSource,
  options: WaitForTaskOptions = {},
): Promise<CognigyTask> {
  const {
    onProgress,
    signal,
    maxWaitMs = 30 * 60_000,
    cancelOnAbort = false,
    initialIntervalMs = 500,
    maxIntervalMs = 5_000,
  } = options;
  // `timeout` means one attempt of one request everywhere else; the whole wait has its own name.
  if ((options as { timeout?: unknown }).timeout !== undefined)
    throw new CognigyConfigError(
      "timeout",
      "is not an option of waitForTask: the whole wait is maxWaitMs (each poll has the client's timeout)",
    );
  for (const [name, value, min] of [
    ["maxWaitMs", maxWaitMs, 1],
    ["initialIntervalMs", initialIntervalMs, MIN_POLL_INTERVAL_MS],
    ["maxIntervalMs", maxIntervalMs, MIN_POLL_INTERVAL_MS],
  ] as const) {
    if (typeof value !== "number" || !(value >= min) || value > MAX_TIMER_MS)
      throw new CognigyConfigError(
        name,
        `must be a number of milliseconds from ${min} to ${MAX_TIMER_MS}, got ${String(value)}`,
      );
  }
  if (onProgress !== undefined && typeof onProgress !== "function")
    throw new CognigyConfigError("onProgress", "must be a function");
  let task = await taskOf(await source);
  const taskId = task?._id ?? (typeof source === "string" ? source : undefined);
  if (!taskId)
    throw new CognigyConfigError(
      "task",
      "needs a task id, a task, or the answer of a call that returned one (an object with _id)",
    );
  // The wait's own end: maxWaitMs or the caller's signal, whichever comes first.
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(new DOMException("timed out", "TimeoutError")), maxWaitMs);
  const onAbort = () => stop.abort(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  if (signal?.aborted) onAbort();
  try {
    for (let interval = initialIntervalMs; ; interval = Math.min(maxIntervalMs, interval * 1.5)) {
      if (task) {
        onProgress?.(task);
        if (ENDED.has(statusOf(task))) return finished(task);
        await sleep(interval, stop.signal);
      }
      task = await poll(client, taskId, stop.signal);
    }
  } catch (error) {
    if (!stop.signal.aborted) throw error;
    const reason = signal?.aborted ? "aborted" : "timeout";
    const cancelRequested = cancelOnAbort && (await cancel(client, taskId));
    throw new CognigyTaskError(
      {
        reason,
        taskId,
        task,
        cancelRequested,
        message:
          reason === "aborted"
            ? "was no longer waited for: the signal fired"
            : `did not end within ${maxWaitMs} ms (maxWaitMs)`,
      },
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

// The status as Cognigy documents it, whatever its case (`DONE` is done).
const statusOf = (task: CognigyTask): string => task.status.toLowerCase();

function finished(task: CognigyTask): CognigyTask {
  const status = statusOf(task);
  if (status === "done") return task;
  throw new CognigyTaskError({
    reason: status === "error" ? "error" : "cancelled",
    taskId: task._id,
    task,
    message: status === "error" ? `ended in error${describe(task)}` : "was cancelled",
  });
}

// What the task says of its failure, if anything.
function describe(task: CognigyTask): string {
  const detail = [task["error"], task["message"], task["failReason"]].find(
    (value) => typeof value === "string" && value !== "",
  );
  return typeof detail === "string" ? `: ${printable(detail.slice(0, 300))}` : "";
}

async function poll(client: AnyCognigyClient, taskId: string, signal: AbortSignal): Promise<CognigyTask> {
  const { data } = await (client as CognigyClient).request("GET", "/v2.0/tasks/{taskId}", {
    params: { path: { taskId } },
    throwOnError: true,
    signal,
  } as never);
  const task = await taskOf(data);
  if (!task)
    throw new CognigyTaskError({
      reason: "error",
      taskId,
      task: undefined,
      message: "was answered with something that is not a task",
    });
  if (task._id !== taskId)
    throw new CognigyTaskError({
      reason: "error",
      taskId,
      task,
      message: `was answered with another task (${printable(JSON.stringify(task._id.slice(0, 40)))})`,
    });
  return task;
}

// A task from what the caller passed or the server answered: a task, or a call's answer holding one.
async function taskOf(value: unknown): Promise<CognigyTask | undefined> {
  if (typeof value === "string" || value === null || typeof value !== "object") return undefined;
  if ("response" in value && value.response instanceof Response) {
    const result = value as { data?: unknown; error?: unknown; response: Response };
    if (!result.response.ok) throw apiErrorOf(result);
    return taskOf(result.data);
  }
  const task = value as Partial<CognigyTask>;
  return typeof task._id === "string" && typeof task.status === "string" ? (task as CognigyTask) : undefined;
}

async function cancel(client: AnyCognigyClient, taskId: string): Promise<boolean> {
  try {
    const { response } = await (client as CognigyClient).request("POST", "/v2.0/tasks/{taskId}/cancel", {
      params: { path: { taskId } },
      timeout: 10_000,
    } as never);
    return response.ok;
  } catch {
    return false;
  }
}
