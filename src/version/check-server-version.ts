import { settingsOf } from "../client/create-client.js";
import type { AnyCognigyClient, CognigyClient } from "../client/types.js";
import { CognigyConfigError, CognigyVersionMismatchError } from "../errors/errors.js";
import { CognigyUnexpectedResponseError } from "../errors/request-errors.js";
import { findBoundsProblem } from "../shared/document-bounds.js";
import { changedParts, FINGERPRINT_FORMAT, fingerprintOperation, type FingerprintPart } from "../shared/fingerprint.js";
import { printable } from "../shared/printable.js";
import { log } from "../shared/logger.js";
import { redactUrl } from "../shared/redact.js";
import type { OperationInfo } from "../spec.js";

/** Where every Cognigy.AI installation serves its spec, below its API host. */
export const SERVER_SPEC_PATH = "/openapi/openapi-viewer.json";

/** Options for {@link checkServerVersion}. */
export interface CheckServerVersionOptions {
  /** The server's spec; default `/openapi/openapi-viewer.json` on the client's API host. */
  specUrl?: string | undefined;
  /**
   * The operations to compare: `"all"` of the client's API (default), `"called"` (those this client
   * has called so far), or a list of operationIds, names (`"aiAgents.get"`) or named methods
   * (`client.aiAgents.get`).
   */
  operations?: "all" | "called" | ReadonlyArray<string | { readonly operation: string }> | undefined;
  /** Throw a {@link CognigyVersionMismatchError} (carrying the report) on a mismatch instead of resolving. */
  throwOnMismatch?: boolean | undefined;
  /** Told the report on a mismatch, besides the client's logger (`warn`). */
  onMismatch?: ((report: ServerVersionReport) => void) | undefined;
  signal?: AbortSignal | undefined;
  /** Milliseconds one attempt of fetching the server's spec (about 8 MB for Cognigy.AI) may take. Default: the client's `timeout`. */
  timeout?: number | undefined;
}

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

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** The implementation of checkServerVersion() (see src/server-version.ts, which loads it on first use). */
export async function checkServerVersion(client: AnyCognigyClient, options: CheckServerVersionOptions = {}): Promise<ServerVersionReport> {
  const settings = settingsOf(client);
  const { specUrl, throwOnMismatch = false, onMismatch, signal, timeout } = options ?? {};
  if (onMismatch !== undefined && typeof onMismatch !== "function") throw new CognigyConfigError("onMismatch", "must be a function");
  const { catalog } = settings;
  const table = await catalog.operations();
  const scope = selectOperations(table, options.operations, settings.called);
  const url = specUrlOf(settings.baseUrl, specUrl);
  const { spec, response } = await fetchSpec(client, settings.baseUrl, url, signal, timeout);

  const ours = await catalog.fingerprints();
  const paths = isObject(spec["paths"]) ? spec["paths"] : {};
  const missing: OperationDrift[] = [];
  const changed: OperationDrift[] = [];
  for (const [operationId, operation] of scope) {
    const drift = { operationId, name: operation.name, method: operation.method.toUpperCase(), path: operation.path, called: settings.called.has(operation) };
    const pathItem = paths[operation.path];
    const theirs = isObject(pathItem) ? pathItem[operation.method] : undefined;
    if (!isObject(theirs)) {
      missing.push({ ...drift, parts: [] });
      continue;
    }
    const expected = ours[operationId];
    if (expected === undefined) continue;
    if (!expected.startsWith(FINGERPRINT_FORMAT)) {
      throw new CognigyConfigError("api", "was generated by an older cognigy-openapi-client, whose fingerprints this version cannot compare: run `npx cognigy-openapi-client generate` again");
    }
    const parts = changedParts(expected, fingerprintOf(spec, pathItem, theirs, url, response));
    if (parts.length > 0) changed.push({ ...drift, parts });
  }
  const known = new Set(Object.values(table).map((operation) => `${operation.method.toUpperCase()} ${operation.path}`));
  // Server text, escaped: it reaches terminals and logs (report.message, the warning).
  const added = Object.entries(paths).flatMap(([path, item]) => (isObject(item) ? METHODS.filter((method) => isObject(item[method])).map((method) => `${method.toUpperCase()} ${path}`) : [])).filter((route) => !known.has(route)).map(printable);

  const info = isObject(spec["info"]) ? spec["info"] : {};
  const serverVersion = typeof info["version"] === "string" ? printable(info["version"]) : undefined;
  const ok = serverVersion === catalog.version && missing.length === 0 && changed.length === 0;
  const base = { ok, clientVersion: catalog.version, serverVersion, specUrl: redactUrl(url.href), compared: scope.length, missing, changed, added };
  const report: ServerVersionReport = { ...base, message: describe(base) };
  if (!ok) {
    log(settings.logger, "warn", { clientVersion: report.clientVersion, serverVersion: report.serverVersion ?? "unknown", missing: missing.length, changed: changed.length, added: added.length }, report.message);
    onMismatch?.(report);
    if (throwOnMismatch) throw new CognigyVersionMismatchError(report);
  }
  return report;
}

// The operations to compare, as [operationId, operation].
function selectOperations(table: Readonly<Record<string, OperationInfo>>, wanted: CheckServerVersionOptions["operations"], called: ReadonlySet<OperationInfo>): Array<[string, OperationInfo]> {
  const all = Object.entries(table);
  if (wanted === undefined || wanted === "all") return all;
  if (wanted === "called") return all.filter(([, operation]) => called.has(operation));
  if (!Array.isArray(wanted)) throw new CognigyConfigError("operations", `must be "all", "called" or a list of operationIds, names or named methods`);
  const byName = new Map(all.map(([id, operation]) => [operation.name, [id, operation] as [string, OperationInfo]]));
  return wanted.map((item) => {
    const key: unknown = typeof item === "string" ? item : typeof item === "function" || (typeof item === "object" && item !== null) ? (item as { operation?: unknown }).operation : undefined;
    const found = typeof key === "string" ? (Object.hasOwn(table, key) ? ([key, table[key]!] as [string, OperationInfo]) : byName.get(key)) : undefined;
    if (!found) throw new CognigyConfigError("operations", `${JSON.stringify(key ?? item)} is no operationId or name of the client's API`);
    return found;
  });
}

function specUrlOf(baseUrl: string, specUrl: string | undefined): URL {
  if (specUrl === undefined) return new URL(SERVER_SPEC_PATH, baseUrl);
  try {
    return new URL(specUrl, baseUrl);
  } catch {
    throw new CognigyConfigError("specUrl", "must be a URL");
  }
}

// Through the client: its retries, timeout, pace and logger; its credential only on its own host.
async function fetchSpec(client: AnyCognigyClient, baseUrl: string, url: URL, signal: AbortSignal | undefined, timeout: number | undefined): Promise<{ spec: Record<string, unknown>; response: Response }> {
  const own = url.origin === new URL(baseUrl).origin;
  const { data, response } = (await (client as CognigyClient).request("GET", url.pathname, {
    baseUrl: url.origin,
    ...(own ? {} : { auth: "none" }),
    params: { query: Object.fromEntries(url.searchParams) },
    querySerializer: () => url.search.slice(1),
    throwOnError: true,
    validate: false,
    signal,
    timeout,
  } as never)) as { data?: unknown; response: Response };
  if (!isObject(data) || typeof data["openapi"] !== "string" || !isObject(data["paths"])) {
    // What it is, not what it says: a body the client did not check for echoed credentials.
    const body = isObject(data) ? `an object with ${Object.keys(data).slice(0, 10).map((key) => JSON.stringify(key)).join(", ") || "no keys"}` : `a ${data === null ? "null" : Array.isArray(data) ? "list" : typeof data}`;
    throw specRefused(url, response, "the server's spec is not an OpenAPI document", body);
  }
  // Its $refs are followed only inside the document; one that points at a file or URL is refused.
  const problem = findBoundsProblem(data);
  if (problem) throw specRefused(url, response, `the server's spec is refused at ${printable(problem.pointer)}: ${printable(problem.message)}`);
  return { spec: data, response };
}

// An operation's fingerprint in the server's spec; one too large to compare is the server's fault.
function fingerprintOf(spec: Record<string, unknown>, pathItem: unknown, operation: unknown, url: URL, response: Response): string {
  try {
    return fingerprintOperation(spec, pathItem, operation);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw specRefused(url, response, `the server's spec is too large to compare: ${error.message}`, "", error);
  }
}

function specRefused(url: URL, response: Response, reason: string, body = "", cause?: unknown): CognigyUnexpectedResponseError {
  const context = { method: "GET", url: redactUrl(url.href), status: response.status, contentType: response.headers.get("content-type") ?? "", body, reason };
  return new CognigyUnexpectedResponseError(context, cause === undefined ? undefined : { cause });
}

function describe(report: Omit<ServerVersionReport, "message">): string {
  const { clientVersion, serverVersion, missing, changed, added } = report;
  const versions = serverVersion === clientVersion ? `the server runs Cognigy.AI ${clientVersion}, as this client's types` : `the server runs Cognigy.AI ${serverVersion ?? "(no version given)"}, this client's types are from ${clientVersion}`;
  const list = (drifts: readonly OperationDrift[], withParts: boolean) =>
    drifts
      .slice(0, 5)
      .map((drift) => `${drift.name}${withParts ? ` (${drift.parts.join(", ")})` : ""}`)
      .join(", ") + (drifts.length > 5 ? ` and ${drifts.length - 5} more` : "");
  const group = (drifts: readonly OperationDrift[], what: string, withParts: boolean) => {
    const called = drifts.filter((drift) => drift.called);
    const others = drifts.filter((drift) => !drift.called);
    return [
      ...(called.length > 0 ? [`${count(called.length, "operation")} you called ${what}: ${list(called, withParts)}`] : []),
      ...(others.length > 0 ? [`${count(others.length, called.length > 0 ? "other operation" : "operation")} ${what}: ${list(others, withParts)}`] : []),
    ];
  };
  const findings = [...group(missing, "missing on the server", false), ...group(changed, "changed", true)];
  if (added.length > 0) findings.push(`${count(added.length, "operation")} new on the server`);
  const advice = report.ok ? "" : "; regenerate your types with `npx cognigy-openapi-client generate`";
  return `${versions}${findings.length > 0 ? `; ${findings.join("; ")}` : "; the operations compared match"}${advice}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
