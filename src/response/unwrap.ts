import type { CallRequest } from "../errors/api-error.js";
import { apiErrorOf } from "../errors/status-errors.js";

/**
 * Resolves to `data`, or throws the {@link CognigyApiError} subclass for the HTTP error, for code
 * that prefers exceptions for one call (`throwOnError` does it for a whole client).
 *
 * @example
 * const agent = await unwrap(client.GET("/v2.0/aiagents/{aiAgentId}", { params: { path: { aiAgentId } } }));
 */
export async function unwrap<Data>(
  call: Promise<{ data?: Data; error?: unknown; response: Response; request?: CallRequest }>,
): Promise<Data> {
  const result = await call;
  if (result.response.ok) return result.data as Data;
  throw apiErrorOf(result);
}
