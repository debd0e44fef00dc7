import { SpecError } from "./spec-error.js";

/** Options for {@link fetchText}. */
export interface FetchTextOptions {
  readonly headers?: Record<string, string>;
  /** Give up after this many milliseconds without a complete response. */
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
}

/**
 * GETs a URL and returns its body as text, turning every failure into a one-line SpecError that
 * names the URL: unreachable host, timeout, or an HTTP error status.
 */
export async function fetchText(url: string, options: FetchTextOptions): Promise<{ body: string; contentType: string }> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url, {
      headers: options.headers ?? {},
      redirect: "follow",
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new SpecError(`GET ${url}: ${describeFetchFailure(error, options.timeoutMs)}`, { cause: error });
  }
  let body: string;
  try {
    body = await response.text();
  } catch (error) {
    throw new SpecError(`GET ${url}: the response body broke off: ${describeFetchFailure(error, options.timeoutMs)}`, { cause: error });
  }
  if (!response.ok) {
    const reason = response.statusText ? ` ${response.statusText}` : "";
    const hint = response.status === 401 || response.status === 403 ? " (set COGNIGY_API_KEY if this server needs a key)" : "";
    throw new SpecError(`GET ${url}: HTTP ${response.status}${reason}${hint}`);
  }
  return { body, contentType: response.headers.get("content-type") ?? "" };
}

function describeFetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `no complete response within ${timeoutMs / 1000} s`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const code = cause?.code;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `cannot resolve the host (${code}); is the network reachable?`;
  if (code === "ECONNREFUSED") return "connection refused (ECONNREFUSED)";
  if (code) return `network error (${code})`;
  const message = cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `network error (${message.split("\n")[0]})`;
}
