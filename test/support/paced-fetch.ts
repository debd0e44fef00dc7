import { createCognigyClient, type CognigyClientOptions } from "../../src/index.js";
import { mockFetch } from "../../src/testing/index.js";

/** What the paced `fetch` saw of one request. */
export interface Arrival {
  readonly index: number;
  /** `Date.now()` when it arrived (the fake clock's, under one). */
  readonly at: number;
  /** Requests in flight with it, itself included. */
  readonly inFlight: number;
  /** Its `tag` query parameter. */
  readonly tag: string | undefined;
}

/**
 * An in-process Cognigy for `GET /v2.0/aiagents/{aiAgentId}` that answers request n with
 * `answer(n)` after `latencyMs` (on whatever clock `setTimeout` is), counting the requests in flight.
 */
export function pacedFetch(answer: (index: number) => Response = () => ok(), latencyMs = 20) {
  const arrivals: Arrival[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetch = mockFetch({
    "GET /v2.0/aiagents/{aiAgentId}": async ({ query }) => {
      const index = arrivals.length;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      arrivals.push({ index, at: Date.now(), inFlight, tag: query.get("tag") ?? undefined });
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      inFlight--;
      return answer(index);
    },
  });
  return { fetch, arrivals, maxInFlight: () => maxInFlight, resetMax: () => void (maxInFlight = inFlight) };
}

export const ok = () => Response.json({ _id: "5ce7c2d833ea1e04d7e6c432", name: "agent" });
export const refuse = (status: number, headers: Record<string, string> = {}) =>
  Response.json({ status, title: status === 429 ? "Too Many Requests" : "Service Unavailable" }, { status, headers });

/**
 * A client for pace tests, quick backoff, with `get(tag)`: one GET of the agent route carrying `tag`
 * in its query (so a test sees which call arrived when), unvalidated.
 */
export function pacedClient(options: Partial<CognigyClientOptions> & { baseUrl: string }) {
  const client = createCognigyClient({ apiKey: "pace-key", retry: { initialDelayMs: 5, maxDelayMs: 20 }, ...options });
  const get = (tag: string | number = "", init: Record<string, unknown> = {}) =>
    client.request("GET", "/v2.0/aiagents/{aiAgentId}", {
      params: { path: { aiAgentId: "5ce7c2d833ea1e04d7e6c432" }, query: { tag: String(tag) } },
      validate: false,
      ...init,
    } as never) as Promise<{ data?: unknown; error?: unknown; response: Response }>;
  return { client, get };
}
