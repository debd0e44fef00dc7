import { CognigyConfigError } from "../errors/config-error.js";
import { checkCredential } from "./credential.js";
import { redactedView, type CognigyAuth, type CognigyOutgoingRequest } from "./types.js";

/** The header Cognigy reads an API key from (security scheme `APIKeyHeader`). */
export const API_KEY_HEADER = "X-API-Key";
/** The query parameter Cognigy also reads an API key from (security scheme `APIKeyQueryParam`). */
export const API_KEY_QUERY = "api_key";

/**
 * Authenticates with a Cognigy API key (*My Profile → API Keys* in Cognigy.AI), sent in the
 * `X-API-Key` header.
 *
 * `{ in: "query" }` sends it as `?api_key=` instead, for the rare proxy that strips headers. Avoid
 * it: URLs end up in server, proxy and browser logs and in `Referer` headers, so the key leaks.
 * This library redacts it from its own errors and logs, but cannot reach those.
 *
 * @throws CognigyConfigError when the key is missing, empty, or contains whitespace or control
 *   characters (a header cannot carry them; the message never repeats the key).
 * @example
 * const client = createCognigyClient({ environment: "app", auth: apiKeyAuth(process.env.COGNIGY_API_KEY!) });
 */
export function apiKeyAuth(apiKey: string, options: { in?: "header" | "query" } = {}): CognigyAuth {
  checkApiKey(apiKey, "apiKey");
  const where = options.in ?? "header";
  if (where !== "header" && where !== "query")
    throw new CognigyConfigError("apiKey.in", `must be "header" or "query", got ${JSON.stringify(where)}`);
  return Object.assign(redactedView("apiKey"), {
    type: "apiKey",
    authorize(request: CognigyOutgoingRequest): void {
      if (where === "header") {
        request.headers.set(API_KEY_HEADER, apiKey);
        return;
      }
      const url = new URL(request.url);
      url.searchParams.set(API_KEY_QUERY, apiKey);
      request.url = url.href;
    },
  });
}

/** Refuses a key that cannot be a Cognigy API key, without ever printing it. */
export function checkApiKey(apiKey: unknown, option: string): asserts apiKey is string {
  checkCredential(apiKey, option, "the API key");
}
