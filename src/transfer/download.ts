import { coreOf } from "../client/core.js";
import type { AnyCognigyClient, CognigyClient } from "../client/types.js";
import { CognigyConfigError } from "../errors/config-error.js";
import { CognigyDownloadError } from "../errors/request-errors.js";
import { apiErrorOf } from "../errors/status-errors.js";
import { redactUrl } from "../shared/redact.js";
import type { TransferProgress } from "./upload.js";

/** Options of {@link download}. */
export interface DownloadOptions {
  /**
   * Where the bytes go, as they arrive: a `WritableStream` (in Node.js, `fileSink()` of
   * `cognigy-openapi-client/node` writes a file and keeps it only when the download is whole).
   */
  to: WritableStream<Uint8Array>;
  /** Told as bytes arrive. */
  onProgress?: ((progress: TransferProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
  /**
   * Milliseconds one attempt may take until the answer is handed over, which for a download is at
   * its headers: the body then streams into `to` for as long as it takes (end it with `signal`).
   * Default: the client's `timeout`.
   */
  timeout?: number | undefined;
}

/** What a download link can come as: its URL, an object holding it, or the answer (or promise of one) of the call that made it. */
export type DownloadSource =
  string | Readonly<Record<string, unknown>> | Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** What {@link download} resolves to once the bytes are all written. */
export interface DownloadResult {
  readonly bytes: number;
  readonly contentType: string | undefined;
  readonly response: Response;
}

/** The implementation of download() (see src/long-running.ts, which loads it on first use). */
export async function download(
  client: AnyCognigyClient,
  source: DownloadSource,
  options: DownloadOptions,
): Promise<DownloadResult> {
  const { to, onProgress } = options ?? ({} as DownloadOptions);
  if (!(to instanceof WritableStream))
    throw new CognigyConfigError(
      "to",
      "must be a WritableStream (in Node.js: fileSink(path) from cognigy-openapi-client/node)",
    );
  if (onProgress !== undefined && typeof onProgress !== "function")
    throw new CognigyConfigError("onProgress", "must be a function");
  // Whatever fails before the body flows (a bad link, a refused redirect, a reset), the sink is
  // aborted: a file sink then removes its partial file and closes its handle.
  try {
    return await fetchInto(client, await source, options);
  } catch (error) {
    await to.abort(error).catch(() => undefined);
    throw error;
  }
}

async function fetchInto(
  client: AnyCognigyClient,
  source: Awaited<DownloadSource>,
  options: DownloadOptions,
): Promise<DownloadResult> {
  const { signal, timeout } = options;
  const link = linkOf(source);
  const core = coreOf(client);
  const url = new URL(link, `${core.settings.baseUrl}/`);
  const { path, init } = core.requestTo(url);
  const result = (await (client as CognigyClient).request("GET", path, {
    ...init,
    parseAs: "stream",
    headers: { Accept: "*/*" },
    validate: false,
    signal,
    timeout,
  } as never)) as { data?: ReadableStream<Uint8Array> | null; error?: unknown; response: Response };
  return saveBody(result, url.href, options);
}

/**
 * Writes a streamed answer (`parseAs: "stream"`) into `options.to` as download() does: an error
 * status thrown, the bytes counted against Content-Length, progress told, the sink kept only when
 * the body arrived whole. `href` names the download in errors (it is redacted here).
 */
export async function saveBody(
  result: { data?: ReadableStream<Uint8Array> | null; error?: unknown; response: Response },
  href: string,
  options: Omit<DownloadOptions, "timeout">,
): Promise<DownloadResult> {
  const { to, onProgress, signal } = options;
  // A sink given to a failed download is aborted: a file sink removes its partial file.
  try {
    return await writeBody(result, href, to, onProgress, signal);
  } catch (error) {
    await to.abort(error).catch(() => undefined);
    throw error;
  }
}

async function writeBody(
  result: { data?: ReadableStream<Uint8Array> | null; error?: unknown; response: Response },
  href: string,
  to: WritableStream<Uint8Array>,
  onProgress: DownloadOptions["onProgress"],
  signal: AbortSignal | undefined,
): Promise<DownloadResult> {
  const { response } = result;
  if (!response.ok) throw apiErrorOf(result);
  const header = response.headers.get("content-length");
  // Content-Length counts the bytes as sent; with a Content-Encoding (gzip …) fetch hands over the
  // decoded body, whose size the header does not tell.
  const encoded = (response.headers.get("content-encoding") ?? "identity").trim().toLowerCase() !== "identity";
  const expected = !encoded && header !== null && /^\d+$/.test(header) ? Number(header) : undefined;
  let received = 0;
  const fail = (reason: string, cause?: unknown) =>
    new CognigyDownloadError(
      { method: "GET", url: redactUrl(href), expectedBytes: expected, receivedBytes: received, reason },
      cause === undefined ? undefined : { cause },
    );
  onProgress?.({ loaded: 0, total: expected });
  const counting = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      received += chunk.byteLength;
      if (expected !== undefined && received > expected)
        return controller.error(fail("more bytes than Content-Length announced"));
      controller.enqueue(chunk);
      onProgress?.({ loaded: received, total: expected });
    },
    flush(controller) {
      if (expected !== undefined && received !== expected) controller.error(fail("the body ended early"));
    },
  });
  let flowed = false;
  const body = (
    result.data ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() })
  ).pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ flush: () => void (flowed = true) }));
  try {
    await body.pipeThrough(counting).pipeTo(to, signal ? { signal } : {});
  } catch (error) {
    if (error instanceof CognigyDownloadError) throw error;
    if (signal?.aborted) throw fail("aborted", signal.reason);
    const said = error instanceof Error ? error.message.split("\n")[0] : String(error);
    // The whole body arrived: what failed is the sink keeping it (a file that cannot be moved into place).
    throw fail(
      flowed ? `the body arrived whole, but the sink could not keep it (${said})` : `the body broke off (${said})`,
      error,
    );
  }
  return { bytes: received, contentType: response.headers.get("content-type") ?? undefined, response };
}

// The link in a downloadlink answer, whatever Cognigy names it.
function linkOf(value: unknown): string {
  if (typeof value === "string" && value !== "") return value;
  if (value && typeof value === "object") {
    if ("response" in value && value.response instanceof Response) {
      const result = value as { data?: unknown; error?: unknown; response: Response };
      if (!result.response.ok) throw apiErrorOf(result);
      return linkOf(result.data);
    }
    for (const key of ["downloadLink", "link", "url", "href"]) {
      const link = (value as Record<string, unknown>)[key];
      if (typeof link === "string" && link !== "") return link;
    }
  }
  throw new CognigyConfigError("source", "needs a download URL, or an answer holding one (downloadLink)");
}
