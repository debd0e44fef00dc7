import { createCognigyClient, type CognigyClientOptions, type RetryEvent } from "../../src/index.js";
import type { Fault, FaultServer } from "../../src/testing/servers/fault-server.js";

/** The route fault tests call, and an id it takes. */
export const AGENT = "/v2.0/aiagents/{aiAgentId}" as const;
export const AGENT_PARAMS = { path: { aiAgentId: "5ce7c2d833ea1e04d7e6c432" } };
/** Backoff shortened to keep the suite fast; Retry-After waits stay as the server asks. */
export const QUICK_RETRY = { initialDelayMs: 5, maxDelayMs: 20 };

/**
 * A client of one scripted case of `server` (its answers `faults`, one per request): quick backoff
 * merged under `options.retry`, every retry noted in `retries`, and `seen` what arrived. `get()`
 * calls the agent route; `post()` a POST route the bundled spec lacks (sent as given).
 */
export function faultClient(server: FaultServer, faults: Fault[], options: Partial<CognigyClientOptions> = {}) {
  const { baseUrl, seen } = server.case(...faults);
  const retries: RetryEvent[] = [];
  const client = createCognigyClient({
    baseUrl,
    apiKey: "fault-key",
    ...options,
    retry: { ...QUICK_RETRY, onRetry: (event) => void retries.push(event), ...options.retry },
  });
  const get = (init: Record<string, unknown> = {}) => client.GET(AGENT, { params: AGENT_PARAMS, ...init });
  const post = (init: Record<string, unknown> = {}) =>
    (client.POST as (path: string, init: object) => Promise<{ error?: unknown; response: Response }>)("/v2.0/flows", {
      body: { name: "flow" },
      ...init,
    });
  return { client, seen, baseUrl, retries, get, post };
}
