import type { FingerprintPart } from "./fingerprint.js";

/** One operation of the client's API that the server's spec lacks or describes differently. */
export interface OperationDrift {
  readonly operationId: string;
  /** Its named method, `namespace.method`. */
  readonly name: string;
  readonly method: string;
  readonly path: string;
  /** This client has called it. */
  readonly called: boolean;
  /** For a changed operation, what differs: its parameters, its request body, its responses. */
  readonly parts: readonly FingerprintPart[];
}

/** What {@link checkServerVersion} found. */
export interface ServerVersionReport {
  /** False when the versions differ or an operation compared is missing or changed on the server. */
  readonly ok: boolean;
  /** The Cognigy.AI version the client's types come from. */
  readonly clientVersion: string;
  /** The server's `info.version`; undefined when its spec gives none. */
  readonly serverVersion: string | undefined;
  /** The spec read (credentials in its query redacted). */
  readonly specUrl: string;
  /** How many operations were compared. */
  readonly compared: number;
  /** Compared operations the server's spec does not have (same method and path). */
  readonly missing: readonly OperationDrift[];
  /** Compared operations whose parameters, body or responses differ on the server. */
  readonly changed: readonly OperationDrift[];
  /** Operations the server has that the client's API lacks (`"GET /path"`): call them with `client.request()`, or regenerate. */
  readonly added: readonly string[];
  /** The report in one line, as the warning says it. */
  readonly message: string;
}
