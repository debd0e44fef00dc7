import { CognigyConfigError } from "../errors.js";
import { redactedView, type CognigyAuth } from "./types.js";

/** The header Cognigy reads an API key from (security scheme `APIKeyHeader`). */
export const API_KEY_HEADER = "X-API-Key";

/**
 * Authenticates with a Cognigy API key sent in the `X-API-Key` header. Create keys in Cognigy.AI
 * under *My Profile → API Keys*.
 *
 * @throws CognigyConfigError when the key is missing, empty, or contains whitespace or control
 *   characters (a header cannot carry them; the message never repeats the key).
 * @example
 * const client = createCognigyClient({ environment: "app", auth: apiKeyAuth(process.env.COGNIGY_API_KEY!) });
 */
export function apiKeyAuth(apiKey: string): CognigyAuth {
  checkApiKey(apiKey, "apiKey");
  return Object.assign(redactedView("apiKey"), {
    type: "apiKey",
    authorize(request: Request): Request {
      request.headers.set(API_KEY_HEADER, apiKey);
      return request;
    },
  });
}

/** Refuses a key that cannot be a Cognigy API key, without ever printing it. */
export function checkApiKey(apiKey: unknown, option: string): asserts apiKey is string {
  if (apiKey === undefined || apiKey === null) throw new CognigyConfigError(option, "an API key is required but none was given");
  if (typeof apiKey !== "string") throw new CognigyConfigError(option, `the API key must be a string, got ${typeof apiKey}`);
  if (apiKey.trim() === "") throw new CognigyConfigError(option, "the API key is empty");
  if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new CognigyConfigError(option, "the API key contains whitespace or non-printable characters (copied with a line break?)");
  }
}
