import type { CallRequest } from "../errors/api-error.js";
import { apiErrorOf } from "../errors/status-errors.js";
import { CognigyUnexpectedResponseError } from "../errors/request-errors.js";
import { redactUrl } from "../shared/redact.js";
import type { CsvRecord } from "./content.js";

/**
 * Yields the records of a CSV export as they arrive, without holding the body in memory: pass a
 * call made with `{ accept: "csv", parseAs: "stream" }`. Breaking out of the loop cancels the
 * download. Memory stays at about one chunk of the body however long the export is; works wherever
 * `fetch` streams (Node, Deno, Bun, browsers). The parser is loaded on first use.
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
  const { CsvReader } = await import("./csv.js");
  const csv = new CsvReader();
  // The decoder keeps a character split across chunks until its last byte arrives.
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  const reader = data.getReader();
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (cause) {
        throw fail(`the CSV body broke off (${(cause as Error).message.split("\n")[0]})`, cause);
      }
      let records: CsvRecord[];
      try {
        records = next.done ? csv.push(decoder.decode()).concat(csv.end()) : csv.push(decoder.decode(next.value, { stream: true }));
      } catch (cause) {
        throw fail(`the CSV body is malformed (${(cause as Error).message})`, cause);
      }
      yield* records;
      if (next.done) return;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
