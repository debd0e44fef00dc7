import type { ServerVersionReport } from "../shared/version-report.js";
import { CognigyError } from "./base.js";

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
