/** A Cognigy Task as `GET /v2.0/tasks/{taskId}` answers it. */
export interface CognigyTask {
  readonly _id: string;
  readonly status: "queued" | "active" | "done" | "cancelling" | "cancelled" | "error" | (string & {});
  readonly type?: string;
  readonly parameters?: unknown;
  readonly currentStep?: number;
  readonly totalStep?: number;
  readonly lastChangedAt?: number;
  readonly [field: string]: unknown;
}
