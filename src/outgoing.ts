import type { CognigyAuth, CognigyOutgoingRequest } from "./auth/types.js";

/** The `fetch` a client was given: it takes a `Request`. */
export type CustomFetch = (request: Request) => Promise<Response>;

/**
 * What openapi-fetch builds in place of a `Request` (its `Request` option) when no middleware will
 * look at it: the URL and the init it was given, sent later as `fetch(url, init)`. A call then
 * constructs one Request, inside fetch, instead of openapi-fetch's plus fetch's copy of it; on
 * Node, each one costs an AbortSignal and header copies, a large share of a fast request.
 */
export class PreparedRequest implements CognigyOutgoingRequest {
  url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly init: RequestInit & { headers: Headers };

  constructor(url: string, init: RequestInit) {
    this.url = url;
    this.method = init.method ?? "GET";
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.init = { ...init, headers: this.headers };
  }
}

/**
 * Authorizes a request built by openapi-fetch and sends it: a PreparedRequest as `fetch(url, init)`,
 * a real Request (middleware is registered, or the caller chose a `Request` class) as itself.
 * `record` receives the request as authorized, for a 401 renewal and for messages.
 */
export async function authorizeAndSend(
  request: Request | PreparedRequest,
  auth: CognigyAuth | undefined,
  customFetch: CustomFetch | undefined,
  record: (sent: CognigyOutgoingRequest) => void,
): Promise<Response> {
  const prepared = request instanceof PreparedRequest;
  const outgoing: CognigyOutgoingRequest = prepared ? request : { method: request.method, url: request.url, headers: request.headers };
  if (auth) await auth.authorize(outgoing);
  record(outgoing);
  if (prepared) return customFetch ? customFetch(new Request(outgoing.url, request.init)) : globalThis.fetch(outgoing.url, request.init);
  // A strategy that moved the credential into the URL needs a new Request; headers were set in place.
  const final = outgoing.url === request.url ? request : new Request(outgoing.url, request);
  return customFetch ? customFetch(final) : globalThis.fetch(final);
}
