import type { AnyRoute } from "../client/types.js";
import { CognigyConfigError } from "../errors/config-error.js";
import type { Fetch } from "../shared/fetch.js";
import type { BundledApi, CognigyApi, RoutesOf } from "../spec.js";

type BundledRoutes = RoutesOf<BundledApi>;
/** A route as a handler is keyed: `"GET /v2.0/aiagents/{aiAgentId}"` (of the bundled spec, or of the route table `R`). */
export type RouteKey<R = BundledRoutes> = {
  [M in keyof R & string]: `${Uppercase<M>} ${keyof R[M] & string}`;
}[keyof R & string];
type RouteOf<K, R> = K extends `${infer M} ${infer P}`
  ? Lowercase<M> extends keyof R
    ? P extends keyof R[Lowercase<M>]
      ? R[Lowercase<M>][P]
      : never
    : never
  : never;

// A route's path parameters by name, as strings.
type PathParams<R> = R extends { init: { params?: { path?: infer P } } }
  ? [NonNullable<P>] extends [never]
    ? Readonly<Record<string, string>>
    : { readonly [K in keyof NonNullable<P>]-?: string }
  : Readonly<Record<string, string>>;

/** What a handler is told of the request. */
export interface MockRequest<R = unknown> {
  /** The path parameters by name, decoded. */
  readonly params: PathParams<R>;
  readonly query: URLSearchParams;
  readonly headers: Headers;
  /** The body parsed as JSON, or its text when it is not JSON; undefined without one. */
  readonly body: unknown;
  readonly request: Request;
}

type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 206;
type ErrorStatus = 400 | 401 | 402 | 403 | 404 | 405 | 408 | 409 | 413 | 422 | 429 | 500 | 501 | 502 | 503 | 504;
/**
 * What a handler answers: a success body of the route's type (status 200 unless given), an error
 * body of its error type with an error status, or any `Response` for anything else (XML, CSV, a
 * broken body). The types check each body against the spec.
 */
export type MockAnswer<R extends AnyRoute> =
  | { status?: SuccessStatus; body: R["data"]; headers?: Record<string, string> }
  | { status: ErrorStatus; body?: R["error"]; headers?: Record<string, string> }
  | Response;

/** Handlers by route; a route without one answers 501 with a problem that names it. */
export type RouteHandlers<Routes = BundledRoutes> = {
  [K in RouteKey<Routes>]?: RouteOf<K, Routes> extends infer R extends AnyRoute
    ? (request: MockRequest<R>) => MockAnswer<R> | Promise<MockAnswer<R>>
    : never;
};

/** A `fetch` for `createCognigyClient({ fetch })` that answers from handlers; `calls` records each request. */
export type MockFetch = Fetch & {
  readonly calls: ReadonlyArray<{ readonly method: string; readonly route: string | undefined; readonly url: string }>;
};

/**
 * A `fetch` that answers a client's requests from typed handlers, one per route, in any runtime
 * (Node, Deno, Bun, browsers): no server, no network. Each handler's body is checked against the
 * spec's type for its route; requests go through the whole client (credential, validation,
 * retries, parsing, errors) as they would to Cognigy.
 *
 * @example
 * const fetch = mockFetch({
 *   "GET /v2.0/aiagents/{aiAgentId}": ({ params }) => ({ body: { _id: params.aiAgentId, name: "Support agent" } }),
 * });
 * const client = createCognigyClient({ baseUrl: "https://api.example.net/new", apiKey: "test", fetch });
 *
 * For a client of your own version's module, name it: `mockFetch<typeof api>({ … })`.
 */
export function mockFetch<Api extends CognigyApi<unknown, unknown> = BundledApi>(
  handlers: RouteHandlers<RoutesOf<Api>>,
): MockFetch {
  if (typeof handlers !== "object" || handlers === null || Array.isArray(handlers)) {
    throw new CognigyConfigError(
      "handlers",
      'must be an object of handlers by route, e.g. { "GET /v2.0/aiagents/{aiAgentId}": () => ({ body: … }) }',
    );
  }
  const routes = Object.entries(handlers as Record<string, (request: MockRequest) => unknown>).map(([key, handler]) => {
    if (!/^(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE) \/\S*$/.test(key)) {
      throw new CognigyConfigError(
        `handlers[${JSON.stringify(key)}]`,
        'must be keyed by an upper-case method, one space and a path template, e.g. "GET /v2.0/aiagents/{aiAgentId}"',
      );
    }
    if (typeof handler !== "function")
      throw new CognigyConfigError(
        `handlers[${JSON.stringify(key)}]`,
        `must be a function answering the request, got ${handler === null ? "null" : typeof handler}`,
      );
    const [method = "", template = ""] = key.split(" ");
    const names: string[] = [];
    // The template's segments at the end of the request path, whatever base path (`/new`) precedes them.
    const pattern = template
      .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
      .replace(/\{([^}]+)\}/g, (_, name: string) => (names.push(name), "([^/]+)"));
    return { key, method, names, handler, regex: new RegExp(`${pattern}$`) };
  });
  const calls: Array<{ method: string; route: string | undefined; url: string }> = [];
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const route = routes.find((candidate) => candidate.method === request.method && candidate.regex.test(url.pathname));
    calls.push({ method: request.method, route: route?.key, url: request.url });
    if (!route)
      return Response.json(
        {
          status: 501,
          title: "Not Implemented",
          detail: `mockFetch: no handler for ${request.method} ${url.pathname}`,
        },
        { status: 501 },
      );
    const values = route.regex.exec(url.pathname)!.slice(1);
    const params = Object.fromEntries(route.names.map((name, index) => [name, decodeURIComponent(values[index]!)]));
    const text = request.body === null ? undefined : await request.text();
    let body: unknown = text;
    try {
      body = text === undefined || text === "" ? undefined : JSON.parse(text);
    } catch {
      // Not JSON: the handler gets the text.
    }
    // A handler's own failure is the test's mistake, not the network's: a typed error, never retried.
    const broken = (what: string, cause?: unknown) =>
      new CognigyConfigError(
        `handlers[${JSON.stringify(route.key)}]`,
        what,
        cause === undefined ? undefined : { cause },
      );
    let answer: MockAnswer<AnyRoute>;
    try {
      answer = (await route.handler({
        params,
        query: url.searchParams,
        headers: request.headers,
        body,
        request,
      })) as MockAnswer<AnyRoute>;
    } catch (error) {
      throw broken(
        `threw ${error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : String(error)}`,
        error,
      );
    }
    if (answer instanceof Response) return answer;
    if (typeof answer !== "object" || answer === null)
      throw broken(
        `returned ${answer === null ? "null" : typeof answer}; answer { body }, { status, body } or a Response`,
      );
    const status = answer.status ?? 200;
    const headers = { "content-type": "application/json", ...answer.headers };
    return new Response(answer.body === undefined || status === 204 ? null : JSON.stringify(answer.body), {
      status,
      headers,
    });
  };
  return Object.assign(fetch, { calls });
}
