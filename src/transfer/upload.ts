import type { AnyCognigyClient, CognigyClient } from "../client/types.js";
import { CognigyConfigError } from "../errors/config-error.js";
import type { CallRequest } from "../errors/api-error.js";
import { multipartBody, sizeOf, type UploadSource } from "./multipart.js";

/** How far a transfer has come. */
export interface TransferProgress {
  /** Bytes sent or received so far. */
  readonly loaded: number;
  /** Bytes in all, when known. */
  readonly total: number | undefined;
}

/** Options of {@link upload}. */
export interface UploadOptions {
  /**
   * The file: a `Blob` or `File` (in Node.js, `fileFromPath()` of `cognigy-openapi-client/node`
   * reads a file from disk as it is sent), bytes, or a stream of bytes. Never read into memory whole.
   */
  file: UploadSource;
  /** The file part's file name; default the `File`'s name, else `"upload"`. */
  fileName?: string | undefined;
  /** The file part's media type; default the `Blob`'s type, else `application/octet-stream`. */
  contentType?: string | undefined;
  /** The file part's field name; default `"file"`. */
  fieldName?: string | undefined;
  /** Text fields sent before the file, e.g. `{ tags: ["a", "b"] }`; an array is sent as one field per value. */
  fields?: Readonly<Record<string, string | number | boolean | ReadonlyArray<string>>> | undefined;
  /** The route's path and query parameters. */
  params?: { path?: Record<string, string>; query?: Record<string, unknown> } | undefined;
  /** Default `"POST"`. */
  method?: "POST" | "PUT" | "PATCH" | undefined;
  /** Told as the body is sent. */
  onProgress?: ((progress: TransferProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
  /** Milliseconds one attempt may take, the whole body sent and the answer read; default 30 minutes. */
  timeout?: number | undefined;
  /** Throw a `CognigyApiError` for an HTTP error instead of resolving to `{ error }`. */
  throwOnError?: boolean | undefined;
}

/** What an upload resolves to: the call's answer (pass it to {@link waitForTask} when it is a 202 with a task). */
export type UploadResult = { data?: unknown; error?: unknown; response: Response; request: CallRequest };

/** The implementation of upload() (see src/long-running.ts, which loads it on first use). */
export async function upload(client: AnyCognigyClient, path: string, options: UploadOptions): Promise<UploadResult> {
  const {
    file,
    fieldName = "file",
    fields = {},
    params,
    method = "POST",
    onProgress,
    signal,
    timeout = 30 * 60_000,
    throwOnError,
  } = options ?? ({} as UploadOptions);
  if (!isSource(file))
    throw new CognigyConfigError(
      "file",
      "must be a Blob or File, bytes (Uint8Array, ArrayBuffer), or a stream of bytes",
    );
  if (onProgress !== undefined && typeof onProgress !== "function")
    throw new CognigyConfigError("onProgress", "must be a function");
  if (!["POST", "PUT", "PATCH"].includes(method))
    throw new CognigyConfigError("method", `must be "POST", "PUT" or "PATCH", got ${String(method)}`);
  const fileName =
    options.fileName ?? (typeof File !== "undefined" && file instanceof File && file.name ? file.name : "upload");
  const contentType =
    options.contentType ?? (file instanceof Blob && file.type ? file.type : "application/octet-stream");
  const textFields = Object.entries(fields).flatMap(([name, value]) =>
    Array.isArray(value)
      ? value.map((item): [string, string] => [name, String(item)])
      : [[name, String(value)] as [string, string]],
  );
  let loaded = 0;
  const body = multipartBody(textFields, { name: fieldName, fileName, contentType, source: file }, (bytes) => {
    loaded += bytes;
    onProgress?.({ loaded, total: body.length });
  });
  onProgress?.({ loaded: 0, total: sizeOf(file) === undefined ? undefined : body.length });
  return await (client as CognigyClient).request(method, path, {
    params,
    body: body.stream,
    bodySerializer: (stream: unknown) => stream,
    headers: { "Content-Type": body.contentType },
    // A streamed request body, as fetch requires it to be declared.
    duplex: "half",
    signal,
    timeout,
    throwOnError,
    // The spec's request checks read JSON bodies; a multipart stream is not one.
    validate: false,
  } as never);
}

function isSource(value: unknown): value is UploadSource {
  return (
    value instanceof Blob ||
    value instanceof Uint8Array ||
    value instanceof ArrayBuffer ||
    value instanceof ReadableStream ||
    (typeof value === "object" && value !== null && Symbol.asyncIterator in value)
  );
}
