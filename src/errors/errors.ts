import type { ServerVersionReport } from "../version/check-server-version.js";
import { CognigyError } from "./base.js";

/**
 * The client was configured wrongly: a missing or malformed API key, base URL or environment.
 * Thrown by {@link createCognigyClient} and the auth factories before any request is sent.
 * The message names the option; it never contains a credential.
 */
export class CognigyConfigError extends CognigyError {
  static {
    this.prototype.name = "CognigyConfigError";
  }

  /** The option at fault, e.g. `"baseUrl"` or `"apiKey"`. */
  readonly option: string;

  constructor(option: string, message: string, options?: { cause?: unknown }) {
    super(`${option}: ${message}`, options);
    this.option = option;
  }
}

/**
 * A credential could not be obtained: a token getter threw or returned nothing usable, or the
 * OAuth2 token endpoint refused (a revoked refresh token, a wrong client secret) or answered
 * something that is not a token. For OAuth2 failures `error` and `status` say what the endpoint said.
 */
export class CognigyCredentialError extends CognigyError {
  static {
    this.prototype.name = "CognigyCredentialError";
  }
  /** The auth scheme, e.g. `"oauth2"`. */
  readonly scheme: string;
  /** The OAuth2 error code (`invalid_grant`, `invalid_client` …), when the endpoint gave one. */
  readonly error: string | undefined;
  /** The token endpoint's HTTP status, when it answered. */
  readonly status: number | undefined;

  constructor(scheme: string, message: string, options?: { cause?: unknown; error?: string | undefined; status?: number | undefined }) {
    super(`${scheme}: ${message}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.scheme = scheme;
    this.error = options?.error;
    this.status = options?.status;
  }
}

/** One reason a request was refused before it was sent. */
export interface ValidationIssue {
  /** Where the value was: a parameter location, or `"body"`. */
  readonly in: "path" | "query" | "header" | "body";
  readonly name: string;
  readonly message: string;
}

/**
 * A request broke the spec's constraints (an id that is not 24 lower-case letters and digits, a
 * `limit` over 100, a value outside an enum, a path id such as `..`, a body on a GET) and was not
 * sent. `issues` lists every problem found.
 */
export class CognigyValidationError extends CognigyError {
  static {
    this.prototype.name = "CognigyValidationError";
  }
  readonly method: string;
  /** The path template, e.g. `/v2.0/aiagents/{aiAgentId}`. */
  readonly path: string;
  readonly issues: readonly ValidationIssue[];

  constructor(method: string, path: string, issues: readonly ValidationIssue[]) {
    super(`${method} ${path} was not sent: ${issues.map((issue) => `${issue.in} ${issue.name} ${issue.message}`).join("; ")}`);
    this.method = method;
    this.path = path;
    this.issues = issues;
  }
}

/**
 * Paging cannot go on safely: the server led back to a cursor or offset it had sent before, sent
 * the same page twice, or empty page after empty page (each would loop forever), answered
 * something that is not a list, or the items received disagree with the `total` it announced
 * (items were skipped or duplicated).
 */
export class CognigyPaginationError extends CognigyError {
  static {
    this.prototype.name = "CognigyPaginationError";
  }
  readonly reason: "repeated-cursor" | "repeated-page" | "empty-pages" | "total-mismatch" | "not-a-list";
  /** The path template being paged. */
  readonly path: string;
  /** The 0-based page at which it was noticed; -1 when noticed at the end. */
  readonly page: number;
  /** For `total-mismatch`: what `total` announced and what arrived. */
  readonly expected: number | undefined;
  readonly received: number | undefined;

  constructor(details: { reason: CognigyPaginationError["reason"]; path: string; page: number; message: string; expected?: number; received?: number }) {
    super(`paging ${details.path} ${details.page < 0 ? "ended" : `stopped at page ${details.page + 1}`}: ${details.message}`);
    this.reason = details.reason;
    this.path = details.path;
    this.page = details.page;
    this.expected = details.expected;
    this.received = details.received;
  }
}

/**
 * A feature needs a package that is an optional dependency of this library, and it is not
 * installed. `packages` names what to install (with versions that run on Node.js 20); the message
 * says the same: `npm install --save-dev <packages>`.
 */
export class CognigyMissingDependencyError extends CognigyError {
  static {
    this.prototype.name = "CognigyMissingDependencyError";
  }
  /** What needs them, e.g. `"startPrismMock()"`. */
  readonly feature: string;
  /** The packages to install, as `name@version`. */
  readonly packages: readonly string[];

  constructor(feature: string, packages: readonly string[], options?: { cause?: unknown }) {
    super(`${feature} needs ${packages.map((name) => name.replace(/(?<=.)@[^@]*$/, "")).join(", ")}, optional dependencies that are not installed: npm install --save-dev ${packages.join(" ")}`, options);
    this.feature = feature;
    this.packages = packages;
  }
}

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

  constructor(details: { reason: CognigyTaskError["reason"]; taskId: string; task: CognigyTask | undefined; cancelRequested?: boolean; message: string }, options?: { cause?: unknown }) {
    super(`task ${details.taskId}${details.task?.type ? ` (${details.task.type})` : ""} ${details.message}`, options);
    this.reason = details.reason;
    this.taskId = details.taskId;
    this.task = details.task;
    this.cancelRequested = details.cancelRequested ?? false;
  }
}

/**
 * The server's spec does not match the API a client is typed from, thrown by
 * `checkServerVersion(client, { throwOnMismatch: true })`; `report` says what differs.
 */
export class CognigyVersionMismatchError extends CognigyError {
  static {
    this.prototype.name = "CognigyVersionMismatchError";
  }
  readonly report: ServerVersionReport;

  constructor(report: ServerVersionReport) {
    super(report.message);
    this.report = report;
  }
}
