import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import busboy from "busboy";
import { listen } from "../../src/testing/servers/listen.js";

/**
 * A fake of Cognigy's long-running work on 127.0.0.1, modelled on the docs (../shared/reference):
 * actions answer 202 with a Task that advances a step every `stepMs` until it ends; snapshots are
 * created, packaged, downloaded through a link, uploaded as multipart and restored; `/v2.0/uploads`
 * speaks tus (creation, HEAD, PATCH); `/openapi/openapi-viewer.json` serves the committed spec
 * snapshot, as every Cognigy installation serves its own. Every route wants the API key. Tests script what goes wrong:
 * tasks that fail or hang, 429s while polling, a connection dropped mid-upload or mid-download.
 */

/** A task as the fake keeps it. */
export interface FakeTask {
  _id: string;
  status: "queued" | "active" | "done" | "cancelling" | "cancelled" | "error";
  type: string;
  parameters: Record<string, unknown>;
  currentStep: number;
  totalStep: number;
  lastChangedAt: number;
  error?: string;
}

/** How the next task created goes. */
export type TaskFate = "done" | "error" | "hang";

/** A multipart upload as the fake received it: its text fields and its file part, hashed as it streamed in. */
export interface ReceivedUpload {
  readonly path: string;
  readonly fields: Record<string, string[]>;
  readonly file:
    { fieldName: string; fileName: string; contentType: string; bytes: number; sha256: string } | undefined;
}

interface Snapshot {
  _id: string;
  name: string;
  projectId: string;
  packaged: boolean;
  /** The package's size and the seed its bytes are made from. */
  size: number;
  seed: string;
}

/** The bytes of a snapshot package: made from a seed, so a download can be checked without keeping a copy. */
export function packageBytes(seed: string, size: number): Buffer {
  const block = createHash("sha256").update(seed).digest();
  const bytes = Buffer.alloc(size);
  for (let at = 0; at < size; at += block.length) block.copy(bytes, at, 0, Math.min(block.length, size - at));
  return bytes;
}

export async function startCognigyFake(options: { apiKey: string; stepMs?: number; packageBytes?: number }) {
  const stepMs = options.stepMs ?? 20;
  const tasks = new Map<string, FakeTask>();
  const snapshots = new Map<string, Snapshot>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const tusUploads = new Map<
    string,
    { length: number; offset: number; hash: ReturnType<typeof createHash>; metadata: string; done: boolean }
  >();
  const script = {
    /** Fates of the next tasks, in order; then "done". */
    fates: [] as TaskFate[],
    /** Task polls to refuse with 429 (Retry-After: 0) before answering. */
    pollRefusals: 0,
    /** Drop the next download's connection after this share of its bytes. */
    dropDownloadAt: undefined as number | undefined,
    /** Drop the next tus PATCH's connection after this many bytes of the upload in all. */
    dropTusAt: undefined as number | undefined,
    /** Drop the next multipart upload's connection after this many bytes of its body. */
    dropUploadAt: undefined as number | undefined,
  };
  const seen: Array<{ method: string; path: string }> = [];
  const uploads: ReceivedUpload[] = [];
  let tusBytes = 0;
  // Every byte that reached the tus endpoint, kept or lost in a drop: what the client sent at least.
  let tusReceived = 0;
  let serial = 0;
  const id = () => (++serial).toString(16).padStart(24, "0");

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };
  const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    void response.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
  const problem = (response: ServerResponse, status: number, detail: string) =>
    json(response, status, { status, title: "Error", detail, traceId: `fake-${status}` });

  /** Starts a task that advances a step every stepMs and, when done, runs `effect`. */
  const startTask = (type: string, parameters: Record<string, unknown>, effect: () => void): FakeTask => {
    const fate = script.fates.shift() ?? "done";
    const task: FakeTask = {
      _id: id(),
      status: "queued",
      type,
      parameters,
      currentStep: 0,
      totalStep: 3,
      lastChangedAt: Date.now(),
    };
    tasks.set(task._id, task);
    const step = () => {
      if (task.status === "cancelling") {
        task.status = "cancelled";
        return;
      }
      if (task.status !== "queued" && task.status !== "active") return;
      task.status = "active";
      task.lastChangedAt = Date.now();
      if (fate === "hang" && task.currentStep === 1) return later(stepMs, step);
      if (fate === "error" && task.currentStep === 2) {
        task.status = "error";
        task.error = `${type} failed: the fake was told to fail`;
        return;
      }
      if (++task.currentStep < task.totalStep) return later(stepMs, step);
      effect();
      task.status = "done";
    };
    later(stepMs, step);
    return task;
  };

  const readJson = async (request: IncomingMessage): Promise<Record<string, unknown>> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };

  // A multipart body parsed as it streams in: fields kept, the file hashed and counted, never stored.
  const receiveMultipart = (request: IncomingMessage, path: string) =>
    new Promise<ReceivedUpload>((resolve, reject) => {
      const fields: Record<string, string[]> = {};
      let file: ReceivedUpload["file"];
      let received = 0;
      const drop = script.dropUploadAt;
      script.dropUploadAt = undefined;
      if (drop !== undefined) {
        request.on("data", (chunk: Buffer) => {
          received += chunk.length;
          if (received >= drop) request.socket.destroy();
        });
      }
      const parser = busboy({ headers: request.headers });
      parser.on("field", (name, value) => (fields[name] ??= []).push(value));
      parser.on("file", (fieldName, stream, info) => {
        const hash = createHash("sha256");
        let bytes = 0;
        stream.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          hash.update(chunk);
        });
        stream.on(
          "end",
          () =>
            (file = {
              fieldName,
              fileName: info.filename ?? "",
              contentType: info.mimeType,
              bytes,
              sha256: hash.digest("hex"),
            }),
        );
      });
      parser.on("close", () => resolve({ path, fields, file }));
      parser.on("error", reject);
      request.on("aborted", () => reject(new Error("upload aborted")));
      request.pipe(parser);
    });

  const handler = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://fake");
    const path = url.pathname;
    const method = request.method ?? "GET";
    seen.push({ method, path });
    void route(request, response, method, path, url).catch((error: unknown) => {
      if (!response.headersSent && !response.destroyed) problem(response, 500, (error as Error).message);
    });
  };
  const server = await listen(handler);
  // Download links point at another origin, as signed storage URLs do.
  const storage = await listen(handler);
  const base = server.url;

  async function route(
    request: IncomingMessage,
    response: ServerResponse,
    method: string,
    path: string,
    url: URL,
  ): Promise<void> {
    let match: RegExpExecArray | null;
    // Downloads are signed links on another origin: no key wanted, and none must arrive.
    if ((match = /^\/downloads\/([0-9a-f]{24})$/.exec(path)) && method === "GET") {
      if (request.headers["x-api-key"] !== undefined)
        return problem(response, 400, "a download link must not be sent the API key");
      if (url.searchParams.get("signature") !== `fake-${match[1]}`)
        return problem(response, 403, "the link's signature is missing");
      const snapshot = snapshots.get(match[1]!);
      if (!snapshot?.packaged) return problem(response, 404, "no such package");
      const drop = script.dropDownloadAt;
      script.dropDownloadAt = undefined;
      response.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(snapshot.size) });
      const block = packageBytes(snapshot.seed, Math.min(snapshot.size, 64 * 1024));
      let sent = 0;
      const write = () => {
        while (sent < snapshot.size) {
          if (drop !== undefined && sent >= drop * snapshot.size) return void response.socket?.destroy();
          const piece = block.subarray(0, Math.min(block.length, snapshot.size - sent));
          sent += piece.length;
          if (!response.write(piece)) return void response.once("drain", write);
        }
        response.end();
      };
      return write();
    }
    if (request.headers["x-api-key"] !== options.apiKey) return problem(response, 401, "missing or wrong API key");
    if (path === "/openapi/openapi-viewer.json" && method === "GET")
      return json(response, 200, JSON.parse(await readFile("openapi/cognigy.openapi.json", "utf8")));

    if ((match = /^\/v2\.0\/tasks\/([0-9a-f]{24})$/.exec(path)) && method === "GET") {
      if (script.pollRefusals > 0) {
        script.pollRefusals--;
        return json(response, 429, { status: 429, title: "Too Many Requests" }, { "retry-after": "0" });
      }
      const task = tasks.get(match[1]!);
      return task ? json(response, 200, task) : problem(response, 404, "no such task");
    }
    if ((match = /^\/v2\.0\/tasks\/([0-9a-f]{24})\/cancel$/.exec(path)) && method === "POST") {
      const task = tasks.get(match[1]!);
      if (!task) return problem(response, 404, "no such task");
      if (task.status === "queued" || task.status === "active") {
        task.status = "cancelling";
        later(stepMs, () => (task.status = "cancelled"));
      }
      return void response.writeHead(204).end();
    }
    if (path === "/v2.0/snapshots" && method === "GET") {
      const items = [...snapshots.values()].map(({ _id, name, projectId }) => ({ _id, name, projectId }));
      return json(response, 200, { items, total: items.length, nextCursor: null, previousCursor: null });
    }
    if (path === "/v2.0/snapshots" && method === "POST") {
      const body = await readJson(request);
      const name = typeof body["name"] === "string" ? body["name"] : "";
      const projectId = typeof body["projectId"] === "string" ? body["projectId"] : "";
      if (!name || !projectId) return problem(response, 400, "name and projectId are required");
      const _id = id();
      return json(
        response,
        202,
        startTask("createSnapshot", { name, projectId }, () =>
          snapshots.set(_id, {
            _id,
            name,
            projectId,
            packaged: false,
            size: options.packageBytes ?? 256 * 1024,
            seed: `${name}/${_id}`,
          }),
        ),
      );
    }
    if (
      (match = /^\/v2\.0\/snapshots\/([0-9a-f]{24})\/(package|downloadlink|restore)$/.exec(path)) &&
      method === "POST"
    ) {
      const snapshot = snapshots.get(match[1]!);
      if (!snapshot) return problem(response, 404, "no such snapshot");
      await readJson(request);
      if (match[2] === "package")
        return json(
          response,
          202,
          startTask("packageSnapshot", { snapshotId: snapshot._id }, () => (snapshot.packaged = true)),
        );
      if (match[2] === "restore")
        return json(
          response,
          202,
          startTask("restoreSnapshot", { snapshotId: snapshot._id, projectId: snapshot.projectId }, () => undefined),
        );
      if (!snapshot.packaged) return problem(response, 409, "package the snapshot first");
      return json(response, 200, {
        downloadLink: `${storage.url}/downloads/${snapshot._id}?signature=fake-${snapshot._id}`,
      });
    }
    if (path === "/v2.0/snapshots/upload" && method === "POST") {
      const received = await receiveMultipart(request, path);
      uploads.push(received);
      if (!received.file || received.file.bytes === 0) return problem(response, 400, "a file part is required");
      const projectId = received.fields["projectId"]?.[0] ?? "";
      const name = received.file.fileName.replace(/\.csnap$/, "");
      const _id = id();
      const { bytes } = received.file;
      return json(
        response,
        202,
        startTask("uploadSnapshot", { projectId, fileName: received.file.fileName }, () =>
          snapshots.set(_id, { _id, name, projectId, packaged: true, size: bytes, seed: `${name}/${_id}` }),
        ),
      );
    }
    // tus 1.0.0: creation, offset and append.
    if (path === "/v2.0/uploads" && method === "POST") {
      const length = Number(request.headers["upload-length"]);
      if (!Number.isSafeInteger(length) || length < 0) return problem(response, 400, "Upload-Length is required");
      const uploadId = id();
      tusUploads.set(uploadId, {
        length,
        offset: 0,
        hash: createHash("sha256"),
        metadata: String(request.headers["upload-metadata"] ?? ""),
        done: length === 0,
      });
      return void response
        .writeHead(201, { location: `${base}/v2.0/uploads/${uploadId}`, "tus-resumable": "1.0.0" })
        .end();
    }
    if ((match = /^\/v2\.0\/uploads\/([0-9a-f]{24})$/.exec(path))) {
      const upload = tusUploads.get(match[1]!);
      if (!upload) return problem(response, 404, "no such upload");
      if (method === "HEAD")
        return void response
          .writeHead(200, {
            "upload-offset": String(upload.offset),
            "upload-length": String(upload.length),
            "tus-resumable": "1.0.0",
            "cache-control": "no-store",
          })
          .end();
      if (method === "PATCH") {
        if (Number(request.headers["upload-offset"]) !== upload.offset)
          return void response.writeHead(409, { "tus-resumable": "1.0.0" }).end();
        for await (const chunk of request) {
          const piece = chunk as Buffer;
          tusReceived += piece.length;
          if (script.dropTusAt !== undefined && tusBytes + piece.length >= script.dropTusAt) {
            // Keep what arrived before the drop, as a tus server does, then cut the connection.
            const keep = Math.max(0, script.dropTusAt - tusBytes);
            upload.hash.update(piece.subarray(0, keep));
            upload.offset += keep;
            tusBytes += keep;
            script.dropTusAt = undefined;
            return void request.socket.destroy();
          }
          upload.hash.update(piece);
          upload.offset += piece.length;
          tusBytes += piece.length;
        }
        upload.done = upload.offset === upload.length;
        return void response.writeHead(204, { "upload-offset": String(upload.offset), "tus-resumable": "1.0.0" }).end();
      }
    }
    return problem(response, 404, `the fake has no route ${method} ${path}${url.search}`);
  }

  return {
    url: base,
    script,
    seen,
    uploads,
    tasks,
    /** Every byte the tus endpoint kept, retries included. */
    tusBytes: () => tusBytes,
    /** Every byte that reached the tus endpoint, kept or not. */
    tusReceived: () => tusReceived,
    /** A finished tus upload's size and hash, by its id. */
    tusUpload: (uploadId: string) => {
      const upload = tusUploads.get(uploadId);
      return (
        upload && {
          length: upload.length,
          offset: upload.offset,
          done: upload.done,
          metadata: upload.metadata,
          sha256: upload.done ? upload.hash.copy().digest("hex") : undefined,
        }
      );
    },
    snapshots: () =>
      [...snapshots.values()].map(({ _id, name, projectId, packaged, size }) => ({
        _id,
        name,
        projectId,
        packaged,
        size,
      })),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      await Promise.all([server.close(), storage.close()]);
    },
  };
}
