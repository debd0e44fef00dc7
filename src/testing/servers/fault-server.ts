import type { IncomingMessage, ServerResponse } from "node:http";
import { listen, type LocalServer } from "./listen.js";

/** One request as the fault server saw it. */
export interface SeenRequest {
  readonly method: string;
  /** The raw request target, exactly as sent (still percent-encoded). */
  readonly url: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
  /** `performance.now()` when the request arrived. */
  readonly at: number;
}

/** How the server answers one request: {@link faults} has the usual ones. */
export type Fault = (response: ServerResponse, request: IncomingMessage) => void;

/** A server of scripted answers, from {@link startFaultServer}. */
export interface FaultServer extends LocalServer {
  /**
   * Registers a case that answers with `faults` in turn, one per request, the last one repeating;
   * returns the case's base URL (for a client's `baseUrl`) and the requests it saw.
   */
  readonly case: (...faults: Fault[]) => { readonly baseUrl: string; readonly seen: readonly SeenRequest[] };
}

/**
 * Starts an HTTP server on 127.0.0.1 whose answers are scripted per case: each case is a URL
 * prefix (`/case-N`) with a queue of faults (429 with `Retry-After`, 5xx, resets, slow or cut
 * bodies …), one per request. Point a client's `baseUrl` at `server.case(...).baseUrl`, then check
 * what the code under test did and what arrived. Node.js only.
 *
 * @example
 * await using server = await startFaultServer();
 * const { baseUrl, seen } = server.case(faults.problem(429, "TooManyRequests", { "retry-after": "1" }), faults.json(200, { name: "Support agent" }));
 */
export async function startFaultServer(): Promise<FaultServer> {
  const cases = new Map<string, { faults: Fault[]; seen: SeenRequest[] }>();
  const { url: base, close } = await listen((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const name = /^\/(case-\d+)/.exec(request.url ?? "")?.[1] ?? "";
      const entry = cases.get(name);
      if (!entry) return void response.writeHead(404).end();
      entry.seen.push({
        method: request.method ?? "",
        url: (request.url ?? "").slice(name.length + 1),
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: performance.now(),
      });
      const fault = entry.faults.length > 1 ? entry.faults.shift()! : entry.faults[0]!;
      // A fault that throws is the test's mistake: answered as one, never a crash of the process.
      try {
        fault(response, request);
      } catch (error) {
        const detail = `startFaultServer: the fault threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
        if (!response.headersSent)
          response
            .writeHead(500, { "content-type": "application/json" })
            .end(JSON.stringify({ status: 500, title: "Fault Failed", detail }));
        else response.destroy();
      }
    });
  });
  let next = 0;
  return {
    url: base,
    case(...faults: Fault[]) {
      if (faults.length === 0) throw new TypeError("startFaultServer: case() needs at least one fault");
      const wrong = faults.findIndex((fault) => typeof fault !== "function");
      if (wrong !== -1)
        throw new TypeError(
          `startFaultServer: case()'s fault #${wrong + 1} must be a function such as faults.json(200, body), got ${JSON.stringify(faults[wrong]) ?? typeof faults[wrong]}`,
        );
      const name = `case-${++next}`;
      const seen: SeenRequest[] = [];
      cases.set(name, { faults, seen });
      return { baseUrl: `${base}/${name}`, seen };
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

// What a fault is made with, checked when it is made: a test's typo fails there, with its name.
function checked(what: string, status: number, headers: Record<string, string> = {}): void {
  if (!Number.isInteger(status) || status < 100 || status > 599)
    throw new TypeError(`faults.${what}: status must be a whole number from 100 to 599, got ${JSON.stringify(status)}`);
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n\0]/.test(String(value)))
      throw new TypeError(
        `faults.${what}: header ${JSON.stringify(name)} cannot be sent (a name must be a token, a value carries no CR, LF or NUL)`,
      );
  }
}

function json(what: string, body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch (error) {
    throw new TypeError(
      `faults.${what}: the body cannot be written as JSON (${(error as Error).message.split("\n")[0]})`,
      { cause: error },
    );
  }
}

const problem = (status: number, title: string, extra: object = {}) => ({
  type: title,
  title: `${title} Error`,
  status,
  detail: `${title} detail`,
  instance: "/v2.0/x",
  code: 1000 + status,
  traceId: `api--trace-${status}`,
  details: {},
  ...extra,
});

/** Scripted answers for {@link startFaultServer}. */
export const faults = {
  /** A JSON body with `status` (and extra headers such as `retry-after`). */
  json: (status: number, body: unknown, headers: Record<string, string> = {}): Fault => {
    checked("json", status, headers);
    const text = json("json", body);
    return (response) => void response.writeHead(status, { "content-type": "application/json", ...headers }).end(text);
  },
  /** A Cognigy-shaped problem body (`title`, `detail`, `code`, `traceId` …) with `status`: `problem(429, "TooManyRequests", { "retry-after": "2" })`. */
  problem: (status: number, title: string, headers: Record<string, string> = {}, extra: object = {}): Fault => {
    checked("problem", status, headers);
    const text = json("problem", problem(status, title, extra));
    return (response) => void response.writeHead(status, { "content-type": "application/json", ...headers }).end(text);
  },
  /** An HTML error page, as a proxy in front of the API sends. */
  html: (status: number, title: string): Fault => {
    checked("html", status);
    return (response) =>
      void response
        .writeHead(status, { "content-type": "text/html" })
        .end(`<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`);
  },
  /** `status` without a body. */
  empty: (status: number): Fault => {
    checked("empty", status);
    return (response) => void response.writeHead(status).end();
  },
  /** Closes the connection before any byte of a response. */
  resetBeforeResponse: (): Fault => (_, request) => void request.socket.destroy(),
  /** Sends the status line and headers and part of the body, then closes the connection. */
  resetAfterHeaders: (): Fault => (response) => {
    response.writeHead(200, { "content-type": "application/json", "content-length": "400" });
    response.write('{"items":[{"name":"cut');
    setTimeout(() => response.socket?.destroy(), 20);
  },
  /** A complete response whose JSON is cut off mid-document. */
  truncatedJson: (): Fault => (response) =>
    void response.writeHead(200, { "content-type": "application/json" }).end('{"items":[{"name":"cut'),
  /** A complete response that is not JSON at all though labelled so. */
  malformedJson: (): Fault => (response) =>
    void response.writeHead(200, { "content-type": "application/json" }).end("{items: [nope]}"),
  /** A redirect to `location` (taken as is: a path, or an absolute URL on another server). */
  redirect: (status: number, location: string): Fault => {
    checked("redirect", status, { location });
    return (response) => void response.writeHead(status, { location }).end();
  },
  /** A problem whose `instance` and `detail` repeat the request target, query and all, as some servers do. */
  echo:
    (status: number): Fault =>
    (response, request) =>
      void response
        .writeHead(status, { "content-type": "application/json", "x-echo": request.url ?? "" })
        .end(JSON.stringify(problem(status, "Echo", { instance: request.url, detail: `no route for ${request.url}` }))),
  /** A 200 JSON body sent in `pieces` parts, `intervalMs` apart: a slow download. */
  slowBody:
    (body: unknown, pieces: number, intervalMs: number): Fault =>
    (response) => {
      const text = Buffer.from(JSON.stringify(body));
      const size = Math.ceil(text.length / Math.max(1, pieces));
      response.writeHead(200, { "content-type": "application/json", "content-length": String(text.length) });
      let offset = 0;
      const timer = setInterval(() => {
        response.write(text.subarray(offset, (offset += size)));
        if (offset < text.length) return;
        clearInterval(timer);
        response.end();
      }, intervalMs);
      response.on("close", () => clearInterval(timer));
    },
  /** Answers with `then` after `ms`. */
  slow:
    (ms: number, then: Fault): Fault =>
    (response, request) => {
      const timer = setTimeout(() => then(response, request), ms);
      response.on("close", () => clearTimeout(timer));
    },
};
