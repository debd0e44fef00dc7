import createClient, { type Client } from "openapi-fetch";
import { apiKeyAuth } from "./auth/api-key.js";
import type { CognigyAuth } from "./auth/types.js";
import { resolveBaseUrl, type CognigyEnvironment } from "./environments.js";
import { CognigyConfigError } from "./errors.js";
import type { paths } from "./spec.js";

/** Options for {@link createCognigyClient}. */
export interface CognigyClientOptions {
  /** Where requests go, e.g. `"https://api-app.cognigy.ai/new"`. Exclusive with `environment`. */
  baseUrl?: string;
  /** `"trial"`, `"app"`, `"app-us"`, or your API host (`"api-acme.cognigy.cloud"`); resolves to `https://<host>/new`. */
  environment?: CognigyEnvironment;
  /** Shorthand for `auth: apiKeyAuth(apiKey)`. */
  apiKey?: string;
  /**
   * How requests are authenticated. `"none"` sends no credential, for a proxy that adds its own;
   * anything else needs an explicit strategy or `apiKey`.
   */
  auth?: CognigyAuth | "none";
  /** Headers sent with every request; per-request headers win. */
  headers?: Record<string, string>;
  /** The `fetch` to send requests with (a proxy agent, a test double); defaults to the global one. */
  fetch?: (request: Request) => Promise<Response>;
}

/**
 * A typed Cognigy.AI client: openapi-fetch's `GET`, `POST`, … with paths, parameters and bodies
 * typed from Cognigy's spec. Calls resolve to `{ data, error, response }` and do not throw on HTTP
 * errors.
 */
export type CognigyClient = Client<paths, "application/json">;

/** The media type every request asks for unless it sets `Accept` itself. */
export const DEFAULT_ACCEPT = "application/json";

/**
 * Creates a typed client for the Cognigy.AI REST API. Every request carries
 * `Accept: application/json` (Cognigy answers HAL to requests without one) and the credential.
 *
 * @throws CognigyConfigError at once, before any request, for a missing or malformed base URL,
 *   environment or API key.
 * @example
 * const client = createCognigyClient({ environment: "app", apiKey: process.env.COGNIGY_API_KEY! });
 * const { data, error } = await client.GET("/v2.0/aiagents/{aiAgentId}", {
 *   params: { path: { aiAgentId: "5ce7c2d833ea1e04d7e6c432" } },
 * });
 */
export function createCognigyClient(options: CognigyClientOptions): CognigyClient {
  if (typeof options !== "object" || options === null) throw new CognigyConfigError("options", "createCognigyClient needs an options object");
  const baseUrl = resolveBaseUrl(options);
  const auth = resolveAuth(options);
  const client = createClient<paths, "application/json">({
    baseUrl,
    headers: withDefaultAccept(options.headers),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  if (auth) client.use({ onRequest: ({ request }) => auth.authorize(request) });
  return client;
}

function resolveAuth(options: CognigyClientOptions): CognigyAuth | undefined {
  if (options.apiKey !== undefined && options.auth !== undefined) throw new CognigyConfigError("auth", "pass either apiKey or auth, not both");
  if (options.auth === "none") return undefined;
  if (options.auth !== undefined) {
    if (typeof options.auth?.authorize !== "function") throw new CognigyConfigError("auth", 'must be an auth strategy such as apiKeyAuth(key), or "none"');
    return options.auth;
  }
  if (!("apiKey" in options)) {
    throw new CognigyConfigError("apiKey", 'no credentials given: pass apiKey, an auth strategy, or auth: "none" to send none');
  }
  return apiKeyAuth(options.apiKey);
}

function withDefaultAccept(headers: Record<string, string> | undefined): Record<string, string> {
  const result: Record<string, string> = { Accept: DEFAULT_ACCEPT };
  for (const [name, value] of Object.entries(headers ?? {})) result[name.toLowerCase() === "accept" ? "Accept" : name] = value;
  return result;
}
