import type { CallRequest } from "../errors/api-error.js";
import { apiErrorOf } from "../errors/status-errors.js";
import { CognigyUnexpectedResponseError } from "../errors/request-errors.js";
import { redactUrl } from "../shared/redact.js";
import type { CsvRecord } from "./content.js";

/**
 * Yields the records of a CSV export as they arrive, without holding the body in memory: pass a
 * call made with `{ accept: "csv", parseAs: "stream" }`. Breaking out of the loop cancels the
 * download. Uses csv-parse's Web Streams parser (Node, Deno, Bun), loaded on first use.
 *
 * @throws CognigyApiError for an HTTP error; CognigyUnexpectedResponseError for a body that is not
 *   CSV or breaks off malformed.
 * @example
 * for await (const row of csvRecords(client.GET("/v2.0/largelanguagemodels", { accept: "csv", parseAs: "stream" }))) {
 *   console.log(row.name);
 * }
 */
export async function* csvRecords(call: Promise<{ data?: ReadableStream<Uint8Array> | null; error?: unknown; response: Response; request?: CallRequest }>): AsyncGenerator<CsvRecord> {
  const result = await call;
  const { data, response } = result;
  if (!response.ok) throw apiErrorOf(result);
  const context = { method: result.request?.method ?? "HTTP", url: response.url ? redactUrl(response.url) : (result.request?.path ?? "") };
  const contentType = response.headers.get("content-type") ?? "";
  const fail = (reason: string, cause?: unknown) =>
    new CognigyUnexpectedResponseError({ ...context, status: response.status, contentType, body: "", reason }, cause === undefined ? undefined : { cause });
  if (contentType && !/\/csv\b/i.test(contentType)) {
    await data?.cancel();
    throw fail("expected CSV but got another content type");
  }
  if (!data) return;
  const { parse } = await import("csv-parse/stream");
  // csv-parse takes the raw bytes and decodes them itself, so a character split across chunks is safe.
  const records = data.pipeThrough(parse({ columns: true, skip_empty_lines: true, bom: true }) as ReadableWritablePair<CsvRecord, Uint8Array>);
  const reader = records.getReader();
  try {
    for (;;) {
      let next: ReadableStreamReadResult<CsvRecord>;
      try {
        next = await reader.read();
      } catch (cause) {
        throw fail(`the CSV body is malformed or broke off (${(cause as Error).message.split("\n")[0]})`, cause);
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
