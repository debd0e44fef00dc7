import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  apiKeyAuth,
  CognigyConfigError,
  CognigyConnectionError,
  CognigyDownloadError,
  CognigyUnexpectedResponseError,
  createCognigyClient,
  download,
  upload,
  waitForTask,
  type TransferProgress,
} from "../src/index.js";
import { listen } from "../src/testing/servers/listen.js";
import { MAX_STALLED_REQUESTS, uploadResumable } from "../src/transfer/resumable.js";
import { fileFromPath, fileSink } from "../src/node/index.js";
import { packageBytes, startCognigyFake } from "../scripts/servers/cognigy-fake.js";

// Uploads and downloads against the fake: the multipart parts as the server parsed them, progress,
// no retry of a body that cannot be sent again, drops mid-transfer, sizes checked.
const API_KEY = "transfer-key";
const PROJECT = "5ce7c2d833ea1e04d7e6c432";
let fake: Awaited<ReturnType<typeof startCognigyFake>>;
let dir: string;
beforeAll(async () => {
  fake = await startCognigyFake({ apiKey: API_KEY, packageBytes: 300_000 });
  dir = await mkdtemp(join(tmpdir(), "cognigy-transfer-"));
});
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const client = () =>
  createCognigyClient({ baseUrl: fake.url, apiKey: API_KEY, retry: { initialDelayMs: 1, maxDelayMs: 5 } });
// The snapshot routes, which the bundled spec lacks, as plain strings: request()'s loose form on any spec.
const route = (path: string) => path;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const bytesOf = (size: number, seed = "upload") => new Uint8Array(packageBytes(seed, size));
const streamOf = (bytes: Uint8Array, piece = 10_000) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < bytes.length; at += piece) controller.enqueue(bytes.slice(at, at + piece));
      controller.close();
    },
  });

describe("upload", () => {
  const content = bytesOf(200_003);
  test.each([
    ["bytes", () => content, "upload", "application/octet-stream"],
    ["an ArrayBuffer", () => content.slice().buffer, "upload", "application/octet-stream"],
    ["a Blob", () => new Blob([content], { type: "application/zip" }), "upload", "application/zip"],
    [
      "a File",
      () => new File([content], "nightly.csnap", { type: "application/x-cognigy" }),
      "nightly.csnap",
      "application/x-cognigy",
    ],
    ["a ReadableStream", () => streamOf(content), "upload", "application/octet-stream"],
    [
      "an async iterable",
      () =>
        (async function* () {
          yield await Promise.resolve(content.subarray(0, 100_000));
          yield content.subarray(100_000);
        })(),
      "upload",
      "application/octet-stream",
    ],
  ])(
    "sends %s as multipart/form-data: fields first, the file part as the server parsed it",
    async (_, source, fileName, contentType) => {
      const before = fake.uploads.length;
      const result = await upload(client(), "/v2.0/snapshots/upload", {
        file: source() as never,
        fields: { projectId: PROJECT, tags: ["a", 'b "quoted"'] },
      });
      expect(result.response.status).toBe(202);
      expect(fake.uploads.slice(before)).toEqual([
        {
          path: "/v2.0/snapshots/upload",
          fields: { projectId: [PROJECT], tags: ["a", 'b "quoted"'] },
          file: { fieldName: "file", fileName, contentType, bytes: content.length, sha256: sha256(content) },
        },
      ]);
    },
  );

  test("a file from disk, read as it is sent, with progress to the last byte, awaited as a task", async () => {
    const path = join(dir, "from-disk.csnap");
    await writeFile(path, bytesOf(1_000_000, "disk"));
    const progress: TransferProgress[] = [];
    const task = await waitForTask(
      client(),
      upload(client(), "/v2.0/snapshots/upload", {
        file: await fileFromPath(path),
        fields: { projectId: PROJECT },
        onProgress: (p) => void progress.push(p),
      }),
      { initialIntervalMs: 100 },
    );
    expect(task).toMatchObject({ status: "done", type: "uploadSnapshot", parameters: { fileName: "from-disk.csnap" } });
    expect(fake.uploads.at(-1)!.file).toMatchObject({
      fileName: "from-disk.csnap",
      bytes: 1_000_000,
      sha256: sha256(bytesOf(1_000_000, "disk")),
    });
    const total = progress.at(-1)!.total!;
    expect(total).toBeGreaterThan(1_000_000);
    expect(progress.at(-1)!.loaded).toBe(total);
    expect(progress.map((p) => p.loaded)).toEqual([...progress.map((p) => p.loaded)].sort((a, b) => a - b));
    expect(progress.length).toBeGreaterThan(10);
  });

  test("a dropped upload is not sent again (a stream body cannot be): a CognigyConnectionError saying it may have arrived", async () => {
    fake.script.dropUploadAt = 100_000;
    const before = fake.seen.filter((request) => request.path === "/v2.0/snapshots/upload").length;
    const error = await upload(client(), "/v2.0/snapshots/upload", {
      file: bytesOf(500_000),
      fields: { projectId: PROJECT },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CognigyConnectionError);
    expect(fake.seen.filter((request) => request.path === "/v2.0/snapshots/upload").length - before).toBe(1);
  });

  test("refuses a source it cannot send, before anything is sent", async () => {
    await expect(upload(client(), "/v2.0/snapshots/upload", { file: "nightly.csnap" as never })).rejects.toThrow(
      /^file: must be a Blob or File, bytes/,
    );
  });
});

describe("download", () => {
  async function packagedSnapshot(name: string) {
    const c = client();
    await waitForTask(c, c.request("POST", route("/v2.0/snapshots"), { body: { name, projectId: PROJECT } }), {
      initialIntervalMs: 100,
    });
    const snapshot = fake.snapshots().find((item) => item.name === name)!;
    await waitForTask(
      c,
      c.request("POST", route("/v2.0/snapshots/{snapshotId}/package"), {
        params: { path: { snapshotId: snapshot._id } },
      }),
      { initialIntervalMs: 100 },
    );
    return snapshot;
  }
  const linkCall = (snapshotId: string) =>
    client().request("POST", route("/v2.0/snapshots/{snapshotId}/downloadlink"), { params: { path: { snapshotId } } });

  test("streams the link's body to a file with progress, the byte count checked; the link gets no credential", async () => {
    const snapshot = await packagedSnapshot("to-download");
    const path = join(dir, "downloaded.csnap");
    const progress: TransferProgress[] = [];
    const result = await download(client(), linkCall(snapshot._id), {
      to: await fileSink(path),
      onProgress: (p) => void progress.push(p),
    });
    expect(result.bytes).toBe(300_000);
    expect(sha256(await readFile(path))).toBe(sha256(packageBytes(`to-download/${snapshot._id}`, 300_000)));
    expect(progress[0]).toEqual({ loaded: 0, total: 300_000 });
    expect(progress.at(-1)).toEqual({ loaded: 300_000, total: 300_000 });
    // The fake answers 400 to a download that carries the key: this one arrived without.
    expect((await readdir(dir)).filter((file) => file.includes(".part-"))).toEqual([]);
  });

  test("a body that breaks off is a CognigyDownloadError, and the file is not left behind", async () => {
    const snapshot = await packagedSnapshot("cut-off");
    fake.script.dropDownloadAt = 0.5;
    const path = join(dir, "cut-off.csnap");
    const error = await download(client(), linkCall(snapshot._id), { to: await fileSink(path) }).then(
      () => expect.unreachable("expected a rejection"),
      (e: unknown) => e as CognigyDownloadError,
    );
    expect(error).toBeInstanceOf(CognigyDownloadError);
    expect(error.expectedBytes).toBe(300_000);
    expect(error.receivedBytes).toBeLessThan(300_000);
    expect(error.message).toMatch(/download failed: the body (broke off|ended early)/);
    // The link's signature is a credential too: never in a message.
    expect(error.message).toContain("signature=[redacted]");
    expect(error.message).not.toContain(`fake-${snapshot._id}`);
    expect((await readdir(dir)).filter((file) => file.startsWith("cut-off"))).toEqual([]);
  });

  test("a size that disagrees with Content-Length is a CognigyDownloadError", async () => {
    const server = createCognigyClient({
      baseUrl: fake.url,
      apiKey: API_KEY,
      fetch: () => Promise.resolve(new Response(new Uint8Array(10), { headers: { "content-length": "20" } })),
    });
    const chunks: Uint8Array[] = [];
    const error = await download(server, `${fake.url}/downloads/x`, {
      to: new WritableStream({ write: (chunk) => void chunks.push(chunk) }),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "CognigyDownloadError", expectedBytes: 20, receivedBytes: 10 });
  });

  test("nothing is left behind when it fails before the body, or cannot keep the file; the message says which", async () => {
    const cases: Array<[string, string, RegExp]> = [];
    const server = await listen((request, response) => {
      if (request.url === "/reset") return void request.socket.destroy();
      if (request.url === "/elsewhere")
        return void response.writeHead(302, { location: "https://other.example/file" }).end();
      response.writeHead(200, { "content-type": "application/octet-stream" }).end("whole body");
    });
    try {
      cases.push(
        ["reset", `${server.url}/reset`, /CognigyConnectionError/],
        ["redirect", `${server.url}/elsewhere`, /CognigyRedirectError/],
        ["not http", "file:///etc/passwd", /Cognigy/],
      );
      const quick = createCognigyClient({ baseUrl: fake.url, apiKey: API_KEY, retry: { maxRetries: 0 } });
      for (const [name, link, type] of cases) {
        const error = await download(quick, link, { to: await fileSink(join(dir, `${name}.bin`)) }).then(
          () => expect.unreachable(`${name}: expected a rejection`),
          (e: unknown) => e as Error,
        );
        expect(error.name, name).toMatch(type);
      }
      // The target is a directory: the body arrived whole, the file could not be put in place.
      const target = join(dir, "a-directory");
      await mkdir(target);
      const kept = await download(quick, `${server.url}/whole`, { to: await fileSink(target) }).then(
        () => expect.unreachable("expected a rejection"),
        (e: unknown) => e as Error,
      );
      expect(kept).toBeInstanceOf(CognigyDownloadError);
      expect(kept.message).toMatch(
        /the body arrived whole, but the sink could not keep it \(.*(EISDIR|EPERM|ENOTEMPTY|EEXIST)/,
      );
      expect((await readdir(dir)).filter((file) => file.includes(".part-"))).toEqual([]);
    } finally {
      await server.close();
    }
  });

  test("a gzip body whose Content-Length is its compressed size arrives whole, decoded", async () => {
    const content = bytesOf(200_000, "gzip");
    const compressed = gzipSync(content);
    const server = await listen(
      (_, response) =>
        void response
          .writeHead(200, {
            "content-type": "application/octet-stream",
            "content-encoding": "gzip",
            "content-length": String(compressed.length),
          })
          .end(compressed),
    );
    try {
      const chunks: Uint8Array[] = [];
      const result = await download(client(), `${server.url}/package.csnap`, {
        to: new WritableStream({ write: (chunk) => void chunks.push(chunk) }),
      });
      expect(result.bytes).toBe(content.length);
      expect(sha256(Buffer.concat(chunks))).toBe(sha256(content));
    } finally {
      await server.close();
    }
  });
});

describe("uploadResumable", () => {
  test("sends a file in chunks over tus with the credential, and after a drop at half goes on from where the server got to", async () => {
    const content = bytesOf(3_000_000, "tus");
    fake.script.dropTusAt = fake.tusBytes() + 1_500_000;
    const before = fake.tusReceived();
    const progress: TransferProgress[] = [];
    const result = await uploadResumable(client(), {
      file: new File([content], "big.csnap"),
      chunkSize: 256 * 1024,
      retryDelays: [0, 10, 10],
      onProgress: (p) => void progress.push(p),
    });
    const uploadId = result.url.split("/").pop()!;
    expect(fake.tusUpload(uploadId)).toMatchObject({
      length: 3_000_000,
      offset: 3_000_000,
      done: true,
      sha256: sha256(content),
    });
    expect(fake.tusUpload(uploadId)!.metadata).toContain(`filename ${btoa("big.csnap")}`);
    // What the drop cost: at most the chunk in flight, far under 1.1× the file.
    const sent = fake.tusReceived() - before;
    expect(sent).toBeGreaterThan(3_000_000);
    expect(sent).toBeLessThanOrEqual(3_000_000 * 1.1);
    expect(fake.script.dropTusAt).toBeUndefined();
    expect(progress.at(-1)).toEqual({ loaded: 3_000_000, total: 3_000_000 });
  });

  test("without the credential the server refuses, and the upload fails with a typed error", async () => {
    const anonymous = createCognigyClient({ baseUrl: fake.url, auth: "none" });
    await expect(uploadResumable(anonymous, { file: bytesOf(1000), retryDelays: [] })).rejects.toBeInstanceOf(
      CognigyConnectionError,
    );
  });

  test("an abort stops it with a CognigyAbortError", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(uploadResumable(client(), { file: bytesOf(1000), signal: controller.signal })).rejects.toThrow();
  });
});

// A tus server that misbehaves as told: its upload's URL is signed, as a storage link would be.
describe("uploadResumable against a server that misbehaves", () => {
  const SIGNATURE = "sig-7d1e-secret";
  let answer: { post?: number; patch: (body: number) => [number, Record<string, string>]; head?: string } = {
    patch: () => [204, { "Upload-Offset": "0" }],
  };
  const seen: string[] = [];
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    server = await listen((request, response) => {
      seen.push(`${request.method} ${request.url}`);
      let body = 0;
      request.on("data", (chunk: Buffer) => void (body += chunk.length));
      request.on("end", () => {
        const tus = { "Tus-Resumable": "1.0.0" };
        if (request.method === "POST")
          return void response
            .writeHead(answer.post ?? 201, {
              ...tus,
              Location: `${server.url}/files/u1?X-Amz-Signature=${SIGNATURE}&signature=${SIGNATURE}`,
            })
            .end();
        if (request.method === "HEAD")
          return void response
            .writeHead(200, {
              ...tus,
              "Upload-Offset": answer.head ?? "0",
              "Upload-Length": "1000",
              "Cache-Control": "no-store",
            })
            .end();
        const [status, headers] = answer.patch(body);
        response.writeHead(status, { ...tus, ...headers }).end();
      });
    });
  });
  afterAll(() => server.close());
  const resumable = (
    options: Partial<Parameters<typeof uploadResumable>[1]> = {},
    apiKey: Record<string, unknown> = { apiKey: API_KEY },
  ) => {
    seen.length = 0;
    return uploadResumable(createCognigyClient({ baseUrl: server.url, ...apiKey }), {
      file: bytesOf(1000),
      chunkSize: 100,
      retryDelays: [],
      ...options,
    }).then(
      () => expect.unreachable("expected a rejection"),
      (error: unknown) => error as Error & Record<string, unknown>,
    );
  };

  test(`gives up after ${MAX_STALLED_REQUESTS} requests in a row that move it no further`, async () => {
    answer = { patch: () => [204, { "Upload-Offset": "0" }] };
    const error = await resumable();
    expect(error).toBeInstanceOf(CognigyUnexpectedResponseError);
    expect(error.message).toContain(
      `the server took no bytes in ${MAX_STALLED_REQUESTS} requests in a row (Upload-Offset stays 0)`,
    );
    expect(seen.filter((line) => line.startsWith("PATCH")).length).toBe(MAX_STALLED_REQUESTS);
  });

  test.each([["-1"], ["-300"], ["1e3"], ["1001"], ["12abc"]])(
    "refuses Upload-Offset %s at once, from a PATCH or a HEAD",
    async (offset) => {
      answer = { patch: () => [204, { "Upload-Offset": offset }] };
      const fromPatch = await resumable();
      expect(fromPatch).toBeInstanceOf(CognigyUnexpectedResponseError);
      expect(fromPatch.message).toContain(
        `the server answered Upload-Offset ${JSON.stringify(offset)}, not a whole number of bytes within the 1000-byte file`,
      );
      expect(seen.filter((line) => line.startsWith("PATCH"))).toHaveLength(1);
      // A failed PATCH makes tus-js-client ask HEAD where the upload stands.
      let failed = false;
      answer = {
        patch: () => (failed ? [204, { "Upload-Offset": "100" }] : ((failed = true), [500, {}])),
        head: offset,
      };
      const fromHead = await resumable({ retryDelays: [0] });
      expect(fromHead).toBeInstanceOf(CognigyUnexpectedResponseError);
      expect(fromHead.method).toBe("HEAD");
    },
  );

  test("its errors never hold the signed URL, and a failed creation is named POST", async () => {
    answer = { patch: () => [500, {}] };
    const error = await resumable();
    expect(error).toBeInstanceOf(CognigyConnectionError);
    expect(error.method).toBe("PATCH");
    expect(String(error.message) + String(error.url) + JSON.stringify(error) + String(error.cause)).not.toContain(
      SIGNATURE,
    );
    answer = { post: 500, patch: () => [500, {}] };
    const creation = await resumable();
    expect(creation).toBeInstanceOf(CognigyConnectionError);
    expect(creation.method).toBe("POST");
  });

  test("an endpoint that is not a path, or a key sent in the query, is a CognigyConfigError before any request", async () => {
    for (const endpoint of [
      "1749/v2.0/uploads",
      "//elsewhere.example/uploads",
      "https://elsewhere.example/uploads",
      "/v2.0/uploads?x=1",
    ]) {
      const error = await resumable({ endpoint });
      expect(error).toBeInstanceOf(CognigyConfigError);
      expect(error.option).toBe("endpoint");
    }
    const inQuery = await resumable({}, { auth: apiKeyAuth(API_KEY, { in: "query" }) });
    expect(inQuery).toBeInstanceOf(CognigyConfigError);
    expect(inQuery.message).toContain("a resumable upload needs a credential sent as a header, not in the query");
    expect(seen).toEqual([]);
  });
});
