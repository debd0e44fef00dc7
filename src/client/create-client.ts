import type { CognigyApi } from "../spec.js";
import { clientObject } from "./client-object.js";
import { ClientCore } from "./core.js";
import { resolveClientOptions } from "./options.js";
import type { CognigyClient, CognigyClientOptions } from "./types.js";

/**
 * Creates a typed client for the Cognigy.AI REST API. Every request carries
 * `Accept: application/json` (Cognigy answers HAL to requests without one) and the credential;
 * parameters are checked against the spec before sending; idempotent requests are retried on
 * 408/429/5xx and connection failures, honouring `Retry-After`; each attempt has a timeout.
 *
 * Typed from the spec bundled with this package, or from your Cognigy.AI version's `api` module
 * (`npx cognigy-openapi-client generate`): `createCognigyClient({ api, … })`.
 *
 * @throws CognigyConfigError at once, before any request, for a missing or malformed base URL,
 *   environment, API key, timeout, retry setting or `api` module.
 * @example
 * const client = createCognigyClient({ environment: "app", apiKey: process.env.COGNIGY_API_KEY! });
 * const { data, error } = await client.GET("/v2.0/aiagents/{aiAgentId}", {
 *   params: { path: { aiAgentId: "5ce7c2d833ea1e04d7e6c432" } },
 * });
 */
export function createCognigyClient<Api extends CognigyApi<unknown, unknown>>(
  options: CognigyClientOptions<Api> & { api: Api },
): CognigyClient<Api>;
// Last, so that `ReturnType<typeof createCognigyClient>` is the bundled spec's client, as before.
export function createCognigyClient(options: CognigyClientOptions): CognigyClient;
export function createCognigyClient<Api extends CognigyApi<unknown, unknown>>(
  options: CognigyClientOptions<Api>,
): CognigyClient<Api> {
  // The typed facade (each route's and name's types, from the spec) over the client's untyped functions.
  const settings = resolveClientOptions(options);
  const core = new ClientCore(settings);
  return clientObject(core) as CognigyClient<Api>;
}
