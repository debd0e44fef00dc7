/**
 * Resumable uploads over tus (`cognigy-openapi-client/resumable`): an entry of its own, so that only
 * code that imports it needs tus-js-client, an optional peer dependency.
 *
 * @module cognigy-openapi-client/resumable
 */
import { authorize, type SentCredentials } from "../auth/authorize.js";
import { coreOf } from "../client/core.js";
import type { AnyCognigyClient } from "../client/types.js";
import { CognigyConfigError } from "../errors/config-error.js";
import { CognigyAbortError, CognigyConnectionError, CognigyUnexpectedResponseError } from "../errors/request-errors.js";
import { redactUrl } from "../shared/redact.js";
import { importOptional } from "../errors/missing-dependency.js";
import type { TransferProgress } from "./upload.js";

/** The package {@link uploadResumable} loads, an optional dependency. */
export const TUS_PACKAGES = ["tus-js-client@4.3.1"] as const;
/** Requests in a row that move the upload no further before {@link uploadResumable} gives up. */
export const MAX_STALLED_REQUESTS = 5;

/** Options of {@link uploadResumable}. */
export interface ResumableUploadOptions {
  /** The file: a `Blob` or `File` (in Node.js, `fileFromPath()` of `cognigy-openapi-client/node`) or bytes. Read a chunk at a time. */
  file: Blob | Uint8Array;
  /** The tus endpoint's path under the client's base URL (a path, starting with `/`); default `/v2.0/uploads`. */
  endpoint?: string | undefined;
  /** tus metadata (`Upload-Metadata`), e.g. `{ filename, filetype }`; `filename` defaults to the `File`'s name. */
  metadata?: Readonly<Record<string, string>> | undefined;
  /** Bytes per PATCH request, and what a dropped connection can cost at most; default 8 MiB. */
  chunkSize?: number | undefined;
  /** Waits before each retry after a failed request (tus-js-client's `retryDelays`); default 0, 1, 3 and 5 seconds. */
  retryDelays?: readonly number[] | undefined;
  onProgress?: ((progress: TransferProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

/** What a finished resumable upload resolves to. */
export interface ResumableUploadResult {
  /** The upload's URL on the server (its tus resource). */
  readonly url: string;
  readonly bytes: number;
}

/**
 * Uploads a large file over the tus resumable upload protocol (Cognigy's `/v2.0/uploads`, as its
 * own client has it), with [tus-js-client](https://github.com/tus/tus-js-client): the file goes in
 * chunks, and after a dropped connection the upload asks the server how much arrived and goes on
 * from there. The client's credential is added to each request on its own server. tus-js-client is
 * an optional dependency: without it this throws a `CognigyMissingDependencyError` naming it.
 *
 * The server must move the upload on: an `Upload-Offset` that is not a whole number of bytes within
 * the file is refused at once, and {@link MAX_STALLED_REQUESTS} requests in a row that take no bytes
 * end the upload.
 *
 * @throws CognigyConfigError at once for an `endpoint` that is not a path or a credential the client
 *   sends in the query (tus requests carry it as a header); CognigyUnexpectedResponseError for a
 *   server that answers an impossible offset or stops taking bytes; CognigyConnectionError when the
 *   upload cannot go on after its retries; CognigyAbortError when `signal` fires. Messages never
 *   hold the upload's URL unredacted (it may be signed).
 */
export async function uploadResumable(
  client: AnyCognigyClient,
  options: ResumableUploadOptions,
): Promise<ResumableUploadResult> {
  const {
    file,
    endpoint = "/v2.0/uploads",
    metadata = {},
    chunkSize = 8 * 2 ** 20,
    retryDelays = [0, 1_000, 3_000, 5_000],
    onProgress,
    signal,
  } = options ?? ({} as ResumableUploadOptions);
  if (!(file instanceof Blob || file instanceof Uint8Array))
    throw new CognigyConfigError("file", "must be a Blob or File, or bytes (Uint8Array)");
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1)
    throw new CognigyConfigError("chunkSize", `must be a whole number of bytes ≥ 1, got ${String(chunkSize)}`);
  const blob = file instanceof Blob ? file : new Blob([file as Uint8Array<ArrayBuffer>]);
  // A path only: text such as "1749/v2.0/uploads" would move the request (and the key) elsewhere.
  if (typeof endpoint !== "string" || !/^\/(?!\/)[^?#\\]*$/.test(endpoint))
    throw new CognigyConfigError("endpoint", "must be a path under the client's base URL, such as /v2.0/uploads");
  const settings = coreOf(client).settings;
  const url = new URL(`${settings.baseUrl}${endpoint}`);
  if (settings.auth) {
    const probe = await authorize(new Request(url), settings.auth, { headers: new Set(), values: new Set() });
    if (probe.url !== url.href)
      throw new CognigyConfigError("auth", "a resumable upload needs a credential sent as a header, not in the query");
  }
  const { Upload } = await importOptional("uploadResumable()", TUS_PACKAGES, () => import("tus-js-client"));
  if (signal?.aborted)
    throw new CognigyAbortError({ method: "POST", url: redactUrl(url.href) }, { cause: signal.reason });
  const name = typeof File !== "undefined" && blob instanceof File ? blob.name : undefined;
  return new Promise<ResumableUploadResult>((resolve, reject) => {
    let method = "POST";
    let offset = 0;
    let stalled = 0;
    const where = (): string => redactUrl(upload.url ?? url.href);
    const fail = (error: Error): void => {
      signal?.removeEventListener("abort", onAbort);
      void upload.abort();
      reject(error);
    };
    const upload: InstanceType<typeof Upload> = new Upload(blob, {
      endpoint: url.href,
      metadata: { ...(name && { filename: name }), ...(blob.type && { filetype: blob.type }), ...metadata },
      chunkSize,
      retryDelays: [...retryDelays],
      // Read a chunk at a time from the Blob, in every runtime; a retry reads its chunk again.
      fileReader: { openFile: () => Promise.resolve(blobSource(blob)) },
      fingerprint: () => Promise.resolve(""),
      storeFingerprintForResuming: false,
      // The credential only on the client's own server: never to a Location elsewhere.
      onBeforeRequest: async (request) => {
        method = request.getMethod();
        if (!settings.auth || new URL(request.getURL()).origin !== url.origin) return;
        const sent: SentCredentials = { headers: new Set(), values: new Set() };
        const authorized = await authorize(
          new Request(request.getURL(), { method: request.getMethod() }),
          settings.auth,
          sent,
        );
        if (authorized.url !== request.getURL())
          throw new CognigyConfigError(
            "auth",
            "a resumable upload needs a credential sent as a header, not in the query",
          );
        for (const header of sent.headers) request.setHeader(header, authorized.headers.get(header) ?? "");
      },
      // The server's word on how far the upload got (HEAD, PATCH): a whole number of bytes within
      // the file; a PATCH it answers without taking any is a stall.
      onAfterResponse: (request, response): void => {
        const said = response.getHeader("Upload-Offset");
        if (said === undefined || said === null || response.getStatus() >= 300) return;
        const unexpected = (reason: string): Error =>
          new CognigyUnexpectedResponseError({
            method: request.getMethod(),
            url: where(),
            status: response.getStatus(),
            contentType: "",
            body: "",
            reason,
          });
        if (!/^\d+$/.test(said) || Number(said) > blob.size)
          return fail(
            unexpected(
              `the server answered Upload-Offset ${JSON.stringify(said.slice(0, 40))}, not a whole number of bytes within the ${blob.size}-byte file`,
            ),
          );
        if (request.getMethod() === "PATCH") stalled = Number(said) > offset ? 0 : stalled + 1;
        offset = Math.max(offset, Number(said));
        if (stalled >= MAX_STALLED_REQUESTS)
          fail(
            unexpected(
              `the server took no bytes in ${MAX_STALLED_REQUESTS} requests in a row (Upload-Offset stays ${offset})`,
            ),
          );
      },
      onProgress: (loaded, total) => onProgress?.({ loaded, total }),
      onSuccess: () => {
        signal?.removeEventListener("abort", onAbort);
        resolve({ url: upload.url ?? url.href, bytes: blob.size });
      },
      onError: (error) => {
        signal?.removeEventListener("abort", onAbort);
        if (error instanceof CognigyConfigError) return reject(error);
        // tus-js-client's message names the upload's URL, which may be signed: every URL in it is
        // redacted, and its error (which holds the request) is not kept.
        const reason = (error.message.split("\n")[0] ?? "the upload failed").replace(/https?:\/\/[^\s,)]+/g, (found) =>
          redactUrl(found),
        );
        reject(new CognigyConnectionError({ method, url: where(), reason, sent: true }));
      },
    });
    const onAbort = () => {
      void upload.abort();
      reject(new CognigyAbortError({ method, url: where() }, { cause: signal?.reason }));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    upload.start();
  });
}

// A tus file source over a Blob: each chunk read when asked for, nothing kept.
function blobSource(blob: Blob) {
  return {
    size: blob.size,
    async slice(start: number, end: number) {
      const bytes = new Uint8Array(await blob.slice(start, Math.min(end, blob.size)).arrayBuffer());
      // tus-js-client reads a chunk's length from `size`, as on a Blob (its own Node source does the same).
      return { value: Object.assign(bytes, { size: bytes.byteLength }), done: end >= blob.size };
    },
    close: () => undefined,
  };
}
