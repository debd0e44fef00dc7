import type { CognigyTask } from "../shared/task.js";
import { CognigyError } from "./base.js";

/**
 * A task did not finish: it ended in `error` or was `cancelled` (`reason` says which), or waiting
 * for it stopped at its `maxWaitMs` or the caller's `signal` (`"timeout"`, `"aborted"`). `task` is the
 * task as last seen; `cancelRequested` says whether the client asked Cognigy to cancel it.
 */
export class CognigyTaskError extends CognigyError {
  static {
    this.prototype.name = "CognigyTaskError";
  }
  readonly reason: "error" | "cancelled" | "timeout" | "aborted";
  readonly taskId: string;
  readonly task: CognigyTask | undefined;
  readonly cancelRequested: boolean;

  constructor(
    details: {
      reason: CognigyTaskError["reason"];
      taskId: string;
      task: CognigyTask | undefined;
      cancelRequested?: boolean;
      message: string;
    },
    options?: { cause?: unknown },
  ) {
    super(`task ${details.taskId}${details.task?.type ? ` (${details.task.type})` : ""} ${details.message}`, options);
    this.reason = details.reason;
    this.taskId = details.taskId;
    this.task = details.task;
    this.cancelRequested = details.cancelRequested ?? false;
  }
}
