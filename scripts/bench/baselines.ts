/** What the request measurements fetch and how, shared so each bench child measures the same baseline. */

/** The AI Agent every request reads. */
export const AGENT_ID = "5ce7c2d833ea1e04d7e6c432";
/** The headers a raw request sends: what the client sends for the same call. */
export const HEADERS = { Accept: "application/json", "X-API-Key": "bench-key" };

/**
 * Raw `fetch` of the AI Agent, bounded by a timeout as the client bounds each attempt (an
 * AbortController and a timer): what the timeout alone costs, since undici does more work for a
 * request with a signal. Uses the global `fetch` as it is at the call.
 */
export async function fetchWithTimeout(baseUrl: string): Promise<unknown> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), 60_000);
  try {
    return await (await fetch(`${baseUrl}/v2.0/aiagents/${AGENT_ID}`, { headers: HEADERS, signal: timeout.signal })).json();
  } finally {
    clearTimeout(timer);
  }
}
