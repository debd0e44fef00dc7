import { MAX_DOCUMENT_BYTES } from "../shared/document-bounds.js";
import { readLimited } from "../shared/read-limited.js";
import { redactUrl } from "../shared/redact.js";
import { apiKeyAuth } from "../auth/api-key.js";
import { CognigyRedirectError } from "../errors/request-errors.js";
import { describeNetworkFailure } from "../transport/network-failure.js";
import { outgoingFetch } from "../transport/outgoing.js";
import { SpecError } from "./spec-error.js";

/** Options for {@link fetchText}. */
export interface FetchTextOptions {
  readonly headers?: Record<string, string>;
  /** Sent as `X-API-Key`, on the URL's origin only (never after a redirect to another). */
  readonly apiKey?: string | undefined;
  /** Give up after this many milliseconds without a complete response. */
  readonly timeoutMs: number;
  /** Follow a redirect from https to plain http on another machine. */
  readonly allowInsecureHttp?: boolean | undefined;
  readonly fetch?: typeof fetch;
}

/**
 * GETs a URL and returns its body as text, turning every failure into a one-line SpecError that
 * names the URL: unreachable host, timeout, a refused redirect, or an HTTP error status. Requests
 * leave as the client's do (transport/outgoing.ts, one redirect policy): the key only on the URL's
 * origin, a redirect to another origin followed without it, none from https to plain http, at most
 * five in a row.
 */
export async function fetchText(
  url: string,
  options: FetchTextOptions,
): Promise<{ body: string; contentType: string }> {
  const doFetch = options.fetch ?? fetch;
  // Messages name the URL without what may be a credential in it (a key in the query string).
  const shown = redactUrl(url);
  const send = outgoingFetch(
    {
      auth: options.apiKey ? apiKeyAuth(options.apiKey) : undefined,
      fetch: (request) => doFetch(request),
      replayable: true,
      crossOriginRedirects: "follow-without-credentials",
      allowInsecureHttp: options.allowInsecureHttp ?? false,
    },
    { headers: new Set(), values: new Set() },
    () => undefined,
  );
  let response: Response;
  try {
    response = await send(
      new Request(url, {
        headers: options.headers ?? {},
        redirect: "manual",
        signal: AbortSignal.timeout(options.timeoutMs),
      }),
    );
  } catch (error) {
    if (error instanceof CognigyRedirectError) {
      throw new SpecError(
        `GET ${shown}: ${error.reason === "too-many" ? "more than 5 redirects" : `a redirect was refused (${error.message.replace(/^.*? not followed: /, "")})`}`,
      );
    }
    throw new SpecError(`GET ${shown}: ${describeFetchFailure(error, options.timeoutMs)}`, { cause: error });
  }
  let body: string;
  try {
    body = await readBounded(response, shown);
  } catch (error) {
    if (error instanceof SpecError) throw error;
    throw new SpecError(
      `GET ${shown}: the response body broke off: ${describeFetchFailure(error, options.timeoutMs)}`,
      { cause: error },
    );
  }
  if (!response.ok) {
    const reason = response.statusText ? ` ${response.statusText}` : "";
    const hint =
      response.status === 401 || response.status === 403 ? " (set COGNIGY_API_KEY if this server needs a key)" : "";
    throw new SpecError(`GET ${shown}: HTTP ${response.status}${reason}${hint}`);
  }
  return { body, contentType: response.headers.get("content-type") ?? "" };
}

// The body as text, refused once it grows past MAX_DOCUMENT_BYTES (it is not read further).
async function readBounded(response: Response, shown: string): Promise<string> {
  const tooLarge = () =>
    new SpecError(
      `GET ${shown}: the body is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB, the most this generator reads`,
    );
  if (Number(response.headers.get("content-length")) > MAX_DOCUMENT_BYTES) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return "";
  const { bytes, complete } = await readLimited(response.body, MAX_DOCUMENT_BYTES);
  if (!complete) throw tooLarge();
  return new TextDecoder().decode(bytes);
}

function describeFetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `no complete response within ${timeoutMs / 1000} s`;
  }
  const { code, reason } = describeNetworkFailure(error);
  return code === "ENOTFOUND" || code === "EAI_AGAIN" ? `${reason}; is the network reachable?` : reason;
}
