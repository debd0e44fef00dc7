import { createApiError } from "./api-error.js";
import { redactUrl } from "./redact.js";

/**
 * Resolves to `data`, or throws the {@link CognigyApiError} subclass for the HTTP error, for code
 * that prefers exceptions for one call (`throwOnError` does it for a whole client).
 *
 * @example
 * const agent = await unwrap(client.GET("/v2.0/aiagents/{aiAgentId}", { params: { path: { aiAgentId } } }));
 */
export async function unwrap<Data>(call: Promise<{ data?: Data; error?: unknown; response: Response }>): Promise<Data> {
  const { data, error, response } = await call;
  if (response.ok) return data as Data;
  throw createApiError({
    method: methodOf(response),
    url: redactUrl(response.url),
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
    body: error,
  });
}

// The response does not know its request's method; the client records it (see client.ts).
function methodOf(response: Response): string {
  return (response as Response & { [REQUEST_METHOD]?: string })[REQUEST_METHOD] ?? "HTTP";
}

/** Where the client notes the method on each response, for {@link unwrap}'s message. */
export const REQUEST_METHOD = Symbol.for("cognigy-openapi-client.method");
