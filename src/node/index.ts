/**
 * Files on disk for uploads and downloads, in Node.js (and Deno and Bun, which serve `node:fs`):
 * `fileFromPath` to upload a file without reading it into memory, `fileSink` to download into one.
 *
 * @module cognigy-openapi-client/node
 */
import { openAsBlob } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { basename } from "node:path";

/**
 * A file on disk as a `File` for `upload()` (and `uploadResumable()`): backed by the file
 * (Node's `fs.openAsBlob`), read piece by piece as it is sent, never whole. Its name is the path's
 * last segment.
 */
export async function fileFromPath(path: string, options: { type?: string } = {}): Promise<File> {
  const blob = await openAsBlob(path, options.type === undefined ? {} : { type: options.type });
  return new File([blob], basename(path), { type: blob.type });
}

/**
 * A `WritableStream` into a file, for `download()`: the bytes go to a temporary file beside
 * `path` (`<path>.part-…`), which becomes `path` only when the download is whole; a download that
 * fails or is aborted leaves no file behind (and an existing `path` untouched).
 */
export async function fileSink(path: string): Promise<WritableStream<Uint8Array>> {
  const partial = `${path}.part-${crypto.randomUUID().slice(0, 8)}`;
  const file = await open(partial, "wx");
  const discard = async () => {
    await file.close().catch(() => undefined);
    await rm(partial, { force: true });
  };
  return new WritableStream<Uint8Array>({
    async write(chunk) {
      for (let at = 0; at < chunk.byteLength;) at += (await file.write(chunk, at, chunk.byteLength - at)).bytesWritten;
    },
    async close() {
      await file.close();
      // A target that cannot be replaced (a directory, a missing folder) leaves no partial file behind.
      await rename(partial, path).catch(async (error: unknown) => {
        await rm(partial, { force: true });
        throw error;
      });
    },
    abort: discard,
  });
}
