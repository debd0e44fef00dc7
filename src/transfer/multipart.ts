/** A file part's content: what {@link upload} sends. */
export type UploadSource = Blob | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** A `multipart/form-data` body as a stream, and what it needs to be sent. */
export interface MultipartBody {
  readonly stream: ReadableStream<Uint8Array>;
  readonly contentType: string;
  /** Bytes in all, when every part's size is known. */
  readonly length: number | undefined;
}

const encoder = new TextEncoder();

// WHATWG's multipart/form-data encoding of a name: quotes and line breaks percent-encoded.
const escape = (name: string) => name.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");

/**
 * Encodes text fields and one file part as `multipart/form-data` (RFC 7578), streamed: the file's
 * bytes are read as the body is sent, never held whole. The platform's `FormData` cannot carry a
 * stream, and a body it encodes cannot report progress; this one is read through `onChunk`.
 */
export function multipartBody(
  fields: ReadonlyArray<readonly [string, string]>,
  file: { name: string; fileName: string; contentType: string; source: UploadSource },
  onChunk: (bytes: number) => void,
): MultipartBody {
  const boundary = `----cognigy-${crypto.randomUUID()}`;
  const head = [
    ...fields.map(
      ([name, value]) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${escape(name)}"\r\n\r\n${value.replace(/\r?\n|\r/g, "\r\n")}\r\n`,
    ),
    `--${boundary}\r\nContent-Disposition: form-data; name="${escape(file.name)}"; filename="${escape(file.fileName)}"\r\nContent-Type: ${file.contentType.replace(/[\r\n]/g, "")}\r\n\r\n`,
  ].join("");
  const headBytes = encoder.encode(head);
  const tailBytes = encoder.encode(`\r\n--${boundary}--\r\n`);
  const size = sizeOf(file.source);
  let content: AsyncIterator<Uint8Array> | undefined;
  let stage: "head" | "file" | "tail" | "done" = "head";
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const send = (chunk: Uint8Array) => {
        onChunk(chunk.byteLength);
        controller.enqueue(chunk);
      };
      if (stage === "head") {
        stage = "file";
        return send(headBytes);
      }
      if (stage === "file") {
        content ??= chunksOf(file.source);
        const next = await content.next();
        if (!next.done) return send(next.value);
        stage = "tail";
      }
      if (stage === "tail") {
        stage = "done";
        send(tailBytes);
        return controller.close();
      }
    },
    async cancel(reason) {
      await content?.return?.(reason);
    },
  });
  return {
    stream,
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: size === undefined ? undefined : headBytes.byteLength + size + tailBytes.byteLength,
  };
}

/** The size of a source when it is known without reading it. */
export function sizeOf(source: UploadSource): number | undefined {
  if (source instanceof Blob) return source.size;
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) return source.byteLength;
  return undefined;
}

// A source's bytes in pieces of at most 64 KiB: a Blob (a file from fs.openAsBlob among them) is
// read as it goes, bytes are sliced without a copy.
async function* chunksOf(source: UploadSource): AsyncGenerator<Uint8Array> {
  if (source instanceof ArrayBuffer) source = new Uint8Array(source);
  if (source instanceof Uint8Array) {
    for (let at = 0; at < source.byteLength; at += 65_536) yield source.subarray(at, at + 65_536);
    return;
  }
  if (source instanceof Blob) source = source.stream() as ReadableStream<Uint8Array>;
  if (source instanceof ReadableStream) {
    const reader = source.getReader();
    let ended = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if ((ended = done)) return;
        yield value;
      }
    } finally {
      // Stopped early (the upload failed or was aborted): the source is cancelled too.
      if (ended) reader.releaseLock();
      else await reader.cancel().catch(() => undefined);
    }
  }
  for await (const chunk of source as AsyncIterable<Uint8Array>) {
    if (!(chunk instanceof Uint8Array)) throw new TypeError("an upload stream must yield Uint8Array chunks");
    yield chunk;
  }
}
