/**
 * Resumable uploads over tus (`cognigy-openapi-client/resumable`): an entry of its own, so that only
 * code that imports it needs tus-js-client, an optional peer dependency.
 *
 * @module cognigy-openapi-client/resumable
 */
import { authorize, type SentCredentials } from "../auth/authorize.js";
import { settingsOf } from "../client/create-client.js";
import type { AnyCognigyClient } from "../client/types.js";
import { CognigyConfigError } from "../errors/errors.js";
import { CognigyAbortError, CognigyConnectionError } from "../errors/request-errors.js";
import { redactUrl } from "../shared/redact.js";
import { importOptional } from "../shared/optional.js";
import type { TransferProgress } from "./upload.js";

/** The package {@link uploadResumable} loads, an optional dependency. */
export const TUS_PACKAGES = ["tus-js-client@4.3.1"] as const;

/** Options of {@link uploadResumable}. */
export interface ResumableUploadOptions {
  /** The file: a `Blob` or `File` (in Node.js, `fileFromPath()` of `cognigy-openapi-client/node`) or bytes. Read a chunk at a time. */
  file: Blob | Uint8Array;
  /** The tus endpoint under the client's base URL; default `/v2.0/uploads`. */
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
 * @throws CognigyConnectionError when the upload cannot go on after its retries; CognigyAbortError
 *   when `signal` fires.
 */
export async function uploadResumable(client: AnyCognigyClient, options: ResumableUploadOptions): Promise<ResumableUploadResult> {
  const { file, endpoint = "/v2.0/uploads", metadata = {}, chunkSize = 8 * 2 ** 20, retryDelays = [0, 1_000, 3_000, 5_000], onProgress, signal } = options ?? ({} as ResumableUploadOptions);
  if (!(file instanceof Blob || file instanceof Uint8Array)) throw new CognigyConfigError("file", "must be a Blob or File, or bytes (Uint8Array)");
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) throw new CognigyConfigError("chunkSize", `must be a whole number of bytes ≥ 1, got ${String(chunkSize)}`);
  const blob = file instanceof Blob ? file : new Blob([file as Uint8Array<ArrayBuffer>]);
  const settings = settingsOf(client);
  const url = new URL(`${settings.baseUrl}${endpoint}`);
  const { Upload } = await importOptional("uploadResumable()", TUS_PACKAGES, () => import("tus-js-client"));
  signal?.throwIfAborted();
  const name = typeof File !== "undefined" && blob instanceof File ? blob.name : undefined;
  return new Promise<ResumableUploadResult>((resolve, reject) => {
    const upload = new Upload(blob, {
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
        if (!settings.auth || new URL(request.getURL()).origin !== url.origin) return;
        const sent: SentCredentials = { headers: new Set(), values: new Set() };
        const authorized = await authorize(new Request(request.getURL(), { method: request.getMethod() }), settings.auth, sent);
        if (authorized.url !== request.getURL()) throw new CognigyConfigError("auth", "a resumable upload needs a credential sent as a header, not in the query");
        for (const header of sent.headers) request.setHeader(header, authorized.headers.get(header) ?? "");
      },
      onProgress: (loaded, total) => onProgress?.({ loaded, total }),
      onSuccess: () => {
        signal?.removeEventListener("abort", onAbort);
        resolve({ url: upload.url ?? url.href, bytes: blob.size });
      },
      onError: (error) => {
        signal?.removeEventListener("abort", onAbort);
        if (error instanceof CognigyConfigError) return reject(error);
        reject(new CognigyConnectionError({ method: "PATCH", url: redactUrl(upload.url ?? url.href), reason: error.message.split("\n")[0] ?? "the upload failed", sent: true }, { cause: error }));
      },
    });
    const onAbort = () => {
      void upload.abort();
      reject(new CognigyAbortError({ method: "PATCH", url: redactUrl(upload.url ?? url.href) }, { cause: signal?.reason }));
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
