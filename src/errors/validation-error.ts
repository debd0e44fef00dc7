import { CognigyError } from "./base.js";

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
    super(
      `${method} ${path} was not sent: ${issues.map((issue) => `${issue.in} ${issue.name} ${issue.message}`).join("; ")}`,
    );
    this.method = method;
    this.path = path;
    this.issues = issues;
  }
}
