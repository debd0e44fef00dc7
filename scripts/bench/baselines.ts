/** What the request measurements send and how, shared so each bench child measures the same baselines. */
import createClient from "openapi-fetch";
import type { paths } from "../../src/spec.js";

/** The AI Agent every request reads. */
export const AGENT_ID = "5ce7c2d833ea1e04d7e6c432";
/** The headers a raw request sends: what the client sends for the same call. */
export const HEADERS = { Accept: "application/json", "X-API-Key": "bench-key" };

/** Bare openapi-fetch on `baseUrl`, sending the client's headers: the baseline the client is held to. */
export function bareClient(baseUrl: string) {
  const client = createClient<paths, "application/json">({ baseUrl, headers: HEADERS });
  const params = { path: { aiAgentId: AGENT_ID } };
  return {
    /** One GET of the AI Agent. */
    get: () => client.GET("/v2.0/aiagents/{aiAgentId}", { params }),
    /**
     * The same GET bounded by a timeout as the client bounds each attempt (an AbortController and a
     * timer): what a timeout alone costs, since undici does far more work for a request with a signal.
     */
    getWithTimeout: async () => {
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), 60_000);
      try {
        return await client.GET("/v2.0/aiagents/{aiAgentId}", { params, signal: timeout.signal });
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
