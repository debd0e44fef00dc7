import { MAX_DOCUMENT_BYTES } from "../shared/document-bounds.js";
import { readLimited } from "../shared/read-limited.js";
import { redactUrl } from "../shared/redact.js";
import { describeNetworkFailure } from "../transport/network-failure.js";
import { SpecError } from "./spec-error.js";

/** Options for {@link fetchText}. */
export interface FetchTextOptions {
  readonly headers?: Record<string, string>;
  /** Give up after this many milliseconds without a complete response. */
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
}

/** Request headers that carry a credential and must not follow a redirect to another origin. */
const SECRET_HEADERS = ["x-api-key", "authorization", "cookie"];
const MAX_REDIRECTS = 5;

/**
 * GETs a URL and returns its body as text, turning every failure into a one-line SpecError that
 * names the URL: unreachable host, timeout, too many redirects, or an HTTP error status.
 * Redirects are followed by hand so that credentials are dropped when the origin changes.
 */
export async function fetchText(url: string, options: FetchTextOptions): Promise<{ body: string; contentType: string }> {
  const doFetch = options.fetch ?? fetch;
  // Messages name the URL without what may be a credential in it (a key in the query string).
  const shown = redactUrl(url);
  const signal = AbortSignal.timeout(options.timeoutMs);
  const origin = new URL(url).origin;
  let target = url;
  let response: Response;
  for (let hops = 0; ; hops++) {
    const headers = new Headers(options.headers ?? {});
    if (new URL(target).origin !== origin) for (const name of SECRET_HEADERS) headers.delete(name);
    try {
      response = await doFetch(target, { headers, redirect: "manual", signal });
    } catch (error) {
      throw new SpecError(`GET ${shown}: ${describeFetchFailure(error, options.timeoutMs)}`, { cause: error });
    }
    const location = response.headers.get("location");
    if (![301, 302, 303, 307, 308].includes(response.status) || !location) break;
    await response.body?.cancel();
    if (hops === MAX_REDIRECTS) throw new SpecError(`GET ${shown}: more than ${MAX_REDIRECTS} redirects`);
    target = new URL(location, target).href;
  }
  let body: string;
  try {
    body = await readBounded(response, shown);
  } catch (error) {
    if (error instanceof SpecError) throw error;
    throw new SpecError(`GET ${shown}: the response body broke off: ${describeFetchFailure(error, options.timeoutMs)}`, { cause: error });
  }
  if (!response.ok) {
    const reason = response.statusText ? ` ${response.statusText}` : "";
    const hint = response.status === 401 || response.status === 403 ? " (set COGNIGY_API_KEY if this server needs a key)" : "";
    throw new SpecError(`GET ${shown}: HTTP ${response.status}${reason}${hint}`);
  }
  return { body, contentType: response.headers.get("content-type") ?? "" };
}

// The body as text, refused once it grows past MAX_DOCUMENT_BYTES (it is not read further).
async function readBounded(response: Response, shown: string): Promise<string> {
  const tooLarge = () => new SpecError(`GET ${shown}: the body is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB, the most this generator reads`);
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
