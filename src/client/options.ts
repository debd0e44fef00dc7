import { apiKeyAuth } from "../auth/api-key.js";
import type { CognigyAuth } from "../auth/types.js";
import { CognigyConfigError } from "../errors/errors.js";
import { negotiate, type BodyKind } from "../response/content.js";
import { isLoopback } from "../shared/loopback.js";
import { DEFAULT_RETRY, mergeRetry, type ResolvedRetryOptions } from "../transport/retry.js";
import type { Fetch } from "../transport/send.js";
import { resolveBaseUrl } from "./environments.js";
import type { CognigyClientOptions, CognigyRequestOptions } from "./types.js";

/** The media type every request asks for unless it sets `Accept` itself. */
const DEFAULT_ACCEPT = "application/json";
const DEFAULT_TIMEOUT = 60_000;

/** A client's options, checked and resolved once: what every call starts from. */
export interface ClientSettings {
  readonly baseUrl: string;
  readonly auth: CognigyAuth | undefined;
  /** The `Accept` header every call sends unless it says otherwise, and how its body is read. */
  readonly accept: { readonly mediaType: string; readonly kind: BodyKind };
  /** Headers for every call, `Accept` among them. */
  readonly headers: Readonly<Record<string, string>>;
  readonly timeout: number;
  readonly retry: ResolvedRetryOptions;
  readonly validate: boolean;
  readonly throwOnError: boolean;
  readonly fetch: Fetch;
}

/**
 * Checks a client's options and resolves them to settings.
 *
 * @throws CognigyConfigError naming the option at fault; it never repeats a credential.
 */
export function resolveClientOptions(options: CognigyClientOptions): ClientSettings {
  if (typeof options !== "object" || options === null) throw new CognigyConfigError("options", "createCognigyClient needs an options object");
  const baseUrl = resolveBaseUrl(options);
  checkTransportSecurity(baseUrl, options.allowInsecureHttp === true);
  const auth = resolveAuth(options);
  checkCallOptions(options);
  const accept = negotiate(options.accept ?? acceptHeader(options.headers) ?? DEFAULT_ACCEPT);
  const headers = { ...(withoutAccept(options.headers) as Record<string, string>), Accept: accept.mediaType };
  return {
    baseUrl,
    auth,
    accept,
    headers,
    timeout: options.timeout ?? DEFAULT_TIMEOUT,
    retry: mergeRetry(DEFAULT_RETRY, options.retry),
    validate: options.validate ?? true,
    throwOnError: options.throwOnError ?? false,
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
  };
}

/** Checks the options a client and each call take: `timeout`, `retry`. */
export function checkCallOptions(options: CognigyRequestOptions): void {
  const { timeout, retry } = options;
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) throw new CognigyConfigError("timeout", `must be a positive number of milliseconds, got ${String(timeout)}`);
  for (const key of ["maxRetries", "initialDelayMs", "maxDelayMs", "maxRetryAfterMs", "budgetMs"] as const) {
    const value = retry?.[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) throw new CognigyConfigError(`retry.${key}`, `must be a number ≥ 0, got ${String(value)}`);
  }
  if (retry?.maxRetries !== undefined && !Number.isInteger(retry.maxRetries)) throw new CognigyConfigError("retry.maxRetries", "must be a whole number");
}

/** A call's or a client's `auth`: a strategy, or `"none"` for no credential. */
export function checkAuth(auth: CognigyAuth | "none"): CognigyAuth | undefined {
  if (auth === "none") return undefined;
  if (typeof auth?.authorize !== "function") throw new CognigyConfigError("auth", 'must be an auth strategy such as apiKeyAuth(key), or "none"');
  return auth;
}

/** Headers without `Accept`, whatever case its name is written in. */
export function withoutAccept(headers: Record<string, unknown> | Headers | undefined): Record<string, unknown> {
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers ?? {});
  return Object.fromEntries(entries.filter(([name]) => name.toLowerCase() !== "accept"));
}

/** The `Accept` value among headers given as a record or a `Headers` object. */
export function acceptHeader(headers: unknown): string | undefined {
  if (!headers || typeof headers !== "object") return undefined;
  if (headers instanceof Headers) return headers.get("accept") ?? undefined;
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === "accept" && typeof value === "string") return value;
  return undefined;
}

function resolveAuth(options: CognigyClientOptions): CognigyAuth | undefined {
  if (options.apiKey !== undefined && options.auth !== undefined) throw new CognigyConfigError("auth", "pass either apiKey or auth, not both");
  if (options.auth !== undefined) return checkAuth(options.auth);
  if (!("apiKey" in options)) {
    throw new CognigyConfigError("apiKey", 'no credentials given: pass apiKey, an auth strategy, or auth: "none" to send none');
  }
  return apiKeyAuth(options.apiKey);
}

// Credentials over plain http can be read by anyone on the path; loopback (local mocks) is fine.
function checkTransportSecurity(baseUrl: string, allowed: boolean): void {
  const url = new URL(baseUrl);
  if (url.protocol === "http:" && !allowed && !isLoopback(url.hostname)) {
    throw new CognigyConfigError("baseUrl", `refusing plain http to ${url.host}: credentials would travel unencrypted; use https, or pass allowInsecureHttp: true`);
  }
}
