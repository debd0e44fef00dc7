import { CognigyConfigError } from "../errors/config-error.js";
import { isPlainHttpAllowed } from "../shared/loopback.js";

/** Cognigy's shared SaaS environments, by the name used in their API host `api-<name>.cognigy.ai`. */
export const ENVIRONMENTS = {
  trial: "https://api-trial.cognigy.ai/new",
  app: "https://api-app.cognigy.ai/new",
  "app-us": "https://api-app-us.cognigy.ai/new",
} as const;

/** A named SaaS environment, or the API host of a dedicated or on-prem installation. */
export type CognigyEnvironment = keyof typeof ENVIRONMENTS | (string & {});

/**
 * Turns `baseUrl` or `environment` into the base URL requests go to, without a trailing slash.
 *
 * Cognigy's spec names `https://api-trial.cognigy.ai/new/` as its server, so an environment
 * resolves to `https://<host>/new` to match it. The host without `/new` also answers most routes;
 * pass `baseUrl` to choose either form exactly.
 *
 * @throws CognigyConfigError for neither or both options, an unknown name, or a URL that is not
 *   plain http(s) (credentials, query or fragment in it are refused: they would leak into logs).
 */
export function resolveBaseUrl(options: {
  baseUrl?: string | undefined;
  environment?: CognigyEnvironment | undefined;
  allowInsecureHttp?: boolean | undefined;
}): string {
  const { baseUrl, environment, allowInsecureHttp = false } = options;
  if (baseUrl !== undefined && environment !== undefined) {
    throw new CognigyConfigError("baseUrl", "pass either baseUrl or environment, not both");
  }
  if (environment !== undefined) return environmentUrl(environment);
  if (baseUrl === undefined) {
    throw new CognigyConfigError(
      "baseUrl",
      'no server given: pass baseUrl (e.g. "https://api-app.cognigy.ai/new") or environment ("trial", "app", "app-us" or your API host)',
    );
  }
  return checkBaseUrl(baseUrl, allowInsecureHttp);
}

function environmentUrl(environment: string): string {
  if (typeof environment !== "string" || environment.trim() === "")
    throw new CognigyConfigError("environment", "must be a non-empty string");
  if (Object.hasOwn(ENVIRONMENTS, environment)) return ENVIRONMENTS[environment as keyof typeof ENVIRONMENTS];
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d{1,5})?$/i.test(environment)) {
    throw new CognigyConfigError(
      "environment",
      `unknown environment ${JSON.stringify(environment)}: use "trial", "app", "app-us", an API host such as "api-acme.cognigy.cloud", or baseUrl`,
    );
  }
  return `https://${environment.toLowerCase()}/new`;
}

/**
 * A base URL as the client takes one (a client's, or a call's own): absolute http(s), without
 * credentials, query or fragment, returned without a trailing slash. Plain http only to loopback
 * (local mocks) unless `allowInsecureHttp`: credentials would travel unencrypted.
 */
export function checkBaseUrl(baseUrl: string, allowInsecureHttp: boolean): string {
  if (typeof baseUrl !== "string" || baseUrl.trim() === "")
    throw new CognigyConfigError("baseUrl", "must be a non-empty URL");
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    // The value is not repeated: a mistyped option can hold anything, a key included.
    const hint = baseUrl.includes("://") ? "" : " (missing https://?)";
    throw new CognigyConfigError(
      "baseUrl",
      `not an absolute URL${hint}; expected e.g. "https://api-app.cognigy.ai/new"`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new CognigyConfigError("baseUrl", `must use https (or http), got ${url.protocol}`);
  if (url.username || url.password)
    throw new CognigyConfigError("baseUrl", "must not contain credentials; pass them as auth");
  if (url.search || url.hash) throw new CognigyConfigError("baseUrl", "must not contain a query string or fragment");
  if (url.protocol === "http:" && !isPlainHttpAllowed(url, allowInsecureHttp)) {
    throw new CognigyConfigError(
      "baseUrl",
      `refusing plain http to ${url.host}: credentials would travel unencrypted; use https, or pass allowInsecureHttp: true`,
    );
  }
  return url.href.replace(/\/+$/, "");
}
