import { CognigyError } from "./base.js";

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

  constructor(details: {
    reason: CognigyPaginationError["reason"];
    path: string;
    page: number;
    message: string;
    expected?: number;
    received?: number;
  }) {
    super(
      `paging ${details.path} ${details.page < 0 ? "ended" : `stopped at page ${details.page + 1}`}: ${details.message}`,
    );
    this.reason = details.reason;
    this.path = details.path;
    this.page = details.page;
    this.expected = details.expected;
    this.received = details.received;
  }
}
