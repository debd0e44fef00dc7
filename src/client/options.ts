import { bundledCatalog, catalogOf, type CognigyApi, type OperationCatalog, type OperationInfo } from "../spec.js";
import { apiKeyAuth } from "../auth/api-key.js";
import type { CognigyAuth } from "../auth/types.js";
import { CognigyConfigError } from "../errors/config-error.js";
import { acceptHeader, negotiate, withoutAccept, type BodyKind } from "../response/content.js";
import { LOG_LEVELS, type CognigyLogger } from "../shared/logger.js";
import { MAX_TIMER_MS } from "../shared/timers.js";
import { DEFAULT_RETRY, mergeRetry, type ResolvedRetryOptions } from "../transport/retry.js";
import type { CrossOriginRedirects, Fetch } from "../shared/fetch.js";
import { checkBaseUrl, resolveBaseUrl } from "./environments.js";
import type { CognigyClientOptions, CognigyRequestOptions } from "./types.js";

/** The media type every request asks for unless it sets `Accept` itself. */
const DEFAULT_ACCEPT = "application/json";
const DEFAULT_TIMEOUT = 60_000;
/** The largest body the client reads into memory to parse, unless `maxBodyBytes` says otherwise. */
const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

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
  readonly maxBodyBytes: number;
  readonly fetch: Fetch;
  readonly allowInsecureHttp: boolean;
  readonly crossOriginRedirects: CrossOriginRedirects;
  /** At most this many requests in flight at once, across every call of the client. */
  readonly maxConcurrency: number;
  readonly logger: CognigyLogger | undefined;
  /** What the client knows of its API: the bundled spec, or the `api` module it was given. */
  readonly catalog: OperationCatalog;
  /** The operations this client has called, for `checkServerVersion()`. */
  readonly called: Set<OperationInfo>;
}

/**
 * Checks a client's options and resolves them to settings.
 *
 * @throws CognigyConfigError naming the option at fault; it never repeats a credential.
 */
export function resolveClientOptions(options: CognigyClientOptions<CognigyApi<unknown, unknown>>): ClientSettings {
  if (typeof options !== "object" || options === null)
    throw new CognigyConfigError("options", "createCognigyClient needs an options object");
  // What this module decides itself, first; then what other modules decide, each asked once.
  checkBoolean(options, "allowInsecureHttp");
  checkCredentialChoice(options);
  const checked = checkCallOptions(options);
  const { crossOriginRedirects = "refuse" } = options;
  if (crossOriginRedirects !== "refuse" && crossOriginRedirects !== "follow-without-credentials") {
    throw new CognigyConfigError(
      "crossOriginRedirects",
      `must be "refuse" or "follow-without-credentials", got ${describeValue(crossOriginRedirects)}`,
    );
  }
  const { maxConcurrency = Infinity } = options;
  if (!(
    typeof maxConcurrency === "number" &&
    maxConcurrency >= 1 &&
    (Number.isInteger(maxConcurrency) || maxConcurrency === Infinity)
  )) {
    throw new CognigyConfigError(
      "maxConcurrency",
      `must be a whole number ≥ 1, or Infinity, got ${describeValue(maxConcurrency)}`,
    );
  }
  const logger = checkLogger(options.logger);
  const baseUrl = resolveBaseUrl(options);
  const accept = negotiate(options.accept ?? acceptHeader(options.headers) ?? DEFAULT_ACCEPT);
  const headers = { ...(withoutAccept(options.headers) as Record<string, string>), Accept: accept.mediaType };
  const retry = mergeRetry(DEFAULT_RETRY, options.retry);
  // apiKey: undefined (an unset environment variable) is refused by apiKeyAuth with a clear message.
  const auth = options.auth === undefined ? apiKeyAuth(options.apiKey as string) : (checked.auth ?? undefined);
  const catalog = options.api === undefined ? bundledCatalog : catalogOf(options.api);
  return {
    baseUrl,
    auth,
    accept,
    headers,
    timeout: options.timeout ?? DEFAULT_TIMEOUT,
    retry,
    validate: options.validate ?? true,
    throwOnError: options.throwOnError ?? false,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
    allowInsecureHttp: options.allowInsecureHttp === true,
    crossOriginRedirects,
    maxConcurrency,
    logger,
    catalog,
    called: new Set(),
  };
}

/** What a client's or a call's options resolve to, once checked. */
export interface CheckedOptions {
  /** `auth`: a strategy; null for `"none"`; undefined when not given. */
  readonly auth: CognigyAuth | null | undefined;
  /** A call's own `baseUrl`, checked, without a trailing slash; undefined when not given. */
  readonly baseUrl?: string | undefined;
}

/**
 * Checks the options a client and each call take, each where it is given: a wrong type or an
 * out-of-range number is a CognigyConfigError naming the option (never its value when it could be
 * a secret). `undefined` always means "the default". Returns `auth` resolved; `accept` is checked
 * to be a string here and negotiated where the options are resolved.
 */
export function checkCallOptions(
  options: CognigyRequestOptions & { signal?: unknown; fetch?: unknown; headers?: unknown },
): CheckedOptions {
  const { retry, signal, fetch, accept, auth } = options;
  checkDuration("timeout", options.timeout, 1);
  if (retry !== undefined) {
    if (typeof retry !== "object" || retry === null)
      throw new CognigyConfigError("retry", "must be an object such as { maxRetries: 2 }");
    for (const key of ["maxRetries", "initialDelayMs", "maxDelayMs", "maxRetryAfterMs", "budgetMs"] as const)
      checkDuration(`retry.${key}`, retry[key], 0);
    if (retry.maxRetries !== undefined && !Number.isInteger(retry.maxRetries))
      throw new CognigyConfigError("retry.maxRetries", "must be a whole number");
    if (retry.onRetry !== undefined && typeof retry.onRetry !== "function")
      throw new CognigyConfigError("retry.onRetry", `must be a function, got ${describeValue(retry.onRetry)}`);
  }
  checkBoolean(options, "validate");
  checkBoolean(options, "throwOnError");
  const { maxBodyBytes } = options;
  if (
    maxBodyBytes !== undefined &&
    !(
      typeof maxBodyBytes === "number" &&
      maxBodyBytes > 0 &&
      (Number.isInteger(maxBodyBytes) || maxBodyBytes === Infinity)
    )
  ) {
    throw new CognigyConfigError(
      "maxBodyBytes",
      `must be a whole number of bytes > 0, or Infinity, got ${describeValue(maxBodyBytes)}`,
    );
  }
  if (signal !== undefined && !isAbortSignal(signal))
    throw new CognigyConfigError("signal", `must be an AbortSignal, got ${describeValue(signal)}`);
  if (fetch !== undefined && typeof fetch !== "function")
    throw new CognigyConfigError("fetch", `must be a function taking a Request, got ${describeValue(fetch)}`);
  if (accept !== undefined && typeof accept !== "string")
    throw new CognigyConfigError("accept", `must be a string such as "json" or "csv", got ${describeValue(accept)}`);
  const strategy = auth === undefined ? undefined : (checkAuth(auth) ?? null);
  checkHeaders(options.headers, "headers");
  return { auth: strategy };
}

/** A call's own options: those of {@link checkCallOptions} and openapi-fetch's that the client decides itself. */
export function checkOwnCallOptions(settings: ClientSettings, init: Record<string, unknown>): CheckedOptions {
  if (init["redirect"] !== undefined) {
    throw new CognigyConfigError(
      "redirect",
      "the client follows redirects itself (same-origin ones with the credential, others per the client's crossOriginRedirects option)",
    );
  }
  const { baseUrl, parseAs } = init;
  if (parseAs !== undefined && !(typeof parseAs === "string" && PARSE_AS.has(parseAs))) {
    throw new CognigyConfigError(
      "parseAs",
      `must be one of ${[...PARSE_AS].map((name) => `"${name}"`).join(", ")}, got ${describeValue(parseAs)}`,
    );
  }
  const checked = checkCallOptions(init);
  const params = init["params"] as { header?: unknown } | undefined;
  checkHeaders(params?.header, "params.header");
  // A per-call server gets the same checks as the client's: a plain http host would see the credential.
  if (baseUrl === undefined) return checked;
  return { ...checked, baseUrl: checkBaseUrl(baseUrl as string, settings.allowInsecureHttp) };
}

const PARSE_AS = new Set(["json", "text", "blob", "arrayBuffer", "stream"]);

/** A call's or a client's `auth`: a strategy, or `"none"` for no credential. */
function checkAuth(auth: CognigyAuth | "none"): CognigyAuth | undefined {
  if (auth === "none") return undefined;
  if (typeof auth?.authorize !== "function")
    throw new CognigyConfigError("auth", 'must be an auth strategy such as apiKeyAuth(key), or "none"');
  return auth;
}

// One credential option, given on purpose: `auth: "none"` sends none.
function checkCredentialChoice(options: CognigyClientOptions<CognigyApi<unknown, unknown>>): void {
  if (options.apiKey !== undefined && options.auth !== undefined)
    throw new CognigyConfigError("auth", "pass either apiKey or auth, not both");
  if (options.auth === undefined && !("apiKey" in options)) {
    throw new CognigyConfigError(
      "apiKey",
      'no credentials given: pass apiKey, an auth strategy, or auth: "none" to send none',
    );
  }
}

// A delay handed to a timer: a finite number from `min` up to the longest a timer can wait.
function checkDuration(option: string, value: unknown, min: number): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new CognigyConfigError(option, `must be a number ${min > 0 ? "> 0" : "≥ 0"}, got ${describeValue(value)}`);
  }
  if (value > MAX_TIMER_MS)
    throw new CognigyConfigError(
      option,
      `must be at most ${MAX_TIMER_MS} ms (about 24.8 days, the longest a timer can wait), got ${value}`,
    );
}

function checkBoolean(options: object, option: string): void {
  const value = (options as Record<string, unknown>)[option];
  if (value !== undefined && typeof value !== "boolean")
    throw new CognigyConfigError(option, `must be true or false, got ${describeValue(value)}`);
}

// RFC 9110 §5.1 and §5.5: a header name is a token; a value carries no CR, LF or NUL.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const UNSAFE_VALUE = /[\r\n\0]/;

// Refused here, by name, before anything is built: the platform's own error would repeat the value.
function checkHeaders(headers: unknown, option: string): void {
  if (headers === undefined || headers === null || headers instanceof Headers) return;
  // openapi-fetch reads headers as an object or a Headers; a list of pairs it would misread.
  if (typeof headers !== "object" || Array.isArray(headers))
    throw new CognigyConfigError(option, "must be an object of header names and values, or a Headers object");
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name))
      throw new CognigyConfigError(
        option,
        "a header name is not a valid HTTP token (letters, digits and !#$%&'*+.^_`|~- only)",
      );
    const values: unknown[] = Array.isArray(value) ? value : [value];
    if (values.some((item) => typeof item === "string" && UNSAFE_VALUE.test(item))) {
      throw new CognigyConfigError(
        `${option}.${name}`,
        "the value contains a line break or NUL, which a header cannot carry (the value is not repeated here)",
      );
    }
  }
}

function isAbortSignal(value: unknown): value is AbortSignal {
  if (typeof AbortSignal !== "undefined" && value instanceof AbortSignal) return true;
  const signal = value as Partial<AbortSignal> | null;
  return (
    typeof signal === "object" &&
    signal !== null &&
    typeof signal.aborted === "boolean" &&
    typeof signal.addEventListener === "function" &&
    typeof signal.removeEventListener === "function"
  );
}

// What a bad option was, without its content (it might be a secret pasted in the wrong place).
function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string")
    return value.length <= 32 && /^[\w .:/-]*$/.test(value) ? JSON.stringify(value) : "a string";
  if (Array.isArray(value)) return "an array";
  return `a value of type ${typeof value}`;
}

/** A logger checked where it is given; undefined stays silent. */
function checkLogger(logger: unknown): CognigyLogger | undefined {
  if (logger === undefined) return undefined;
  if (typeof logger !== "object" || logger === null)
    throw new CognigyConfigError(
      "logger",
      "must be an object with debug, info, warn and error functions, such as console",
    );
  for (const level of LOG_LEVELS) {
    const write = (logger as Record<string, unknown>)[level];
    if (write !== undefined && typeof write !== "function")
      throw new CognigyConfigError(`logger.${level}`, "must be a function");
  }
  return logger;
}
