import { htmlTitle } from "../shared/html-title.js";
import { printable } from "../shared/printable.js";
import { CognigyError } from "./base.js";

/** Cognigy's error body: RFC 7807 problem details plus its own `code` and `traceId`. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  /** A string or a number in practice. */
  code?: string | number;
  /** Quote this to Cognigy support. */
  traceId?: string;
  details?: unknown;
}

/** What a call says of its own request, beside openapi-fetch's `{ data, error, response }`. */
export interface CallRequest {
  readonly method: string;
  /** The path template, e.g. `/v2.0/aiagents/{aiAgentId}`. */
  readonly path: string;
}

/** What a {@link CognigyApiError} is made from: a failed request and its answer. */
export interface ApiErrorInput {
  readonly method: string;
  /** The redacted request URL. */
  readonly url: string;
  /** The path template (`/v2.0/aiagents/{aiAgentId}`) when known, for a message that groups well. */
  readonly path?: string | undefined;
  readonly status: number;
  readonly statusText?: string;
  readonly headers: Headers;
  /** The body: parsed JSON, or the text when it was not JSON. */
  readonly body: unknown;
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  413: "Payload Too Large",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/**
 * An HTTP error answer from Cognigy, with every RFC 7807 field, Cognigy's `code` and `traceId`,
 * the status, the response headers, the method and the redacted URL. Subclasses name the common
 * meanings; one factory picks the class from the status.
 */
export class CognigyApiError extends CognigyError {
  static {
    this.prototype.name = "CognigyApiError";
  }
  readonly status: number;
  readonly statusText: string;
  readonly method: string;
  readonly url: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly type: string | undefined;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  readonly instance: string | undefined;
  readonly code: string | number | undefined;
  readonly traceId: string | undefined;
  readonly details: unknown;
  /** The whole body as received (parsed JSON or text). */
  readonly body: unknown;

  constructor(input: ApiErrorInput) {
    const problem = asProblem(input.body);
    const statusText = statusTextOf(input.status, input.statusText);
    const path = input.path ?? pathOf(input.url);
    super(describe(input, problem, statusText, path));
    this.status = input.status;
    this.statusText = statusText;
    this.method = input.method;
    this.url = input.url;
    this.path = path;
    this.headers = Object.fromEntries([...input.headers].filter(([key]) => key !== "set-cookie"));
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.instance = problem.instance;
    this.code = problem.code;
    this.traceId = problem.traceId ?? input.headers.get("x-trace-id") ?? undefined;
    this.details = problem.details;
    this.body = input.body;
  }

  /** The fields worth logging, without the body's bulk. */
  toJSON(): Record<string, unknown> {
    const { name, message, status, method, url, type, title, detail, code, traceId } = this;
    return { name, message, status, method, url, type, title, detail, code, traceId };
  }
}

/** The reason phrase for a status: the server's, else the standard one (HTTP/2 sends none). */
export function statusTextOf(status: number, statusText: string | undefined): string {
  return statusText || STATUS_TEXT[status] || "";
}

function asProblem(body: unknown): ProblemDetails {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return {};
  const record = body as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === "string" ? record[key] : undefined);
  const code = record["code"];
  return {
    ...(text("type") !== undefined && { type: text("type") }),
    ...(text("title") !== undefined && { title: text("title") }),
    ...(text("detail") !== undefined && { detail: text("detail") }),
    ...(text("instance") !== undefined && { instance: text("instance") }),
    ...(text("traceId") !== undefined && { traceId: text("traceId") }),
    ...((typeof code === "string" || typeof code === "number") && { code }),
    ...(record["details"] !== undefined && { details: record["details"] }),
  } as ProblemDetails;
}

// `GET /v2.0/aiagents/{aiAgentId} → 404 Not Found: AI Agent not found (traceId api--…)`
function describe(input: ApiErrorInput, problem: ProblemDetails, statusText: string, path: string): string {
  // Server text, escaped: a message reaches terminals and logs.
  const explanation = printable(problem.detail || problem.title || excerptOf(input.body));
  const trace = problem.traceId ? ` (traceId ${printable(problem.traceId)})` : "";
  return `${input.method} ${path} → ${input.status}${statusText ? ` ${printable(statusText)}` : ""}${explanation ? `: ${explanation}` : ""}${trace}`;
}

function excerptOf(body: unknown): string {
  if (typeof body !== "string" || body.trim() === "") return "";
  const title = htmlTitle(body);
  if (title) return `HTML page "${title}"`;
  const text = body.trim().replace(/\s+/g, " ");
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function pathOf(url: string): string {
  return URL.canParse(url) ? new URL(url).pathname : url;
}
