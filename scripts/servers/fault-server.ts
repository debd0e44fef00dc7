import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { listen } from "./listen.js";

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

/** How the server answers one request. */
export type Fault = (response: ServerResponse, request: IncomingMessage) => void;

/**
 * An HTTP server on 127.0.0.1 whose answers are scripted per case: each case is a URL prefix
 * (`/case-N`) with a queue of faults, one per request (the last repeats). Tests point a client's
 * baseUrl at `server.case(...)` and count what arrived.
 */
export async function startFaultServer() {
  const cases = new Map<string, { faults: Fault[]; seen: SeenRequest[] }>();
  const sockets = new Set<Socket>();
  const { url: base, server, close } = await listen((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const name = /^\/(case-\d+)/.exec(request.url ?? "")?.[1] ?? "";
      const entry = cases.get(name);
      if (!entry) return void response.writeHead(404).end();
      entry.seen.push({ method: request.method ?? "", url: (request.url ?? "").slice(name.length + 1), headers: request.headers, body: Buffer.concat(chunks).toString("utf8"), at: performance.now() });
      const fault = entry.faults.length > 1 ? entry.faults.shift()! : entry.faults[0]!;
      fault(response, request);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  let next = 0;
  return {
    /** Registers a case answering with `faults` in turn; returns its base URL and what it saw. */
    case(...faults: Fault[]) {
      const name = `case-${++next}`;
      const seen: SeenRequest[] = [];
      cases.set(name, { faults, seen });
      return { baseUrl: `${base}/${name}`, seen };
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return close();
    },
  };
}

const problem = (status: number, title: string, extra: object = {}) =>
  JSON.stringify({ type: title, title: `${title} Error`, status, detail: `${title} detail`, instance: "/v2.0/x", code: 1000 + status, traceId: `api--trace-${status}`, details: {}, ...extra });

/** Scripted answers. */
export const faults = {
  json: (status: number, body: unknown, headers: Record<string, string> = {}): Fault => (response) =>
    void response.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body)),
  problem: (status: number, title: string, headers: Record<string, string> = {}, extra: object = {}): Fault => (response) =>
    void response.writeHead(status, { "content-type": "application/json", ...headers }).end(problem(status, title, extra)),
  html: (status: number, title: string): Fault => (response) =>
    void response.writeHead(status, { "content-type": "text/html" }).end(`<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`),
  empty: (status: number): Fault => (response) => void response.writeHead(status).end(),
  /** Closes the connection before any byte of a response. */
  resetBeforeResponse: (): Fault => (_, request) => void request.socket.destroy(),
  /** Sends the status line and headers and part of the body, then closes the connection. */
  resetAfterHeaders: (): Fault => (response) => {
    response.writeHead(200, { "content-type": "application/json", "content-length": "400" });
    response.write('{"items":[{"name":"cut');
    setTimeout(() => response.socket?.destroy(), 20);
  },
  /** A complete response whose JSON is cut off mid-document. */
  truncatedJson: (): Fault => (response) => void response.writeHead(200, { "content-type": "application/json" }).end('{"items":[{"name":"cut'),
  /** A complete response that is not JSON at all though labelled so. */
  malformedJson: (): Fault => (response) => void response.writeHead(200, { "content-type": "application/json" }).end("{items: [nope]}"),
  /** A redirect to `location` (taken as is: a path, or an absolute URL on another server). */
  redirect: (status: number, location: string): Fault => (response) => void response.writeHead(status, { location }).end(),
  /** A problem whose `instance` and `detail` repeat the request target, query and all, as some servers do. */
  echo: (status: number): Fault => (response, request) =>
    void response.writeHead(status, { "content-type": "application/json", "x-echo": request.url ?? "" }).end(problem(status, "Echo", { instance: request.url, detail: `no route for ${request.url}` })),
  /** Answers after `ms`. */
  slow: (ms: number, then: Fault): Fault => (response, request) => {
    const timer = setTimeout(() => then(response, request), ms);
    response.on("close", () => clearTimeout(timer));
  },
};
